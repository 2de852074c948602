import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// 帮扶: measures of the household's 一户一策 and visits, recorded from the household page.
enum AssistanceController {
    static func addMeasure(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        switch MeasureDraft.validate(try req.formValues(), today: .today) {
        case .failure(let p): return try await req.errorPage("登记帮扶措施", back: back, Array(p.errors.values))
        case .success(let draft):
            do { _ = try await LifecycleStore(try req.registry).addMeasure(household, draft) } catch let p as FieldProblems {
                return try await req.errorPage("登记帮扶措施", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#measures")
        }
    }

    static func measureStatus(_ req: Request) async throws -> Response {
        let id = try await req.idParameter("measure")
        guard let measure = try await req.registry.measure(id) else { throw try await req.notFoundLogged("measure", id: id.uuidString) }
        let back = "\(SitePath.household(.value(measure.householdID)))"
        guard let status = MeasureStatus(rawValue: try req.formValues().text("status")) else { return try await req.errorPage("措施状态", back: back, ["请选择措施状态"]) }
        do { try await LifecycleStore(try req.registry).setStatus(measure, status, today: .today) } catch let p as FieldProblems {
            return try await req.errorPage("措施状态", back: back, Array(p.errors.values), status: .forbidden)
        }
        return req.redirect(to: back + "#measures")
    }

    static func addVisit(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        switch VisitDraft.validate(try req.formValues(), today: .today) {
        case .failure(let p): return try await req.errorPage("登记走访", back: back, Array(p.errors.values))
        case .success(let draft):
            do {
                let store = LifecycleStore(try req.registry)
                _ = try await store.addVisit(household, draft)
                // A risk found on the visit becomes a clue of the village's own 排查, to be verified like any other.
                if let clue = draft.clue {
                    let (record, _) = try await store.recordClue(household, clue, today: .today)
                    return req.redirect(to: "\(SitePath.clue(.value(record.id!)))")
                }
            } catch let p as FieldProblems {
                return try await req.errorPage("登记走访", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#visits")
        }
    }
}

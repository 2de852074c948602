import BottomlineDomain
import BottomlinePersistence
import Vapor

/// 风险消除: proposing it for a household (the criteria checked first), and the county's 回退.
enum EliminationController {
    static func form(_ req: Request) async throws -> HTML {
        let household = try await req.scopedHousehold()
        let method = req.queryText("method").flatMap(EliminationMethod.init(rawValue:)) ?? .assisted
        return try await page(req, household, method: method, resolved: [], refusal: nil)
    }

    static func page(_ req: Request, _ household: HouseholdRecord, method: EliminationMethod, resolved: Set<RiskType>, refusal: [String]?) async throws -> HTML {
        EliminationProposal.view(try await .query(try req.registry, household: household, method: method, resolved: resolved, refusal: refusal,
                                                  names: try await req.codeNames(), context: req.pageContext(), today: .today))
    }

    static func propose(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let values = try req.formValues()
        let method = EliminationMethod(rawValue: values.text("method")) ?? .assisted
        let resolved = Set(household.risks.filter { values.ticked("risk_" + $0.rawValue) })
        do {
            let record = try await LifecycleStore(try req.registry).proposeElimination(household, method: method, resolved: resolved,
                                                                                       note: values.text("note", limit: 500), today: .today)
            return req.redirect(to: "\(SitePath.monitoringCase(.value(record.id!)))")
        } catch let refused as EliminationRefused {
            return try await page(req, household, method: method, resolved: resolved, refusal: refused.unmet).encodeResponse(status: .unprocessableEntity, for: req)
        } catch let p as FieldProblems {
            return try await page(req, household, method: method, resolved: resolved, refusal: Array(p.errors.values)).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func revert(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        do {
            try await LifecycleStore(try req.registry).revertElimination(household, reason: try req.formValues().text("reason", limit: 5000), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("风险消除回退", back: back, Array(p.errors.values))
        }
        return req.redirect(to: back)
    }
}

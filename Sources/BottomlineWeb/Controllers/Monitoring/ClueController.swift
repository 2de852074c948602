import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 线索: the clue page, linking it to a household, starting identification from it, closing it; and a cadre's clue
/// recorded on a household page.
enum ClueController {
    static func show(_ req: Request) async throws -> HTML {
        let clue = try await req.scopedClue()
        let shown = try await req.takeRevealed() == "phone:" + clue.id!.uuidString
        return try await page(req, clue, errors: [:], phoneShown: shown)
    }

    /// Shows the declarant's full phone once, for the cadre to call back, and logs that it was shown.
    static func revealPhone(_ req: Request) async throws -> Response {
        guard try req.user.roleValue.seesFullID else { throw Abort(.forbidden, reason: "当前角色只能查看脱敏的电话号码") }
        let clue = try await req.scopedClue()
        try await req.revealOnce("phone:" + clue.id!.uuidString, entity: "clue", entityID: clue.id, householdID: clue.householdID,
                                 region: clue.villageCode, summary: "查看线索申报人\(clue.name)的联系电话")
        return req.redirect(to: "\(SitePath.clue(.value(clue.id!)))")
    }

    static func page(_ req: Request, _ clue: ClueRecord, errors: FieldErrors, phoneShown: Bool = false) async throws -> HTML {
        var model = try await Clue.Model.query(try req.registry, clue: clue, names: try await req.codeNames(for: RegionCode(clue.villageCode)),
                                               context: req.pageContext(), today: .today, phoneShown: phoneShown)
        model.errors = errors
        return Clue.view(model)
    }

    static func refused(_ req: Request, _ clue: ClueRecord, _ errors: FieldErrors) async throws -> Response {
        try await page(req, clue, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func link(_ req: Request) async throws -> Response {
        let clue = try await req.scopedClue()
        let key = try req.formValues().text("key", limit: 40)
        let registry = try req.registry
        var household = try await registry.household(number: key)
        if household == nil, let id = try? ResidentID(validating: key),
           let person = try await PersonRecord.query(on: req.db).filter(\.$idNumber == id.value).first() {
            household = try await registry.household(person.householdID)
        }
        guard let household else { return try await refused(req, clue, ["key": "在您的辖区内没有找到该户编号或身份证号"]) }
        do {
            try await LifecycleStore(registry).link(clue, to: household)
        } catch let p as FieldProblems {
            return try await refused(req, clue, p.errors)
        }
        return req.redirect(to: "\(SitePath.clue(.value(clue.id!)))")
    }

    static func startCase(_ req: Request) async throws -> Response {
        let clue = try await req.scopedClue()
        do {
            let record = try await LifecycleStore(try req.registry).startIdentification(from: clue, today: .today)
            return req.redirect(to: "\(SitePath.monitoringCase(.value(record.id!)))")
        } catch let p as FieldProblems {
            return try await refused(req, clue, p.errors)
        }
    }

    static func close(_ req: Request) async throws -> Response {
        let clue = try await req.scopedClue()
        do {
            try await LifecycleStore(try req.registry).close(clue, note: try req.formValues().text("note", limit: 5000), today: .today)
            return req.redirect(to: "\(SitePath.clue(.value(clue.id!)))")
        } catch let p as FieldProblems {
            return try await refused(req, clue, p.errors)
        }
    }

    /// 基层干部排查: a cadre records a clue from the household page.
    static func record(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        switch CadreClue.validate(try req.formValues(), today: .today) {
        case .failure(let p):
            return try await req.errorPage("登记线索", back: back, Array(p.errors.values))
        case .success(let clue):
            do {
                let (record, _) = try await LifecycleStore(try req.registry).recordClue(household, clue, today: .today)
                return req.redirect(to: "\(SitePath.clue(.value(record.id!)))")
            } catch let p as FieldProblems {
                return try await req.errorPage("登记线索", back: back, Array(p.errors.values), status: .forbidden)
            }
        }
    }
}

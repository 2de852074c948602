import BottomlineDomain
import BottomlinePersistence
import Vapor

/// A household's page, its 帮扶责任人, and revealing a member's full ID number (logged).
enum HouseholdController {
    static func show(_ req: Request) async throws -> HTML {
        let household = try await req.scopedHousehold()
        // A full ID number is shown once, after the POST that logged it; the URL alone reveals nothing.
        let revealed = try await req.takeRevealed()
        let names = try await req.codeNames(for: RegionCode(household.villageCode))
        return HouseholdPage.view(try await .query(try req.registry, household: household, names: names, revealed: revealed,
                                                   context: req.pageContext(), today: .today))
    }

    struct HelperForm: Content {
        var helper: String?
        var startDate: String?
    }

    static func assignHelper(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        let form = try req.decodeForm(HelperForm.self)
        var errors = FieldErrors()
        if let helper = form.helper.flatMap(UUID.init(uuidString:)), let date = form.startDate.flatMap(CivilDate.init(parsing:)) {
            do {
                try await RegistryStore(try req.registry).assignHelper(household, to: helper, from: date)
                return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        } else {
            errors["helper"] = "请选择帮扶责任人并填写开始日期"
        }
        var panel = try await HelperPanel.Model.query(try req.registry, household: household, canEdit: true, today: .today)
        panel.helper = form.helper ?? ""
        panel.startDate = form.startDate ?? panel.startDate
        panel.errors = errors
        let context = req.pageContext()
        return try await Layout.page("帮扶责任人：\(household.householderName)户", context: context,
                                     crumbs: [("\(household.householderName)户", "\(SitePath.household(.value(household.id!)))")],
                                     FormView.summary(errors) + HelperPanel.view(panel, context: context)).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// Shows the household's full phone number once, for a cadre to call, and logs that it was shown.
    static func revealPhone(_ req: Request) async throws -> Response {
        try await reveal(req, "phone", "联系电话", masked: "电话号码")
    }

    /// Shows the household's full 补贴发放账号 once, for a cadre checking a payment with the bank, and logs that it was shown.
    static func revealAccount(_ req: Request) async throws -> Response {
        try await reveal(req, "account", "补贴发放账号", masked: "补贴发放账号")
    }

    /// One field of the household shown in full on the page the POST returns to, for roles that see full numbers, logged.
    private static func reveal(_ req: Request, _ field: String, _ label: String, masked: String) async throws -> Response {
        guard try req.user.roleValue.seesFullID else { throw Abort(.forbidden, reason: "当前角色只能查看脱敏的\(masked)") }
        let household = try await req.scopedHousehold()
        try await req.revealOnce(field + ":" + household.id!.uuidString, entity: "household", entityID: household.id, householdID: household.id,
                                 region: household.villageCode, summary: "查看\(household.householderName)户的\(label)")
        return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
    }

    /// Shows one person's full ID number and logs that it was shown.
    static func revealID(_ req: Request) async throws -> Response {
        guard try req.user.roleValue.seesFullID else { throw Abort(.forbidden, reason: "当前角色只能查看脱敏的身份证号") }
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let (person, household) = try await req.registry.person(id) else {
            throw try await req.notFoundLogged("person", id: raw)
        }
        try await req.revealOnce(person.id!.uuidString, entity: "person", entityID: person.id, householdID: household.id,
                                 region: household.villageCode, summary: "查看\(person.name)的完整身份证号")
        return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
    }
}

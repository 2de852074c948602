import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 政策参数: every effective-dated value the user's region runs on, and the form to add one.
enum PolicyController {
    typealias Form = PolicyPage.ParameterForm
    typealias LabelForm = PolicyPage.LabelForm

    static func canEdit(_ user: UserRecord) -> Bool { [.admin, .county].contains(user.roleValue) }

    static func page(_ req: Request, form: Form, errors: FieldErrors, labelForm: LabelForm = LabelForm(), labelErrors: FieldErrors = [:]) async throws -> HTML {
        var model = try await PolicyPage.Model.query(try req.registry, canEdit: canEdit(try req.user), context: req.pageContext(), today: .today)
        model.form = form
        model.errors = errors
        model.labelForm = labelForm
        model.labelErrors = labelErrors
        return PolicyPage.view(model)
    }

    static func show(_ req: Request) async throws -> HTML {
        try await page(req, form: Form(), errors: [:])
    }

    static func add(_ req: Request) async throws -> Response {
        guard canEdit(try req.user) else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改政策参数") }
        let form = try req.decodeForm(Form.self)
        var errors = FieldErrors()
        let parameter = form.parameter.flatMap(PolicyParameter.init(rawValue:))
        if parameter == nil { errors["parameter"] = "请选择参数" }
        let region = form.region.flatMap(RegionCode.init)
        if region == nil { errors["region"] = "请选择适用范围" }
        let date = form.effectiveFrom.flatMap(CivilDate.init(parsing:))
        if date == nil { errors["effectiveFrom"] = "请填写生效日期" }
        if errors.isEmpty, let parameter, let region, let date {
            do {
                _ = try await PolicyStore.add(parameter, value: String((form.value ?? "").prefix(40)), region: region, effectiveFrom: date,
                                              source: form.source ?? "", actor: try req.actor, on: req.db)
                return req.redirect(to: "\(SitePath.policy)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await page(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func addLabel(_ req: Request) async throws -> Response {
        guard canEdit(try req.user) else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改代码名称") }
        let form = try req.decodeForm(LabelForm.self)
        var errors = FieldErrors()
        let parts = (form.entry ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        let list = parts.first.flatMap(LabelledList.init(rawValue:))
        if list == nil || parts.count != 2 { errors["entry"] = "请选择代码" }
        let region = form.region.flatMap(RegionCode.init)
        if region == nil { errors["region"] = "请选择适用范围" }
        let date = form.effectiveFrom.flatMap(CivilDate.init(parsing:))
        if date == nil { errors["effectiveFrom"] = "请填写生效日期" }
        let inUse = form.inUse != "no"
        if errors.isEmpty, let list, let region, let date {
            do {
                _ = try await PolicyStore.addLabel(list, code: String(parts[1].prefix(10)), label: String((form.label ?? "").prefix(40)), inUse: inUse,
                                                   region: region, effectiveFrom: date, source: form.source ?? "", actor: try req.actor, on: req.db)
                return req.redirect(to: "\(SitePath.policy)#labels")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        if let message = errors.removeValue(forKey: "code") { errors["entry"] = message }
        return try await page(req, form: Form(), errors: [:], labelForm: form, labelErrors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

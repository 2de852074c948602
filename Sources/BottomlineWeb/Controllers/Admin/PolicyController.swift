import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 政策参数: every effective-dated value the user's region runs on, and the form to add one.
enum PolicyController {
    typealias Form = PolicyPage.ParameterForm
    typealias LabelForm = PolicyPage.LabelForm

    static func canEdit(_ user: UserRecord) -> Bool { [.admin, .county].contains(user.roleValue) }

    static func page(_ req: Request, form: Form, errors: FieldErrors, labelForm: LabelForm = LabelForm(), labelErrors: FieldErrors = [:],
                     calendarForm: PolicyPage.CalendarForm = .init(), calendarErrors: FieldErrors = [:]) async throws -> HTML {
        var model = try await PolicyPage.Model.query(try req.registry, canEdit: canEdit(try req.user), context: req.pageContext(), today: .today)
        model.form = form
        model.errors = errors
        model.labelForm = labelForm
        model.labelErrors = labelErrors
        model.calendarForm = calendarForm
        model.calendarErrors = calendarErrors
        return PolicyPage.view(model)
    }

    /// A year's 节假日安排, entered by a system administrator.
    static func setCalendar(_ req: Request) async throws -> Response {
        guard try req.actor.role == .admin else { throw Abort(.forbidden, reason: "节假日安排由系统管理员登记") }
        let form = try req.decodeForm(PolicyPage.CalendarForm.self)
        var errors = FieldErrors()
        let year = Int((form.year ?? "").prefix(6))
        if year == nil { errors["year"] = "请填写年度" }
        let daysOff = errors.take("daysOff", WorkCalendar.parse(String((form.daysOff ?? "").prefix(4_000)))) ?? []
        let workdays = errors.take("workdays", WorkCalendar.parse(String((form.workdays ?? "").prefix(2_000)))) ?? []
        if errors.isEmpty, let year {
            do {
                try await PolicyStore.setCalendar(year: year, daysOff: daysOff, workdays: workdays, source: String((form.source ?? "").prefix(400)), actor: try req.actor, on: req.db)
                return req.redirect(to: "\(SitePath.policy)#calendar")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await page(req, form: Form(), errors: [:], calendarForm: form, calendarErrors: errors).encodeResponse(status: .unprocessableEntity, for: req)
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

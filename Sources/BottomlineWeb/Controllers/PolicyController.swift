import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 政策参数: every effective-dated value the user's region runs on, and the form to add one.
enum PolicyController {
    struct Form: Content {
        var parameter: String?
        var value: String?
        var region: String?
        var effectiveFrom: String?
        var source: String?
    }

    static func canEdit(_ user: UserRecord) -> Bool { [.admin, .county].contains(user.roleValue) }

    static func page(_ req: Request, form: Form, errors: FieldErrors) async throws -> HTML {
        let user = try req.user
        let actor = try req.actor
        let records = try await PolicyStore.settings(visibleTo: actor, on: req.db)
        let book = PolicyBook(records.compactMap(\.setting))
        let today = CivilDate.today
        let names = try await HouseholdController.names(for: Set(records.map(\.regionCode)), on: req.db)
        let current = PolicyParameter.allCases.map { p -> HTML in
            let s = book.setting(p, for: actor.region, on: today)
            return "<tr><td>\(p.label)</td><td><b>\(s?.value ?? "未设置")</b></td><td>\(s.map { "\(names[$0.region.digits] ?? $0.region.digits)，自\($0.effectiveFrom)起" } ?? "")</td><td class=\"small muted\">\(s?.source ?? "")</td></tr>"
        }.joined()
        let history = records.map { r -> HTML in
            "<tr><td>\(PolicyParameter(rawValue: r.parameter)?.label ?? r.parameter)</td><td>\(r.value)</td><td>\(names[r.regionCode] ?? r.regionCode)</td><td>\(r.effectiveFrom)</td><td class=\"small muted\">\(r.source)</td></tr>"
        }.joined()
        var regionOptions: [(value: String, label: String)] = []
        if let province = actor.region.lineage.first { regionOptions.append((province.digits, names[province.digits] ?? "省级")) }
        if let county = actor.region.lineage.first(where: { $0.level == .county }) { regionOptions.append((county.digits, names[county.digits] ?? "本县")) }
        let form: HTML = canEdit(user) ? """
            <h2>登记新的取值</h2>
            \(FormView.summary(errors))
            <form method="post" action="/policy">\(CSRF.field(for: req))<div class="grid">
            \(FormView.select("parameter", "参数", options: PolicyParameter.allCases.map { ($0.rawValue, $0.label) }, selected: form.parameter ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("value", "取值", value: form.value ?? "", errors: errors, required: true, maxLength: 20))
            \(FormView.select("region", "适用范围", options: regionOptions, selected: form.region ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("effectiveFrom", "生效日期", value: form.effectiveFrom ?? "", errors: errors, type: "date", required: true))
            \(FormView.text("source", "依据", value: form.source ?? "", errors: errors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div><p class="small muted">取值从不覆盖：更正或调整都以新的生效日期登记，以往各期的数据仍按当时的标准计算。监测标准由省级设置；走访间隔、线索核实时限可由县级调整。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        return Layout.page("政策参数", request: req, """
            <h2>当前执行（\(today.description)）</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围与生效日期</th><th>依据</th></tr></thead><tbody>\(current)</tbody></table>
            \(form)
            <h2>全部取值</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围</th><th>生效日期</th><th>依据</th></tr></thead><tbody>\(history)</tbody></table>
            """)
    }

    static func show(_ req: Request) async throws -> HTML {
        try await page(req, form: Form(), errors: [:])
    }

    static func add(_ req: Request) async throws -> Response {
        guard canEdit(try req.user) else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改政策参数") }
        let form = try RegistryEditController.decode(Form.self, req)
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
                return req.redirect(to: "/policy")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await page(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

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

    struct LabelForm: Content {
        /// "list:code", e.g. "risk_type:01".
        var entry: String?
        var label: String?
        var inUse: String?
        var region: String?
        var effectiveFrom: String?
        var source: String?
    }

    static func canEdit(_ user: UserRecord) -> Bool { [.admin, .county].contains(user.roleValue) }

    static func page(_ req: Request, form: Form, errors: FieldErrors, labelForm: LabelForm = LabelForm(), labelErrors: FieldErrors = [:]) async throws -> HTML {
        let user = try req.user
        let actor = try req.actor
        let records = try await PolicyStore.settings(visibleTo: actor, on: req.db)
        let book = PolicyBook(records.compactMap(\.setting))
        let today = CivilDate.today
        let labelRecords = try await PolicyStore.labels(visibleTo: actor, on: req.db)
        let names = try await RegionStore.names(for: Set(records.map(\.regionCode) + labelRecords.map(\.regionCode)), on: req.db)

        let current = PolicyParameter.allCases.map { p -> HTML in
            let s = book.setting(p, for: actor.region, on: today)
            return "<tr><td>\(p.label)</td><td><b>\(s?.value ?? "未设置")</b></td><td>\(s.map { "\(names[$0.region.digits] ?? $0.region.digits)，自\($0.effectiveFrom)起" } ?? "")</td><td class=\"small muted\">\(s?.source ?? "")</td></tr>"
        }.joined()
        let history = records.map { r -> HTML in
            "<tr><td>\(PolicyParameter(rawValue: r.parameter)?.label ?? r.parameter)</td><td>\(r.value)</td><td>\(names[r.regionCode] ?? r.regionCode)</td><td>\(r.effectiveFrom)</td><td class=\"small muted\">\(r.source)</td></tr>"
        }.joined()
        let codes = PolicyBook([], labels: labelRecords.compactMap(\.setting)).names(for: actor.region, on: today)
        func entryName(_ list: LabelledList, _ code: String) -> String {
            let builtIn = list.entries.first { $0.code == code }?.label ?? code
            return "\(list.name)·\(builtIn)"
        }
        let currentLabels = LabelledList.allCases.map { list -> HTML in
            let rows = list.entries.map { e -> HTML in
                let s = codes.book.codeLabel(list, e.code, for: actor.region, on: today)
                let state: HTML = (s?.inUse ?? true) ? "在用" : "<span class=\"tag bad\">停用</span>"
                return "<tr><td>\(e.code)</td><td><b>\(s?.label ?? e.label)</b>\(s == nil ? "" : "<br><span class=\"small muted\">原名：\(e.label)</span>" as HTML)</td><td>\(state)</td><td>\(s.map { "\(names[$0.region.digits] ?? $0.region.digits)，自\($0.effectiveFrom)起" } ?? "系统内置")</td><td class=\"small muted\">\(s?.source ?? "")</td></tr>"
            }.joined()
            return "<details\(HTML(raw: list == .monitoringCategory ? " open" : ""))><summary>\(list.name)（\(list.entries.count)项）</summary><table><thead><tr><th>代码</th><th>名称</th><th>状态</th><th>范围与生效日期</th><th>依据</th></tr></thead><tbody>\(rows)</tbody></table></details>"
        }.joined()
        let labelHistory = labelRecords.compactMap { r -> HTML? in
            guard let list = LabelledList(rawValue: r.list) else { return nil }
            return "<tr><td>\(entryName(list, r.code))</td><td>\(r.label)\(r.inUse ? "" : "（停用）")</td><td>\(names[r.regionCode] ?? r.regionCode)</td><td>\(r.effectiveFrom)</td><td class=\"small muted\">\(r.source)</td></tr>"
        }.joined()
        let entryOptions = LabelledList.allCases.flatMap { list in list.entries.map { ("\(list.rawValue):\($0.code)", "\(list.name)·\($0.code) \($0.label)") } }
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
        let labelForm: HTML = canEdit(user) ? """
            <h3>登记新的名称或停用</h3>
            \(FormView.summary(labelErrors))
            <form method="post" action="/policy/labels">\(CSRF.field(for: req))<div class="grid">
            \(FormView.select("entry", "代码", options: entryOptions, selected: labelForm.entry ?? "", errors: labelErrors, required: true, blank: "请选择"))
            \(FormView.text("label", "名称", value: labelForm.label ?? "", errors: labelErrors, required: true, maxLength: 20))
            \(FormView.select("inUse", "新登记时", options: [("yes", "可选用"), ("no", "停用（已有记录保留）")], selected: labelForm.inUse ?? "yes", errors: labelErrors, required: true, blank: nil))
            \(FormView.select("region", "适用范围", options: regionOptions, selected: labelForm.region ?? "", errors: labelErrors, required: true, blank: "请选择"))
            \(FormView.text("effectiveFrom", "生效日期", value: labelForm.effectiveFrom ?? "", errors: labelErrors, type: "date", required: true))
            \(FormView.text("source", "依据", value: labelForm.source ?? "", errors: labelErrors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div><p class="small muted">代码不变，名称按生效日期切换；停用的代码不再供新登记选择，已有记录照常显示。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        return req.page("政策参数", """
            <h2>当前执行（\(today.description)）</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围与生效日期</th><th>依据</th></tr></thead><tbody>\(current)</tbody></table>
            \(form)
            <h2>全部取值</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围</th><th>生效日期</th><th>依据</th></tr></thead><tbody>\(history)</tbody></table>
            <h2 id="labels">代码表名称（\(today.description)）</h2>
            \(currentLabels)
            \(labelForm)
            \(labelRecords.isEmpty ? "" : "<h3>名称调整记录</h3><table><thead><tr><th>代码</th><th>名称</th><th>范围</th><th>生效日期</th><th>依据</th></tr></thead><tbody>\(labelHistory)</tbody></table>" as HTML)
            """)
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
                return req.redirect(to: "/policy")
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
                return req.redirect(to: "/policy#labels")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        if let message = errors.removeValue(forKey: "code") { errors["entry"] = message }
        return try await page(req, form: Form(), errors: [:], labelForm: form, labelErrors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

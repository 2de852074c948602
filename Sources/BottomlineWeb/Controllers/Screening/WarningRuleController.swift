import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 筛查规则: each rule's figures (warnings, verified, included) and a county administrator's change to a rule, tried
/// on the last twelve months' files before it is saved.
enum WarningRuleController {
    static func stats(_ req: Request) async throws -> HTML {
        let figures = try await req.screening.statistics()
        let files = try await req.screening.files(limit: 1000)
        var byFeed: [String: (Int, Int, Int)] = [:]
        for f in files { let c = byFeed[f.kind] ?? (0, 0, 0); byFeed[f.kind] = (c.0 + f.rowsRead, c.1 + f.rowsMatched, c.2 + f.rowsBad) }
        let feedRows = FeedKind.allCases.compactMap { k -> HTML? in
            guard let c = byFeed[k.rawValue] else { return nil }
            return "<tr><td>\(k.label)</td><td class=\"num\">\(c.0)</td><td class=\"num\">\(c.1)</td><td class=\"num\">\(c.2)</td></tr>"
        }.joined()
        let rows = figures.map { f -> HTML in
            let share = f.includedShare.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
            return "<tr><td>\(FeedKind(rawValue: f.feed)?.label ?? f.feed)</td><td>\(f.rule) \(f.name)</td><td class=\"num\">\(f.raised)</td><td class=\"num\">\(f.open)</td>\(WarningDisposition.allCases.map { "<td class=\"num\">\(f.byDisposition[$0] ?? 0)</td>" as HTML }.joined())<td class=\"num\"><b>\(share)</b></td></tr>"
        }.joined()
        return req.page("规则成效统计", crumbs: [("部门数据", "/screening")], """
            <h2>各类数据</h2>
            <table><thead><tr><th>数据类型</th><th class="num">读取行</th><th class="num">匹配名册</th><th class="num">问题行</th></tr></thead><tbody>\(feedRows)</tbody></table>
            <h2>各规则预警与核实结果</h2>
            <p class="muted">纳入比例低的规则多为误报，耗费基层核实力量，可在规则中调整门槛。</p>
            <table><thead><tr><th>数据类型</th><th>规则</th><th class="num">预警</th><th class="num">待核实</th>\(WarningDisposition.allCases.map { "<th class=\"num\">\($0.label)</th>" as HTML }.joined())<th class="num">纳入比例</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    // MARK: Rules

    static func currentRule(_ req: Request) async throws -> ScreeningRule {
        let code = req.parameters.get("code") ?? ""
        guard let rule = try await req.screening.rules(on: .today).first(where: { $0.code == code }) else { throw Abort(.notFound, reason: "没有这条筛查规则") }
        return rule
    }

    static func form(_ req: Request) async throws -> HTML {
        let rule = try await currentRule(req)
        guard try req.screening.mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        var values: FormValues = ["name": rule.name, "windowMonths": String(rule.windowMonths), "filters": rule.filterText,
                                  "risk": rule.risk?.rawValue ?? "", "effectiveFrom": CivilDate.today.description]
        for cls in HouseholdClass.allCases {
            values["threshold_" + cls.rawValue] = rule.thresholds[cls].map { if case .sum = rule.measure { Money(fen: $0).yuanText } else { String($0) } } ?? ""
        }
        return try await rulePage(req, rule, values: values, errors: [:], result: nil)
    }

    static func rulePage(_ req: Request, _ rule: ScreeningRule, values: FormValues, errors: FieldErrors, result: HTML?) async throws -> HTML {
        let unit: String = { if case .sum = rule.measure { "元" } else { "条" } }()
        let filterable = rule.feed.filterableFields.map { "\($0.key)（\($0.label)）" }.joined(separator: "、")
        let columns = filterable.isEmpty ? "无（此类文件按金额或条数筛查）" : filterable
        let thresholdFields = HouseholdClass.allCases.map { cls -> HTML in
            FormView.text("threshold_" + cls.rawValue, "\(cls.label)门槛（\(unit)）", value: values["threshold_" + cls.rawValue] ?? "", errors: errors, hint: "留空表示不适用", maxLength: 20)
        }.joined()
        return req.page("筛查规则：\(rule.code) \(rule.name)", crumbs: [("部门数据", "/screening")], """
            <div class="panel"><p>\(rule.explanation)</p><p class="small muted">数据类型：\(rule.feed.label)；计量：\(unit == "元" ? "金额合计" : "条数")；现行版本自\(rule.effectiveFrom)起。</p></div>
            \(result ?? "")
            \(FormView.summary(errors))
            <form method="post" action="/screening/rules/\(rule.code)" class="panel">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("name", "名称", value: values["name"] ?? "", errors: errors, required: true, maxLength: 30))
            \(thresholdFields)
            \(FormView.text("windowMonths", "统计窗口（月，0为不限）", value: values["windowMonths"] ?? "", errors: errors, required: true, maxLength: 3))
            \(FormView.text("filters", "行条件", value: values["filters"] ?? "", errors: errors, hint: "列=取值1|取值2;列2=取值。可用列：\(columns)", maxLength: 1000))
            \(FormView.select("risk", "提示风险类型", options: try await req.codeNames().options(RiskType.self), selected: values["risk"] ?? "", errors: errors, blank: "（不提示，仅比对）"))
            \(FormView.text("effectiveFrom", "生效日期", value: values["effectiveFrom"] ?? "", errors: errors, type: "date", required: true))
            </div><p class="small muted">保存前可先试算：用本辖区近12个月上传的该类文件，比较现行规则与修改后各会预警多少户。规则从不覆盖，修改以新的生效日期保存。</p>
            <div class="actions"><button name="action" value="dryrun" class="secondary">试算</button> <button name="action" value="save">保存</button></div></form>
            """)
    }

    static func save(_ req: Request) async throws -> Response {
        let rule = try await currentRule(req)
        let store = try req.screening
        guard store.mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        let values = try req.formValues()
        switch rule.revised(by: values, today: .today) {
        case .failure(let p):
            return try await rulePage(req, rule, values: values, errors: p.errors, result: nil).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let revised):
            if values.text("action") == "save" {
                do {
                    try await store.saveRule(revised)
                    return req.redirect(to: "/screening")
                } catch let p as FieldProblems {
                    return try await rulePage(req, rule, values: values, errors: p.errors, result: nil).encodeResponse(status: .unprocessableEntity, for: req)
                }
            }
            let run = try await store.dryRun(current: rule, proposed: revised, today: .today)
            let result: HTML = run.files == 0 ? "<p class=\"flash\">本辖区近12个月没有上传过\(rule.feed.label)文件，无法试算。</p>"
                : "<p class=\"flash\">试算（\(run.files)个文件，\(run.rows)行）：现行规则预警 <b>\(run.current)</b> 户，修改后预警 <b>\(run.proposed)</b> 户（\(run.proposed >= run.current ? "+" : "")\(run.proposed - run.current)）。尚未保存。</p>"
            return try await rulePage(req, rule, values: values, errors: [:], result: result).encodeResponse(for: req)
        }
    }
}

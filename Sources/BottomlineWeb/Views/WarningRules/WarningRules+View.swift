import BottomlineDomain
import Foundation

extension WarningRules {
    static func view(_ m: StatsModel) -> HTML {
        let feedRows = m.feeds.map { c -> HTML in
            "<tr><td>\(c.label)</td><td class=\"num\">\(c.rowsRead)</td><td class=\"num\">\(c.rowsMatched)</td><td class=\"num\">\(c.rowsBad)</td></tr>"
        }.joined()
        let rows = m.rules.map { f -> HTML in
            let share = f.includedShare.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
            return "<tr><td>\(f.feed)</td><td>\(f.rule)</td><td class=\"num\">\(f.raised)</td><td class=\"num\">\(f.open)</td>\(f.closed.map { "<td class=\"num\">\($0)</td>" as HTML }.joined())<td class=\"num\"><b>\(share)</b></td></tr>"
        }.joined()
        return Layout.page("规则成效统计", context: m.context, crumbs: [("部门数据", "\(SitePath.screening)")], """
            <h2>各类数据</h2>
            <table><thead><tr><th>数据类型</th><th class="num">读取行</th><th class="num">匹配名册</th><th class="num">问题行</th></tr></thead><tbody>\(feedRows)</tbody></table>
            <h2>各规则预警与核实结果</h2>
            <p class="muted">纳入比例低的规则多为误报，耗费基层核实力量，可在规则中调整门槛。</p>
            <table><thead><tr><th>数据类型</th><th>规则</th><th class="num">预警</th><th class="num">待核实</th>\(m.dispositions.map { "<th class=\"num\">\($0)</th>" as HTML }.joined())<th class="num">纳入比例</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    static func view(_ m: Model) -> HTML {
        let rule = m.rule, values = m.values, errors = m.errors
        let unit: String = { if case .sum = rule.measure { "元" } else { "条" } }()
        let filterable = rule.feed.filterableFields.map { "\($0.key)（\($0.label)）" }.joined(separator: "、")
        let columns = filterable.isEmpty ? "无（此类文件按金额或条数筛查）" : filterable
        let thresholdFields = HouseholdClass.allCases.map { cls -> HTML in
            FormView.text("threshold_" + cls.rawValue, "\(cls.label)门槛（\(unit)）", value: values["threshold_" + cls.rawValue] ?? "", errors: errors, hint: "留空表示不适用", maxLength: 20)
        }.joined()
        let result: HTML = m.dryRun.map { run in
            run.files == 0 ? "<p class=\"flash\">本辖区近12个月没有上传过\(rule.feed.label)文件，无法试算。</p>"
                : "<p class=\"flash\">试算（\(run.files)个文件，\(run.rows)行）：现行规则预警 <b>\(run.current)</b> 户，修改后预警 <b>\(run.proposed)</b> 户（\(run.proposed >= run.current ? "+" : "")\(run.proposed - run.current)）。尚未保存。</p>" + ShiftTable.view(run.shift, names: run.names)
        } ?? ""
        return Layout.page("筛查规则：\(rule.code) \(rule.name)", context: m.context, crumbs: [("部门数据", "\(SitePath.screening)")], """
            <div class="panel"><p>\(rule.explanation)</p><p class="small muted">数据类型：\(rule.feed.label)；计量：\(unit == "元" ? "金额合计" : "条数")；现行版本自\(rule.effectiveFrom)起。</p></div>
            \(result)
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.screeningRule(.value(rule.code)))" class="panel">\(m.context.csrfField)<div class="grid">
            \(FormView.text("name", "名称", value: values["name"] ?? "", errors: errors, required: true, maxLength: 30))
            \(thresholdFields)
            \(FormView.text("windowMonths", "统计窗口（月，0为不限）", value: values["windowMonths"] ?? "", errors: errors, required: true, maxLength: 3))
            \(FormView.text("filters", "行条件", value: values["filters"] ?? "", errors: errors, hint: "列=取值1|取值2;列2=取值。可用列：\(columns)", maxLength: 1000))
            \(FormView.select("risk", "提示风险类型", options: m.riskTypes, selected: values["risk"] ?? "", errors: errors, blank: "（不提示，仅比对）"))
            \(FormView.text("effectiveFrom", "生效日期", value: values["effectiveFrom"] ?? "", errors: errors, type: "date", required: true))
            </div><p class="small muted">保存前可先试算：用本辖区近12个月上传的该类文件，比较现行规则与修改后各会预警多少户。规则从不覆盖，修改以新的生效日期保存。</p>
            <div class="actions"><button name="action" value="dryrun" class="secondary">试算</button> <button name="action" value="save">保存</button></div></form>
            """)
    }
}

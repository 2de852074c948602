import BottomlineDomain

extension Warnings {
    static func view(_ m: ListModel) -> HTML {
        let rows = m.rows.map { w -> HTML in
            let state: HTML = w.isOpen ? Format.dueTag(CivilDate(parsing: w.dueOn), today: m.today) + (w.escalatedTo.map { " <span class=\"tag bad\">已升级至\($0)督办</span>" as HTML } ?? "")
                : "<span class=\"tag\">\(w.disposition)</span>"
            return "<tr><td data-label=\"规则\"><a href=\"\(SitePath.warning(.value(w.id)))\">\(w.ruleName)</a></td><td data-label=\"农户\">\(w.householderName)户</td><td data-label=\"村\">\(w.villageName)</td><td class=\"num\" data-label=\"数值\">\(w.value)</td><td data-label=\"提示风险\">\(w.risk)</td><td data-label=\"时限\">\(w.dueOn) \(state)</td></tr>"
        }.joined()
        return Layout.page("筛查预警", context: m.context, """
            <form class="filters" method="get" action="\(SitePath.warnings)">
            <div><label for="f-status">状态</label>\(Filters.choice("status", [("open", "待核实"), ("closed", "已办结"), ("all", "全部")], selected: m.status))</div>
            <div><label for="f-feed">数据类型</label>\(Filters.choice("feed", [("", "全部")] + FeedKind.allCases.map { ($0.rawValue, $0.label) }, selected: m.feed))</div>
            <div><label><input type="checkbox" name="overdue" value="1"\(HTML(raw: m.overdue ? " checked" : ""))> 仅超期</label></div>
            <div><button>筛选</button></div></form>
            <p class="muted">共\(m.total)条\(m.pages > 1 ? " · 第\(m.page)/\(m.pages)页" : "")。预警须在时限内入户核实；逾期转乡镇督办，再逾期转县级。</p>
            \(m.rows.isEmpty ? "<p class=\"muted\">没有符合条件的预警</p>" as HTML : "<table class=\"stack\"><thead><tr><th>规则</th><th>农户</th><th>村</th><th class=\"num\">数值</th><th>提示风险</th><th>时限</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(m.pages > 1 ? Filters.pager(page: m.page, pages: m.pages) { n in
                "\(SitePath.warnings)?" + (Filters.query([("status", m.status), ("feed", m.feed), ("overdue", m.overdue ? "1" : nil), ("file", m.file)]) + ["page=\(n)"]).joined(separator: "&")
            } : "")
            """)
    }

    static func view(_ m: Model) -> HTML {
        let evidence: HTML = m.evidence.isEmpty ? "<p class=\"muted\">原始文件中未找到对应行</p>" : """
            <div class="scroll-x"><table><thead><tr><th class="num">行号</th>\(m.evidenceHeader.map { "<th>\($0)</th>" as HTML }.joined())</tr></thead><tbody>\(m.evidence.map { line, cells -> HTML in
                "<tr><td class=\"num\">\(line)</td>\(cells.map { "<td>\($0)</td>" as HTML }.joined())</tr>"
            }.joined())</tbody></table></div>
            \(m.rowsCounted > m.evidence.count ? "<p class=\"muted\">共\(m.rowsCounted)行计入，此处列出前\(m.evidence.count)行</p>" as HTML : "")
            """
        let form: HTML = m.mayDispose ? """
            <h2>核实结论</h2>
            \(FormView.summary(m.errors))
            <form method="post" action="\(SitePath.warningDispose(.value(m.id)))" class="panel">\(m.context.csrfField)
            \(FormView.select("disposition", "结论", options: m.dispositions, selected: "", errors: m.errors, required: true, blank: "请选择"))
            \(FormView.textarea("note", "核实情况（核实无风险、不符合条件时必填）", value: m.note, errors: m.errors))
            <p class="small muted">“纳入监测”把本预警作为部门筛查线索，启动识别纳入程序（入户核实起，\(m.identificationDays.map(String.init) ?? "规定")天内完成）；“已是监测对象”把提示的风险类型加到该户。</p>
            <div class="actions"><button>提交</button></div></form>
            """ : ""
        return Layout.page("预警：\(m.ruleName)", context: m.context, crumbs: [("筛查预警", "\(SitePath.warnings)")], """
            <div class="panel"><dl class="facts">
            <dt>农户</dt><dd>\(m.household.map { "<a href=\"\($0.link)\">\($0.name)</a>" as HTML } ?? "")</dd>
            <dt>规则</dt><dd>\(m.ruleCode) \(m.ruleName)<br><span class="small muted">\(m.explanation)</span></dd>
            <dt>数值</dt><dd><b>\(m.value)</b>（计入\(m.rowsCounted)行\(m.priorRows > 0 ? "，其中此前文件\(m.priorRows)行" : "")，最近一次\(m.lastEvidenceOn)）</dd>
            <dt>提示风险</dt><dd>\(m.risk)</dd>
            <dt>核实时限</dt><dd>\(m.dueOn) \(m.isOpen ? Format.dueTag(CivilDate(parsing: m.dueOn), today: m.today) : "")\(m.repeatCount > 0 ? "，后续文件又命中\(m.repeatCount)次" : "")</dd>
            \(m.closed.map { "<dt>结论</dt><dd>\($0)</dd>" as HTML } ?? "")
            </dl></div>
            <h2>证据（原始文件行，身份证号已隐去）</h2>
            \(evidence)
            \(form)
            """)
    }
}

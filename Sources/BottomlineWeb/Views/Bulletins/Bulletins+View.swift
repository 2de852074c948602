import BottomlineDomain

extension Bulletins {
    /// What a bulletin may list and rank by: the catalogue's own indicators and the 疑点 of each check (ZL-YD01…), not
    /// the per-category and per-risk breakdowns, which the indicators page lists.
    static func offered(_ i: Indicator) -> Bool { !i.code.contains("-") || i.code.hasPrefix("ZL-") }

    /// The column choices, in groups.
    static let choiceGroups: [(title: String, holds: @Sendable (Indicator) -> Bool)] = [
        ("监测帮扶", { !$0.code.contains("-") && !IndicatorCatalogue.isMoneyAndThings($0.code) }),
        ("疑点数据，按核查规则", { $0.code.hasPrefix("ZL-") }),
        ("衔接资金、项目和资产（截至期间末日；金额单位万元）", { IndicatorCatalogue.isMoneyAndThings($0.code) }),
    ]

    static func view(_ m: ListModel) -> HTML {
        let rows = m.saved.map { b -> HTML in
            "<tr><td data-label=\"通报\"><a href=\"\(SitePath.bulletin(.value(b.id)))\">\(b.title)</a></td><td data-label=\"指标\">\(b.columns)</td><td data-label=\"排名依据\">\(b.rank)</td><td data-label=\"制定\">\(b.createdBy)</td></tr>"
        }.joined()
        let values = m.values, errors = m.errors
        let form: HTML = m.canEdit ? """
            <h2>制定通报</h2>
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.bulletins)" class="panel">\(m.context.csrfField)<div class="grid">
            \(FormView.text("title", "标题（单位名称自动加在前面）", value: values["title"] ?? "", errors: errors, required: true, maxLength: 60))
            \(FormView.select("rank", "排名依据", options: IndicatorCatalogue.all.filter(offered).map { ($0.code, IndicatorCatalogue.isMoneyAndThings($0.code) ? "\($0.name)（台账）" : $0.name) }, selected: values["rank"] ?? "XC03", errors: errors, required: true, blank: nil))
            \(FormView.text("footnote", "脚注", value: values["footnote"] ?? "", errors: errors, hint: "如：本版由县乡村振兴局供稿", maxLength: 200))
            </div>
            <fieldset class="indicator-choice\(HTML(raw: errors["columns"] == nil ? "" : " invalid"))"><legend>通报列出的指标（1至12项）</legend>\(errors["columns"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")
            \(choiceGroups.map { group -> HTML in
                let choices = IndicatorCatalogue.all.filter(group.holds).map { i -> HTML in
                    let chosen = values.isEmpty ? IndicatorCatalogue.headline.contains(i.code) : values["col_" + i.code] == "on"
                    return "<label class=\"check\" title=\"\(i.meaning)\"><input type=\"checkbox\" name=\"col_\(i.code)\" value=\"on\"\(HTML(raw: chosen ? " checked" : ""))> \(i.name)</label>"
                }.joined()
                return "<p class=\"small muted\">\(group.title)</p>\(choices)"
            }.joined())</fieldset><div>
            </div><div class="actions"><button>保存</button></div></form>
            """ : ""
        return Layout.page("通报", context: m.context, crumbs: [("指标", "\(SitePath.indicators)")], """
            <p class="muted">通报按阅读者本级的下一级单位排名（县看乡镇，乡镇看本乡镇各村），期间和月末冻结数在打开时选择。</p>
            \(m.saved.isEmpty ? "<p class=\"muted\">尚无通报</p>" as HTML : "<table class=\"stack\"><thead><tr><th>通报</th><th>指标</th><th>排名依据</th><th>制定</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(form)
            """)
    }

    static func view(_ m: Model) -> HTML {
        let table = m.table
        let head = table.columns.map { "<th class=\"num\">\($0.name)</th>" as HTML }.joined()
        let rows = table.rows.map { r -> HTML in
            "<tr><td class=\"num\">\(r.position)</td><td>\(r.unit)</td>\(table.columns.map { "<td class=\"num\">\($0.text(r.counts))</td>" as HTML }.joined())<td class=\"num\">\(r.rank.map(String.init) ?? "—")</td></tr>"
        }.joined()
        let link = SitePath.bulletin(.value(m.id))
        return Layout.page(m.title, context: m.context, crumbs: [("通报", "\(SitePath.bulletins)")], """
            <form class="filters noprint" method="get" action="\(link)">
            <div><label for="f-from">期间自</label><input id="f-from" type="date" name="from" value="\(m.from)"></div>
            <div><label for="f-to">至</label><input id="f-to" type="date" name="to" value="\(m.to)"></div>
            \(m.periods.isEmpty ? "" : "<div><label for=\"f-snapshot\">或月末冻结数</label><select id=\"f-snapshot\" name=\"snapshot\"><option value=\"\">（按上面的期间）</option>\(m.periods.map { p -> HTML in "<option value=\"\(p)\"\(HTML(raw: p == m.snapshot ? " selected" : ""))>\(p)</option>" }.joined())</select></div>" as HTML)
            <div><button>生成</button></div></form>
            <p class="noprint"><a class="button secondary" href="\(link)?\(m.query)&format=xlsx">导出 XLSX</a> <a class="button secondary" href="\(link)?\(m.query)&format=csv">导出 CSV</a> <button type="button" class="secondary" data-print>打印</button> 打印即为 A4 通报。</p>
            <article class="notice"><h2 class="notice-title">\(table.title)</h2>
            <div class="scroll-x"><table><thead><tr><th class="num">序号</th><th>\(table.unitHeader)</th>\(head)<th class="num">排名</th></tr></thead><tbody>\(rows)
            <tr class="total"><td></td><td><b>合计</b></td>\(table.columns.map { "<td class=\"num\"><b>\($0.text(table.total))</b></td>" as HTML }.joined())<td></td></tr></tbody></table></div>
            <p class="small">\(table.footnote)</p></article>
            """)
    }
}

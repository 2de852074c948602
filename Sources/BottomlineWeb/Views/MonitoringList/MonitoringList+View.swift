import BottomlineDomain

extension MonitoringList {
    static func view(_ m: Model) -> HTML {
        let query0 = m.filterQuery
        let rows: HTML = m.rows.map { h -> HTML in
            """
            <tr><td data-label="户编号"><a href="\(SitePath.household(.value(h.id)))">\(h.number)</a></td><td data-label="户主">\(h.householderName)</td>
            <td data-label="村">\(h.villageName)</td><td data-label="类别">\(h.category)</td>
            <td data-label="风险类型">\(h.risks)</td><td data-label="纳入">\(h.since)</td>
            <td data-label="状态">\(h.eliminatedOn.map { "<span class=\"tag good\">\($0)已消除</span>" as HTML } ?? "<span class=\"tag bad\">风险未消除</span>")</td>
            <td data-label="上次走访">\(h.lastVisit)</td></tr>
            """
        }.joined()
        return Layout.page("监测对象", context: m.context, """
            \(Filters.outsideNotice(m.region))<form class="filters" method="get" action="\(SitePath.monitoring)">
            <div><label for="f-region">乡镇/村</label>\(Filters.regionSelect(m.region))</div>
            <div><label for="f-category">类别</label>\(Filters.select("category", m.categories, selected: m.category))</div>
            <div><label for="f-risk">风险类型</label>\(Filters.select("risk", m.risks, selected: m.risk))</div>
            <div><label for="f-state">阶段</label>\(Filters.select("state", m.states, selected: m.state))</div>
            <div><label><input type="checkbox" name="overdue" value="true"\(HTML(raw: m.visitOverdue ? " checked" : ""))> 走访超期</label></div>
            <div><button>查询</button> <a class="button secondary" href="\(SitePath.monitoring)">清除</a></div></form>
            <p class="small muted">共 \(Format.number(m.total)) 户 · 第 \(m.page)/\(m.pages) 页 · \(m.context.viewer?.canImport == true ? "<a href=\"\(SitePath.monitoringExport)\(query0)\">导出 XLSX</a> ·" as HTML : "")
            <a href="\(SitePath.monitoringChecks)">措施一致性检查</a> · <a href="\(SitePath.notices)">公示公告</a> · <a href="\(SitePath.cases)">办理中的程序</a></p>
            <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th>村</th><th>类别</th><th>风险类型</th><th>纳入日期</th><th>状态</th><th>上次走访</th></tr></thead><tbody>\(rows)</tbody></table>
            \(Filters.pager(page: m.page, pages: m.pages) { "\(query0)&page=\($0)" })
            """)
    }
}

import BottomlineDomain

extension HouseholdList {
    static func view(_ m: Model) -> HTML {
        let f = m.filter
        let gapOptions = [("any", "任一问题")] + BasicNeed.allCases.map { ($0.rawValue, $0.label + "未保障") }
        let form: HTML = """
            <form class="filters" method="get" action="\(SitePath.households)">
            <div><label for="f-q">姓名/身份证号/户编号</label><input id="f-q" name="q" value="\(f.q)" maxlength="40"></div>
            <div><label for="f-region">乡镇/村</label>\(Filters.regionSelect(m.regions))</div>
            <div><label for="f-category">户类别</label>\(Filters.select("category", HouseholdCategory.allCases.map { ($0.rawValue, $0.label) }, selected: f.category))</div>
            <div><label for="f-gap">三保障/饮水</label>\(Filters.select("gap", gapOptions, selected: f.gap))</div>
            <div><label><input type="checkbox" name="monitored" value="true"\(HTML(raw: f.monitored ? " checked" : ""))> 仅监测对象</label>
            <label><input type="checkbox" name="noLabour" value="true"\(HTML(raw: f.noLabour ? " checked" : ""))> 整户无劳动力</label></div>
            <div><button>查询</button> <a class="button secondary" href="\(SitePath.households)">清除</a></div>
            </form>
            """
        let exportQuery = f.link(page: 1)
        let table: HTML = """
            <p class="small muted">共 \(Format.number(m.total)) 户 · 第 \(m.page)/\(m.pages) 页\(m.context.viewer?.canImport == true ? """
             · <a href="\(SitePath.householdsExport(.xlsx))\(exportQuery)">导出 XLSX</a> · <a href="\(SitePath.householdsExport(.csv))\(exportQuery)">导出 CSV</a>
            """ as HTML : "")\(m.canCreate ? " · <a href=\"\(SitePath.newHousehold)\">新建农户</a>" as HTML : "")</p>
            <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th>村</th><th class="num">人数</th><th>户类别</th><th>状态</th></tr></thead><tbody>
            \(m.rows.map { h -> HTML in
                "<tr><td data-label=\"户编号\"><a href=\"\(SitePath.household(.value(h.id)))\">\(h.number)</a></td><td data-label=\"户主\">\(h.householderName)</td><td data-label=\"村\">\(h.villageName)</td><td class=\"num\" data-label=\"人数\">\(h.memberCount)</td><td data-label=\"户类别\">\(h.category)</td><td data-label=\"状态\">\(h.tags.html)</td></tr>"
            }.joined())
            </tbody></table>
            \(Filters.pager(page: m.page, pages: m.pages, link: f.link(page:)))
            """
        return Layout.page("农户名册", context: m.context, Filters.outsideNotice(m.regions) + form + table)
    }
}

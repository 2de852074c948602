import BottomlineDomain

extension ProjectList {
    static func view(_ m: Model) -> HTML {
        let f = m.filter
        let filters: HTML = """
            <form class="filters" method="get" action="\(SitePath.projects)">
            <div><label for="f-year">年度</label>\(Filters.select("year", m.years.map { (String($0), "\($0)年") }, selected: f.year.map(String.init)))</div>
            <div><label for="f-stage">环节</label>\(Filters.select("stage", ProjectStage.allCases.map { ($0.rawValue, $0.label) }, selected: f.stage?.rawValue))</div>
            <div><label for="f-category">类别</label>\(Filters.select("category", ProjectCategory.allCases.map { ($0.rawValue, $0.label) }, selected: f.category?.rawValue))</div>
            <div><label class="check"><input type="checkbox" name="mine" value="true"\(HTML(raw: f.mine ? " checked" : ""))> 只看待我办理</label></div>
            <div><button>筛选</button></div></form>
            """
        let stages: HTML = m.byStage.isEmpty ? "" : "<p class=\"small\">\(m.byStage.map { "\($0.0.label) \($0.1)个" }.joined(separator: " · "))；预算合计\(m.budget.wanText)万元</p>"
        let rows = m.rows.map { r -> HTML in
            let tags: HTML = (r.yourTurn ? "<span class=\"tag mon\">待我办理</span>" as HTML : "") + (r.changePending ? " <span class=\"tag bad\">变更待审定</span>" as HTML : "")
            return """
                <tr><td data-label="项目编号"><a href="\(SitePath.project(.value(r.id)))">\(r.number)</a></td><td data-label="项目名称"><a href="\(SitePath.project(.value(r.id)))">\(r.name)</a></td>\
                <td data-label="实施地点">\(r.place)</td><td data-label="类别">\(r.category)</td><td class="num" data-label="预算">\(r.budget.wanText)</td><td class="num" data-label="已对接">\(r.allocated.wanText)</td>\
                <td class="num" data-label="已支付">\(r.paid.wanText)</td><td data-label="环节">\(r.stage.label) \(tags)</td></tr>
                """
        }.joined()
        let link: (Int) -> String = { n in
            "\(SitePath.projects)?" + (Filters.query([("year", f.year.map(String.init)), ("stage", f.stage?.rawValue), ("category", f.category?.rawValue),
                                                       ("mine", f.mine ? "true" : nil)]) + ["page=\(n)"]).joined(separator: "&")
        }
        return Layout.page("项目库", context: m.context, """
            <p>\(m.canPropose ? "<a class=\"button\" href=\"\(SitePath.newProject)\">申报项目</a> " as HTML : "")\
            \(m.canImport ? "<a class=\"button secondary\" href=\"\(SitePath.ledgerImport)\">从文件导入</a> " as HTML : "")\
            <a class="button secondary" href="\(SitePath.projectsExport(.xlsx))">导出 XLSX</a> <a class="button secondary" href="\(SitePath.projectsExport(.csv))">导出 CSV</a></p>
            \(filters)\(stages)
            <p class="small muted">共\(m.total)个项目。金额单位：万元。</p>
            <table class="stack"><thead><tr><th>项目编号</th><th>项目名称</th><th>实施地点</th><th>类别</th><th class="num">预算</th><th class="num">已对接</th><th class="num">已支付</th><th>环节</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(m.rows.isEmpty ? "<p class=\"muted\">没有符合条件的项目。</p>" as HTML : "")
            \(Filters.pager(page: m.page, pages: m.pages, link: link))
            """)
    }
}

extension CaseList {
    static func view(_ m: Model) -> HTML {
        let rows: HTML = m.rows.map { r -> HTML in
            let clock: HTML = r.clock.map { "<span class=\"tag \($0.tag)\">\($0.text)</span>" } ?? ""
            return "<tr><td data-label=\"程序\"><a href=\"\(r.link)\">\(r.kind)</a></td><td data-label=\"环节\">\(r.stage)</td><td data-label=\"农户\">\(r.householdName)</td><td data-label=\"村\">\(r.villageName)</td><td data-label=\"时限\">\(clock)</td></tr>"
        }.joined()
        return Layout.page("办理中的程序", context: m.context, crumbs: [("监测对象", "\(SitePath.monitoring)")], """
            <table class="stack"><thead><tr><th>程序</th><th>当前环节</th><th>农户</th><th>村</th><th>时限</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}

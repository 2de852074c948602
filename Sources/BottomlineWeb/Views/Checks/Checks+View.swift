extension ConsistencyChecks {
    static func view(_ m: Model) -> HTML {
        let rows: HTML = m.rows.map { r -> HTML in
            "<tr><td data-label=\"户\"><a href=\"\(r.link)\">\(r.household)</a></td><td data-label=\"村\">\(r.villageName)</td><td data-label=\"风险类型\">\(r.risks)</td><td data-label=\"问题\">\(r.problems)</td></tr>"
        }.joined()
        return Layout.page("帮扶措施一致性检查", context: m.context, crumbs: [("监测对象", "\(SitePath.monitoring)")], """
            <p>风险未消除的监测户中，有 <b>\(m.count)</b> 户的帮扶措施与风险类型不匹配（规则：因病→健康或社会帮扶；因学→教育或社会帮扶；因残→综合保障或社会帮扶；因安全住房→住房安全保障或搬迁；因安全饮水→饮水安全保障；有成员未参保→健康或社会帮扶；有劳动力的户不应只有综合保障）。</p>
            <table class="stack"><thead><tr><th>农户</th><th>村</th><th>风险类型</th><th>问题</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}

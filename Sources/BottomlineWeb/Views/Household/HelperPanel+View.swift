import BottomlineDomain

extension HelperPanel {
    static func view(_ m: Model, context: PageContext) -> HTML {
        let rows = m.history.map { r -> HTML in "<tr><td>\(r.name)</td><td>\(r.role)</td><td>\(r.start)</td><td>\(r.end)</td></tr>" }.joined()
        let assign: HTML = m.candidates.map { candidates in
            """
            <form method="post" action="\(SitePath.householdPage(.value(m.householdID), .helper))">\(context.csrfField)<div class="grid">
            \(FormView.select("helper", "帮扶责任人", options: candidates, selected: m.helper, errors: m.errors, required: true, blank: "请选择"))
            \(FormView.text("startDate", "开始日期", value: m.startDate, errors: m.errors, type: "date", required: true))
            </div><div class="actions"><button class="secondary">确定帮扶责任人</button></div></form>
            """
        } ?? ""
        return """
            <h2>帮扶责任人</h2><div class="panel">
            \(m.history.isEmpty ? "<p class=\"muted\">尚未确定帮扶责任人</p>" as HTML : "<table><thead><tr><th>姓名</th><th>身份</th><th>开始</th><th>结束</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(assign)</div>
            """
    }
}

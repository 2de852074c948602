extension AuditPage {
    static func view(_ m: Model) -> HTML {
        let rows = m.entries.map { a -> HTML in
            let link: HTML = a.householdLink.map { "<a href=\"\($0)\">\(a.summary)</a>" } ?? "\(a.summary)"
            return "<tr><td class=\"small\">\(a.at)</td><td>\(a.action)</td><td>\(link)</td></tr>"
        }.joined()
        let users: HTML = m.users.map { list in
            """
            <form class="filters" method="get" action="\(SitePath.audit)"><div><label for="f-user">用户</label>
            <select id="f-user" name="user">\(list.map { u -> HTML in "<option value=\"\(u.value)\"\(HTML(raw: u.value == m.subjectUsername ? " selected" : ""))>\(u.label)</option>" }.joined())</select></div>
            <div><button>查看</button></div></form>
            """
        } ?? ""
        return Layout.page("操作记录：\(m.subjectName)", context: m.context, """
            \(users)
            <p class="small muted">最近 \(m.entries.count) 条（最多显示500条）。操作记录只增不改。</p>
            <table><thead><tr><th>时间</th><th>操作</th><th>内容</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}

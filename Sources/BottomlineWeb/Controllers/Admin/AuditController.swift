import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// The audit log, per user: everyone reads their own; administrators and county staff read the users of their region.
enum AuditController {
    static func list(_ req: Request) async throws -> HTML {
        let me = try req.user
        let username = ((try? req.query.get(String.self, at: "user")) ?? me.username).trimmingCharacters(in: .whitespaces)
        guard let subject = try await UserRecord.query(on: req.db).filter(\.$username == String(username.prefix(64))).first() else {
            throw Abort(.notFound, reason: "没有找到用户\(username)")
        }
        let mayRead = subject.id == me.id || ([.admin, .county].contains(me.roleValue) && me.region.contains(subject.region))
        guard mayRead else { throw try await req.notFoundLogged("audit", id: username) }
        let entries = try await AuditLog.forUser(subject.id!, on: req.db, limit: 500)
        let rows = entries.map { a -> HTML in
            let link: HTML = a.householdID.map { "<a href=\"/households/\($0.uuidString)\">\(a.summary)</a>" } ?? "\(a.summary)"
            return "<tr><td class=\"small\">\(Format.time(a.at))</td><td>\(AuditLog.Action(rawValue: a.action)?.label ?? a.action)</td><td>\(link)</td></tr>"
        }.joined()
        var users: HTML = ""
        if [.admin, .county].contains(me.roleValue) {
            let range = me.region.codeRange
            let visible = try await UserRecord.query(on: req.db).filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper)
                .sort(\.$username).limit(500).all()
            users = """
                <form class="filters" method="get" action="/audit"><div><label for="f-user">用户</label>
                <select id="f-user" name="user">\(visible.map { u -> HTML in "<option value=\"\(u.username)\"\(HTML(raw: u.username == subject.username ? " selected" : ""))>\(u.displayName)（\(u.username)，\(u.roleValue.label)）</option>" }.joined())</select></div>
                <div><button>查看</button></div></form>
                """
        }
        return req.page("操作记录：\(subject.displayName)", """
            \(users)
            <p class="small muted">最近 \(entries.count) 条（最多显示500条）。操作记录只增不改。</p>
            <table><thead><tr><th>时间</th><th>操作</th><th>内容</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}

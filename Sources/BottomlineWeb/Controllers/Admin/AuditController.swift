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
        return AuditPage.view(try await .query(req.db, reader: me, subject: subject, context: req.pageContext()))
    }
}

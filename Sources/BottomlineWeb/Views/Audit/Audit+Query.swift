import BottomlineDomain
import BottomlinePersistence
import Fluent

extension AuditPage.Model {
    static func query(_ db: any Database, reader: UserRecord, subject: UserRecord, context: PageContext) async throws -> Self {
        let entries = try await AuditLog.forUser(subject.id!, on: db, limit: 500)
        var users: [(value: String, label: String)]?
        if [.admin, .county].contains(reader.roleValue) {
            let range = reader.region.codeRange
            users = try await UserRecord.query(on: db).filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper)
                .sort(\.$username).limit(500).all().map { ($0.username, "\($0.displayName)（\($0.username)，\($0.roleValue.label)）") }
        }
        return Self(context: context, subjectName: subject.displayName, subjectUsername: subject.username, users: users,
                    entries: entries.map { a in
                        .init(at: Format.time(a.at), action: AuditLog.Action(rawValue: a.action)?.label ?? a.action, summary: a.summary,
                              householdLink: a.householdID.map { "\(SitePath.household(.value($0)))" })
                    })
    }
}

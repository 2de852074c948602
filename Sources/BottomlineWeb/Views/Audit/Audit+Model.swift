/// 操作记录: one user's audit trail; administrators and county staff choose among the users of their region.
enum AuditPage {
    struct Model: Sendable {
        struct Entry: Sendable {
            var at: String
            var action: String
            var summary: String
            var householdLink: String?
        }
        var context: PageContext
        var subjectName: String
        var subjectUsername: String
        /// The users the reader may choose (value, label); nil for a reader who sees only their own.
        var users: [(value: String, label: String)]?
        var entries: [Entry]
    }
}

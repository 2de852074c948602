import Fluent

/// A 驻村 工作日志 names the household of the village it was about, when it was about one (issue 17 §1: logs linked to the
/// village's households). The log stays with the cadre's village; a household that moves away is then no longer shown
/// on it to that village.
struct AddDispatchLogHousehold: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("dispatch_logs").field("household_id", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("dispatch_logs").deleteField("household_id").update()
    }
}

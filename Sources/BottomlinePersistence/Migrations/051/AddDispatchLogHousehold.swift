import Fluent

/// A 驻村 工作日志 names the household of the village it was about, when it was about one (issue 17 §1: logs linked to the
/// village's households). The log is the cadre's record of their stay in that village, not the household's: it stays
/// there when the household moves (so the column is not `household_id`, which would make it a household-owned table
/// that moves), and the village then no longer sees the household linked on it.
struct AddDispatchLogHousehold: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("dispatch_logs").field("about_household_id", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("dispatch_logs").deleteField("about_household_id").update()
    }
}

import Fluent

/// 驻村经费 (issue 17 §1): money a year for a 第一书记's work (商丘: 3万 each) and for a village's 驻村帮扶 projects
/// (商丘: 20万 each), with what has been spent of it.
struct CreateDispatchFunds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("dispatch_funds")
            .id()
            .field("village_code", .string, .required)
            .field("member_id", .uuid, .references("dispatch_members", "id"))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("spent_fen", .int64, .required)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "dispatch_funds_place", on: "dispatch_funds", ["village_code", "year"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("dispatch_funds").delete()
    }
}

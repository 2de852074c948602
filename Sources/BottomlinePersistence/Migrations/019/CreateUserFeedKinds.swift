import Fluent

/// Which departments' feeds a department data officer sends and reads (医保 sends 医保 files, not 民政's).
struct CreateUserFeedKinds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("user_feed_kinds")
            .field("user_id", .uuid, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("kinds", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("user_feed_kinds").delete()
    }
}

import Fluent
import SQLKit

struct CreateFeedSums: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("feed_sums")
            .id()
            .field("file_id", .uuid, .required, .references("feed_files", "id"))
            .field("feed", .string, .required)
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("rule_code", .string, .required)
            .field("month", .string, .required)
            .field("value", .int64, .required)
            .field("rows", .int, .required)
            .create()
        try await createIndex(db, "feed_sums_feed_month", on: "feed_sums", ["feed", "month", "village_code"])
        try await db.schema("warnings").field("prior_rows", .int).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("warnings").deleteField("prior_rows").update()
        try await db.schema("feed_sums").delete()
    }
}

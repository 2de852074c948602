import Fluent
import SQLKit

struct CreateBulletins: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("bulletins")
            .id()
            .field("region_code", .string, .required)
            .field("title", .string, .required)
            .field("columns", .string, .required)
            .field("rank_code", .string, .required)
            .field("footnote", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("bulletins").delete() }
}

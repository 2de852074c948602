import Fluent
import SQLKit

struct CreateRegions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("regions")
            .field("code", .string, .identifier(auto: false))
            .field("parent_code", .string)
            .field("level", .int, .required)
            .field("name", .string, .required)
            .create()
        try await createIndex(db, "regions_parent", on: "regions", ["parent_code"])
    }
    func revert(on db: any Database) async throws { try await db.schema("regions").delete() }
}

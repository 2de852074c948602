import Fluent
import SQLKit

struct CreateCodeLabels: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("code_labels")
            .id()
            .field("list", .string, .required)
            .field("code", .string, .required)
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("label", .string, .required)
            .field("in_use", .bool, .required)
            .field("source", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "list", "code", "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("code_labels").delete() }
}

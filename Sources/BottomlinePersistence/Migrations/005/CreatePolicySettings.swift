import Fluent
import SQLKit

struct CreatePolicySettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("policy_settings")
            .id()
            .field("parameter", .string, .required)
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("value", .string, .required)
            .field("source", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "parameter", "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("policy_settings").delete() }
}

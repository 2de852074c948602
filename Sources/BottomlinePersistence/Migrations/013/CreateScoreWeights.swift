import Fluent
import SQLKit

struct CreateScoreWeights: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("score_weights")
            .id()
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("weights", .string, .required)
            .field("source", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("score_weights").delete() }
}

import Fluent
import SQLKit

struct CreateIndicatorSnapshots: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_snapshots")
            .id()
            .field("period", .string, .required)
            .field("village_code", .string, .required)
            .field("counts", .string, .required)
            .field("frozen_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "period", "village_code")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("indicator_snapshots").delete() }
}

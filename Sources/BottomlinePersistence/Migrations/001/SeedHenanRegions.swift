import BottomlineDomain
import Fluent
import SQLKit

struct SeedHenanRegions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let regions = try DivisionCatalog.henan()
        try await RegionStore.upsert(regions, on: db)
    }
    func revert(on db: any Database) async throws { try await RegionRecord.query(on: db).delete() }
}

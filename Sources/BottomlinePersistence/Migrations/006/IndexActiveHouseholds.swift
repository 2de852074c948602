import Fluent
import SQLKit

struct IndexActiveHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await createIndex(db, "households_active_village", on: "households", ["status", "village_code", "number"])
    }
    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.drop(index: "households_active_village").run()
    }
}

import BottomlineDomain
import Fluent
import SQLKit

struct AddHouseholdStatus: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("households")
            .field("status", .string, .required, .sql(.default(HouseholdStatus.active.rawValue)))
            .update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("households").deleteField("status").update()
    }
}

import Fluent
import SQLKit

struct CreateIncomes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("household_incomes")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("year", .int, .required)
            .field("wages", .int64, .required)
            .field("business", .int64, .required)
            .field("property", .int64, .required)
            .field("transfers", .int64, .required)
            .field("business_costs", .int64, .required)
            .field("compliant_self_paid", .int64, .required)
            .field("member_count", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "household_id", "year")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("household_incomes").delete() }
}

import Fluent
import SQLKit

struct CreateHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("households")
            .id()
            .field("number", .string, .required)
            .field("village_code", .string, .required)
            .field("address", .string, .required)
            .field("phone", .string)
            .field("category", .string, .required)
            .field("relocated", .bool, .required)
            .field("householder_id", .uuid)
            .field("householder_name", .string, .required)
            .field("member_count", .int, .required)
            .field("housing_grade", .string)
            .field("water_secure", .bool)
            .field("monitoring_category", .string)
            .field("monitoring_since", .string)
            .field("has_labour", .bool, .required)
            .field("gap_housing", .bool, .required)
            .field("gap_education", .bool, .required)
            .field("gap_medical", .bool, .required)
            .field("gap_water", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .create()
        try await createIndex(db, "households_village", on: "households", ["village_code", "number"])
        try await createIndex(db, "households_householder_name", on: "households", ["householder_name"])
    }
    func revert(on db: any Database) async throws { try await db.schema("households").delete() }
}

import Fluent

/// A city's statistics units over townships (issue 16 §1, ledgers-rules.md §L4: 商丘's 示范区 in seed 001): the unit,
/// and each township with the day it joined and the day it left.
struct CreateStatisticsUnits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("statistics_units")
            .id()
            .field("region_code", .string, .required)
            .field("name", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_code", "name")
            .create()
        try await db.schema("statistics_unit_members")
            .id()
            .field("unit_id", .uuid, .required, .references("statistics_units", "id"))
            .field("township_code", .string, .required)
            .field("from_on", .string, .required)
            .field("to_on", .string)
            .create()
        try await createIndex(db, "statistics_unit_members_unit", on: "statistics_unit_members", ["unit_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("statistics_unit_members").delete()
        try await db.schema("statistics_units").delete()
    }
}

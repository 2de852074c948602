import Fluent

/// 问题整改台账 (issue 17 §2): one row a problem, placed by its village (a household's, moving with it) or by the
/// township's or county's code padded to a village's; the petition it came from, when it did.
struct CreateProblems: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("problems")
            .id()
            .field("village_code", .string, .required)
            .field("place_level", .int, .required)
            .field("household_id", .uuid, .references("households", "id"))
            .field("project_id", .uuid, .references("projects", "id"))
            .field("petition_id", .uuid, .references("petitions", "id"))
            .field("source", .string, .required)
            .field("found_on", .string, .required)
            .field("category", .string, .required)
            .field("text", .string, .required)
            .field("lead_unit", .string, .required)
            .field("responsible", .string, .required)
            .field("measures", .string, .required)
            .field("deadline", .string, .required)
            .field("state", .string, .required)
            .field("assigned_level", .int, .required)
            .field("rectified_on", .string)
            .field("evidence", .string, .required)
            .field("closed_on", .string)
            .field("reviewed_on", .string)
            .field("reopened", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "problems_place", on: "problems", ["village_code", "found_on"])
        try await createIndex(db, "problems_household", on: "problems", ["household_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("problems").delete()
    }
}

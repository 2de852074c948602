import Fluent

/// 涉贫信访 (issue 17 §3): one row a petition, placed by the household it concerns (its village) or by the place named
/// (a village, or a township's or the county's code padded to a village's), with each deadline's day as it happened.
struct CreatePetitions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("petitions")
            .id()
            .field("village_code", .string, .required)
            .field("household_id", .uuid, .references("households", "id"))
            .field("petitioner", .string, .required)
            .field("phone", .string, .required)
            .field("channel", .string, .required)
            .field("received_on", .string, .required)
            .field("subject", .string, .required)
            .field("told_on", .string)
            .field("accepted", .bool)
            .field("refusal", .string, .required)
            .field("handler", .string, .required)
            .field("extended_days", .int)
            .field("extension_reason", .string, .required)
            .field("closed_on", .string)
            .field("reply", .string, .required)
            .field("satisfaction", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "petitions_place", on: "petitions", ["village_code", "received_on"])
        try await createIndex(db, "petitions_household", on: "petitions", ["household_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("petitions").delete()
    }
}

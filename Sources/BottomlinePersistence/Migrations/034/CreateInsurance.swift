import Fluent

/// 防贫保险 (issue 16 §2): a county's scheme for a year with its triggers' numbers, and the claims of its households
/// with their arithmetic and steps.
struct CreateInsurance: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let builder = db.schema("insurance_schemes")
            .id()
            .field("county_code", .string, .required)
            .field("year", .int, .required)
            .field("insurer", .string, .required)
            .field("covers_ordinary", .bool, .required)
            .field("insured_persons", .int, .required)
            .field("premium_per_person_fen", .int64, .required)
            .field("carried_in_fen", .int64, .required)
            .field("notice_days", .int, .required)
        for t in ["illness", "education", "disaster"] {
            _ = builder.field(.string("\(t)_line_fen"), .int64).field(.string("\(t)_ratio"), .int64).field(.string("\(t)_cap_fen"), .int64)
        }
        try await builder.field("created_by", .string, .required).field("created_at", .datetime).unique(on: "county_code", "year").create()
        try await db.schema("insurance_claims")
            .id()
            .field("scheme_id", .uuid, .required, .references("insurance_schemes", "id"))
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("trigger", .string, .required)
            .field("cost_fen", .int64, .required)
            .field("amount_fen", .int64, .required)
            .field("arithmetic", .string, .required)
            .field("source", .string, .required)
            .field("status", .string, .required)
            .field("opened_on", .string, .required)
            .field("notice_from", .string)
            .field("paid_on", .string)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "insurance_claims_household", on: "insurance_claims", ["household_id"])
        try await createIndex(db, "insurance_claims_scheme", on: "insurance_claims", ["scheme_id", "status"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("insurance_claims").delete()
        try await db.schema("insurance_schemes").delete()
    }
}

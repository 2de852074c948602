import Fluent

/// 小额信贷 (issue 16 §1): one row a loan, with the household and borrower, the bank's contract, its terms, what was
/// outside the rules and the written reason it was recorded anyway, and the balance as the bank last reported it.
struct CreateLoans: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("loans")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("bank", .string, .required)
            .field("contract", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("issued_on", .string, .required)
            .field("due_on", .string, .required)
            .field("purpose", .string, .required)
            .field("renews_id", .uuid)
            .field("outside_rules", .string, .required)
            .field("exception", .string, .required)
            .field("balance_fen", .int64, .required)
            .field("balance_on", .string, .required)
            .field("days_overdue", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "bank", "contract")
            .create()
        try await createIndex(db, "loans_household", on: "loans", ["household_id"])
        try await createIndex(db, "loans_village", on: "loans", ["village_code", "issued_on"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("loans").delete()
    }
}

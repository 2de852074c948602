import Fluent

/// What banks report of each 小额信贷 loan (issue 16 §1): one row per loan and day reported — the balance, what was
/// repaid since the last report, days overdue — so a balance is answerable as of any day. The borrower's and household's
/// ids ride along so the rows move with them.
struct CreateLoanReports: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("loan_reports")
            .id()
            .field("loan_id", .uuid, .required, .references("loans", "id"))
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("reported_on", .string, .required)
            .field("balance_fen", .int64, .required)
            .field("repaid_fen", .int64, .required)
            .field("days_overdue", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "loan_id", "reported_on")
            .create()
        try await createIndex(db, "loan_reports_village", on: "loan_reports", ["village_code", "reported_on"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("loan_reports").delete()
    }
}

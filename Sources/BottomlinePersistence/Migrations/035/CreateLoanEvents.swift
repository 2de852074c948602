import Fluent

/// What happens to a 小额信贷 loan after it is lent, besides the banks' reports (issue 16 §1): 贴息 paid, 展期 (a
/// later due date) and 风险补偿 (the county's fund paying a bad loan), each a dated row that moves with the borrower.
struct CreateLoanEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("loan_events")
            .id()
            .field("loan_id", .uuid, .required, .references("loans", "id"))
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("kind", .string, .required)
            .field("on_date", .string, .required)
            .field("amount_fen", .int64)
            .field("due_before", .string)
            .field("due_after", .string)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "loan_events_loan", on: "loan_events", ["loan_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("loan_events").delete()
    }
}

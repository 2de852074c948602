import Fluent

/// Each ledger file a county imported (项目库, 资金下达, 项目对接, 支付), by its content's hash, so the same file
/// imported again adds nothing: allocations and payments have no natural key to tell a repeated row from a new one.
struct CreateLedgerImports: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("ledger_imports")
            .id()
            .field("county_code", .string, .required)
            .field("kind", .string, .required)
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("rows", .int, .required)
            .field("added", .int, .required)
            .field("user_id", .uuid)
            .field("at", .datetime, .required)
            .unique(on: "county_code", "kind", "sha256")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("ledger_imports").delete()
    }
}

import Fluent

/// 银行数据员 (issue 16 §1): a department data officer who sends one bank's 小额信贷 balance and repayment files carries
/// that bank's name; the files it sends may name that bank's loans only.
struct AddUserBank: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("bank", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("users").deleteField("bank").update()
    }
}

import Fluent

/// A household's 惠民惠农补贴发放账号 (一卡通): the account its subsidies are paid into, so 疑点数据核查 can find one
/// account on households that are no family of each other (issue 18 §1). Optional: most registries have none yet.
struct AddHouseholdBankAccount: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("households").field("bank_account", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("households").deleteField("bank_account").update()
    }
}

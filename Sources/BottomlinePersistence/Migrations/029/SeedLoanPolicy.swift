import BottomlineDomain
import Fluent

/// The 小额信贷 limits (ledgers-rules.md §L4, issue 16): ≤ 5万 a household and ≤ 3 years under 银保监发〔2021〕6号 from
/// 2021-03-04 [R24]; borrowers aged 18–65 as the counties restate it [R25]. Effective-dated like every policy number; a
/// province that allows 追加 to 10万 enters its own ceiling from its date.
struct SeedLoanPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.microLoanCeiling, "2021-03-04", "50000", "银保监发〔2021〕6号：单户贷款额度不超过5万元"),
        (.microLoanMaxTermMonths, "2021-03-04", "36", "银保监发〔2021〕6号：贷款期限不超过3年"),
        (.microLoanMinAge, "2021-03-04", "18", "各县实施方案：借款人年龄18周岁以上"),
        (.microLoanMaxAge, "2021-03-04", "65", "各县实施方案：借款人年龄65周岁以下"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        let parameters = Set(Self.defaults.map(\.0.rawValue))
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Array(parameters)).filter(\.$regionCode == "41").delete()
    }
}

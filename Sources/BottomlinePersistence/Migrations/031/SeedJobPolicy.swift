import BottomlineDomain
import Fluent

/// 跨省务工交通补助 (ledgers-rules.md §L5, issue 16 §3): Henan pays 脱贫人口 working in another province 3 months in
/// a row or 6 months in a year, from 2023 [R6]. Effective-dated like every policy number; the amount is not a rule
/// (counties pay by their own scale) and is recorded as paid.
struct SeedJobPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.transportSubsidyConsecutiveMonths, "2023-01-01", "3", "河南省稳岗就业政策：跨省务工连续3个月以上给予交通补助"),
        (.transportSubsidyTotalMonths, "2023-01-01", "6", "河南省稳岗就业政策：跨省务工年内累计6个月以上给予交通补助"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        let parameters = Set(Self.defaults.map(\.0.rawValue))
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Array(parameters)).filter(\.$regionCode == "41").delete()
    }
}

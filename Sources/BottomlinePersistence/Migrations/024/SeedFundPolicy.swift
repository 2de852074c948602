import BottomlineDomain
import Fluent

/// The 项目库's 公示 days, and the 产业占比 rule of 衔接资金 as Henan applies it (ledgers-rules.md §L1): ≥ 50% of all 衔接资金 from 2021 (seeds 000
/// and 001; the national text itself was not found), then ≥ 60% / 65% / 70% of the central funds in 2023 / 2024 / 2025
/// [R6]. Effective-dated like every policy number; a deployment elsewhere enters its own province's.
struct SeedFundPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.industryShareMinimum, "2021-01-01", "50", "衔接资金用于产业发展的比重原则上不低于50%（2021年，新乡、商丘通报）"),
        (.industryShareBase, "2021-01-01", IndustryShareBase.allLinkage.label, "2021年按各级衔接资金计算"),
        (.industryShareMinimum, "2023-01-01", "60", "河南：中央衔接资金用于产业发展比例2023年不低于60%"),
        (.industryShareBase, "2023-01-01", IndustryShareBase.centralLinkage.label, "河南2023—2025年按中央衔接资金计算"),
        (.industryShareMinimum, "2024-01-01", "65", "河南：2024年不低于65%"),
        (.industryShareMinimum, "2025-01-01", "70", "河南：2025年不低于70%"),
        (.projectNoticeDays, "2021-01-01", "10", "项目在村、乡公开栏公示不少于10天"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        let parameters = Set(Self.defaults.map(\.0.rawValue))
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Array(parameters)).filter(\.$regionCode == "41").delete()
    }
}

import BottomlineDomain
import Fluent

/// 问题整改's 回头看 interval (issue 17 §2). No national or Henan figure was found (ledgers-rules.md §L7); the province
/// default is three months, and a county sets its own on the policy page.
struct SeedRectificationPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.rectificationReviewDays, "2021-01-01", "90", "未检索到统一规定；默认销号后90天回头看，县可自行设定"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Self.defaults.map(\.0.rawValue)).filter(\.$regionCode == "41").delete()
    }
}

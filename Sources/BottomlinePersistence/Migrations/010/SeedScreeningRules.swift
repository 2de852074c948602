import BottomlineDomain
import Fluent
import SQLKit

/// The default rules, for Henan, from the start of the current mechanism.
struct SeedScreeningRules: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for rule in ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!) {
            try await ScreeningRuleRecord(rule, region: RegionCode("41")!).create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await ScreeningRuleRecord.query(on: db).delete() }
}

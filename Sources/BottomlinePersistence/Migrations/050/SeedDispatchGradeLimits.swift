import BottomlineDomain
import Fluent

/// 年度考核 capped by the unexcused absences found in the year's checks (issue 17 §1, ledgers-rules.md §L6): Guangxi's
/// rule [R38], the only one found, entered for Henan as its leave limit was (043); a province that finds its own enters
/// it from its own day.
struct SeedDispatchGradeLimits: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.dispatchAbsencesNotExcellent, "2017-12-24", "1", "广西驻村管理办法：年内无故脱岗1次不得评为优秀（河南规定未检索到，暂用此值）"),
        (.dispatchAbsencesBasic, "2017-12-24", "2", "同上：无故脱岗2次最高评为基本称职"),
        (.dispatchAbsencesIncompetent, "2017-12-24", "3", "同上：无故脱岗3次评为不称职"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Self.defaults.map(\.0.rawValue)).filter(\.$regionCode == "41").delete()
    }
}

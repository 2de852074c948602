import BottomlineDomain
import Fluent
import SQLKit

/// The national rules that every province applies (policy-rules.md §3, §6, and the 2026 naming). The monitoring
/// line is not among them: each province sets its own yearly, and Henan's values were not found, so a deployment
/// enters them.
struct SeedPolicyDefaults: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.noticeDays, "2021-01-01", "5", "公示不少于5天（国家规定）"),
        (.identificationDeadlineDays, "2021-01-01", "15", "从发现风险线索到完成识别不超过15天（国家规定）"),
        (.clueVerificationDays, "2021-01-01", "7", "线索核实默认7天"),
        (.visitIntervalDays, "2021-01-01", "30", "监测户每月至少走访一次（默认）"),
        (.eliminationMinimumMonths, "2021-01-01", "6", "纳入后一般满6个月方可风险消除"),
        (.stableIncomeMonths, "2021-01-01", "6", "收入稳定超过监测标准半年以上"),
        (.monitoringObjectName, "2021-01-01", "防止返贫监测对象", "2021年起的名称"),
        (.monitoringObjectName, "2026-02-03", "防止返贫致贫对象", "2026年中央一号文件"),
    ]

    func prepare(on db: any Database) async throws {
        try await Self.insert(Self.defaults, on: db)
    }

    /// Writes shipped values for Henan (41): parameter, effective date, value, source.
    static func insert(_ rows: [(PolicyParameter, String, String, String)], on db: any Database) async throws {
        for (parameter, date, value, source) in rows {
            let record = PolicySettingRecord()
            record.parameter = parameter.rawValue
            record.regionCode = "41"
            record.effectiveFrom = date
            record.value = value
            record.source = source
            try await record.create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await PolicySettingRecord.query(on: db).delete() }
}

import BottomlineDomain
import Fluent

/// 驻村帮扶's rule (issue 17 §1, ledgers-rules.md §L6), effective-dated for Henan. Team size and term from the 2017
/// guidance still cited [R36]; “五天四夜” as the seeds report Henan's practice (its written rule was not found: a province
/// that finds it enters it from its own day); the township's leave limit is Guangxi's [R38], the only one found.
struct SeedDispatchPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.dispatchTeamMinimum, "2017-12-24", "3", "中办国办《关于加强贫困村驻村工作队选派管理工作的指导意见》（2017）：每个驻村工作队一般不少于3人"),
        (.dispatchTermMonths, "2017-12-24", "24", "同上：每期驻村时间不少于2年"),
        (.dispatchWeeklyDays, "2017-12-24", "5", "河南“五天四夜”驻村要求（见报道000、002、004；成文规定未检索到）"),
        (.dispatchWeeklyNights, "2017-12-24", "4", "河南“五天四夜”驻村要求（见报道000、002、004；成文规定未检索到）"),
        (.dispatchMonthlyDays, "2017-12-24", "0", "河南未见每月在村天数要求（广西为每月不少于20天）"),
        (.dispatchTownshipLeaveDays, "2017-12-24", "3", "广西驻村管理办法：请假3天以内由乡镇审批（河南规定未检索到，暂用此值）"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Self.defaults.map(\.0.rawValue)).filter(\.$regionCode == "41").delete()
    }
}

import BottomlineDomain
import Fluent

/// 涉贫信访 deadlines (issue 17 §3, ledgers-rules.md §L7): 信访工作条例, in force from 2022-05-01 [R40]. Effective-dated
/// like every policy number, so a later rule is a new row from its day.
struct SeedPetitionPolicy: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.petitionTellDays, "2022-05-01", "15", "信访工作条例（2022）：收到信访事项之日起15日内告知是否受理"),
        (.petitionSettleDays, "2022-05-01", "60", "信访工作条例（2022）：自受理之日起60日内办结"),
        (.petitionExtensionDays, "2022-05-01", "30", "信访工作条例（2022）：情况复杂的可适当延长，延长期限不得超过30日"),
        (.petitionReviewRequestDays, "2022-05-01", "30", "信访工作条例（2022）：收到书面答复（复查意见）之日起30日内请求复查（复核）"),
        (.petitionReviewAnswerDays, "2022-05-01", "30", "信访工作条例（2022）：收到复查（复核）请求之日起30日内提出意见"),
    ]

    func prepare(on db: any Database) async throws {
        try await SeedPolicyDefaults.insert(Self.defaults, on: db)
    }

    func revert(on db: any Database) async throws {
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ Self.defaults.map(\.0.rawValue)).filter(\.$regionCode == "41").delete()
    }
}

import Testing
@testable import BottomlineDomain

/// 项目库 (ledgers-rules.md §L2): the road from a village's proposal to 报账, each step its level's, 公示 of at least the
/// policy's days, scope fixed once approved, and 联农带农 that adds up.
@Suite("项目库：入库程序、公示与联农带农")
struct ProjectTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test("a project goes 村申报 → 乡镇审核 → 县级论证 → 县级审定 → 入库 → 年度计划 → 开工 → 完工 → 验收 → 报账, each step owned by its level")
    func road() throws {
        var stage = ProjectStage.proposed
        var owners: [RegionCode.Level?] = []
        var seen: [ProjectStage] = [stage]
        let notice = NoticePeriod(start: day(2025, 3, 1), days: 10)
        while let _ = stage.next {
            owners.append(stage.ownerLevel)
            stage = try ProjectTransitions.pass(stage, .init(on: day(2025, 3, 11), notice: notice), noticeDays: 10).get()
            seen.append(stage)
        }
        #expect(seen == [.proposed, .townshipReview, .appraisal, .countyApproval, .inLibrary, .planned, .underway, .built, .accepted, .settled])
        #expect(owners == [.village, .township, .county, .county, .county, .township, .township, .county, .county])
        #expect(stage.ownerLevel == nil)
        #expect(ProjectTransitions.pass(.settled, .init(on: day(2025, 12, 1)), noticeDays: 10).failureMessage == "项目已报账，没有后续环节")
    }

    @Test("公示 shorter than the policy's days is refused, and the step waits until the 公示 has ended")
    func notice() {
        let short = NoticePeriod(start: day(2025, 3, 1), days: 7)
        #expect(ProjectTransitions.pass(.proposed, .init(on: day(2025, 4, 1), notice: short), noticeDays: 10).failureMessage
                == "公示7天，少于规定的10天")
        #expect(ProjectTransitions.pass(.townshipReview, .init(on: day(2025, 4, 1)), noticeDays: 10).failureMessage
                == "请填写公示日期和天数（不少于10天）")
        let ten = NoticePeriod(start: day(2025, 3, 1), days: 10)
        #expect(ten.end == day(2025, 3, 10))
        #expect(ProjectTransitions.pass(.proposed, .init(on: day(2025, 3, 10), notice: ten), noticeDays: 10).failureMessage
                == "公示期至2025-03-10，公示期满后才能提交乡镇审核")
        #expect((try? ProjectTransitions.pass(.proposed, .init(on: day(2025, 3, 11), notice: ten), noticeDays: 10).get()) == .townshipReview)
        // A province that asks for 15 days is obeyed.
        #expect(ProjectTransitions.pass(.proposed, .init(on: day(2025, 4, 1), notice: ten), noticeDays: 15).failureMessage == "公示10天，少于规定的15天")
        // Steps without a 公示 of their own do not ask for one.
        #expect((try? ProjectTransitions.pass(.appraisal, .init(on: day(2025, 3, 2)), noticeDays: 10).get()) == .countyApproval)
    }

    @Test("a review sends a project back to the village or ends it, with a reason; started projects are not sent back")
    func refuse() {
        #expect((try? ProjectTransitions.refuse(.townshipReview, reject: false, reason: "投资概算不实").get()) == .proposed)
        #expect((try? ProjectTransitions.refuse(.countyApproval, reject: true, reason: "不属于衔接资金支持范围").get()) == .rejected)
        #expect(ProjectTransitions.refuse(.appraisal, reject: false, reason: "  ").failureMessage == "请填写退回或不予通过的理由")
        #expect(ProjectTransitions.refuse(.underway, reject: false, reason: "质量问题").failureMessage == "实施中（已开工）环节不能退回")
    }

    @Test("content and budget are fixed once the county approved: a change then needs its approval again, until 报账")
    func scope() {
        for stage in [ProjectStage.proposed, .townshipReview, .appraisal, .countyApproval] { #expect(!ProjectTransitions.changeNeedsApproval(at: stage)) }
        for stage in [ProjectStage.inLibrary, .planned, .underway, .built, .accepted] { #expect(ProjectTransitions.changeNeedsApproval(at: stage)) }
        #expect(!ProjectTransitions.changeNeedsApproval(at: .settled))
    }

    @Test("联农带农: 脱贫户 and 监测户 are part of the households linked; an industry project must link some")
    func farmerLink() {
        #expect(FarmerLink(ways: [.employment, .dividend], households: 120, alleviated: 80, monitored: 12).problems(category: .industry).isEmpty)
        #expect(FarmerLink(ways: [.employment], households: 50, alleviated: 40, monitored: 12).problems(category: .industry)
                == ["脱贫户与监测户之和（52户）超过带动总户数（50户）"])
        #expect(FarmerLink(ways: [], households: 0, alleviated: 0, monitored: 0).problems(category: .industry)
                == ["产业项目应明确联农带农方式和带动户数"])
        #expect(FarmerLink(ways: [], households: 0, alleviated: 0, monitored: 0).problems(category: .ruralConstruction).isEmpty)
        #expect(ProjectCategory.industry.countsAsIndustry && !ProjectCategory.management.countsAsIndustry)
        #expect(CodeLookup<ProjectCategory>()("产业项目") == .industry && CodeLookup<ProjectCategory>()("乡村建设行动") == .ruralConstruction)
    }

    @Test("the 项目 公示 days are policy data of at least ten")
    func noticeDaysParameter() {
        #expect((try? PolicyParameter.projectNoticeDays.validate("9").get()) == nil)
        #expect((try? PolicyParameter.projectNoticeDays.validate("15").get()) == "15")
    }
}

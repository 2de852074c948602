import Foundation
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

    static let form: FormValues = [
        "number": "XC2025-001", "name": "王庄村香菇大棚", "year": "2025", "category": "industry", "place": "411681101201",
        "content": "新建香菇大棚20座", "goals": "带动脱贫户30户年增收2000元", "linkage": "100", "integrated": "20.5",
        "way_dividend": "on", "households": "40", "alleviated": "30", "monitored": "2", "implementer": "王庄村股份经济合作社",
        "responsible": "王建国", "start": "2025-04-01", "end": "2025-10-31",
    ]
    static let today = CivilDate(year: 2025, month: 3, day: 1)!

    @Test("a project form reads budget by source in 万元 to the 分, the 联农带农 ways and counts, and the planned dates")
    func projectForm() throws {
        let draft = try ProjectDraft.validate(Self.form, today: Self.today).get()
        #expect(draft.budget == Money(wanYuan: "120.5")! && draft.integratedBudget.fen == 20_500_000)
        #expect(draft.linkWays == [.dividend] && draft.link.summary == "收益分红；带动40户（脱贫户30户、监测户2户）")
        #expect(try ProjectDraft.validate(draft.formValues, today: Self.today).get() == draft)
    }

    @Test("an empty, malformed or hostile project form is refused field by field, in Chinese, and never traps")
    func projectFormRefusals() {
        guard case .failure(let empty) = ProjectDraft.validate([:], today: Self.today) else { Issue.record("empty form accepted"); return }
        #expect(Set(empty.errors.keys) == ["number", "name", "category", "place", "content", "goals", "linkage", "implementer", "responsible", "year"])
        var bad = Self.form
        bad["linkage"] = "1e9"
        bad["integrated"] = "99999999999"
        bad["households"] = "-1"
        bad["year"] = "2031"
        bad["name"] = "大棚\u{7}"
        bad["end"] = "2025-03-01"
        bad["place"] = "41168110120'; DROP TABLE projects;--"
        guard case .failure(let p) = ProjectDraft.validate(bad, today: Self.today) else { Issue.record("bad form accepted"); return }
        #expect(p.errors["linkage"]?.contains("万元") == true && p.errors["integrated"] != nil && p.errors["households"] != nil)
        #expect(p.errors["year"] == "项目年度应为2021至2026年" && p.errors["name"] == "项目名称含有控制字符")
        #expect(p.errors["end"] == "计划完工日期不能早于计划开工日期" && p.errors["place"] != nil)
        var links = Self.form
        links["alleviated"] = "39"
        links["monitored"] = "2"
        guard case .failure(let l) = ProjectDraft.validate(links, today: Self.today) else { Issue.record("41 of 40 accepted"); return }
        #expect(l.errors["households"] == "脱贫户与监测户之和（41户）超过带动总户数（40户）")
        var huge = Self.form
        huge["content"] = String(repeating: "建", count: 100_000)
        guard case .failure(let h) = ProjectDraft.validate(huge, today: Self.today) else { Issue.record("huge content accepted"); return }
        #expect(h.errors["content"] == "建设内容过长（最多2000个字）")
    }

    @Test("a village's project is proposed by the village and reviewed by the township; a county-level one is proposed, started and finished by the county and skips the township")
    func ownersByPlace() {
        #expect(ProjectStage.proposed.owner(placeLevel: .village) == .village)
        #expect(ProjectStage.proposed.owner(placeLevel: .township) == .township)
        #expect(ProjectStage.proposed.next(placeLevel: .county) == .appraisal)
        #expect(ProjectStage.proposed.next(placeLevel: .township) == .townshipReview)
        #expect(ProjectStage.planned.owner(placeLevel: .county) == .county && ProjectStage.planned.owner(placeLevel: .village) == .township)
        #expect(ProjectStage.countyApproval.owner(placeLevel: .village) == .county)
    }

    @Test("a batch form reads 万元 to the 分, refuses a batch dated after its year, and a payment form keeps 质保金 apart")
    func fundForms() throws {
        let batch = try FundForms.batch(["year": "2025", "level": "central", "kind": "linkage", "document": "豫财农〔2025〕1号",
                                         "issuedOn": "2025-01-20", "amount": "18363.92"], today: Self.today).get()
        #expect(batch.amount.fen == 18_363_920_000 && batch.amount.wanText == "18363.92")
        guard case .failure(let late) = FundForms.batch(["year": "2024", "level": "central", "kind": "linkage", "document": "x",
                                                          "issuedOn": "2025-01-20", "amount": "1"], today: Self.today) else { Issue.record(); return }
        #expect(late.errors["issuedOn"] == "2024年度的资金不能晚于该年下达（下达日期2025-01-20）")
        guard case .failure(let zero) = FundForms.batch(["year": "2025", "level": "县", "kind": "", "document": "", "issuedOn": "2026-01-01",
                                                          "amount": "0"], today: Self.today) else { Issue.record(); return }
        #expect(Set(zero.errors.keys) == ["level", "kind", "document", "issuedOn", "amount"])
        let (payment, name) = try FundForms.payment(["paidOn": "2025-02-01", "amount": "30", "payee": "contractor", "payeeName": "某建筑公司",
                                                     "retention": "1.5"], batch: UUID(), project: UUID(), today: Self.today).get()
        #expect(payment.amount.wanText == "30.00" && payment.retention.fen == 1_500_000 && name == "某建筑公司")
    }
}

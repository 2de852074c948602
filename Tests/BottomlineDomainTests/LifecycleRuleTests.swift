import BottomlineDomain
import Testing

@Suite("监测帮扶规则")
struct LifecycleRuleTests {
    let clue = CivilDate(year: 2026, month: 1, day: 25)!

    @Test("the clock: day 15 from the first clue is the last day; day 16 is overdue; three days before is flagged")
    func clock() {
        let c = IdentificationClock(firstClue: clue, deadlineDays: 15)
        #expect(c.deadline == CivilDate(year: 2026, month: 2, day: 9)!)
        #expect(!c.isOverdue(on: clue.adding(days: 15)))
        #expect(c.isOverdue(on: clue.adding(days: 16)))
        #expect(c.isDueSoon(on: clue.adding(days: 12)) && !c.isDueSoon(on: clue.adding(days: 11)))
        #expect(c.text(on: clue.adding(days: 17)) == "已超期2天")
    }

    @Test("公示 of five days posted on the 3rd ends on the 7th; the next step may be taken from the 8th")
    func notice() {
        let n = NoticePeriod(start: CivilDate(year: 2026, month: 3, day: 3)!, days: 5)
        #expect(n.end == CivilDate(year: 2026, month: 3, day: 7)!)
        #expect(!n.isOver(on: n.end) && n.isOver(on: n.end.adding(days: 1)))
    }

    @Test("months are calendar months, clamped to the month's last day")
    func months() {
        #expect(CivilDate(year: 2026, month: 8, day: 31)!.adding(months: 6) == CivilDate(year: 2027, month: 2, day: 28)!)
        #expect(CivilDate(year: 2026, month: 3, day: 15)!.adding(months: -6) == CivilDate(year: 2025, month: 9, day: 15)!)
    }

    @Test("the procedures run in the published order, each step owned by one level")
    func sequences() {
        #expect(CaseKind.identification.stages.map { $0.label(for: .identification) } == ["入户核实", "信息比对", "村级民主评议", "村内公示", "乡镇审核", "县级审定", "结果公告"])
        #expect(CaseKind.elimination.stages.map(\.ownerLevel) == [.village, .village, .village, .county, .village])
        #expect(CaseKind.identification.next(after: .announcement) == .completed)
        #expect(CaseKind.identification.previous(before: .verification) == nil)
        #expect(CaseKind.elimination.previous(before: .countyApproval) == .notice)
    }

    @Test("risk–measure checks: 因病 needs 健康 or 社会帮扶, 因学 an education measure, and a household that can work is not left on 兜底 alone")
    func consistency() {
        let p = MeasureConsistency.problems(risks: [.illness, .education], measures: [.socialSecurity], memberWithoutMedicalInsurance: true, hasLabour: true)
        #expect(p.contains { $0.contains("因病") } && p.contains { $0.contains("因学") } && p.contains { $0.contains("未参加基本医疗保险") })
        #expect(p.contains { $0.contains("不应只有综合保障") })
        #expect(MeasureConsistency.problems(risks: [.illness], measures: [.health, .employment], memberWithoutMedicalInsurance: false, hasLabour: true).isEmpty)
        #expect(MeasureConsistency.problems(risks: [.housing], measures: [.relocation], memberWithoutMedicalInsurance: false, hasLabour: false).isEmpty)
        #expect(MeasureConsistency.problems(risks: [.water], measures: [], memberWithoutMedicalInsurance: false, hasLabour: false).contains("尚未落实帮扶措施"))
    }

    @Test("risk types are stored between commas so one code matches with LIKE, and at most five are accepted")
    func riskCodes() {
        #expect(RiskType.encode([.illness, .flood]) == ",01,0201,")
        #expect(RiskType.decode(",01,0201,") == [.illness, .flood])
        var values: FormValues = [:]
        for r in RiskType.allCases.prefix(6) { values["risk_" + r.rawValue] = "on" }
        if case .success = FieldRules.risks(values, required: true) { Issue.record("six risk types accepted") }
        if case .success = FieldRules.risks([:], required: true) { Issue.record("no risk type accepted where one is required") }
    }

    @Test("a measure's end cannot precede its start; an amount must be a sum of money")
    func measureForm() {
        let base: FormValues = ["category": "health", "name": "大病救治", "start": "2026-03-01", "status": "ongoing"]
        #expect((try? MeasureDraft.validate(base, today: clue).get())?.amount == nil)
        guard case .failure(let p) = MeasureDraft.validate(base.merging(["end": "2026-02-01", "amount": "一万"]) { _, b in b }, today: clue) else {
            Issue.record("bad measure accepted")
            return
        }
        #expect(p.errors["end"] != nil && p.errors["amount"] != nil)
    }
}

@Suite("风险消除条件逐项检查")
struct EliminationRuleTests {
    let today = CivilDate(year: 2026, month: 9, day: 1)!
    func input(_ change: (inout EliminationCheck.Input) -> Void = { _ in }) -> EliminationCheck.Input {
        var i = EliminationCheck.Input(
            method: .assisted, today: today, identifiedOn: CivilDate(year: 2026, month: 1, day: 10)!, minimumMonths: 6, stableIncomeMonths: 6,
            latestIncome: (2025, Money(yuan: 9000), Money(yuan: 8800)), line: Money(yuan: 8000),
            recentVisits: [(CivilDate(year: 2026, month: 8, day: 1)!, .stable)], deliveredMeasures: 1, hasLabour: true,
            basicNeedGaps: [], risks: [.illness], resolvedRisks: [.illness])
        change(&i)
        return i
    }

    @Test("accepted when every criterion holds")
    func accepted() { #expect(EliminationCheck(input()).unmet == []) }

    @Test("each unmet criterion alone refuses, with its reason")
    func eachCriterion() {
        let cases: [(String, (inout EliminationCheck.Input) -> Void)] = [
            ("未超过监测标准", { $0.latestIncome = (2025, Money(yuan: 7000), Money(yuan: 7000)) }),
            ("大额刚性支出", { $0.latestIncome = (2025, Money(yuan: 9000), Money(yuan: 7000)) }),
            ("纳入监测未满6个月", { $0.identifiedOn = CivilDate(year: 2026, month: 4, day: 1)! }),
            ("收入下降", { $0.recentVisits.append((CivilDate(year: 2026, month: 5, day: 1)!, .falling)) }),
            ("没有走访记录", { $0.recentVisits = [(CivilDate(year: 2025, month: 12, day: 1)!, .stable)] }),
            ("至少落实一项帮扶措施", { $0.deliveredMeasures = 0 }),
            ("整户无劳动力", { $0.hasLabour = false }),
            ("住房安全问题尚未解决", { $0.basicNeedGaps = ["住房安全"] }),
            ("风险“因病”尚未消除", { $0.resolvedRisks = [] }),
            ("不是监测对象", { $0.identifiedOn = nil }),
        ]
        for (reason, change) in cases {
            let unmet = EliminationCheck(input(change)).unmet
            #expect(unmet.count == 1 && unmet[0].contains(reason), "\(reason): \(unmet)")
        }
        #expect(EliminationCheck(input { $0.method = .natural; $0.deliveredMeasures = 0 }).passes, "自然消除 needs no measure")
    }
}

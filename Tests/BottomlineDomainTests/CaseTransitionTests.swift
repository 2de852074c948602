import BottomlineDomain
import Testing

/// The steps of 识别纳入 and 风险消除 as the policy states them (policy-rules.md §3, §6), decided without a database.
@Suite("识别纳入与风险消除的办理环节")
struct CaseTransitionTests {
    static let henan = RegionCode("41")!, village = RegionCode("411681101201")!
    static let day = CivilDate(year: 2026, month: 3, day: 2)!
    static let book = PolicyBook([PolicySetting(parameter: .noticeDays, region: henan, effectiveFrom: CivilDate(year: 2021, month: 1, day: 1)!, value: "5")])

    func act(_ kind: CaseKind, _ stage: CaseStage, _ action: StepAction = .advance, _ values: FormValues = [:], notice: NoticePeriod? = nil,
             book: PolicyBook = Self.book, on day: CivilDate = Self.day) -> Result<CaseTransitions.Outcome, FieldProblems> {
        CaseTransitions.act(.init(kind: kind, stage: stage, notice: notice), action, values: values, book: book, place: Self.village, today: day)
    }

    func problems(_ r: Result<CaseTransitions.Outcome, FieldProblems>) -> FieldErrors {
        if case .failure(let p) = r { p.errors } else { [:] }
    }

    @Test("identification runs 入户核实 → 信息比对 → 民主评议 → 公示 → 乡镇审核 → 县级审定 → 公告; elimination skips 信息比对 and 乡镇审核")
    func order() throws {
        #expect(CaseKind.identification.stages == [.verification, .comparison, .deliberation, .notice, .townshipReview, .countyApproval, .announcement])
        #expect(CaseKind.elimination.stages == [.verification, .deliberation, .notice, .countyApproval, .announcement])
        #expect(try act(.identification, .announcement).get().next == .completed)
        #expect(try act(.elimination, .deliberation, .advance, ["comment": "同意"]).get().next == .notice)
    }

    @Test("入户核实 of an identification needs the findings and the signed 承诺授权书; the proposed category and risks are recorded")
    func verification() throws {
        #expect(problems(act(.identification, .verification)).keys.sorted() == ["consent", "findings"])
        let outcome = try act(.identification, .verification, .advance, ["findings": "住院自付3万元", "consent": "on", "category": "marginal", "risk_01": "on"]).get()
        #expect(outcome.next == .comparison && outcome.category == .marginal && outcome.risks == [.illness])
        #expect(outcome.details.first == "核实情况：住院自付3万元" && outcome.details.contains("已签订承诺授权书"))
        #expect(try act(.elimination, .verification, .advance, ["findings": "收入稳定"]).get().next == .deliberation, "elimination asks no consent")
    }

    @Test("民主评议 needs its result written; passing it starts 公示 that day for the days the policy sets")
    func deliberation() throws {
        #expect(problems(act(.identification, .deliberation))["comment"] != nil)
        let outcome = try act(.identification, .deliberation, .advance, ["comment": "参会21人，同意21人"]).get()
        #expect(outcome.notice == .start(NoticePeriod(start: Self.day, days: 5)))
        #expect(outcome.details == ["公示期：2026-03-02 至 2026-03-06（5天）"])
    }

    @Test("民主评议 cannot start 公示 while the province has not set the notice days; the county is told to enter them")
    func noticeDaysMissing() {
        #expect(problems(act(.identification, .deliberation, .advance, ["comment": "同意"], book: PolicyBook([])))["_"]?.contains("公示天数") == true)
    }

    @Test("公示 cannot close before its last day")
    func noticeRuns() throws {
        let notice = NoticePeriod(start: Self.day, days: 5)
        #expect(problems(act(.identification, .notice, notice: notice, on: notice.end))["_"] == "公示期至2026-03-06，公示期满后才能进入下一环节")
        #expect(try act(.identification, .notice, notice: notice, on: notice.end.adding(days: 1)).get().next == .townshipReview)
    }

    @Test("县级审定 names the category and one to five risk types")
    func countyApproval() throws {
        #expect(problems(act(.identification, .countyApproval)).keys.sorted() == ["category", "risks"])
        var six: FormValues = ["category": "sudden"]
        for r in [RiskType.illness, .disability, .lackOfLabour, .accident, .industryFailure, .unstableEmployment] { six["risk_" + r.rawValue] = "on" }
        #expect(problems(act(.identification, .countyApproval, .advance, six))["risks"] == "风险类型最多选择5项")
        let outcome = try act(.identification, .countyApproval, .advance, ["category": "sudden", "risk_03": "on"]).get()
        #expect(outcome.next == .announcement && outcome.category == .suddenHardship && outcome.risks == [.disability])
    }

    @Test("a risk type the province has retired is refused at 县级审定 by its name")
    func retiredRisk() {
        let retired = PolicyBook(Self.book.settings, labels: [CodeLabelSetting(list: .riskType, code: "03", region: Self.henan,
                                                                              effectiveFrom: CivilDate(year: 2026, month: 1, day: 1)!, label: "因残", inUse: false)])
        #expect(problems(act(.identification, .countyApproval, .advance, ["category": "sudden", "risk_03": "on"], book: retired))["risks"]?.contains("已停用") == true)
    }

    @Test("退回 needs a reason and goes one step back; the first step cannot be returned; returning before 公示 forgets its period")
    func returning() throws {
        #expect(problems(act(.identification, .comparison, .returnBack))["comment"] != nil)
        #expect(problems(act(.identification, .verification, .returnBack, ["comment": "x"]))["_"]?.contains("第一个环节不能退回") == true)
        let back = try act(.identification, .notice, .returnBack, ["comment": "名单有误"], notice: NoticePeriod(start: Self.day, days: 5)).get()
        #expect(back.next == .deliberation && back.notice == .clear)
        #expect(try act(.identification, .countyApproval, .returnBack, ["comment": "补材料"]).get().notice == .keep)
    }

    @Test("终止 needs a reason and ends the case; a case that has ended takes no step")
    func rejecting() throws {
        #expect(problems(act(.elimination, .countyApproval, .reject))["comment"] != nil)
        let ended = try act(.elimination, .countyApproval, .reject, ["comment": "收入不稳定"]).get()
        #expect(ended.next == .rejected && ended.ends)
        #expect(problems(act(.identification, .completed))["_"] == "该程序已结束")
    }
}

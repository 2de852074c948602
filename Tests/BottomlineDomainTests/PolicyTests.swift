import Testing
@testable import BottomlineDomain

@Suite("政策参数：按地区、按生效日期")
struct PolicyTests {
    let henan = RegionCode("41")!
    let xiangcheng = RegionCode("411681")!
    let village = RegionCode("411681101201")!
    func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test("the line in effect on a date is the province's latest one not after it")
    func effectiveDates() {
        let book = PolicyBook([
            PolicySetting(parameter: .monitoringIncomeLine, region: henan, effectiveFrom: day(2024, 1, 1), value: "7500.00"),
            PolicySetting(parameter: .monitoringIncomeLine, region: henan, effectiveFrom: day(2025, 1, 1), value: "8000.00"),
        ])
        #expect(book.money(.monitoringIncomeLine, for: village, on: day(2024, 6, 1)) == Money(yuan: 7_500))
        #expect(book.money(.monitoringIncomeLine, for: village, on: day(2025, 1, 1)) == Money(yuan: 8_000))
        #expect(book.money(.monitoringIncomeLine, for: village, on: day(2023, 12, 31)) == nil)
        #expect(book.incomeLine(forIncomeYear: 2024, place: village) == Money(yuan: 7_500))
        #expect(book.money(.monitoringIncomeLine, for: RegionCode("42")!, on: day(2025, 6, 1)) == nil)
    }

    @Test("a county overrides only what the rules let it: visit intervals yes, the income line no")
    func countyOverride() {
        let book = PolicyBook([
            PolicySetting(parameter: .visitIntervalDays, region: henan, effectiveFrom: day(2024, 1, 1), value: "30"),
            PolicySetting(parameter: .visitIntervalDays, region: xiangcheng, effectiveFrom: day(2024, 1, 1), value: "14"),
            PolicySetting(parameter: .monitoringIncomeLine, region: henan, effectiveFrom: day(2024, 1, 1), value: "8000"),
            PolicySetting(parameter: .monitoringIncomeLine, region: xiangcheng, effectiveFrom: day(2024, 1, 1), value: "5000"),
        ])
        #expect(book.int(.visitIntervalDays, for: village, on: day(2025, 1, 1)) == 14)
        #expect(book.int(.visitIntervalDays, for: RegionCode("411628")!, on: day(2025, 1, 1)) == 30)
        #expect(book.money(.monitoringIncomeLine, for: village, on: day(2025, 1, 1)) == Money(yuan: 8_000))
    }

    @Test("the 2026 naming switches by effective date, without code changes")
    func naming() {
        let book = PolicyBook([
            PolicySetting(parameter: .monitoringObjectName, region: henan, effectiveFrom: day(2021, 1, 1), value: "防止返贫监测对象"),
            PolicySetting(parameter: .monitoringObjectName, region: henan, effectiveFrom: day(2026, 2, 3), value: "防止返贫致贫对象"),
        ])
        #expect(book.text(.monitoringObjectName, for: village, on: day(2026, 2, 2)) == "防止返贫监测对象")
        #expect(book.text(.monitoringObjectName, for: village, on: day(2026, 2, 3)) == "防止返贫致贫对象")
    }

    @Test("values are checked: notice at least 5 days, identification at most 15, a positive line")
    func validation() {
        #expect(PolicyParameter.noticeDays.validate("4") == .failure(FieldProblem("公示不得少于5天")))
        #expect(PolicyParameter.identificationDeadlineDays.validate("16") == .failure(FieldProblem("识别纳入时限不得超过15天")))
        #expect(PolicyParameter.monitoringIncomeLine.validate("-1") == .failure(FieldProblem("监测标准应为大于0、小于10万的金额（元）")))
        #expect(PolicyParameter.monitoringIncomeLine.validate("8,600") == .success("8600.00"))
    }
}

@Suite("识别纳入助手")
struct EligibilityTests {
    let today = CivilDate(year: 2026, month: 3, day: 1)!
    func needs(housing: HousingGrade = .b) -> BasicNeedsAssessment {
        BasicNeedsAssessment(housing: housing, waterSecure: true, members: [], on: today)
    }
    func assess(_ category: HouseholdCategory, netPerCapita yuan: Int64, selfPaid: Int64 = 0, housing: HousingGrade = .b,
                line: Money? = Money(yuan: 8_000)) -> EligibilityAssessment {
        EligibilityAssessment(.init(category: category,
                                    income: HouseholdIncome(year: 2025, wages: Money(yuan: yuan * 4), compliantSelfPaid: Money(yuan: selfPaid)),
                                    members: 4, needs: needs(housing: housing), hasLabour: true, line: line))
    }

    @Test("below the line: a 脱贫户 is suggested as 脱贫不稳定户, an ordinary household as 边缘易致贫户")
    func belowLine() {
        #expect(assess(.alleviated, netPerCapita: 7_000).suggestion == .unstableAlleviated)
        #expect(assess(.ordinary, netPerCapita: 7_999).suggestion == .marginal)
        #expect(assess(.ordinary, netPerCapita: 7_000).reasons.first == "2025年人均纯收入7000元，低于监测标准8000元")
    }

    @Test("above the line, but large self-paid spending or a D-grade house: 突发严重困难户")
    func suddenHardship() {
        #expect(assess(.ordinary, netPerCapita: 9_000, selfPaid: 20_000).suggestion == .suddenHardship)
        #expect(assess(.ordinary, netPerCapita: 12_000, housing: .d).suggestion == .suddenHardship)
    }

    @Test("above the line with every need secured: no suggestion, and the reason says why")
    func notEligible() {
        let a = assess(.ordinary, netPerCapita: 8_000)
        #expect(a.suggestion == nil)
        #expect(a.reasons.last?.contains("暂不符合纳入条件") == true)
    }

    @Test("with no line set for the year, the assistant says so instead of guessing")
    func noLine() {
        let a = assess(.ordinary, netPerCapita: 3_000, line: nil)
        #expect(a.suggestion == nil)
        #expect(a.reasons.first?.contains("尚未设置2025年的监测标准") == true)
    }
}

import BottomlineDomain
import Foundation
import Testing

/// 政策调整测算 (issue 18 §2): who enters and who leaves the monitoring range when the line moves, by village and
/// township, category and risk; the cases a new line opens against the cadres; the measures the county's own records
/// say they would need.
@Suite("政策调整测算")
struct LineWhatIfTests {
    static func scenario(_ proposed: Int64, band: Int? = nil) -> LineScenario {
        LineScenario(incomeYear: 2025, currentLine: Money(yuan: 8_000), proposedLine: Money(fen: proposed), bandPercent: band)
    }

    static func household(_ village: String, _ perCapita: Int64?, _ standing: LineWhatIf.Standing = .none, category: HouseholdCategory = .ordinary,
                          risks: [RiskType] = [], persons: Int = 3, scenario: LineScenario) -> LineWhatIf.Group {
        .init(villageCode: village, category: category, standing: standing, risks: risks, perCapita: perCapita.map { Money(fen: $0) }, persons: persons, scenario: scenario)
    }

    @Test("a household whose 人均纯收入 equals the line tried stays out; a fen above its income and it enters, a fen below and it does not")
    func atTheLine() {
        let income: Int64 = 8_400_00
        for (line, enters) in [(income, false), (income + 1, true), (income - 1, false)] {
            let s = Self.scenario(line)
            let o = LineWhatIf.evaluate([Self.household("411681101201", income, scenario: s)])
            #expect(o.total.entering == .init(households: enters ? 1 : 0, persons: enters ? 3 : 0), "line \(line)")
            #expect(o.total.withinToday.households == 0)
        }
        // Today's line works the same way: a household at 7,999.99 is within today, at 8,000 it is not.
        let s = Self.scenario(8_000_00)
        let o = LineWhatIf.evaluate([Self.household("411681101201", 7_999_99, scenario: s), Self.household("411681101201", 8_000_00, scenario: s)])
        #expect(o.total.withinToday.households == 1 && o.total.entering.households == 0 && o.total.leaving.households == 0)
    }

    @Test("entering and leaving, by village and township: a raised line brings households in, a lowered one takes them out; monitored households need no new case, eliminated ones are counted again")
    func enteringAndLeaving() {
        let up = Self.scenario(8_600_00)
        let nandunA = "411681101201", nandunB = "411681101202", sundian = "411681102201"
        let groups = [
            Self.household(nandunA, 7_000_00, .monitored, category: .alleviated, risks: [.illness], scenario: up),   // within both
            Self.household(nandunA, 8_200_00, scenario: up),                                                       // enters, new case
            Self.household(nandunB, 8_599_99, .eliminated, category: .alleviated, risks: [.illness, .disability], persons: 2, scenario: up), // enters again
            Self.household(nandunB, 8_300_00, .monitored, risks: [.lackOfLabour], scenario: up),                  // enters, already monitored
            Self.household(sundian, 8_600_00, scenario: up),                                                       // stays out: at the line
            Self.household(sundian, nil, scenario: up),                                                            // no income
        ]
        let o = LineWhatIf.evaluate(groups)
        #expect(o.total.withinToday == .init(households: 1, persons: 3))
        #expect(o.total.withinProposed == .init(households: 4, persons: 11))
        #expect(o.total.entering == .init(households: 3, persons: 8))
        #expect(o.total.casesToOpen == .init(households: 2, persons: 5))
        #expect(o.total.reentering == .init(households: 1, persons: 2))
        #expect(o.total.unmonitoredProposed == .init(households: 2, persons: 5))
        #expect(o.total.leaving.households == 0 && o.total.noIncome.households == 1 && o.total.judged.households == 5)

        let townships = o.units(digits: 9)
        #expect(townships["411681101"]?.entering.households == 3 && townships["411681101"]?.casesToOpen.households == 2)
        #expect(townships["411681102"]?.entering.households == 0 && townships["411681102"]?.noIncome.households == 1)
        #expect(o.villages[nandunB]?.entering.households == 2 && o.villages[nandunA]?.entering.households == 1)

        #expect(o.categories[.alleviated]?.entering.households == 1 && o.categories[.ordinary]?.entering.households == 2)
        // A household with two risks is counted under each; one with none under "not recorded".
        #expect(o.risks[.illness]?.entering.households == 1 && o.risks[.disability]?.entering.households == 1)
        #expect(o.risks[.lackOfLabour]?.entering.households == 1 && o.risks[nil]?.entering.households == 1)

        // Lowered to 6,500: the monitored household at 7,000 leaves (its income no longer keeps it in).
        let down = Self.scenario(6_500_00)
        let lowered = LineWhatIf.evaluate([Self.household(nandunA, 7_000_00, .monitored, scenario: down), Self.household(nandunA, 6_000_00, scenario: down)])
        #expect(lowered.total.leaving.households == 1 && lowered.total.leavingMonitored.households == 1 && lowered.total.entering.households == 0)
        #expect(lowered.total.unmonitoredToday.households == 1 && lowered.total.unmonitoredProposed.households == 1)
    }

    @Test("the 关注带 above the line: at or above the line, below line × (100 + band)%; moves with the line tried")
    func band() {
        let s = Self.scenario(8_600_00, band: 50)
        #expect(s.bandTop(above: s.currentLine) == Money(yuan: 12_000) && s.bandTop(above: s.proposedLine) == Money(yuan: 12_900))
        let o = LineWhatIf.evaluate([11_999_99, 12_000_00, 12_899_99, 8_000_00, 8_599_99].map { Self.household("411681101201", $0, scenario: s) })
        // Today's band [8,000, 12,000): 8,000, 8,599.99 and 11,999.99; tried [8,600, 12,900): 11,999.99, 12,000 and 12,899.99.
        #expect(o.total.bandToday.households == 3 && o.total.bandProposed.households == 3)
        // No band: nobody is in one.
        let none = LineWhatIf.evaluate([Self.household("411681101201", 8_100_00, scenario: Self.scenario(8_000_00))])
        #expect(none.total.bandToday.households == 0 && none.total.bandProposed.households == 0)
    }

    @Test("the workload against the cadres and the days; the measures a new household needs at the county's own rates")
    func workloadAndMeasures() {
        let w = LineWhatIf.Workload(cases: 31, cadres: 4, days: 15)
        #expect(w.perCadre == 7.75 && String(format: "%.2f", w.perCadrePerDay!) == "0.52")
        #expect(LineWhatIf.Workload(cases: 5, cadres: 0, days: 15).perCadre == nil)

        // 4 households identified so far, 6 health measures for 3,000 元 and 2 industry ones for 10,000 元.
        let profile = LineWhatIf.MeasureProfile(households: 4, categories: [.health: .init(measures: 6, amount: Money(yuan: 3_000)),
                                                                             .industry: .init(measures: 2, amount: Money(yuan: 10_000))])
        #expect(profile.measuresPerHousehold == 2 && profile.amountPerHousehold == Money(yuan: 3_250))
        let expected = profile.expected(for: 10)
        #expect(expected[.health] == .init(measures: 15, amount: Money(yuan: 7_500)))
        #expect(expected[.industry] == .init(measures: 5, amount: Money(yuan: 25_000)))
        #expect(LineWhatIf.MeasureProfile(households: 0, categories: [:]).expected(for: 10).isEmpty)
    }

    @Test("a rule's change tried: flagged now and after, newly and no longer flagged, by township, village, class and risk type")
    func flagShift() {
        let a = FlagShift.Place(village: "411681101201", group: "脱贫户", risks: ["因病", "因残"]), b = FlagShift.Place(village: "411681101202", group: "一般农户", risks: [])
        let c = FlagShift.Place(village: "411681102201", group: "一般农户", risks: ["因病"])
        let shift = FlagShift(now: ["h1": a, "h2": b], tried: ["h2": b, "h3": c])
        #expect(shift.total == .init(now: 2, tried: 2, newly: 1, dropped: 1))
        #expect(shift.townships["411681101"] == .init(now: 2, tried: 1, newly: 0, dropped: 1))
        #expect(shift.townships["411681102"] == .init(now: 0, tried: 1, newly: 1, dropped: 0))
        #expect(shift.groups["一般农户"] == .init(now: 1, tried: 2, newly: 1, dropped: 0) && shift.groups["脱贫户"] == .init(now: 1, tried: 0, newly: 0, dropped: 1))
        #expect(shift.villages["411681101201"] == .init(now: 1, tried: 0, newly: 0, dropped: 1) && shift.villages["411681101202"] == .init(now: 1, tried: 1, newly: 0, dropped: 0))
        #expect(shift.villages.count == 3 && shift.villages["411681102201"] == .init(now: 0, tried: 1, newly: 1, dropped: 0))
        // A household with two risks counts under each; one with none recorded under 未标注风险.
        #expect(shift.risks["因病"] == .init(now: 1, tried: 1, newly: 1, dropped: 1) && shift.risks["因残"] == .init(now: 1, tried: 0, newly: 0, dropped: 1))
        #expect(shift.risks[FlagShift.noRisk] == .init(now: 1, tried: 1, newly: 0, dropped: 0))
        // Without a class or risks, only townships and villages.
        let bare = FlagShift(now: [1: .init(village: "411681101201")], tried: [:])
        #expect(bare.groups.isEmpty && bare.risks.isEmpty && bare.villages.count == 1)
    }
}

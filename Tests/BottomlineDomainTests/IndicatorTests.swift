import BottomlineDomain
import Testing

@Suite("指标定义")
struct IndicatorTests {
    func indicator(_ code: String) -> Indicator { IndicatorCatalogue.indicator(code)! }

    @Test("seed 003's 风险消除率 61.5% is recomputed from 9855 of 16032 persons, and 55.7% from 2915 of 5234 households")
    func seed003() {
        let counts = Counts([.monitoredPersons: 16_032, .eliminatedPersons: 9_855, .monitoredHouseholds: 5_234, .eliminatedHouseholds: 2_915])
        #expect(indicator("XC03").text(counts) == "61.5%")
        #expect(indicator("XC04").text(counts) == "55.7%")
        #expect(indicator("XC02").text(counts) == "9855")
    }

    @Test("a county's figure is its villages' counts added, so a rate of the total is not an average of rates")
    func totals() {
        let a = Counts([.monitoredPersons: 100, .eliminatedPersons: 90, .monitoredHouseholds: 30, .measures: 120])
        let b = Counts([.monitoredPersons: 300, .eliminatedPersons: 30, .monitoredHouseholds: 10, .measures: 20])
        let total = a + b
        #expect(total[.monitoredPersons] == 400 && total[.eliminatedPersons] == 120)
        #expect(indicator("XC03").text(total) == "30.0%")          // 120 / 400, not (90% + 10%) / 2
        #expect(indicator("BF01").text(total) == "3.50")           // 140 measures / 40 households
        #expect(indicator("XC03").text(Counts()) == "—")           // nothing monitored: no rate, not 0%
    }

    @Test("rates print to one decimal, half up; every code in the catalogue is unique and names its counts")
    func catalogue() {
        #expect(Indicator.percent(0.6145) == "61.5%" && Indicator.percent(0.61449) == "61.4%" && Indicator.percent(1) == "100.0%" && Indicator.percent(0) == "0.0%")
        #expect(Set(IndicatorCatalogue.all.map(\.code)).count == IndicatorCatalogue.all.count)
        #expect(IndicatorCatalogue.headline.allSatisfy { IndicatorCatalogue.indicator($0) != nil })
        #expect(IndicatorCatalogue.all.allSatisfy { !$0.name.isEmpty && !$0.meaning.isEmpty })
    }
}

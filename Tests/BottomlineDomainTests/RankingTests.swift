import BottomlineDomain
import Testing

@Suite("通报排名")
struct RankingTests {
    @Test("ties share a rank and the next rank skips (1, 1, 3); lower-is-better ranks the fewest first; no figure, no rank")
    func ties() {
        #expect(Ranking.ranks([0.8, 0.9, 0.9, nil, 0.7], higherIsBetter: true) == [3, 1, 1, nil, 4])
        #expect(Ranking.ranks([3, 0, 0, 5], higherIsBetter: false) == [3, 1, 1, 4])
        // Rates tie as printed: 61.54% and 61.46% are both 61.5%.
        #expect(Ranking.ranks([0.6154, 0.6146, 0.7], higherIsBetter: true) == [2, 2, 1])
    }

    @Test("a bulletin lists units in rank order numbered 1…n, unranked last, with a 合计 of added counts")
    func table() {
        let rate = IndicatorCatalogue.indicator("XC03")!, count = IndicatorCatalogue.indicator("JC02")!
        let units: [(name: String, counts: Counts)] = [
            ("甲镇", Counts([.monitoredPersons: 100, .eliminatedPersons: 50])),
            ("乙镇", Counts([.monitoredPersons: 200, .eliminatedPersons: 160])),
            ("丙镇", Counts()),
            ("丁镇", Counts([.monitoredPersons: 10, .eliminatedPersons: 5])),
        ]
        let t = BulletinTable(title: "风险消除进度", unitHeader: "乡镇", columns: [count, rate], rankBy: rate, units: units, footnote: "本版由县乡村振兴局供稿")
        #expect(t.rows.map(\.unit) == ["乙镇", "甲镇", "丁镇", "丙镇"])
        #expect(t.rows.map(\.rank) == [1, 2, 2, nil] && t.rows.map(\.position) == [1, 2, 3, 4])
        #expect(t.total[.monitoredPersons] == 310 && rate.text(t.total) == "69.4%")   // 215 / 310
    }
}

@Suite("乡镇季度考评")
struct ScoreCardTests {
    @Test("each indicator scores 100 for the best unit and 0 for the worst (reversed where fewer is better); the total is the weighted mean; ties share a place")
    func weighted() throws {
        let card = ScoreCard(weights: try ScoreCard.parse("XC03=60\nSB02=40").get())
        let units: [(name: String, counts: Counts)] = [
            ("甲", Counts([.monitoredPersons: 100, .eliminatedPersons: 80, .overdueClues: 4])),   // best rate, most overdue
            ("乙", Counts([.monitoredPersons: 100, .eliminatedPersons: 40, .overdueClues: 0])),   // worst rate, none overdue
            ("丙", Counts([.monitoredPersons: 100, .eliminatedPersons: 60, .overdueClues: 2])),
        ]
        let lines = card.score(units)
        let byUnit = Dictionary(uniqueKeysWithValues: lines.map { ($0.unit, $0) })
        func close(_ a: [Double?], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { pair in pair.0.map { abs($0 - pair.1) < 1e-9 } ?? false } }
        #expect(close(byUnit["甲"]!.parts, [100, 0]) && close(byUnit["乙"]!.parts, [0, 100]) && close(byUnit["丙"]!.parts, [50, 50]))
        #expect(close([byUnit["甲"]!.total, byUnit["乙"]!.total, byUnit["丙"]!.total], [60, 40, 50]))
        #expect(lines.map(\.unit) == ["甲", "丙", "乙"] && lines.map(\.rank) == [1, 2, 3])
        let tied = ScoreCard(weights: try ScoreCard.parse("XC03=1").get()).score([("甲", units[0].counts), ("乙", units[0].counts)])
        #expect(tied.map(\.rank) == [1, 1])
        // A unit with nothing monitored has no 风险消除率: it is scored on 逾期线索 alone, not given 0 for the rate.
        let partial = card.score([("甲", units[0].counts), ("丁", Counts([.overdueClues: 0]))])
        #expect(partial.first { $0.unit == "丁" }!.parts[0] == nil && abs(partial.first { $0.unit == "丁" }!.total - 100) < 1e-9)
    }

    @Test("weights are parsed as data and refused with the reason: unknown code, out of range, repeated, none above zero")
    func parsing() {
        #expect((try? ScoreCard.parse(ScoreCard.defaultText).get())?.count == 5)
        for bad in ["XX99=10", "XC03=200", "XC03=1\nXC03=2", "XC03=0", "", "XC03"] {
            if case .success = ScoreCard.parse(bad) { Issue.record("accepted \(bad)") }
        }
    }
}

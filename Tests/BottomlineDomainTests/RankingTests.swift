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

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

    @Test("money is counted in 分 and printed in 万元: seed 001's 支付 19.29亿 of 对接 24.85亿 is 77.6%, and of 13.04亿 given of 14.81亿 issued 88.0%; a township without 下达 has no rate over it; a 万元 target is compared in 分")
    func money() {
        let yi: Int = 10_000_000_000   // 1亿元 in 分
        let seed001 = Counts([.fundPaid: 1929 * yi / 100, .fundAllocated: 2485 * yi / 100])
        #expect(indicator("ZJ05").text(seed001) == "77.6%" && indicator("ZJ03").text(seed001) == "192900.00")
        #expect(indicator("ZJ05").text(Counts([.fundPaid: 1304 * yi / 100, .fundAllocated: 1481 * yi / 100])) == "88.0%")
        #expect(indicator("ZJ04").text(seed001) == "—")
        // 1分 short of 0.005万元 rounds down; the sum is of 分, so three 0.004万 make 0.01万, not 0.00.
        #expect(indicator("ZJ01").text(Counts([.fundIssued: 4_999])) == "0.00" && indicator("ZJ01").text(Counts([.fundIssued: 3 * 4_000])) == "0.01")
        #expect(Indicator.Unit.wan.value(typed: 500) == 500_000_000 && indicator("ZJ03").text(value: 500_000_000) == "500.00")
        #expect(Indicator.Unit.rate.value(typed: 60) == 0.6 && indicator("ZJ04").text(value: 0.6) == "60.0%")
    }

    @Test("rates print to one decimal, half up; every code in the catalogue is unique and names its counts")
    func catalogue() {
        #expect(Indicator.percent(0.6145) == "61.5%" && Indicator.percent(0.61449) == "61.4%" && Indicator.percent(1) == "100.0%" && Indicator.percent(0) == "0.0%")
        #expect(Set(IndicatorCatalogue.all.map(\.code)).count == IndicatorCatalogue.all.count)
        #expect(IndicatorCatalogue.headline.allSatisfy { IndicatorCatalogue.indicator($0) != nil })
        #expect(IndicatorCatalogue.all.allSatisfy { !$0.name.isEmpty && !$0.meaning.isEmpty })
    }
}

@Suite("指标：按日保存的原始数")
struct TallyTests {
    static func d(_ m: Int, _ day: Int) -> CivilDate { CivilDate(year: 2026, month: m, day: day)! }

    @Test("dated counts become figures for the period asked and the day of asking: new in the period, overdue before today, visited since the interval began")
    func windows() {
        var t = Tally()
        t.add(.households, 10)
        t.add(.newHouseholds, on: Self.d(1, 31))            // before the period
        t.add(.newHouseholds, on: Self.d(2, 1), 2)           // first day of the period
        t.add(.newHouseholds, on: Self.d(2, 28))             // last day
        t.add(.newHouseholds, on: Self.d(3, 1))              // after
        t.add(.overdueClues, on: Self.d(3, 9))               // due yesterday: overdue
        t.add(.overdueClues, on: Self.d(3, 10))              // due today: not yet
        t.add(.visitedInTime, on: Self.d(2, 8))              // visited before the interval began
        t.add(.visitedInTime, on: Self.d(2, 9), 3)           // on its first day
        let c = t.counts(from: Self.d(2, 1), to: Self.d(2, 28), today: Self.d(3, 10), visitedSince: Self.d(2, 9))
        #expect(c[.households] == 10 && c[.newHouseholds] == 3 && c[.overdueClues] == 1 && c[.visitedInTime] == 3)
        // A month later, with nothing written: both clues overdue, no visit in time.
        let later = t.counts(from: Self.d(2, 1), to: Self.d(2, 28), today: Self.d(4, 10), visitedSince: Self.d(3, 11))
        #expect(later[.overdueClues] == 2 && later[.visitedInTime] == 0 && later[.newHouseholds] == 3)
    }

    @Test("a township's tally is its villages' added; kept as bytes and read back the same; damaged or trailing bytes are refused")
    func bytes() {
        var a = Tally(), b = Tally()
        a.add(.persons, 5); a.add(.newPersons, on: Self.d(5, 1), 4)
        b.add(.persons, 7); b.add(.newPersons, on: Self.d(5, 1), 1); b.add(.newPersons, on: Self.d(5, 2), 2); b.add(.riskHouseholds(.illness), 1)
        let sum = a + b
        #expect(sum.counts[.persons] == 12 && sum.dated[.newPersons] == [Int32(Self.d(5, 1).dayNumber): 5, Int32(Self.d(5, 2).dayNumber): 2])
        #expect(Tally(bytes: sum.bytes) == sum && Tally(bytes: Tally().bytes) == Tally())
        let bytes = sum.bytes
        #expect(Tally(bytes: bytes.dropLast()) == nil && Tally(bytes: bytes + [0]) == nil && Tally(bytes: [UInt8]()) == nil && Tally(bytes: [2] + bytes.dropFirst()) == nil)
        var huge = bytes
        huge.replaceSubrange(1..<5, with: [0xff, 0xff, 0xff, 0x7f])          // claims two billion counts
        #expect(Tally(bytes: huge) == nil)
    }

    /// Tallies of villages as a county's history gives them: many days, some shared, added in any order.
    static func villages(_ n: Int, seed: UInt64) -> [Tally] {
        var state = seed
        func next(_ bound: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(bound)) }
        let start = CivilDate(year: 2021, month: 1, day: 1)!
        return (0..<n).map { _ in
            var t = Tally()
            t.add(.households, 1 + next(50))
            for _ in 0..<next(400) {
                let key = [CountKey.newHouseholds, .newPersons, .identified, .identifiedInTime, .overdueClues, .overdueWarnings, .visitedInTime][next(7)]
                t.add(key, on: start.adding(days: next(2_200)), 1 + next(3))
            }
            return t
        }
    }

    @Test("days kept in order answer as a day → count table would: each day's count, sums over any window, added in any order, read back from bytes")
    func daysInOrder() {
        let tallies = Self.villages(40, seed: 7)
        var plain: [CountKey: [Int32: Int32]] = [:]
        for t in tallies { for (key, days) in t.dated { for (day, n) in days { plain[key, default: [:]][day, default: 0] += n } } }
        var forward = Tally(), backward = Tally()
        for t in tallies { forward += t }
        for t in tallies.reversed() { backward += t }
        #expect(forward == backward)
        for (key, table) in plain {
            let kept = forward.dated[key]!
            #expect(kept.count == table.count && table.allSatisfy { kept[$0.key] == $0.value })
            #expect(Array(kept.map(\.0)) == table.keys.sorted())
            for (lo, hi) in [(Int32.min, Int32.max), (Int32(CivilDate(year: 2022, month: 3, day: 1)!.dayNumber), Int32(CivilDate(year: 2022, month: 3, day: 31)!.dayNumber)), (5, 4)] {
                #expect(kept.sum(from: lo, through: hi) == table.filter { $0.key >= lo && $0.key <= hi }.values.reduce(0) { $0 + Int($1) })
            }
        }
        #expect(Tally(bytes: forward.bytes) == forward)
    }

    @Test("a kept tally whose days are out of order or repeated was not written by this system and is refused, so its township is counted again")
    func daysOutOfOrderRefused() {
        var t = Tally()
        t.add(.newPersons, on: Self.d(5, 1), 4)
        t.add(.newPersons, on: Self.d(5, 2), 1)
        let bytes = t.bytes
        // The last sixteen bytes are the two (day, count) pairs: swap them, then repeat the first.
        var swapped = bytes
        swapped.replaceSubrange(bytes.count - 16..<bytes.count, with: Array(bytes[bytes.count - 8..<bytes.count]) + Array(bytes[bytes.count - 16..<bytes.count - 8]))
        var repeated = bytes
        repeated.replaceSubrange(bytes.count - 8..<bytes.count, with: Array(bytes[bytes.count - 16..<bytes.count - 8]))
        #expect(Tally(bytes: bytes) == t && Tally(bytes: swapped) == nil && Tally(bytes: repeated) == nil)
    }

    @Test("a county's figures for each month, read from its townships' tallies one by one, are those of their sum")
    func periodsOfMany() {
        let tallies = Self.villages(25, seed: 11)
        var sum = Tally()
        for t in tallies { sum += t }
        let today = CivilDate(year: 2026, month: 11, day: 20)!, since = today.adding(days: -30)
        var periods: [(from: CivilDate, to: CivilDate)] = [(CivilDate(year: 2021, month: 1, day: 1)!, today)]
        for m in 1...11 { periods.append((CivilDate(year: 2026, month: m, day: 1)!, CivilDate(year: 2026, month: m, day: 1)!.adding(months: 1).adding(days: -1))) }
        let many = Tally.counts(of: tallies, periods: periods, today: today, visitedSince: since)
        #expect(many == periods.map { sum.counts(from: $0.from, to: $0.to, today: today, visitedSince: since) })
        #expect(many[0][.newHouseholds] > 0 && many[0][.households] == tallies.reduce(0) { $0 + $1.counts[.households] })
    }
}

@Suite("指标数值的打印")
struct IndicatorPrintingTests {
    @Test("a value no county could have — a typed target of twenty nines, infinity, NaN — prints as — and never stops the server")
    func hugeValues() {
        #expect(Indicator.percent(0.615) == "61.5%" && Indicator.percent(1) == "100.0%")
        #expect(Indicator.percent(99_999_999_999_999_999_999.0) == "—")
        #expect(Indicator.percent(.infinity) == "—" && Indicator.percent(.nan) == "—")
        #expect(Indicator.whole(2915.4) == "2915" && Indicator.whole(1e300) == "—")
    }

    @Test("a number typed into a form is a number only when it is finite and in range")
    func typedNumbers() {
        #expect(FieldRules.number("60", in: 0...100) == 60 && FieldRules.number(" 7.5 ", in: 0...100) == 7.5)
        for raw in ["99999999999999999999", "nan", "inf", "-1", "abc", "", String(repeating: "9", count: 400)] {
            #expect(FieldRules.number(raw, in: 0...100) == nil, "\(raw.prefix(20))")
        }
    }
}

import BottomlineDomain
import Foundation
import Testing

/// 脱贫人口小额信贷 as ledgers-rules.md §L4 states it, and seed 001's 商丘市脱贫人口小额信贷通报表 recomputed from its own
/// counts.
@Suite("小额信贷")
struct LoanTests {
    static let issued = CivilDate(year: 2025, month: 3, day: 15)!

    static func loan(_ amount: Int, household: HouseholdStanding = .alleviated, born: CivilDate? = CivilDate(year: 1980, month: 5, day: 1),
                     due: CivilDate = CivilDate(year: 2028, month: 3, day: 15)!, purpose: LoanPurpose = .breeding, balance: Int = 0) -> LoanApplication {
        LoanApplication(borrowerBirth: born, household: household, amount: Money(yuan: Int64(amount)), issuedOn: issued, dueOn: due,
                        purpose: purpose, householdBalance: Money(yuan: Int64(balance)))
    }

    @Test("a 脱贫户 borrows up to 5万 for up to three years for production; every reason a loan falls outside the rules is given")
    func eligibility() {
        let limits = LoanLimits.national2021
        #expect(LoanRules.problems(Self.loan(50_000), limits: limits).isEmpty)
        #expect(LoanRules.problems(Self.loan(30_000, household: .monitored), limits: limits).isEmpty)
        #expect(LoanRules.problems(Self.loan(50_001), limits: limits) == ["贷款金额5.00万元超过上限5.00万元"])
        #expect(LoanRules.problems(Self.loan(30_000, balance: 30_000), limits: limits) == ["本户已有贷款余额3.00万元，加上本笔3.00万元超过户均上限5.00万元1.00万元"])
        // 36 months and a day is 37 months; a borrower of 66 on the issue date; 建房; an ordinary household: all at once.
        let all = LoanRules.problems(Self.loan(20_000, household: .other, born: CivilDate(year: 1959, month: 3, day: 14)!,
                                               due: CivilDate(year: 2028, month: 3, day: 16)!, purpose: .housing), limits: limits)
        #expect(all == ["借款人家庭不是脱贫户或未消除风险的监测对象", "借款人放款时66周岁，不在18至65周岁之间", "贷款期限37个月，超过36个月",
                        "贷款用途“建房”不符合政策（不得用于结婚、建房、理财、购买消费品、入股分红、转贷、户贷企用）"])
        #expect(LoanRules.termMonths(from: Self.issued, to: CivilDate(year: 2028, month: 3, day: 15)!) == 36)
        #expect(LoanPurpose.allCases.filter(\.refused).map(\.label) == ["结婚", "建房", "理财", "购买消费品", "入股分红", "转贷", "户贷企用"])
    }

    @Test("a loan outside the rules is recorded only with a written reason for the exception; impossible amounts and dates never")
    func exception() {
        let limits = LoanLimits.national2021
        let old = Self.loan(20_000, born: CivilDate(year: 1958, month: 1, day: 1)!)
        #expect(throws: FieldProblems.self) { try LoanRules.decide(old, limits: limits, exception: "同意").get() }
        #expect((try? LoanRules.decide(old, limits: limits, exception: "县乡村振兴局〔2025〕12号批复").get()) == ["借款人放款时67周岁，不在18至65周岁之间"])
        #expect(throws: FieldProblems.self) { try LoanRules.decide(Self.loan(0), limits: limits, exception: "县乡村振兴局〔2025〕12号批复").get() }
        #expect((try? LoanRules.decide(Self.loan(10_000), limits: limits, exception: "").get()) == [])
    }

    /// Seed 001's rows: A 享受政策的已脱贫户数, B 监测户数, C 目前总贷款余额户数, D 当年新增户数, then the printed 新增率, 户贷率, 排名.
    /// Seed 001's table as printed (Tests/Fixtures, shared with the test that rebuilds it from records): unit, A, B, C,
    /// D, 新增率, 户贷率, 排名.
    static let seed001: [(String, Int, Int, Int, Int, String, String, Int)] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/seed001-shangqiu-loans.csv")
        return try! String(contentsOf: file, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (f[0], Int(f[1])!, Int(f[2])!, Int(f[3])!, Int(f[4])!, f[5], f[6], Int(f[7])!)
        }
    }()

    @Test("seed 001's table from its counts: every 户贷率 and rank as printed, every 新增率 but 梁园区's (7 of 2,882 is 0.24%, printed 0.21%); the printed 合计 leaves 永城's households out of A and B but not of C and D — the full base gives 14.40% and 11.71%, not 14.72% and 11.97%")
    func seed001Table() {
        let bulletin = LoanBulletin(title: "商丘市脱贫人口小额信贷通报表", totalUnit: "商丘市", units: Self.seed001.map {
            ($0.0, LoanCoverage(alleviated: $0.1, monitored: $0.2, withBalance: $0.3, newThisYear: $0.4))
        })
        for (row, printed) in zip(bulletin.rows, Self.seed001) {
            #expect(row.figures.coverage.text == printed.6, "\(printed.0) 户贷率")
            #expect(row.rank == printed.7, "\(printed.0) 排名")
            if printed.0 == "梁园区" {
                #expect(row.figures.newRate.text == "0.24%" && printed.5 == "0.21%")   // the print fits D = 6, not the 7 beside it
            } else {
                #expect(row.figures.newRate.text == printed.5, "\(printed.0) 新增率")
            }
        }
        let total = bulletin.total
        #expect([total.alleviated, total.monitored, total.withBalance, total.newThisYear] as [Int] == [217_445, 8_345, 32_504, 26_441])
        #expect(total.coverage.text == "14.40%" && total.newRate.text == "11.71%")
        // The printed 合计: A 212504 and B 8337 (without 永城's 4941 and 8) over C and D with 永城's.
        let printed = LoanCoverage(alleviated: 212_504, monitored: 8_337, withBalance: 32_504, newThisYear: 26_441)
        #expect(printed.coverage.text == "14.72%" && printed.newRate.text == "11.97%" && 217_445 - 212_504 == 4_941 && 8_345 - 8_337 == 8)
        #expect(LoanBulletin.header.count == bulletin.cells[0].count)
        #expect(bulletin.cells.last == ["合计", "商丘市", "217445", "8345", "32504", "26441", "11.71%", "14.40%", ""])
        #expect(bulletin.cells[4] == ["5", "梁园区", "2811", "71", "182", "7", "0.24%", "6.32%", "10"])
    }

    @Test("equal 户贷率 share a rank; a unit with no eligible household has no rate and no rank; seed 003's 户均 2.89万 from 1,066 loans of 3,081.48万")
    func ranksAndAverage() {
        let b = LoanBulletin(title: "", units: [("甲", LoanCoverage(alleviated: 100, monitored: 0, withBalance: 20, newThisYear: 1)),
                                                 ("乙", LoanCoverage(alleviated: 50, monitored: 0, withBalance: 10, newThisYear: 1)),
                                                 ("丙", LoanCoverage(alleviated: 0, monitored: 0, withBalance: 0, newThisYear: 0)),
                                                 ("丁", LoanCoverage(alleviated: 10, monitored: 0, withBalance: 3, newThisYear: 0))])
        #expect(b.rows.map(\.rank) == [2, 2, nil, 1])
        #expect(b.rows[2].figures.coverage.text == "—")
        #expect(LoanFigures.averagePerLoan(total: Money(wanYuan: "3081.48")!, loans: 1_066)?.wanText == "2.89")
        #expect(LoanFigures.averagePerLoan(total: Money(wanYuan: "5704.89")!, loans: 2_194)?.wanText == "2.60")   // 存量 2194户
        #expect(CountShare(1, of: 8).text == "12.50%" && CountShare(1, of: 3).text == "33.33%" && CountShare(2, of: 3).text == "66.67%")
    }
}

@Suite("小额信贷：逾期率与不良率")
struct LoanPortfolioTests {
    @Test("逾期率 and 不良率 are over the whole balance; a loan overdue more than 90 days is 不良; a repaid loan overdue in the past is neither; 户均 over loans")
    func rates() {
        var p = LoanPortfolio()
        p.add(amount: Money(yuan: 50_000), balance: Money(yuan: 40_000), daysOverdue: 0)
        p.add(amount: Money(yuan: 50_000), balance: Money(yuan: 30_000), daysOverdue: 30)
        p.add(amount: Money(yuan: 30_000), balance: Money(yuan: 30_000), daysOverdue: 91)
        p.add(amount: Money(yuan: 20_000), balance: .zero, daysOverdue: 120)
        #expect(p.balance == Money(yuan: 100_000) && p.overdueLoans == 2)
        #expect(p.overdueRate.percentText() == "60.00%")
        #expect(p.badRate.percentText() == "30.00%")
        #expect(p.averagePerLoan == Money(yuan: 37_500))
        #expect(LoanPortfolio().overdueRate.fraction == nil)
    }
}

@Suite("小额信贷：贴息、展期与风险补偿")
struct LoanEventTests {
    static let issued = CivilDate(year: 2024, month: 3, day: 1)!, due = CivilDate(year: 2027, month: 3, day: 1)!, today = CivilDate(year: 2025, month: 6, day: 30)!

    @Test("风险补偿 starts only past 90 days overdue and pays at most 80% of the balance's first 5万; 展期 only to a later day; nothing before the loan or in the future")
    func events() {
        func problems(_ k: LoanEventKind, amount: Int64? = nil, newDue: CivilDate? = nil, balance: Int64 = 30_000, overdue: Int = 0, on: CivilDate = Self.today) -> [String] {
            LoanRules.eventProblems(k, on: on, amount: amount.map { Money(yuan: $0) }, newDue: newDue, issued: Self.issued, due: Self.due, balance: Money(yuan: balance),
                                    daysOverdue: overdue, today: Self.today).values.sorted()
        }
        #expect(problems(.compensation, amount: 10_000, overdue: 90) == ["银行报逾期90天，逾期超过90天才能启动风险补偿"])
        #expect(problems(.compensation, amount: 24_000, overdue: 91).isEmpty)
        #expect(problems(.compensation, amount: 24_001, overdue: 91) == ["补偿金额超过上限24000元（余额中5万元以内部分的80%）"])
        // A 追加 loan of 8万 with 7万 left: only the first 5万 is covered, 4万 at most.
        #expect(LoanRules.compensationLimit(balance: Money(yuan: 70_000)) == Money(yuan: 40_000))
        #expect(problems(.extension, newDue: Self.due) == ["展期后的到期日应晚于原到期日2027-03-01"])
        #expect(problems(.extension, newDue: CivilDate(year: 2028, month: 3, day: 1)!).isEmpty)
        #expect(problems(.extension, newDue: CivilDate(year: 2028, month: 3, day: 1)!, balance: 0) == ["贷款已结清，无需展期"])
        #expect(problems(.subsidy, amount: 0) == ["贴息金额应大于0"])
        #expect(problems(.subsidy, amount: 300, on: CivilDate(year: 2024, month: 2, day: 1)!) == ["日期不能早于放款日2024-03-01"])
    }

    @Test("the rate may not exceed the LPR of the loan's term on its issue date (1-year up to a year, 5-year-and-over to three years); a rate above it is a reason the loan is outside the rules")
    func rateAgainstLPR() {
        let province = RegionCode("41")!, county = RegionCode("411681")!
        let book = PolicyBook([
            PolicySetting(parameter: .lprOneYear, region: province, effectiveFrom: CivilDate(year: 2024, month: 10, day: 21)!, value: "3.1"),
            PolicySetting(parameter: .lprOneYear, region: province, effectiveFrom: CivilDate(year: 2025, month: 5, day: 20)!, value: "3"),
            PolicySetting(parameter: .lprFiveYear, region: province, effectiveFrom: CivilDate(year: 2024, month: 10, day: 21)!, value: "3.6"),
            PolicySetting(parameter: .microLoanSubsidyRatio, region: county, effectiveFrom: CivilDate(year: 2021, month: 3, day: 4)!, value: "100"),
        ])
        let threeYears = book.loanRate(365, term: 36, for: county, on: LoanTests.issued)
        #expect(threeYears == LoanRate(rate: 365, term: .fiveYear, lpr: 360, subsidyRatio: 10_000))
        var a = LoanTests.loan(50_000)
        a.rate = threeYears
        #expect(LoanRules.problems(a, limits: .national2021) == ["年利率3.65%高于放款日5年期以上LPR（3.6%）"])
        a.rate = book.loanRate(360, term: 36, for: county, on: LoanTests.issued)
        #expect(LoanRules.problems(a, limits: .national2021).isEmpty)
        // A one-year loan follows the 1-year LPR of its own day: 3.1% in March, 3% from 20 May.
        #expect(book.loanRate(310, term: 12, for: county, on: LoanTests.issued).problem == nil)
        #expect(book.loanRate(310, term: 12, for: county, on: CivilDate(year: 2025, month: 6, day: 1)!).problem == "年利率3.1%高于放款日1年期LPR（3%）")
        // The county's 贴息比例 unless the loan names its own; no LPR entered for the day, no check.
        #expect(book.loanRate(500, term: 12, for: county, on: CivilDate(year: 2024, month: 1, day: 1)!, subsidyRatio: 5_000)
            == LoanRate(rate: 500, term: .oneYear, lpr: nil, subsidyRatio: 5_000))
        #expect(book.loanRate(300, term: 12, for: RegionCode("411602")!, on: LoanTests.issued).subsidyRatio == nil)
    }

    @Test("贴息 expected over a span: the ratio of the interest at the contract rate, or the LPR where the rate is above it, on at most 5万 (a 追加 above it has none), over a 360-day year, with its arithmetic")
    func expectedSubsidy() {
        let year = (CivilDate(year: 2025, month: 3, day: 15)!, CivilDate(year: 2026, month: 3, day: 15)!)
        let full = LoanSubsidy.expected(lent: Money(yuan: 50_000), rate: LoanRate(rate: 345, term: .fiveYear, lpr: 360, subsidyRatio: 10_000), from: year.0, to: year.1)
        // 50,000 × 3.45% = 1,725 a 360-day year; 365 days is 1,748.958… → 1,748.96.
        #expect(full == LoanSubsidy(amount: Money(fen: 174_896), arithmetic: "50000元 × 3.45% × 贴息比例100% × 365天 ÷ 360 = 1748.96元"))
        let topUp = LoanSubsidy.expected(lent: Money(yuan: 80_000), rate: LoanRate(rate: 400, term: .fiveYear, lpr: 360, subsidyRatio: 5_000),
                                         from: year.0, to: year.0.adding(days: 360))
        #expect(topUp?.amount == Money(yuan: 900))
        #expect(topUp?.arithmetic == "50000元 × 3.6%（按5年期以上LPR） × 贴息比例50% × 360天 ÷ 360 = 900元（超过5万元的追加部分不贴息）")
        #expect(LoanSubsidy.expected(lent: Money(yuan: 50_000), rate: LoanRate(rate: 345, term: .fiveYear, lpr: 360, subsidyRatio: nil), from: year.0, to: year.1) == nil)
        #expect(LoanSubsidy.expected(lent: Money(yuan: 50_000), rate: LoanRate(rate: 345, term: .fiveYear, lpr: 360, subsidyRatio: 10_000), from: year.1, to: year.0) == nil)
    }
}

import Testing
@testable import BottomlineDomain

@Suite("家庭纯收入与人均纯收入")
struct IncomeTests {
    @Test("net income is the four incomes minus business costs; per capita divides by household size")
    func arithmetic() {
        let income = HouseholdIncome(year: 2025, wages: Money(yuan: 24_000), business: Money(yuan: 6_000),
                                     property: Money(fen: 50_050), transfers: Money(yuan: 3_000),
                                     businessCosts: Money(yuan: 2_500), compliantSelfPaid: Money(yuan: 9_000))
        #expect(income.grossIncome == Money(fen: 3_350_050))
        #expect(income.netIncome == Money(fen: 3_100_050))
        #expect(income.perCapitaNet(members: 4) == Money(fen: 775_013))  // 7750.125 rounds half up to 7750.13
        #expect(income.perCapitaNet(members: 0) == nil)
    }

    @Test("self-paid medical spending does not reduce net income (it is weighed separately)")
    func selfPaidIsSeparate() {
        let a = HouseholdIncome(year: 2025, wages: Money(yuan: 10_000))
        var b = a
        b.compliantSelfPaid = Money(yuan: 8_000)
        #expect(a.netIncome == b.netIncome)
    }

    @Test("amounts are read as office files write them and refused when malformed",
          arguments: [("12345", 1_234_500), ("12,345.6", 1_234_560), ("0.05", 5), ("1.2万", 1_200_000), ("300元", 30_000)])
    func parsing(text: String, fen: Int64) {
        #expect(Money(parsing: text) == Money(fen: fen))
    }

    @Test("malformed amounts are refused", arguments: ["", "abc", "1.234", "12..3", "1e5", "99999999999999"])
    func badAmounts(text: String) {
        #expect(Money(parsing: text) == nil)
    }

    @Test("negative amounts and impossible years are reported")
    func validation() {
        let income = HouseholdIncome(year: 1999, wages: Money(yuan: -1))
        let problems = income.validate(today: CivilDate(year: 2026, month: 1, day: 1)!)
        #expect(problems.contains(.badYear(1999)))
        #expect(problems.contains(.negative(field: "工资性收入")))
    }
}

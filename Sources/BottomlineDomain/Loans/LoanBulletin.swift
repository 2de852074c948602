/// The 小额信贷 figures offices report and rank (issue 16 §1, ledgers-rules.md §L4; the table of seed 001):
/// per unit the eligible 脱贫户 (A) and 监测户 (B) who enjoy the policy, households with a loan balance now (C) and
/// those newly lent to this year (D). 户贷率 = C ÷ (A + B); 当年新增率 = D ÷ (A + B); both to two decimals, ranked
/// by 户贷率 descending, with a 合计 row summed from the rows.

/// A count over a count, printed to two decimals of a percent with exact integer arithmetic, half away from zero.
public struct CountShare: Hashable, Sendable {
    public var part: Int
    public var whole: Int

    public init(_ part: Int, of whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// Hundredths of a percent: 1778 for 17.78%; nil when the whole is nothing.
    public var hundredthsOfPercent: Int? { scaled(10_000) }

    /// part × scale ÷ whole, half away from zero; nil when the whole is nothing.
    func scaled(_ scale: Int) -> Int? {
        guard whole != 0 else { return nil }
        let n = part * scale, d = whole
        let q = n / d, r = n % d
        return 2 * abs(r) >= abs(d) ? q + (n < 0 ? -1 : 1) : q
    }

    /// "17.78%", or "—" when the whole is nothing.
    public var text: String {
        guard let h = hundredthsOfPercent else { return "—" }
        let a = abs(h)
        return "\(h < 0 ? "-" : "")\(a / 100).\(a % 100 < 10 ? "0" : "")\(a % 100)%"
    }
}

public struct LoanCoverage: Sendable, Equatable {
    public var alleviated: Int
    public var monitored: Int
    public var withBalance: Int
    public var newThisYear: Int

    public init(alleviated: Int, monitored: Int, withBalance: Int, newThisYear: Int) {
        self.alleviated = alleviated
        self.monitored = monitored
        self.withBalance = withBalance
        self.newThisYear = newThisYear
    }

    public static let zero = LoanCoverage(alleviated: 0, monitored: 0, withBalance: 0, newThisYear: 0)

    /// A + B: the households the rates are taken over.
    public var base: Int { alleviated + monitored }
    /// 户贷率 (printed under “总贷款余额户数”).
    public var coverage: CountShare { CountShare(withBalance, of: base) }
    /// 当年新增率 (printed under “总贷款新增户数”).
    public var newRate: CountShare { CountShare(newThisYear, of: base) }

    public static func + (a: Self, b: Self) -> Self {
        Self(alleviated: a.alleviated + b.alleviated, monitored: a.monitored + b.monitored, withBalance: a.withBalance + b.withBalance,
             newThisYear: a.newThisYear + b.newThisYear)
    }
}

public struct LoanBulletin: Sendable {
    public struct Row: Sendable {
        public var position: Int
        public var unit: String
        public var figures: LoanCoverage
        /// By 户贷率, descending; equal rates share a rank; a unit with no base has none.
        public var rank: Int?
    }

    public var title: String
    /// Units in the order given (offices list counties in their usual order and print the rank beside them).
    public var rows: [Row]
    public var total: LoanCoverage
    /// The 合计 row's name: the city or county the bulletin is over.
    public var totalUnit: String

    public init(title: String, totalUnit: String = "", units: [(name: String, figures: LoanCoverage)]) {
        self.title = title
        self.totalUnit = totalUnit
        let ranked = units.compactMap { u in u.figures.coverage.hundredthsOfPercent.map { (u.name, $0, u.figures.coverage) } }
        var ranks: [String: Int] = [:]
        let sorted = ranked.sorted { a, b in
            // Exact comparison of the fractions, not of the rounded figures.
            a.2.part * b.2.whole > b.2.part * a.2.whole
        }
        for (i, r) in sorted.enumerated() {
            if i > 0, sorted[i - 1].2.part * r.2.whole == r.2.part * sorted[i - 1].2.whole { ranks[r.0] = ranks[sorted[i - 1].0] } else { ranks[r.0] = i + 1 }
        }
        rows = units.enumerated().map { i, u in Row(position: i + 1, unit: u.name, figures: u.figures, rank: ranks[u.name]) }
        total = units.map(\.figures).reduce(.zero, +)
    }

    /// The table as seed 001 prints it: 序号, unit, A, B, C, D, 新增率, 户贷率, 排名; the 合计 row last.
    public static let header = header(unit: "县（市、区）")

    /// The header with the units' column named for their level ("乡（镇、街道）" for a county's townships).
    public static func header(unit: String) -> [String] {
        ["序号", unit, "享受政策的已脱贫户数", "享受政策的监测户数", "目前总贷款余额户数", "当年新增户数", "总贷款新增户数", "总贷款余额户数", "排名"]
    }

    public var cells: [[String]] {
        func line(_ position: String, _ unit: String, _ f: LoanCoverage, _ rank: String) -> [String] {
            [position, unit, String(f.alleviated), String(f.monitored), String(f.withBalance), String(f.newThisYear), f.newRate.text, f.coverage.text, rank]
        }
        return rows.map { line(String($0.position), $0.unit, $0.figures, $0.rank.map(String.init) ?? "—") } + [line("合计", totalUnit, total, "")]
    }
}

public enum LoanFigures {
    /// 户均贷款 = amount ÷ loans, to the 分 (seed 003: 3,081.48万 over 1,066 loans is 2.89万 each).
    public static func averagePerLoan(total: Money, loans: Int) -> Money? {
        guard loans > 0 else { return nil }
        return total.divided(by: loans)
    }
}

/// A village's loans on a day (`LoanStore.villageLoans`): the portfolio, and the households with a balance (户贷率's C)
/// and lent to in the day's year (D).
public struct VillageLoans: Sendable, Equatable {
    public var portfolio = LoanPortfolio()
    public var withBalance = 0
    public var newThisYear = 0
    public init() {}
}

/// The loans of a unit as banks last reported them (issue 16 §1), each figure over a stated base: 户均贷款 = money lent
/// ÷ loans; 逾期率 = balance of loans overdue ÷ all balance; 不良率 = balance overdue more than `badAfterDays` (90, the
/// banks' 次级 line) ÷ all balance.
public struct LoanPortfolio: Sendable, Equatable {
    public static let badAfterDays = 90
    public var loans = 0
    public var lent = Money.zero
    public var balance = Money.zero
    public var overdueBalance = Money.zero
    public var badBalance = Money.zero
    public var overdueLoans = 0
    public init() {}

    public mutating func add(amount: Money, balance: Money, daysOverdue: Int) {
        loans += 1
        lent = lent + amount
        self.balance = self.balance + balance
        if daysOverdue > 0, balance.fen > 0 {
            overdueLoans += 1
            overdueBalance = overdueBalance + balance
            if daysOverdue > Self.badAfterDays { badBalance = badBalance + balance }
        }
    }

    public static func + (a: Self, b: Self) -> Self {
        var s = a
        (s.loans, s.lent, s.balance) = (a.loans + b.loans, a.lent + b.lent, a.balance + b.balance)
        (s.overdueBalance, s.badBalance, s.overdueLoans) = (a.overdueBalance + b.overdueBalance, a.badBalance + b.badBalance, a.overdueLoans + b.overdueLoans)
        return s
    }

    public var averagePerLoan: Money? { LoanFigures.averagePerLoan(total: lent, loans: loans) }
    public var overdueRate: MoneyShare { MoneyShare(overdueBalance, of: balance) }
    public var badRate: MoneyShare { MoneyShare(badBalance, of: balance) }
}

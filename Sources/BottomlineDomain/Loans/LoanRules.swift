/// 脱贫人口小额信贷 (issue 16 §1, ledgers-rules.md §L4): who may borrow, how much, for how long and for what, checked at
/// entry with every reason; an ineligible loan is recorded only with a written reason for the exception.

/// What a loan is for. Production uses are allowed; the rest are refused by the rules: 结婚、建房 (银保监发〔2021〕6号),
/// 理财、消费、入股分红、转贷、户贷企用 (the counties' restatements) [R24, R25].
public enum LoanPurpose: String, CodeList {
    case planting, breeding, processing, trade, tourism, otherProduction = "other_production"
    case marriage, housing, wealthManagement = "wealth_management", consumption, shareDividend = "share_dividend"
    case relending, enterpriseUse = "enterprise_use"
    public static let listName = "贷款用途"

    public var label: String {
        switch self {
        case .planting: "种植业"
        case .breeding: "养殖业"
        case .processing: "农产品加工"
        case .trade: "商贸流通"
        case .tourism: "乡村旅游"
        case .otherProduction: "其他生产经营"
        case .marriage: "结婚"
        case .housing: "建房"
        case .wealthManagement: "理财"
        case .consumption: "购买消费品"
        case .shareDividend: "入股分红"
        case .relending: "转贷"
        case .enterpriseUse: "户贷企用"
        }
    }

    public var aliases: [String] {
        switch self {
        case .planting: ["种植"]
        case .breeding: ["养殖"]
        case .processing: ["加工"]
        case .consumption: ["消费"]
        case .housing: ["建房、购房", "购房"]
        default: []
        }
    }

    /// A use the rules do not allow.
    public var refused: Bool { ![.planting, .breeding, .processing, .trade, .tourism, .otherProduction].contains(self) }
}

/// The limits in force for a place on a day (policy parameters, effective-dated): the household's total balance, the
/// term and the borrower's age. `national2021` is 银保监发〔2021〕6号 (≤ 5万, ≤ 3 years) with the counties' 18–65.
public struct LoanLimits: Sendable, Equatable {
    public var ceiling: Money
    public var maxTermMonths: Int
    public var ages: ClosedRange<Int>

    public init(ceiling: Money, maxTermMonths: Int, ages: ClosedRange<Int>) {
        self.ceiling = ceiling
        self.maxTermMonths = maxTermMonths
        self.ages = ages
    }

    public static let national2021 = LoanLimits(ceiling: Money(yuan: 50_000), maxTermMonths: 36, ages: 18...65)
}

/// A loan as entered, with what the check needs to know about the borrower and the household's other loans.
public struct LoanApplication: Sendable, Equatable {
    public var borrowerBirth: CivilDate?
    public var household: HouseholdStanding
    public var amount: Money
    public var issuedOn: CivilDate
    public var dueOn: CivilDate
    public var purpose: LoanPurpose
    /// What the household still owes on its other loans on the issue date.
    public var householdBalance: Money
    /// The contract's rate and the LPR it follows, when entered.
    public var rate: LoanRate?

    public init(borrowerBirth: CivilDate?, household: HouseholdStanding, amount: Money, issuedOn: CivilDate, dueOn: CivilDate,
                purpose: LoanPurpose, householdBalance: Money = .zero, rate: LoanRate? = nil) {
        self.borrowerBirth = borrowerBirth
        self.household = household
        self.amount = amount
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.purpose = purpose
        self.householdBalance = householdBalance
        self.rate = rate
    }
}

public enum LoanRules {
    /// Whole months from issue to due date, a part month counted as a month: 2024-03-15 → 2027-03-15 is 36.
    public static func termMonths(from issued: CivilDate, to due: CivilDate) -> Int {
        var months = (due.year - issued.year) * 12 + (due.month - issued.month)
        if due.day > issued.day { months += 1 }
        return months
    }

    /// Every reason the loan falls outside the rules, in the order a loan officer reads them; empty when it is within
    /// them. Dates that cannot make a loan (due on or before issue) are a problem of their own.
    public static func problems(_ a: LoanApplication, limits: LoanLimits) -> [String] {
        var out: [String] = []
        if !a.household.eligible { out.append("借款人家庭不是脱贫户或未消除风险的监测对象") }
        if let birth = a.borrowerBirth {
            let age = birth.age(on: a.issuedOn)
            if !limits.ages.contains(age) { out.append("借款人放款时\(age)周岁，不在\(limits.ages.lowerBound)至\(limits.ages.upperBound)周岁之间") }
        } else {
            out.append("缺少借款人出生日期，无法核对年龄")
        }
        if a.amount.fen <= 0 { out.append("贷款金额应大于0") }
        let total = a.amount + a.householdBalance
        if total.fen > limits.ceiling.fen {
            let over = total - limits.ceiling
            out.append(a.householdBalance.fen > 0
                ? "本户已有贷款余额\(a.householdBalance.wanText)万元，加上本笔\(a.amount.wanText)万元超过户均上限\(limits.ceiling.wanText)万元\(over.wanText)万元"
                : "贷款金额\(a.amount.wanText)万元超过上限\(limits.ceiling.wanText)万元")
        }
        if a.dueOn <= a.issuedOn {
            out.append("到期日应晚于发放日")
        } else {
            let months = termMonths(from: a.issuedOn, to: a.dueOn)
            if months > limits.maxTermMonths { out.append("贷款期限\(months)个月，超过\(limits.maxTermMonths)个月") }
        }
        if let problem = a.rate?.problem { out.append(problem) }
        if a.purpose.refused { out.append("贷款用途“\(a.purpose.label)”不符合政策（不得用于结婚、建房、理财、购买消费品、入股分红、转贷、户贷企用）") }
        return out
    }

    /// The decision at entry: within the rules, or outside them with a written reason for the exception (at least
    /// six characters: a 文号 or a decision, not "同意"). Refused otherwise, with every reason.
    public static func decide(_ a: LoanApplication, limits: LoanLimits, exception reason: String) -> Result<[String], FieldProblems> {
        let found = problems(a, limits: limits)
        guard !found.isEmpty else { return .success([]) }
        let reason = reason.trimmingASCIISpaces()
        if a.amount.fen <= 0 || a.dueOn <= a.issuedOn { return .failure(FieldProblems(["_": found.joined(separator: "；")])) }
        guard reason.count >= 6 else {
            return .failure(FieldProblems(["_": found.joined(separator: "；") + "。如确属特殊情况，请填写例外登记的依据"]))
        }
        return .success(found)
    }
}

/// What may happen to a loan after it is lent (ledgers-rules.md §L4).
public enum LoanEventKind: String, CodeList {
    case subsidy, `extension`, compensation
    public static let listName = "贷后事项"
    public var label: String {
        switch self {
        case .subsidy: "贴息"
        case .extension: "展期"
        case .compensation: "风险补偿"
        }
    }
}

extension LoanRules {
    /// The most the county's 风险补偿金 pays on a loan: its 80% share (风险补偿金 : bank = 8 : 2 [R27]) of the balance,
    /// counting only the first 5万 — what a 追加 lent above it has neither 贴息 nor 风险补偿 [R26].
    public static let compensationShare: Int64 = 8_000
    public static let compensatedCeiling = Money(yuan: 50_000)

    public static func compensationLimit(balance: Money) -> Money {
        Money(fen: (min(balance, compensatedCeiling).fen * compensationShare + 5_000) / 10_000)
    }

    /// Reasons an after-loan event cannot be recorded. 风险补偿 only once the bank has reported the loan more than 90 days
    /// overdue, within the limit; 展期 only to a later day than the loan is due; 贴息 a positive amount on or after the
    /// loan; nothing in the future.
    public static func eventProblems(_ kind: LoanEventKind, on day: CivilDate, amount: Money?, newDue: CivilDate?, issued: CivilDate, due: CivilDate,
                                     balance: Money, daysOverdue: Int, today: CivilDate) -> FieldErrors {
        var errors = FieldErrors()
        if day > today { errors["onDate"] = "日期不能晚于今天" }
        if day < issued { errors["onDate"] = "日期不能早于放款日\(issued)" }
        switch kind {
        case .subsidy:
            if (amount?.fen ?? 0) <= 0 { errors["amount"] = "贴息金额应大于0" }
        case .extension:
            guard let newDue else { errors["newDue"] = "请填写展期后的到期日"; break }
            if newDue <= due { errors["newDue"] = "展期后的到期日应晚于原到期日\(due)" }
            if balance.fen <= 0 { errors["_"] = "贷款已结清，无需展期" }
        case .compensation:
            if daysOverdue <= LoanPortfolio.badAfterDays { errors["_"] = "银行报逾期\(daysOverdue)天，逾期超过\(LoanPortfolio.badAfterDays)天才能启动风险补偿" }
            let limit = compensationLimit(balance: balance)
            if (amount?.fen ?? 0) <= 0 { errors["amount"] = "补偿金额应大于0" }
            else if amount! > limit { errors["amount"] = "补偿金额超过上限\(limit.yuanText)元（余额中5万元以内部分的80%）" }
        }
        return errors
    }
}

/// Which 贷款市场报价利率 a loan's rate may not exceed: a term up to one year the 1-year LPR, one to three years the
/// 5-year-and-over LPR, both as published on the day the loan is issued and fixed for the contract (银保监发〔2021〕6号
/// [R24]).
public enum LPRTerm: String, Sendable, CaseIterable {
    case oneYear = "1y", fiveYear = "5y"

    public var label: String {
        switch self {
        case .oneYear: "1年期LPR"
        case .fiveYear: "5年期以上LPR"
        }
    }

    public var parameter: PolicyParameter {
        switch self {
        case .oneYear: .lprOneYear
        case .fiveYear: .lprFiveYear
        }
    }

    public static func forTerm(months: Int) -> LPRTerm { months <= 12 ? .oneYear : .fiveYear }
}

/// A loan's rate and 贴息 as entered: the contract's yearly rate, the LPR it follows (on the issue date), and the share of
/// the interest the county's 财政 pays (the 贴息比例, set locally [R24]). Rates and shares are in hundredths of a percent
/// (3.45% is 345), as `PolicyParameter.hundredthsOfPercent` reads them.
public struct LoanRate: Sendable, Equatable {
    public var rate: Int64
    public var term: LPRTerm
    /// The LPR in force on the issue date; nil when no LPR is entered for that day (the rate is then not checked).
    public var lpr: Int64?
    /// 贴息比例; nil when the county has none for the loan (no 贴息 is expected).
    public var subsidyRatio: Int64?

    public init(rate: Int64, term: LPRTerm, lpr: Int64?, subsidyRatio: Int64?) {
        self.rate = rate
        self.term = term
        self.lpr = lpr
        self.subsidyRatio = subsidyRatio
    }

    /// The highest yearly rate a contract may carry, 24% (the courts' ceiling on private lending is lower still); a
    /// typed rate above it is a slip, not a loan.
    public static let largestRate: Int64 = 2_400

    /// "3.45%".
    public static func percent(_ hundredths: Int64) -> String {
        var text = PolicyParameter.percentText(hundredths)
        if text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text + "%"
    }

    /// Why the rate falls outside the rules: above the LPR it follows.
    public var problem: String? {
        guard let lpr, rate > lpr else { return nil }
        return "年利率\(Self.percent(rate))高于放款日\(term.label)（\(Self.percent(lpr))）"
    }
}

/// 贴息 the county owes on a loan over a span of days, with its arithmetic: the 贴息比例 of the interest at the contract
/// rate, or at the LPR where the rate is above it, on the amount lent up to 5万 (what a 追加 lends above 5万 has no 贴息
/// [R26]), for the days of the span over a 360-day year as banks count interest. An estimate on the amount lent: a
/// loan repaid early owes less, which the bank's 贴息 list settles.
public struct LoanSubsidy: Sendable, Equatable {
    public var amount: Money
    public var arithmetic: String

    public init(amount: Money, arithmetic: String) {
        self.amount = amount
        self.arithmetic = arithmetic
    }

    public static let ceiling = Money(yuan: 50_000)

    public static func expected(lent: Money, rate: LoanRate, from: CivilDate, to: CivilDate) -> LoanSubsidy? {
        guard let ratio = rate.subsidyRatio, to > from else { return nil }
        let base = min(lent, ceiling), days = Int64(from.days(until: to))
        let yearly = min(rate.rate, rate.lpr ?? rate.rate)
        // fen × (hundredths of a percent)² × days ÷ (10,000 × 10,000 × 360), rounded half up.
        let numerator = base.fen * yearly * ratio * days, denominator: Int64 = 10_000 * 10_000 * 360
        let amount = Money(fen: (numerator + denominator / 2) / denominator)
        let note = lent > ceiling ? "（超过5万元的追加部分不贴息）" : ""
        let rateNote = yearly < rate.rate ? "（按\(rate.term.label)）" : ""
        return LoanSubsidy(amount: amount,
                           arithmetic: "\(base.yuanText)元 × \(LoanRate.percent(yearly))\(rateNote) × 贴息比例\(LoanRate.percent(ratio)) × \(days)天 ÷ 360 = \(amount.yuanText)元\(note)")
    }
}

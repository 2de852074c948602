/// The numbers and names the policy sets, each stored as effective-dated data per province (a county may override the
/// ones marked so). Nothing here is a value: values live in the policy table and change by date without code changes.
public enum PolicyParameter: String, CaseIterable, Sendable, Codable {
    /// 监测范围: the monitoring income line, 元 per person per year (set yearly by each province).
    case monitoringIncomeLine = "monitoring_income_line"
    /// 公示 days, at least five.
    case noticeDays = "notice_days"
    /// Days from the first clue to completed identification (15).
    case identificationDeadlineDays = "identification_deadline_days"
    /// Days to verify a clue or warning (7).
    case clueVerificationDays = "clue_verification_days"
    /// Days between visits to a monitored household.
    case visitIntervalDays = "visit_interval_days"
    /// Months between identification and risk elimination (6).
    case eliminationMinimumMonths = "elimination_minimum_months"
    /// Months of income stably above the line before elimination (6).
    case stableIncomeMonths = "stable_income_months"
    /// What monitored households are called: "防止返贫监测对象" until the 2026 naming "防止返贫致贫对象".
    case monitoringObjectName = "monitoring_object_name"
    /// 衔接资金 用于产业发展的比例下限, percent (ledgers-rules.md §L1: 2021 ≥ 50%; Henan central funds 60/65/70% in
    /// 2023/2024/2025).
    case industryShareMinimum = "industry_share_minimum"
    /// Which 衔接资金 the 产业占比 is taken over: `IndustryShareBase` labels (中央衔接资金 or 各级衔接资金).
    case industryShareBase = "industry_share_base"
    /// 项目公示 days in the 村/乡 公开栏 (项目库 entry), at least ten (ledgers-rules.md §L2 [R8]).
    case projectNoticeDays = "project_notice_days"
    /// 小额信贷: the most a household may owe, 元 (ledgers-rules.md §L4: 5万 under 银保监发〔2021〕6号; 追加 to 10万 where a
    /// province allows).
    case microLoanCeiling = "micro_loan_ceiling"
    /// 小额信贷: the longest term, months (36).
    case microLoanMaxTermMonths = "micro_loan_max_term_months"
    /// 小额信贷: the borrower's youngest and oldest age on the issue date (18 and 65 in the counties' restatements).
    case microLoanMinAge = "micro_loan_min_age"
    case microLoanMaxAge = "micro_loan_max_age"
    /// 贷款市场报价利率 (LPR) as published each month: a 小额信贷 rate may not exceed the 1-year LPR for a term up to a
    /// year, the 5-year-and-over LPR for one to three years (ledgers-rules.md §L4 [R24]). Percent.
    case lprOneYear = "lpr_one_year"
    case lprFiveYear = "lpr_five_year"
    /// 小额信贷贴息比例: the share of a loan's interest the county's 财政 pays, percent (set locally [R24]; a county sets
    /// its own).
    case microLoanSubsidyRatio = "micro_loan_subsidy_ratio"
    /// 涉贫信访 (信访工作条例, 2022-05-01 [R40]): days to tell a petitioner whether the matter is accepted (15), to
    /// settle it (60), the most an extension may add, once (30), and the days to ask for and to answer a 复查 or 复核 (30
    /// each).
    case petitionTellDays = "petition_tell_days"
    case petitionSettleDays = "petition_settle_days"
    case petitionExtensionDays = "petition_extension_days"
    case petitionReviewRequestDays = "petition_review_request_days"
    case petitionReviewAnswerDays = "petition_review_answer_days"
    /// 跨省务工交通补助: months in another province in a row, or in total in a year, that make it due (Henan: 3, 6).
    case transportSubsidyConsecutiveMonths = "transport_subsidy_consecutive_months"
    case transportSubsidyTotalMonths = "transport_subsidy_total_months"
    /// 驻村帮扶 (ledgers-rules.md §L6): cadres a team has at least (3) and the shortest stay, months (24) [R36]; days
    /// and nights a week in the village (Henan “五天四夜”) and days a month (Guangxi 20) — 0 where a province sets none;
    /// the longest leave a township approves (Guangxi 3 [R38]).
    case dispatchTeamMinimum = "dispatch_team_minimum"
    case dispatchTermMonths = "dispatch_term_months"
    case dispatchWeeklyDays = "dispatch_weekly_days"
    case dispatchWeeklyNights = "dispatch_weekly_nights"
    case dispatchMonthlyDays = "dispatch_monthly_days"
    case dispatchTownshipLeaveDays = "dispatch_township_leave_days"
    /// 年度考核 and the unexcused absences found in the year's checks (Guangxi [R38]): from this many the cadre cannot
    /// be 优秀, is at most 基本称职, is 不称职 — 0 where a province sets none.
    case dispatchAbsencesNotExcellent = "dispatch_absences_not_excellent"
    case dispatchAbsencesBasic = "dispatch_absences_basic"
    case dispatchAbsencesIncompetent = "dispatch_absences_incompetent"
    /// 问题整改: days after 销号 when 回头看 falls due (no national figure found; a county sets its own).
    case rectificationReviewDays = "rectification_review_days"

    public var label: String {
        switch self {
        case .monitoringIncomeLine: "监测标准（元/人·年）"
        case .noticeDays: "公示天数"
        case .identificationDeadlineDays: "识别纳入时限（天）"
        case .clueVerificationDays: "线索核实时限（天）"
        case .visitIntervalDays: "监测户走访间隔（天）"
        case .eliminationMinimumMonths: "纳入后至风险消除最少月数"
        case .stableIncomeMonths: "收入稳定超过标准的月数"
        case .monitoringObjectName: "监测对象名称"
        case .industryShareMinimum: "衔接资金产业占比下限（%）"
        case .industryShareBase: "产业占比计算基数"
        case .projectNoticeDays: "项目公示天数"
        case .microLoanCeiling: "小额信贷户均余额上限（元）"
        case .microLoanMaxTermMonths: "小额信贷最长期限（月）"
        case .microLoanMinAge: "小额信贷借款人最低年龄（周岁）"
        case .microLoanMaxAge: "小额信贷借款人最高年龄（周岁）"
        case .petitionTellDays: "信访：告知是否受理期限（天）"
        case .petitionSettleDays: "信访：办理期限（天）"
        case .petitionExtensionDays: "信访：延期最多（天）"
        case .petitionReviewRequestDays: "信访：请求复查、复核期限（天）"
        case .petitionReviewAnswerDays: "信访：复查、复核答复期限（天）"
        case .lprOneYear: "贷款市场报价利率：1年期LPR（%）"
        case .lprFiveYear: "贷款市场报价利率：5年期以上LPR（%）"
        case .microLoanSubsidyRatio: "小额信贷贴息比例（%）"
        case .transportSubsidyConsecutiveMonths: "跨省务工交通补助：连续务工月数"
        case .transportSubsidyTotalMonths: "跨省务工交通补助：年内累计务工月数"
        case .dispatchTeamMinimum: "驻村工作队最少人数"
        case .dispatchTermMonths: "驻村任期最少月数"
        case .dispatchWeeklyDays: "驻村：每周在村最少天数（0为不要求）"
        case .dispatchWeeklyNights: "驻村：每周住村最少夜数（0为不要求）"
        case .dispatchMonthlyDays: "驻村：每月在村最少天数（0为不要求）"
        case .dispatchTownshipLeaveDays: "驻村：乡镇可批请假最多天数"
        case .dispatchAbsencesNotExcellent: "驻村考核：年内无故脱岗几次起不得评为优秀（0为不限）"
        case .dispatchAbsencesBasic: "驻村考核：年内无故脱岗几次起最高为基本称职（0为不限）"
        case .dispatchAbsencesIncompetent: "驻村考核：年内无故脱岗几次起为不称职（0为不限）"
        case .rectificationReviewDays: "问题整改：销号后回头看（天）"
        }
    }

    /// Whether a county may set its own value (otherwise only the province does).
    public var countyMayOverride: Bool {
        switch self {
        case .visitIntervalDays, .clueVerificationDays, .microLoanSubsidyRatio, .rectificationReviewDays: true
        default: false
        }
    }

    public enum Kind: Sendable { case money, days, months, text, percent, fundBase, age, count }

    public var kind: Kind {
        switch self {
        case .monitoringIncomeLine, .microLoanCeiling: .money
        case .noticeDays, .identificationDeadlineDays, .clueVerificationDays, .visitIntervalDays, .projectNoticeDays, .petitionTellDays, .petitionSettleDays,
             .petitionExtensionDays, .petitionReviewRequestDays, .petitionReviewAnswerDays, .rectificationReviewDays: .days
        case .eliminationMinimumMonths, .stableIncomeMonths, .microLoanMaxTermMonths, .transportSubsidyConsecutiveMonths, .transportSubsidyTotalMonths, .dispatchTermMonths: .months
        case .dispatchTeamMinimum, .dispatchWeeklyDays, .dispatchWeeklyNights, .dispatchMonthlyDays, .dispatchTownshipLeaveDays,
             .dispatchAbsencesNotExcellent, .dispatchAbsencesBasic, .dispatchAbsencesIncompetent: .count
        case .microLoanMinAge, .microLoanMaxAge: .age
        case .monitoringObjectName: .text
        case .industryShareMinimum, .lprOneYear, .lprFiveYear, .microLoanSubsidyRatio: .percent
        case .industryShareBase: .fundBase
        }
    }

    /// Checks a typed value; returns the normalised text to store, or the reason in Chinese.
    public func validate(_ raw: String) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        switch kind {
        case .money:
            let largest = self == .microLoanCeiling ? Money(yuan: 1_000_000) : Money(yuan: 100_000)
            guard let money = Money(parsing: text), money > .zero, money < largest else {
                return .failure(FieldProblem(self == .microLoanCeiling ? "小额信贷上限应为大于0、小于100万的金额（元）" : "监测标准应为大于0、小于10万的金额（元）"))
            }
            return .success(money.description)
        case .age:
            guard let n = Int(text), (16...80).contains(n) else { return .failure(FieldProblem("年龄应为16至80之间的整数")) }
            return .success(String(n))
        case .days, .months:
            guard let n = Int(text), (1...3650).contains(n) else { return .failure(FieldProblem("应为正整数")) }
            if self == .noticeDays, n < 5 { return .failure(FieldProblem("公示不得少于5天")) }
            if self == .projectNoticeDays, n < 10 { return .failure(FieldProblem("项目公示不得少于10天")) }
            if self == .identificationDeadlineDays, n > 15 { return .failure(FieldProblem("识别纳入时限不得超过15天")) }
            return .success(String(n))
        case .count:
            let range: ClosedRange<Int> = switch self {
            case .dispatchTeamMinimum: 1...20
            case .dispatchWeeklyDays, .dispatchWeeklyNights: 0...7
            case .dispatchMonthlyDays: 0...31
            default: 0...30
            }
            guard let n = Int(text), range.contains(n) else { return .failure(FieldProblem("应为\(range.lowerBound)至\(range.upperBound)之间的整数")) }
            return .success(String(n))
        case .text:
            guard !text.isEmpty, text.count <= 20 else { return .failure(FieldProblem("名称应为1至20个字")) }
            return .success(text)
        case .percent:
            guard let hundredths = Self.hundredthsOfPercent(text), hundredths > 0, hundredths <= 10_000 else {
                return .failure(FieldProblem("应为大于0、不超过100的百分数，最多两位小数"))
            }
            return .success(Self.percentText(hundredths))
        case .fundBase:
            guard IndustryShareBase(label: text) != nil else {
                return .failure(FieldProblem("应为“\(IndustryShareBase.allCases.map(\.label).joined(separator: "”或“"))”"))
            }
            return .success(text)
        }
    }
}

extension PolicyParameter {
    /// "60", "62.5", "62.50%" → 6000, 6250, 6250 (hundredths of a percent); nil if not such a number.
    public static func hundredthsOfPercent(_ raw: String) -> Int64? {
        var text = raw.trimmingASCIISpaces()
        if text.hasSuffix("%") { text.removeLast() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 3, parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        var hundredths = Int64(parts[0])! * 100
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            hundredths += Int64(parts[1] + (parts[1].count == 1 ? "0" : ""))!
        }
        return hundredths
    }

    public static func percentText(_ hundredths: Int64) -> String {
        let cents = hundredths % 100
        return cents == 0 ? String(hundredths / 100) : "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

/// One stored value: for a region (a province, or a county where allowed), from a date on.
public struct PolicySetting: Hashable, Sendable {
    public var parameter: PolicyParameter
    public var region: RegionCode
    public var effectiveFrom: CivilDate
    public var value: String
    public var source: String

    public init(parameter: PolicyParameter, region: RegionCode, effectiveFrom: CivilDate, value: String, source: String = "") {
        self.parameter = parameter
        self.region = region
        self.effectiveFrom = effectiveFrom
        self.value = value
        self.source = source
    }
}

/// Answers "what is the value of this parameter for this place on this date": the most specific region that has a
/// value in effect wins (a county's own over its province's), and within a region the latest date not after the day.
public struct PolicyBook: Sendable {
    public let settings: [PolicySetting]
    /// Wordings of the code lists that policy names (`CodeLabels.swift`).
    public let labels: [CodeLabelSetting]
    /// The years' 节假日安排, by which deadlines move off days off.
    public var calendar: WorkCalendar
    public init(_ settings: [PolicySetting], labels: [CodeLabelSetting] = [], calendar: WorkCalendar = .none) {
        self.settings = settings
        self.labels = labels
        self.calendar = calendar
    }

    public func setting(_ parameter: PolicyParameter, for place: RegionCode, on date: CivilDate) -> PolicySetting? {
        settings
            .filter { $0.parameter == parameter && $0.region.contains(place) && $0.effectiveFrom <= date }
            .filter { parameter.countyMayOverride || $0.region.level <= .province }
            .max { ($0.region.level, $0.effectiveFrom) < ($1.region.level, $1.effectiveFrom) }
    }

    public func money(_ parameter: PolicyParameter, for place: RegionCode, on date: CivilDate) -> Money? {
        setting(parameter, for: place, on: date).flatMap { Money(parsing: $0.value) }
    }

    public func int(_ parameter: PolicyParameter, for place: RegionCode, on date: CivilDate) -> Int? {
        setting(parameter, for: place, on: date).flatMap { Int($0.value) }
    }

    public func text(_ parameter: PolicyParameter, for place: RegionCode, on date: CivilDate) -> String? {
        setting(parameter, for: place, on: date)?.value
    }

    /// The 产业占比 rule for a place on a date: the minimum (hundredths of a percent) and the base it is taken over.
    public func industryShareRule(for place: RegionCode, on date: CivilDate) -> (minimum: Int64, base: IndustryShareBase)? {
        guard let minimum = setting(.industryShareMinimum, for: place, on: date).flatMap({ PolicyParameter.hundredthsOfPercent($0.value) }),
              let base = text(.industryShareBase, for: place, on: date).flatMap(IndustryShareBase.init(label:)) else { return nil }
        return (minimum, base)
    }

    /// The 小额信贷 limits for a place on a date, each part from its own parameter; nil while any is not set.
    public func loanLimits(for place: RegionCode, on date: CivilDate) -> LoanLimits? {
        guard let ceiling = money(.microLoanCeiling, for: place, on: date), let term = int(.microLoanMaxTermMonths, for: place, on: date),
              let youngest = int(.microLoanMinAge, for: place, on: date), let oldest = int(.microLoanMaxAge, for: place, on: date),
              youngest <= oldest else { return nil }
        return LoanLimits(ceiling: ceiling, maxTermMonths: term, ages: youngest...oldest)
    }

    /// A loan's rate as the rules read it on its issue date: the LPR of its term in force that day, and the 贴息比例
    /// (the loan's own when given, else the place's).
    public func loanRate(_ rate: Int64, term months: Int, for place: RegionCode, on date: CivilDate, subsidyRatio: Int64? = nil) -> LoanRate {
        let term = LPRTerm.forTerm(months: months)
        return LoanRate(rate: rate, term: term, lpr: setting(term.parameter, for: place, on: date).flatMap { PolicyParameter.hundredthsOfPercent($0.value) },
                        subsidyRatio: subsidyRatio ?? setting(.microLoanSubsidyRatio, for: place, on: date).flatMap { PolicyParameter.hundredthsOfPercent($0.value) })
    }

    /// The 信访 deadlines for a place on a date; nil while any is not set.
    public func petitionDeadlines(for place: RegionCode, on date: CivilDate) -> PetitionDeadlines? {
        guard let tell = int(.petitionTellDays, for: place, on: date), let settle = int(.petitionSettleDays, for: place, on: date),
              let extensionLimit = int(.petitionExtensionDays, for: place, on: date), let request = int(.petitionReviewRequestDays, for: place, on: date),
              let answer = int(.petitionReviewAnswerDays, for: place, on: date) else { return nil }
        return PetitionDeadlines(tell: tell, settle: settle, extensionLimit: extensionLimit, reviewRequest: request, reviewAnswer: answer, calendar: calendar)
    }

    /// The 驻村 rule for a place on a date; nil while the team, term or leave part is not set (a presence count of 0 or
    /// none means the province sets no such count).
    public func dispatchRule(for place: RegionCode, on date: CivilDate) -> DispatchRule? {
        guard let team = int(.dispatchTeamMinimum, for: place, on: date), let term = int(.dispatchTermMonths, for: place, on: date),
              let leave = int(.dispatchTownshipLeaveDays, for: place, on: date) else { return nil }
        func count(_ p: PolicyParameter) -> Int? { int(p, for: place, on: date).flatMap { $0 > 0 ? $0 : nil } }
        var rule = DispatchRule(teamMinimum: team, termMonths: term, weeklyDays: count(.dispatchWeeklyDays), weeklyNights: count(.dispatchWeeklyNights),
                                monthlyDays: count(.dispatchMonthlyDays), townshipLeaveDays: leave)
        rule.gradeLimits = [(count(.dispatchAbsencesNotExcellent), DispatchGrade.competent), (count(.dispatchAbsencesBasic), .basic),
                            (count(.dispatchAbsencesIncompetent), .incompetent)].compactMap { n, grade in n.map { .init(absences: $0, highest: grade) } }
        return rule
    }

    /// The 交通补助 rule for a place on a date; nil while either part is not set.
    public func transportRule(for place: RegionCode, on date: CivilDate) -> TransportRule? {
        guard let run = int(.transportSubsidyConsecutiveMonths, for: place, on: date), let total = int(.transportSubsidyTotalMonths, for: place, on: date),
              run <= 12, total <= 12 else { return nil }
        return TransportRule(consecutive: run, total: total)
    }

    /// The monitoring line for an income year: the line in effect on the last day of that year.
    public func incomeLine(forIncomeYear year: Int, place: RegionCode) -> Money? {
        money(.monitoringIncomeLine, for: place, on: CivilDate(year: year, month: 12, day: 31)!)
    }
}

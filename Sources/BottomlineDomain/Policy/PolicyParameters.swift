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
        }
    }

    /// Whether a county may set its own value (otherwise only the province does).
    public var countyMayOverride: Bool {
        switch self {
        case .visitIntervalDays, .clueVerificationDays: true
        default: false
        }
    }

    public enum Kind: Sendable { case money, days, months, text }

    public var kind: Kind {
        switch self {
        case .monitoringIncomeLine: .money
        case .noticeDays, .identificationDeadlineDays, .clueVerificationDays, .visitIntervalDays: .days
        case .eliminationMinimumMonths, .stableIncomeMonths: .months
        case .monitoringObjectName: .text
        }
    }

    /// Checks a typed value; returns the normalised text to store, or the reason in Chinese.
    public func validate(_ raw: String) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        switch kind {
        case .money:
            guard let money = Money(parsing: text), money > .zero, money < Money(yuan: 100_000) else {
                return .failure(FieldProblem("监测标准应为大于0、小于10万的金额（元）"))
            }
            return .success(money.description)
        case .days, .months:
            guard let n = Int(text), (1...3650).contains(n) else { return .failure(FieldProblem("应为正整数")) }
            if self == .noticeDays, n < 5 { return .failure(FieldProblem("公示不得少于5天")) }
            if self == .identificationDeadlineDays, n > 15 { return .failure(FieldProblem("识别纳入时限不得超过15天")) }
            return .success(String(n))
        case .text:
            guard !text.isEmpty, text.count <= 20 else { return .failure(FieldProblem("名称应为1至20个字")) }
            return .success(text)
        }
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
    public init(_ settings: [PolicySetting], labels: [CodeLabelSetting] = []) {
        self.settings = settings
        self.labels = labels
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

    /// The monitoring line for an income year: the line in effect on the last day of that year.
    public func incomeLine(forIncomeYear year: Int, place: RegionCode) -> Money? {
        money(.monitoringIncomeLine, for: place, on: CivilDate(year: year, month: 12, day: 31)!)
    }
}

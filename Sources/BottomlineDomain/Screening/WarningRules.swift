/// Which households a rule's threshold is for: thresholds differ (policy-rules.md §8: 5,000 元 for 脱贫人口 and
/// 监测对象, 20,000 元 for others).
public enum HouseholdClass: String, CaseIterable, Sendable, Codable {
    case alleviated, monitored, ordinary
    public var label: String {
        switch self {
        case .alleviated: "脱贫户"
        case .monitored: "监测对象"
        case .ordinary: "一般农户"
        }
    }
}

/// A screening rule, stored as data: which feed, which rows count (filters on coded columns, a date window), what is
/// measured per household (rows, or a sum of an amount column), the threshold for each class of household (absent:
/// the rule does not apply to that class), the risk type it suggests, and its effective dates.
public struct ScreeningRule: Hashable, Sendable {
    public enum Measure: Hashable, Sendable {
        case count
        case sum(String)
    }

    public var code: String
    public var name: String
    public var feed: FeedKind
    public var filters: [String: [String]]
    public var measure: Measure
    /// 分 for a sum, rows for a count.
    public var thresholds: [HouseholdClass: Int64]
    /// Rows dated within this many months before the screening day; 0 for any date.
    public var windowMonths: Int
    public var risk: RiskType?
    /// Only rows about a person who was the household's only labourer (公安: death of the only labourer).
    public var onlyLabourer: Bool
    public var effectiveFrom: CivilDate
    public var effectiveTo: CivilDate?

    public init(code: String, name: String, feed: FeedKind, filters: [String: [String]] = [:], measure: Measure = .count,
                thresholds: [HouseholdClass: Int64], windowMonths: Int = 12, risk: RiskType?, onlyLabourer: Bool = false,
                effectiveFrom: CivilDate, effectiveTo: CivilDate? = nil) {
        self.code = code
        self.name = name
        self.feed = feed
        self.filters = filters
        self.measure = measure
        self.thresholds = thresholds
        self.windowMonths = windowMonths
        self.risk = risk
        self.onlyLabourer = onlyLabourer
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
    }

    public func inEffect(on day: CivilDate) -> Bool { effectiveFrom <= day && (effectiveTo.map { day <= $0 } ?? true) }

    /// A hit flags a case for review rather than suggesting a risk (business, vehicle, urban property).
    public var isExclusion: Bool { feed.isExclusionCheck }

    /// "status=辍学;stage=小学|初中": the stored form of the filters, in key order.
    public var filterText: String {
        filters.keys.sorted().map { "\($0)=\(filters[$0]!.joined(separator: "|"))" }.joined(separator: ";")
    }

    public static func filters(parsing text: String) -> [String: [String]]? {
        var result: [String: [String]] = [:]
        for part in text.split(separator: ";") where !part.trimmingASCIISpaces().isEmpty {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIISpaces() }
            guard kv.count == 2, !kv[0].isEmpty else { return nil }
            let values = kv[1].split(separator: "|").map { String($0).trimmingASCIISpaces() }.filter { !$0.isEmpty }
            guard !values.isEmpty else { return nil }
            result[kv[0]] = values
        }
        return result
    }

    public var measureText: String {
        switch measure {
        case .count: "count"
        case .sum(let f): "sum:" + f
        }
    }

    public static func measure(parsing text: String) -> Measure? {
        if text == "count" { return .count }
        if text.hasPrefix("sum:"), text.count > 4 { return .sum(String(text.dropFirst(4))) }
        return nil
    }

    /// What the rule asks, in one Chinese sentence, for the rule list and the warning page.
    public var explanation: String {
        let fields = Dictionary(feed.fields.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        let rows = filters.keys.sorted().map { "\(fields[$0] ?? $0)为\(filters[$0]!.joined(separator: "或"))" }.joined(separator: "且")
        let window = windowMonths > 0 ? "近\(windowMonths)个月" : ""
        let what: String
        switch measure {
        case .count: what = "\(window)\(rows.isEmpty ? "有记录" : rows)"
        case .sum(let f): what = "\(window)\(rows.isEmpty ? "" : rows + "的")\(fields[f] ?? f)合计"
        }
        let limits = HouseholdClass.allCases.compactMap { c in thresholds[c].map { (c, $0) } }.map { c, t -> String in
            switch measure {
            case .count: t <= 1 ? c.label : "\(c.label)\(t)条及以上"
            case .sum: "\(c.label)≥\(Money(fen: t).yuanText)元"
            }
        }
        return "\(feed.label)：\(what)\(onlyLabourer ? "（本人为家中唯一劳动力）" : "")；\(limits.joined(separator: "，"))"
    }
}

extension ScreeningRule {
    /// A county administrator's change to a rule, from the rule form: the feed and what is measured stay; the name,
    /// thresholds per class (empty: the rule does not apply to that class), window, row filters, risk type and start
    /// date change. Returns the new version or every problem, field by field.
    public func revised(by values: FormValues, today: CivilDate) -> Result<ScreeningRule, FieldProblems> {
        var errors = FieldErrors()
        var rule = self
        let name = values.text("name", limit: 60)
        if name.isEmpty || name.count > 30 || name.contains(where: { "<>&\"".contains($0) }) { errors["name"] = "名称应为1至30个字，不含 < > & \"" } else { rule.name = name }
        var thresholds: [HouseholdClass: Int64] = [:]
        for cls in HouseholdClass.allCases {
            let raw = values.text("threshold_" + cls.rawValue, limit: 20)
            if raw.isEmpty { continue }
            switch measure {
            case .sum:
                guard let money = Money(parsing: raw), money > .zero, money <= Money(yuan: 10_000_000) else {
                    errors["threshold_" + cls.rawValue] = "\(cls.label)门槛应为大于0的金额（元），不适用请留空"
                    continue
                }
                thresholds[cls] = money.fen
            case .count:
                guard let n = Int(raw), (1...1000).contains(n) else {
                    errors["threshold_" + cls.rawValue] = "\(cls.label)门槛应为1至1000条，不适用请留空"
                    continue
                }
                thresholds[cls] = Int64(n)
            }
        }
        if thresholds.isEmpty, errors.isEmpty { errors["threshold_ordinary"] = "至少为一类农户设置门槛" }
        rule.thresholds = thresholds
        if let months = Int(values.text("windowMonths", limit: 4)), (0...36).contains(months) { rule.windowMonths = months } else {
            errors["windowMonths"] = "统计窗口应为0至36个月（0表示不限）"
        }
        let filterText = values.text("filters", limit: 1000)
        if let filters = ScreeningRule.filters(parsing: filterText) {
            let allowed = Dictionary(feed.filterableFields.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
            let labels = Dictionary(allowed.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            var keyed: [String: [String]] = [:]
            for (key, list) in filters {
                guard let k = allowed[key] != nil ? key : labels[key] else {
                    errors["filters"] = "“\(String(key.prefix(10)))”不是\(feed.label)文件中可筛选的列" + (allowed.isEmpty ? "（此类文件没有可筛选的列）" : "（可用：\(allowed.values.sorted().joined(separator: "、"))）")
                    break
                }
                if list.count > 30 || list.contains(where: { $0.count > 20 || $0.contains(where: { "<>&\"".contains($0) }) }) {
                    errors["filters"] = "每列最多30个取值，每个取值最多20个字"
                    break
                }
                keyed[k] = list
            }
            rule.filters = keyed
        } else {
            errors["filters"] = "条件格式应为“列=取值1|取值2;列2=取值”"
        }
        let risk = values.text("risk", limit: 10)
        if risk.isEmpty { rule.risk = nil } else if let r = RiskType(rawValue: risk) { rule.risk = r } else { errors["risk"] = "请选择风险类型" }
        if let from = CivilDate(parsing: values.text("effectiveFrom", limit: 20)), from >= today.adding(days: -366), from <= today.adding(days: 366) {
            rule.effectiveFrom = from
            rule.effectiveTo = nil
        } else {
            errors["effectiveFrom"] = "生效日期应在前后一年之内"
        }
        return errors.isEmpty ? .success(rule) : .failure(FieldProblems(errors))
    }
}

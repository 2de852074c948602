/// 就业帮扶 (issue 16 §3, ledgers-rules.md §L5): 务工 spells per person, counted in months, placed 县内, 省内县外 or
/// 省外 by the county they are in against the household's own; spells of one person never overlap; 交通补助 is due
/// for work in another province of `TransportRule`'s consecutive or total months in a year.

/// A calendar month, written "2024-03".
public struct CivilMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public init(_ day: CivilDate) {
        self.year = day.year
        self.month = day.month
    }

    /// "2024-03", "2024-3", "2024/03", "202403", "2024.3" and "2024年3月".
    public init?(parsing raw: String) {
        var text = raw.trimmingASCIISpaces()
        if text.hasSuffix("月") { text.removeLast() }
        for sep in ["年", "/", "."] { text = text.replacingOccurrences(of: sep, with: "-") }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, text.count == 6, text.allSatisfy(\.isASCIIDigit) {
            self.init(year: Int(text.prefix(4))!, month: Int(text.suffix(2))!)
            return
        }
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        self.init(year: Int(parts[0])!, month: Int(parts[1])!)
    }

    /// Months since year 0: consecutive months differ by one.
    public var index: Int { year * 12 + month - 1 }
    public init(index: Int) {
        self.year = index / 12
        self.month = index % 12 + 1
    }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))! }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// Where a spell is, against the worker's home county (the national system's 务工所在地 to county level).
public enum WorkPlaceScope: String, CodeList {
    case county, province, outside
    public static let listName = "务工地域"
    public var label: String {
        switch self {
        case .county: "县内"
        case .province: "省内县外"
        case .outside: "省外"
        }
    }

    /// The provinces' two-digit codes (GB/T 2260), for telling a county code from a mistyped number.
    public static let provinces: Set<String> = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                                                "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
                                                "71", "81", "82"]

    /// From two county-level codes: the same county, the same province, or another province.
    public static func of(place: RegionCode, home: RegionCode) -> Self {
        if place.digits.prefix(6) == home.digits.prefix(6) { return .county }
        return place.digits.prefix(2) == home.digits.prefix(2) ? .province : .outside
    }
}

/// 就业渠道. The national code list is not public; these are the channels counties report.
public enum WorkChannel: String, CodeList {
    case organised, own, workshop, startup, flexible, other
    public static let listName = "就业渠道"
    public var label: String {
        switch self {
        case .organised: "有组织劳务输出"
        case .own: "自主外出务工"
        case .workshop: "帮扶车间（基地）就业"
        case .startup: "返乡入乡创业"
        case .flexible: "灵活就业"
        case .other: "其他"
        }
    }
    public var aliases: [String] {
        switch self {
        case .organised: ["有组织输出", "劳务输出"]
        case .own: ["自主务工", "自主外出"]
        case .workshop: ["帮扶车间", "就业帮扶车间", "扶贫车间"]
        case .startup: ["返乡创业", "创业"]
        case .flexible: ["零工", "灵活"]
        case .other: ["其它"]
        }
    }
}

/// One 务工 spell of one person.
public struct WorkSpell: Sendable, Equatable {
    /// The county-level code of the place of work.
    public var place: RegionCode
    public var employer: String
    public var start: CivilMonth
    /// nil while the person is still there.
    public var end: CivilMonth?
    public var channel: WorkChannel
    public var monthlyIncome: Money?

    public init(place: RegionCode, employer: String = "", start: CivilMonth, end: CivilMonth?, channel: WorkChannel = .own, monthlyIncome: Money? = nil) {
        self.place = place
        self.employer = employer
        self.start = start
        self.end = end
        self.channel = channel
        self.monthlyIncome = monthlyIncome
    }

    /// The months worked from the start up to `through` (inclusive) or the end, whichever is earlier.
    public func months(through last: CivilMonth) -> ClosedRange<Int>? {
        let upper = min(end?.index ?? last.index, last.index)
        return start.index <= upper ? start.index...upper : nil
    }

    /// "2024-03至2024-08" or "2024-03起".
    public var period: String { end.map { "\(start)至\($0)" } ?? "\(start)起" }
}

/// 跨省务工交通补助: paid to a worker in another province for `consecutive` months in a row or `total` months in a
/// year (Henan: 3 and 6; ledgers-rules.md §L5 [R6]). Parameters `transportSubsidy…Months`.
public struct TransportRule: Sendable, Equatable {
    public var consecutive: Int
    public var total: Int
    public init(consecutive: Int, total: Int) {
        self.consecutive = consecutive
        self.total = total
    }
}

public enum JobRules {
    /// Reasons a new spell cannot be recorded: its months, its place, or an overlap with the person's other spells.
    /// Keys name the form fields.
    public static func spellProblems(_ s: WorkSpell, others: [WorkSpell], thisMonth: CivilMonth) -> FieldErrors {
        var errors = FieldErrors()
        if s.place.level != .county || !WorkPlaceScope.provinces.contains(String(s.place.digits.prefix(2))) || s.place.digits.hasSuffix("00") {
            errors["place"] = "务工地应为县级行政区划代码（6位，如410102）"
        }
        if s.start > thisMonth { errors["start"] = "开始月份不能晚于本月" }
        if let end = s.end {
            if end < s.start { errors["end"] = "结束月份不能早于开始月份" }
            else if end > thisMonth { errors["end"] = "结束月份不能晚于本月；仍在务工请留空" }
        }
        if s.employer.count > 60 { errors["employer"] = "务工单位不超过60字" } else if s.employer.hasControlCharacter() { errors["employer"] = "务工单位含有控制字符" }
        if let pay = s.monthlyIncome, pay.fen <= 0 || pay > Money(yuan: 100_000) { errors["monthlyIncome"] = "月收入应为大于0、不超过10万元的金额" }
        guard errors["end"] == nil else { return errors }
        let far = CivilMonth(index: Int.max / 2)
        let mine = s.start.index...(s.end ?? far).index
        if let clash = others.first(where: { o in (o.start.index...(o.end ?? far).index).overlaps(mine) }) {
            errors["start"] = "与已登记的务工时段（\(clash.period)）重叠；同一人的务工时段不能重叠，请先结束前一段"
        }
        return errors
    }

    /// Months of `year` worked in another province: the longest run and the total.
    public static func monthsOutside(_ spells: [WorkSpell], home: RegionCode, year: Int, through last: CivilMonth) -> (run: Int, total: Int) {
        let first = CivilMonth(year: year, month: 1)!.index, end = min(CivilMonth(year: year, month: 12)!.index, last.index)
        guard first <= end else { return (0, 0) }
        var worked = Set<Int>()
        for s in spells where WorkPlaceScope.of(place: s.place, home: home) == .outside {
            guard let r = s.months(through: last), r.overlaps(first...end) else { continue }
            worked.formUnion(r.clamped(to: first...end))
        }
        var run = 0, best = 0
        for m in first...end {
            run = worked.contains(m) ? run + 1 : 0
            best = max(best, run)
        }
        return (best, worked.count)
    }

    /// Whether 交通补助 is due for `year`, with the sentence that says why or why not.
    public static func transportSubsidy(_ spells: [WorkSpell], home: RegionCode, year: Int, through last: CivilMonth, rule: TransportRule) -> (due: Bool, reason: String) {
        let m = monthsOutside(spells, home: home, year: year, through: last)
        let due = m.run >= rule.consecutive || m.total >= rule.total
        let said = "\(year)年省外务工连续\(m.run)个月、累计\(m.total)个月"
        return (due, due ? said + "，符合交通补助条件" : said + "，未达到连续\(rule.consecutive)个月或累计\(rule.total)个月")
    }
}

/// 乡村公益性岗位 (ledgers-rules.md §L5 [R29][R30][R34]): a post held by one person from a day to a day, paid
/// monthly. The national system flags a holder under 16 or 70 and over, a person on more than one post at once, and a
/// holder also recorded as working outside the county in the same months; the same checks refuse an entry and list
/// what the ledger already holds (a holder turns 70, a spell is imported later).

public enum PublicPostType: String, CodeList {
    case cleaning, greening, roads, water, forest, security, care, other
    public static let listName = "公益性岗位类型"
    public var label: String {
        switch self {
        case .cleaning: "保洁员"
        case .greening: "绿化养护员"
        case .roads: "护路员"
        case .water: "水管员（河湖管护）"
        case .forest: "护林员"
        case .security: "治安协管员"
        case .care: "养老托幼护理员"
        case .other: "其他"
        }
    }
    public var aliases: [String] {
        switch self {
        case .cleaning: ["保洁", "环境保洁"]
        case .greening: ["绿化"]
        case .roads: ["护路"]
        case .water: ["水管员", "河湖管护"]
        case .forest: ["护林", "生态护林员"]
        case .security: ["治安", "巡逻"]
        case .care: ["护理", "孝善"]
        case .other: ["其它"]
        }
    }
}

public struct PublicPost: Sendable, Equatable {
    public var type: PublicPostType
    public var employer: String
    public var start: CivilDate
    /// nil while held.
    public var end: CivilDate?
    public var monthlyPay: Money

    public init(type: PublicPostType, employer: String, start: CivilDate, end: CivilDate?, monthlyPay: Money) {
        self.type = type
        self.employer = employer
        self.start = start
        self.end = end
        self.monthlyPay = monthlyPay
    }

    public var period: String { end.map { "\(start)至\($0)" } ?? "\(start)起" }

    /// Whether the post is held on some day in `a...b`.
    public func overlaps(_ a: CivilDate, _ b: CivilDate?) -> Bool {
        let far = CivilDate(year: 9999, month: 12, day: 31)!
        return start <= (b ?? far) && a <= (end ?? far)
    }
}

/// One finding of the 公益岗位 checks.
public enum PostFinding: Hashable, Sendable {
    case tooYoung(age: Int)
    case tooOld(age: Int, on: CivilDate)
    case twoPosts(other: String)
    case workingOutside(spell: String, scope: WorkPlaceScope)
    /// 在岗领补: a month present less than half the days the post asks.
    case mostlyAbsent(month: CivilMonth, present: Int, required: Int)
    /// The last whole month held, with no attendance recorded.
    case noAttendance(month: CivilMonth)

    /// A finding of the attendance, not of the national system's checks.
    public var isAttendance: Bool {
        switch self {
        case .mostlyAbsent, .noAttendance: true
        default: false
        }
    }

    public var text: String {
        switch self {
        case .tooYoung(let age): "上岗时\(age)周岁，未满16周岁"
        case .tooOld(let age, let day): "\(day)时\(age)周岁，已满70周岁仍在岗"
        case .twoPosts(let other): "同时在另一公益岗位（\(other)）"
        case .workingOutside(let spell, let scope): "在岗期间登记有\(scope.label)务工（\(spell)）"
        case .mostlyAbsent(let month, let present, let required): "\(month)出勤\(present)天，不足应出勤\(required)天的一半"
        case .noAttendance(let month): "\(month)在岗，未登记考勤"
        }
    }
}

extension JobRules {
    public static let postAges = 16..<70

    /// What the national checks find for `post` held by a person born `birth`, beside the person's other posts and
    /// 务工 spells, looked at on `day` (a post still held is checked up to that day).
    public static func postFindings(_ post: PublicPost, birth: CivilDate?, otherPosts: [PublicPost], spells: [WorkSpell],
                                    home: RegionCode, on day: CivilDate) -> [PostFinding] {
        var out: [PostFinding] = []
        if let birth {
            let startAge = birth.age(on: post.start)
            if startAge < postAges.lowerBound { out.append(.tooYoung(age: startAge)) }
            let lastDay = min(post.end ?? day, day)
            let seventieth = birth.adding(months: 12 * postAges.upperBound)
            if lastDay >= post.start, seventieth <= lastDay {
                let seen = max(seventieth, post.start)
                out.append(.tooOld(age: birth.age(on: seen), on: seen))
            }
        }
        for other in otherPosts where other.overlaps(post.start, post.end) {
            out.append(.twoPosts(other: "\(other.type.label)，\(other.period)"))
        }
        for s in spells {
            let scope = WorkPlaceScope.of(place: s.place, home: home)
            guard scope != .county else { continue }
            let from = s.start.firstDay, to = s.end?.lastDay
            if post.overlaps(from, to) { out.append(.workingOutside(spell: "\(s.period)", scope: scope)) }
        }
        return out
    }

    /// Reasons a new post cannot be recorded: the form's own problems and every check it would fail.
    public static func postProblems(_ post: PublicPost, birth: CivilDate?, otherPosts: [PublicPost], spells: [WorkSpell],
                                    home: RegionCode, today: CivilDate) -> FieldErrors {
        var errors = FieldErrors()
        if post.employer.trimmingASCIISpaces().isEmpty || post.employer.count > 60 { errors["employer"] = "请填写用工单位（不超过60字）" }
        else if post.employer.hasControlCharacter() { errors["employer"] = "用工单位含有控制字符" }
        if post.monthlyPay.fen <= 0 || post.monthlyPay > Money(yuan: 10_000) { errors["monthlyPay"] = "月补贴应为大于0、不超过1万元的金额" }
        if post.start > today { errors["start"] = "上岗日期不能晚于今天" }
        if let end = post.end, end < post.start { errors["end"] = "离岗日期不能早于上岗日期" }
        if birth == nil { errors["person"] = "缺少该人员的出生日期，无法核对年龄" }
        guard errors.isEmpty else { return errors }
        let found = postFindings(post, birth: birth, otherPosts: otherPosts, spells: spells, home: home, on: post.end ?? today)
        if !found.isEmpty { errors["_"] = found.map(\.text).joined(separator: "；") }
        return errors
    }
}

/// 公益岗位考勤 (ledgers-rules.md §L5: a post keeps its attendance; 在岗领补, and holders who are absent leave the post
/// [R30]): one month of one post — the days it asks, the days the holder was there, and what was paid for the month.
public struct PostAttendance: Sendable, Equatable {
    public var month: CivilMonth
    public var required: Int
    public var present: Int
    public var pay: Money

    public init(month: CivilMonth, required: Int, present: Int, pay: Money) {
        self.month = month
        self.required = required
        self.present = present
        self.pay = pay
    }

    /// The most the month may pay: the monthly pay for the days present over the days asked, to the fen.
    public static func payable(monthly: Money, required: Int, present: Int) -> Money {
        guard required > 0 else { return .zero }
        return Money(fen: (monthly.fen * Int64(present) * 2 + Int64(required)) / (2 * Int64(required)))
    }

    /// Present less than half the days asked: the holder is to be looked at.
    public var mostlyAbsent: Bool { present * 2 < required }
}

extension JobRules {
    /// Reasons a month's attendance of `post` cannot be recorded: a month the post was not held, or still to come; days
    /// outside the month; pay above what the days present earn.
    public static func attendanceProblems(_ a: PostAttendance, post: PublicPost, thisMonth: CivilMonth) -> [String] {
        var out: [String] = []
        if a.month > thisMonth { out.append("考勤月份\(a.month)晚于本月") }
        if !post.overlaps(a.month.firstDay, a.month.lastDay) { out.append("\(a.month)不在岗（\(post.period)）") }
        let days = CivilDate.daysIn(month: a.month.month, year: a.month.year)
        if !(1...days).contains(a.required) { out.append("应出勤天数应为1至\(days)天") }
        else if !(0...a.required).contains(a.present) { out.append("实际出勤天数应为0至\(a.required)天") }
        else if a.pay.fen < 0 { out.append("发放金额不能为负") }
        else {
            let most = PostAttendance.payable(monthly: post.monthlyPay, required: a.required, present: a.present)
            if a.pay > most { out.append("发放\(a.pay.yuanText)元超过按出勤折算的\(most.yuanText)元（月补贴\(post.monthlyPay.yuanText)元×\(a.present)/\(a.required)）") }
        }
        return out
    }

    /// What the attendance of `post` shows on `day`: months present less than half the days, from the start of the
    /// last whole month's year (so in January December is still seen), and the last whole month before `day` held
    /// without attendance recorded.
    public static func attendanceFindings(_ post: PublicPost, attendance: [PostAttendance], on day: CivilDate) -> [PostFinding] {
        let last = CivilMonth(index: CivilMonth(day).index - 1)
        var out: [PostFinding] = attendance.filter { $0.month.year >= last.year && $0.month.firstDay <= day && $0.mostlyAbsent }
            .sorted { $0.month < $1.month }
            .map { .mostlyAbsent(month: $0.month, present: $0.present, required: $0.required) }
        if post.overlaps(last.firstDay, last.lastDay), post.start <= last.firstDay, !attendance.contains(where: { $0.month == last }) {
            out.append(.noAttendance(month: last))
        }
        return out
    }
}

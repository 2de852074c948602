import Foundation

/// 驻村帮扶 (issue 17 §1, ledgers-rules.md §L6): 第一书记 and 工作队 in a village, the presence rule they are held to
/// (Henan's “五天四夜” a week, Guangxi's ≥ 20 days a month), leave, the spot checks townships and counties make, and the
/// figures offices report. Every number of the rule is a policy parameter, effective-dated per province.

public enum DispatchRole: String, CodeList {
    case secretary, teamLeader = "team_leader", member
    public static let listName = "驻村职务"
    public var label: String {
        switch self {
        case .secretary: "第一书记"
        case .teamLeader: "工作队队长"
        case .member: "工作队员"
        }
    }
    public var aliases: [String] {
        switch self {
        case .secretary: ["第一书记兼队长", "书记"]
        case .teamLeader: ["队长"]
        case .member: ["队员"]
        }
    }
}

/// The level of the unit that sent a cadre.
public enum SendingLevel: String, CodeList {
    case central, province, city, county, township
    public static let listName = "派出单位层级"
    public var label: String {
        switch self {
        case .central: "中央单位"
        case .province: "省直单位"
        case .city: "市直单位"
        case .county: "县直单位"
        case .township: "乡镇"
        }
    }
}

/// How a spot check was made (seed 003: 电话查岗, 入户暗访, “四不两直”).
public enum DispatchCheckMethod: String, CodeList {
    case phone, visit, unannounced
    public static let listName = "查岗方式"
    public var label: String {
        switch self {
        case .phone: "电话查岗"
        case .visit: "入户暗访"
        case .unannounced: "四不两直"
        }
    }
}

/// Why a cadre's stay ended before or at its planned end.
public enum DispatchEnding: String, CodeList {
    case rotated, recalled, replaced
    public static let listName = "离村原因"
    public var label: String {
        switch self {
        case .rotated: "期满轮换"
        case .recalled: "召回"
        case .replaced: "撤换"
        }
    }
}

/// 年度考核 grades.
public enum DispatchGrade: String, CodeList {
    case excellent, competent, basic, incompetent
    public static let listName = "考核等次"
    public var label: String {
        switch self {
        case .excellent: "优秀"
        case .competent: "称职"
        case .basic: "基本称职"
        case .incompetent: "不称职"
        }
    }

    /// 0 for 优秀 down to 3 for 不称职.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// 驻村经费: a 第一书记's work money, or a village's money for 驻村帮扶 projects (seed 001: 3万 and 20万 a year).
public enum DispatchFundKind: String, CodeList {
    case secretary, village
    public static let listName = "驻村经费类别"
    public var label: String {
        switch self {
        case .secretary: "第一书记工作经费"
        case .village: "驻村帮扶项目资金"
        }
    }
}

/// The rule in force for a province on a day (`PolicyBook.dispatchRule`).
public struct DispatchRule: Sendable, Equatable {
    /// A team has at least this many cadres (3, 中办国办 2017 [R36]).
    public var teamMinimum: Int
    /// A stay lasts at least this many months (24 [R36]).
    public var termMonths: Int
    /// Days and nights a week in the village (Henan “五天四夜”: 5 and 4); nil where the province sets none.
    public var weeklyDays: Int?
    public var weeklyNights: Int?
    /// Days a month in the village (Guangxi: 20 [R38]); nil where the province sets none.
    public var monthlyDays: Int?
    /// The most days of leave the township approves at once; longer leave goes to the county (Guangxi: 3 [R38]).
    public var townshipLeaveDays: Int
    /// From `absences` unexcused absences in a year the 年度考核 grade is at most `highest` (Guangxi: 1 → not 优秀,
    /// 2 → 基本称职, 3 → 不称职 [R38]); empty where a province sets none.
    public var gradeLimits: [GradeLimit] = []

    public struct GradeLimit: Sendable, Equatable {
        public var absences: Int
        public var highest: DispatchGrade
        public init(absences: Int, highest: DispatchGrade) {
            self.absences = absences
            self.highest = highest
        }
    }

    public init(teamMinimum: Int, termMonths: Int, weeklyDays: Int?, weeklyNights: Int?, monthlyDays: Int?, townshipLeaveDays: Int) {
        self.teamMinimum = teamMinimum
        self.termMonths = termMonths
        self.weeklyDays = weeklyDays
        self.weeklyNights = weeklyNights
        self.monthlyDays = monthlyDays
        self.townshipLeaveDays = townshipLeaveDays
    }

    /// How the rule reads to a cadre: "每周在村不少于5天4夜".
    public var text: String {
        var parts: [String] = []
        if let d = weeklyDays { parts.append("每周在村不少于\(d)天" + (weeklyNights.map { "\($0)夜" } ?? "")) }
        if let m = monthlyDays { parts.append("每月在村不少于\(m)天") }
        return parts.isEmpty ? "本省未设在村天数要求" : parts.joined(separator: "，")
    }
}

/// The days and nights one cadre was in the village, from the taps on the phone.
public struct Presence: Sendable, Equatable {
    public var days: Set<CivilDate> = []
    /// A night is counted for the evening it began: a tap from 20:00 counts that day's night, one before 06:00 the
    /// previous day's.
    public var nights: Set<CivilDate> = []

    public init(days: Set<CivilDate> = [], nights: Set<CivilDate> = []) {
        self.days = days
        self.nights = nights
    }

    /// No written rule says when a night begins; these hours are the system's reading of “夜”, printed beside the
    /// figures. A tap from 20:00 to 05:59 China time counts a night.
    public static let nightStartsHour = 20, nightEndsHour = 6

    public init(taps: [Date]) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.chinaStandard
        for tap in taps {
            let day = CivilDate(tap, timeZone: TimeZone.chinaStandard)
            let hour = calendar.component(.hour, from: tap)
            days.insert(day)
            if hour >= Self.nightStartsHour { nights.insert(day) } else if hour < Self.nightEndsHour { nights.insert(day.adding(days: -1)) }
        }
    }
}

/// A cadre's stay and record as the rules read them.
public struct DispatchStay: Sendable, Equatable {
    public var start: CivilDate
    /// The day the stay ended (召回, 撤换 or 轮换); nil while in the village.
    public var ended: CivilDate?
    public var presence: Presence
    /// Days on leave approved by whoever the rule names.
    public var leave: Set<CivilDate>

    public init(start: CivilDate, ended: CivilDate? = nil, presence: Presence = Presence(), leave: Set<CivilDate> = []) {
        self.start = start
        self.ended = ended
        self.presence = presence
        self.leave = leave
    }

    /// Whether the whole span `from...to` lies inside the stay (a week or month half served is not judged).
    public func serves(from: CivilDate, to: CivilDate) -> Bool {
        start <= from && (ended.map { $0 >= to } ?? true)
    }
}

/// A spot check: the day, and whether the cadre was found in the village.
public struct DispatchCheck: Sendable, Equatable {
    public var day: CivilDate
    public var present: Bool
    public init(day: CivilDate, present: Bool) {
        self.day = day
        self.present = present
    }
}

public enum DispatchRules {
    /// The Monday of the week `day` lies in.
    public static func weekStart(_ day: CivilDate) -> CivilDate {
        // 1970-01-01 was a Thursday.
        let n = day.dayNumber
        return CivilDate(dayNumber: n - (((n + 3) % 7) + 7) % 7)
    }

    /// Why a cadre falls short of the weekly rule in the week beginning `monday`, or nil when they meet it (or the rule
    /// sets no weekly count, or the week is not wholly inside the stay). Approved leave excuses its days and nights.
    public static func weekShortfall(_ s: DispatchStay, week monday: CivilDate, _ rule: DispatchRule) -> String? {
        guard rule.weeklyDays != nil || rule.weeklyNights != nil else { return nil }
        let sunday = monday.adding(days: 6)
        guard s.serves(from: monday, to: sunday) else { return nil }
        let week = Set((0..<7).map { monday.adding(days: $0) })
        let leave = s.leave.intersection(week).count
        let days = s.presence.days.intersection(week).subtracting(s.leave).count
        let nights = s.presence.nights.intersection(week).subtracting(s.leave).count
        var out: [String] = []
        if let need = rule.weeklyDays.map({ max(0, $0 - leave) }), days < need { out.append("在村\(days)天（应\(need)天）") }
        if let need = rule.weeklyNights.map({ max(0, $0 - leave) }), nights < need { out.append("住村\(nights)夜（应\(need)夜）") }
        return out.isEmpty ? nil : "\(monday)起一周" + out.joined(separator: "、")
    }

    /// Why a cadre falls short in month `month` of `year`, as far as it can be judged on `asOf`: under a monthly
    /// count, once the month is over, days present against it less the leave; under a weekly rule, the weeks of the
    /// month (those whose Monday falls in it) already over that fall short.
    public static func monthShortfall(_ s: DispatchStay, year: Int, month: Int, asOf: CivilDate, _ rule: DispatchRule) -> String? {
        let first = CivilDate(year: year, month: month, day: 1)!, last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
        if let need = rule.monthlyDays {
            guard last <= asOf, s.serves(from: first, to: last) else { return nil }
            let span = Set((0...first.days(until: last)).map { first.adding(days: $0) })
            let leave = s.leave.intersection(span).count
            let days = s.presence.days.intersection(span).subtracting(s.leave).count
            return days < max(0, need - leave) ? "\(year)年\(month)月在村\(days)天（应\(max(0, need - leave))天）" : nil
        }
        var monday = weekStart(first)
        if monday < first { monday = monday.adding(days: 7) }
        var short = 0
        while monday <= last, monday.adding(days: 6) <= asOf {
            if weekShortfall(s, week: monday, rule) != nil { short += 1 }
            monday = monday.adding(days: 7)
        }
        return short == 0 ? nil : "\(year)年\(month)月有\(short)周未达到\(rule.text)"
    }

    /// The last whole week (Monday to Sunday) over by `day`.
    public static func lastWholeWeek(before day: CivilDate) -> CivilDate {
        let monday = weekStart(day)
        return monday.adding(days: 6) <= day ? monday : monday.adding(days: -7)
    }

    /// The level that approves a leave of `days` days: the township up to the limit, the county beyond it.
    public static func leaveApprover(days: Int, _ rule: DispatchRule) -> RegionCode.Level {
        days <= rule.townshipLeaveDays ? .township : .county
    }

    /// Checks that found the cadre away on a day not covered by approved leave (无故脱岗).
    public static func unexcusedAbsences(_ checks: [DispatchCheck], leave: Set<CivilDate>) -> Int {
        checks.filter { !$0.present && !leave.contains($0.day) }.count
    }

    /// The best 年度考核 grade a cadre with `absences` unexcused absences in the year may get under the rule.
    public static func highestGrade(absences: Int, _ rule: DispatchRule) -> DispatchGrade {
        rule.gradeLimits.filter { absences >= $0.absences }.map(\.highest).max { $0.rank < $1.rank } ?? .excellent
    }

    /// Why `grade` is refused for a cadre with `absences` unexcused absences in the year, or nil when it is allowed.
    public static func gradeProblem(_ grade: DispatchGrade, absences: Int, _ rule: DispatchRule) -> String? {
        let highest = highestGrade(absences: absences, rule)
        guard grade.rank < highest.rank else { return nil }
        return "年内查岗无故脱岗\(absences)次，考核最高为\(highest.label)"
    }

    /// What is wrong with a village's team on a day: fewer cadres than the rule, or no 第一书记.
    public static func teamProblems(roles: [DispatchRole], _ rule: DispatchRule) -> [String] {
        var out: [String] = []
        if roles.count < rule.teamMinimum { out.append("工作队\(roles.count)人，少于\(rule.teamMinimum)人") }
        if !roles.contains(.secretary) { out.append("未派第一书记") }
        return out
    }

    /// Whether a planned stay meets the minimum term: 24 months from 3 June runs to 2 June two years on, that day
    /// included.
    public static func termProblem(start: CivilDate, plannedEnd: CivilDate, _ rule: DispatchRule) -> String? {
        let last = start.adding(months: rule.termMonths).adding(days: -1)
        return plannedEnd < last ? "任期应不少于\(rule.termMonths)个月（至\(last)）" : nil
    }
}

/// The figures offices report for a region (ledgers-rules.md §L6): teams (villages with cadres in place), cadres, cadres
/// per team, 在岗率 = checks that found the cadre present ÷ checks, cadres below the rule, unexcused absences found.
public struct DispatchFigures: Sendable, Equatable {
    public var teams = 0
    public var cadres = 0
    public var secretaries = 0
    public var checks = 0
    public var presentAtChecks = 0
    public var unexcused = 0
    public var belowRuleLastWeek = 0
    public var belowRuleLastMonth = 0
    public var smallTeams = 0

    public init() {}

    /// Cadres per team to two decimals, half up: 376 cadres in 114 teams read "3.30".
    public var perTeam: String {
        guard teams > 0 else { return "—" }
        let hundredths = (cadres * 200 + teams) / (2 * teams)
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    public var presenceRate: CountShare { CountShare(presentAtChecks, of: checks) }

    public static func + (a: Self, b: Self) -> Self {
        var c = a
        c.teams += b.teams; c.cadres += b.cadres; c.secretaries += b.secretaries; c.checks += b.checks; c.presentAtChecks += b.presentAtChecks
        c.unexcused += b.unexcused; c.belowRuleLastWeek += b.belowRuleLastWeek; c.belowRuleLastMonth += b.belowRuleLastMonth; c.smallTeams += b.smallTeams
        return c
    }
}

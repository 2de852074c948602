/// 问题整改台账 (issue 17 §2, ledgers-rules.md §L7): a problem found by 后评估, 督查, 审计, 暗访, 日常监测, 信访 or 排查 is
/// handed to a unit and a person with measures and a deadline (双交办), rectified with evidence, and 销号 only by the
/// level that assigned it; 回头看 a set time later may reopen it. National deadlines and 销号 criteria were not found:
/// the 回头看 interval is a policy parameter a county sets.

/// Where a problem was found. Its wording is policy (`LabelledList.problemSource`): a province rewords or retires a
/// source from a day without a code change.
public enum ProblemSource: String, CodeList {
    case evaluation, inspection, audit, unannounced, monitoring, petition, screening
    public static let listName = "问题来源"
    public var label: String {
        switch self {
        case .evaluation: "后评估、考核"
        case .inspection: "督查巡查"
        case .audit: "审计"
        case .unannounced: "暗访"
        case .monitoring: "日常监测"
        case .petition: "信访"
        case .screening: "排查"
        }
    }
    public var aliases: [String] {
        switch self {
        case .evaluation: ["后评估", "考核", "成效考核"]
        case .inspection: ["督查", "巡查", "巡视"]
        case .audit: []
        case .unannounced: ["明察暗访"]
        case .monitoring: ["监测"]
        case .petition: ["涉贫信访"]
        case .screening: ["集中排查"]
        }
    }
}

public enum ProblemState: String, CodeList {
    case rectifying, rectified, closed
    public static let listName = "整改状态"
    public var label: String {
        switch self {
        case .rectifying: "整改中"
        case .rectified: "已整改"
        case .closed: "已销号"
        }
    }
}

/// One problem as the rules read it.
public struct Problem: Sendable, Equatable {
    public var foundOn: CivilDate
    public var deadline: CivilDate
    public var state: ProblemState
    /// The level that assigned it, and so closes it.
    public var assignedBy: RegionCode.Level
    public var rectifiedOn: CivilDate?
    public var closedOn: CivilDate?
    /// Times 回头看 found it back.
    public var reopened: Int

    public init(foundOn: CivilDate, deadline: CivilDate, state: ProblemState = .rectifying, assignedBy: RegionCode.Level, rectifiedOn: CivilDate? = nil,
                closedOn: CivilDate? = nil, reopened: Int = 0) {
        self.foundOn = foundOn
        self.deadline = deadline
        self.state = state
        self.assignedBy = assignedBy
        self.rectifiedOn = rectifiedOn
        self.closedOn = closedOn
        self.reopened = reopened
    }
}

public enum RectificationRules {
    /// Why `level` may not 销号 the problem: only the assigning level closes, and only what was rectified.
    public static func closeProblems(_ p: Problem, by level: RegionCode.Level?) -> [String] {
        var out: [String] = []
        if p.state != .rectified { out.append(p.state == .closed ? "已销号" : "尚未整改完成，不能销号") }
        if level != p.assignedBy { out.append("应由交办的\(p.assignedBy == .county ? "县级" : p.assignedBy == .township ? "乡镇" : p.assignedBy.label)销号") }
        return out
    }

    /// Rectified in time: on or before the deadline.
    public static func rectifiedInTime(_ p: Problem) -> Bool {
        p.rectifiedOn.map { $0 <= p.deadline } ?? false
    }

    /// Overdue on `day`: still being rectified after the deadline.
    public static func overdue(_ p: Problem, on day: CivilDate) -> Bool { p.state == .rectifying && day > p.deadline }

    /// Who should act on `day`, as overdue warnings climb: the place's own level until the deadline, the level above for
    /// as long again, then the county.
    public static func escalation(_ p: Problem, place: RegionCode.Level, on day: CivilDate) -> RegionCode.Level {
        guard overdue(p, on: day) else { return place }
        let span = max(1, p.foundOn.days(until: p.deadline))
        if day > p.deadline.adding(days: span) { return .county }
        return place == .village ? .township : .county
    }

    /// The day 回头看 falls due after 销号.
    public static func reviewDue(_ p: Problem, days: Int) -> CivilDate? { p.closedOn?.adding(days: days) }
}

/// The figures offices report for a set of problems on a day: by source and state, 整改完成率 = rectified or closed ÷
/// problems, 按期率 = rectified by the deadline ÷ those rectified or past their deadline, overdue, reopened.
public struct RectificationFigures: Sendable, Equatable {
    public var total = 0
    public var byState: [ProblemState: Int] = [:]
    public var bySource: [ProblemSource: Int] = [:]
    public var done = 0
    public var dueOrDone = 0
    public var inTime = 0
    public var overdue = 0
    public var reopened = 0

    public init() {}

    public init(_ problems: [(Problem, ProblemSource)], on day: CivilDate) {
        for (p, source) in problems {
            total += 1
            byState[p.state, default: 0] += 1
            bySource[source, default: 0] += 1
            if p.state != .rectifying { done += 1 }
            if p.state != .rectifying || day > p.deadline {
                dueOrDone += 1
                if p.state != .rectifying && RectificationRules.rectifiedInTime(p) { inTime += 1 }
            }
            if RectificationRules.overdue(p, on: day) { overdue += 1 }
            if p.reopened > 0 { reopened += 1 }
        }
    }

    public var completion: CountShare { CountShare(done, of: total) }
    public var onTime: CountShare { CountShare(inTime, of: dueOrDone) }
}

/// 错题本: problems of one category across villages, so a county sees what repeats.
public struct RepeatedCategory: Sendable, Equatable {
    public var category: String
    public var problems: Int
    public var places: Int
    public var open: Int

    public init(category: String, problems: Int, places: Int, open: Int) {
        (self.category, self.problems, self.places, self.open) = (category, problems, places, open)
    }

    /// Categories found in at least two places, most places first.
    public static func book(_ rows: [(category: String, place: String, open: Bool)]) -> [RepeatedCategory] {
        Dictionary(grouping: rows, by: \.category).compactMap { category, rows in
            let places = Set(rows.map(\.place)).count
            return places < 2 ? nil : RepeatedCategory(category: category, problems: rows.count, places: places, open: rows.filter(\.open).count)
        }.sorted { ($0.places, $0.problems, $1.category) > ($1.places, $1.problems, $0.category) }
    }
}

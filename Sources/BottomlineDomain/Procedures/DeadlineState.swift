/// Where a deadline stands on a day. Work lists flag what falls due within `soonDays` before it is late; the clock of
/// identification, clues, warnings and visits all ask here, so "due soon" means the same on every page.
public enum DeadlineState: Equatable, Sendable {
    /// Past its last day by `days` (at least 1).
    case overdue(days: Int)
    /// Due today (0) or within `soonDays` days.
    case dueSoon(daysLeft: Int)
    case later

    public static let soonDays = 3

    public init(due: CivilDate, on today: CivilDate) {
        let left = today.days(until: due)
        self = left < 0 ? .overdue(days: -left) : left <= Self.soonDays ? .dueSoon(daysLeft: left) : .later
    }

    public var isOverdue: Bool { if case .overdue = self { true } else { false } }
    public var isDueSoon: Bool { if case .dueSoon = self { true } else { false } }
    /// Overdue or due soon: what a work list must show now.
    public var needsAttention: Bool { self != .later }
}

/// The identification clock: the 15 days (a policy parameter) run from the first clue, whatever happens after.
public struct IdentificationClock: Sendable, Equatable {
    public let firstClue: CivilDate
    public let deadlineDays: Int

    public init(firstClue: CivilDate, deadlineDays: Int) {
        self.firstClue = firstClue
        self.deadlineDays = deadlineDays
    }

    /// The last day on which the case may be completed.
    public var deadline: CivilDate { firstClue.adding(days: deadlineDays) }

    public func daysLeft(on today: CivilDate) -> Int { today.days(until: deadline) }

    /// Whether the case is (or was) late: still open after the deadline, or completed after it.
    public func isOverdue(on today: CivilDate, completedOn: CivilDate? = nil) -> Bool { (completedOn ?? today) > deadline }

    /// Open and due soon (`DeadlineState.soonDays`): the work lists flag it before it is late.
    public func isDueSoon(on today: CivilDate) -> Bool { DeadlineState(due: deadline, on: today).isDueSoon }

    /// "还剩3天", "今天到期", "已超期2天".
    public func text(on today: CivilDate, completedOn: CivilDate? = nil) -> String {
        if let completedOn {
            let used = firstClue.days(until: completedOn)
            return completedOn > deadline ? "用时\(used)天，超过\(deadlineDays)天时限" : "用时\(used)天，在时限内"
        }
        let left = daysLeft(on: today)
        return left > 0 ? "还剩\(left)天" : left == 0 ? "今天到期" : "已超期\(-left)天"
    }
}

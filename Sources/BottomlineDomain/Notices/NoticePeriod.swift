/// 公示: posted in the village from a day for a number of days (≥ 5, a policy parameter); the step after it may be
/// taken only once every day of it has passed.
public struct NoticePeriod: Sendable, Equatable {
    public let start: CivilDate
    public let days: Int
    public init(start: CivilDate, days: Int) {
        self.start = start
        self.days = days
    }
    public var end: CivilDate { start.adding(days: days - 1) }
    public func isOver(on date: CivilDate) -> Bool { date > end }
    public var text: String { "\(start) 至 \(end)（\(days)天）" }
}

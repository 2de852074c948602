import BottomlineDomain
import Fluent
import Foundation

/// One day of a year's 节假日安排: off (放假调休) or a weekend day worked (调休上班).
public final class WorkCalendarDayRecord: Model, @unchecked Sendable {
    public static let schema = "work_calendar_days"
    @ID(key: .id) public var id: UUID?
    @Field(key: "day") public var day: String
    @Field(key: "year") public var year: Int
    @Field(key: "off") public var off: Bool
    @Field(key: "entered_by") public var enteredBy: String
    public init() {}

    public init(day: CivilDate, off: Bool, by user: String) {
        (id, self.day, year, self.off, enteredBy) = (UUID(), day.description, day.year, off, user)
    }
}

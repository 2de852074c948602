import BottomlineDomain
import BottomlinePersistence

/// 公益岗位考勤 (issue 16 §3): a month's sheet of the posts held in a cadre's region (or a township or village of it),
/// each with the days asked, the days present and the pay, entered and signed for all at once.
enum JobAttendancePage {
    struct Model: Sendable {
        var context: PageContext
        var month: CivilMonth
        var place: RegionCode
        var placeName: String
        /// The units of the place to narrow to, when the sheet is too long to show whole.
        var units: [(value: String, label: String)]
        var rows: [AttendanceRow]
        /// Village names, when the sheet covers more than one village.
        var villages: [String: String] = [:]
        var more: Bool
        var saved: Int?
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }
}

import BottomlineDomain

/// 政策参数: every effective-dated value and code-list wording the user's region runs on, and (for administrators)
/// the forms to add one. Nothing is overwritten: a change is a new dated row.
enum PolicyPage {
    /// The form that adds a parameter's value.
    struct ParameterForm: Codable, Sendable {
        var parameter: String?
        var value: String?
        var region: String?
        var effectiveFrom: String?
        var source: String?
    }

    /// The form that rewords or retires a code.
    struct LabelForm: Codable, Sendable {
        /// "list:code", e.g. "risk_type:01".
        var entry: String?
        var label: String?
        var inUse: String?
        var region: String?
        var effectiveFrom: String?
        var source: String?
    }

    struct Model: Sendable {
        struct Row: Sendable {
            var name: String
            var value: String
            var region: String
            var effectiveFrom: String
            var source: String
        }

        var context: PageContext
        var today: CivilDate
        var region: RegionCode
        /// The parameters in force, and the code-list wordings.
        var book: PolicyBook
        var codes: CodeNames
        var regionNames: [String: String]
        var history: [Row]
        var labelHistory: [Row]
        var canEdit: Bool
        var regionOptions: [(value: String, label: String)]
        var form = ParameterForm()
        var errors: FieldErrors = [:]
        var labelForm = LabelForm()
        var labelErrors: FieldErrors = [:]
        /// The years' 节假日安排 entered, and whether this user may enter one.
        var calendar = WorkCalendar()
        var mayEnterCalendar = false
        var calendarForm = CalendarForm()
        var calendarErrors: FieldErrors = [:]
    }

    /// The form that enters a year's 节假日安排.
    struct CalendarForm: Codable, Sendable {
        var year: String?
        var daysOff: String?
        var workdays: String?
        var source: String?
    }
}

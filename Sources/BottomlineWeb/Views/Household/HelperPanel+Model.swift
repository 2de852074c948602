import BottomlineDomain

/// 帮扶责任人: the current one, earlier ones with their dates, and (for editors) the form to assign.
enum HelperPanel {
    struct Model: Sendable {
        struct Row: Sendable {
            var name: String
            var role: String
            var start: String
            var end: String
        }
        var householdID: String
        var history: [Row]
        /// Who may be assigned, when the user may assign.
        var candidates: [(value: String, label: String)]?
        var helper: String = ""
        var startDate: String
        var errors: FieldErrors = [:]
    }
}

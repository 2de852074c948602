import BottomlineDomain

/// 筛查预警: the warnings of the user's region with their deadlines and escalation, and one warning with its evidence
/// rows and (for the cadre who verifies it) the form of the 核实结论.
enum Warnings {
    struct ListModel: Sendable {
        struct Row: Sendable {
            var id: String
            var ruleName: String
            var householderName: String
            var villageName: String
            var value: String
            var risk: String
            var dueOn: String
            var isOpen: Bool
            /// Where an open, overdue warning now sits: "乡镇" or "县级"; nil while it is the village's.
            var escalatedTo: String?
            var disposition: String
        }

        var context: PageContext
        var today: CivilDate
        var status: String
        var feed: String
        var overdue: Bool
        var file: String
        var total: Int
        var page: Int
        var pages: Int
        var rows: [Row]
        static let pageSize = 50
    }

    struct Model: Sendable {
        var context: PageContext
        var today: CivilDate
        var id: String
        var ruleCode: String
        var ruleName: String
        var explanation: String
        var household: (link: String, name: String)?
        var value: String
        var rowsCounted: Int
        var priorRows: Int
        var lastEvidenceOn: String
        var risk: String
        var dueOn: String
        var repeatCount: Int
        var isOpen: Bool
        /// The 核实结论 once given: what, by whom, when, and the note.
        var closed: String?
        var evidenceHeader: [String]
        var evidence: [(line: Int, cells: [String])]
        var mayDispose: Bool
        /// The 核实结论 a cadre may choose.
        var dispositions: [(value: String, label: String)]
        var identificationDays: Int?
        var note = ""
        var errors: FieldErrors = [:]
    }
}

import BottomlineDomain

/// The household page's 监测帮扶 section: where the household stands, open cases and clues, measure problems, the
/// cadre's forms, the 一户一策 measures, visits and the timeline.
enum MonitoringSection {
    struct Model: Sendable {
        struct Measure: Sendable {
            var id: String
            var category: String
            var name: String
            var department: String
            var amount: String
            var start: String
            var end: String
            var status: String
            var statusLabel: String
        }
        struct Visit: Sendable {
            var date: String
            var username: String
            var trend: String
            var findings: String
        }
        struct Event: Sendable {
            var date: String
            var kind: String
            var text: String
            var who: String
        }

        var householdID: String
        var today: CivilDate
        struct Status: Sendable {
            var category: String
            var since: String
            var risks: String
            /// The day the risk was marked eliminated, and how.
            var eliminated: (on: String, method: String)?
        }

        /// Nil for a household that is not a monitoring object.
        var status: Status?
        var openCase: (link: String, text: String, clock: String?)?
        var clues: [(link: String, text: String)]
        var problems: [String]
        /// Whether the user is a cadre who acts on this household (and it is not closed).
        var isCadre: Bool
        var riskTypes: [(value: String, label: String)]
        var measureCategories: [(value: String, label: String)]
        var canVisit: Bool
        var canProposeElimination: Bool
        var canRevert: Bool
        var measures: [Measure]
        /// Money the household received from a project asset's income (公益岗位, 奖励补助, 临时困难帮扶).
        var assetIncome: [(year: Int, asset: String, assetID: String, use: String, amount: Money)] = []
        /// 小额信贷 loans of the household, and whether the viewer (the county) records them, with the members to choose
        /// the borrower from.
        var jobs: JobsSection.Model
        var loans: [(id: String, bank: String, contract: String, amount: Money, issued: String, due: String, purpose: String, balance: Money, exception: String,
                     rate: String, events: [String], overdue: Int)] = []
        var mayAddLoan = false
        var members: [(id: String, name: String)] = []
        /// Projects that link the household (联农带农), named, and linked when the viewer sees the project.
        var linkedProjects: [(year: Int, project: String, projectID: String, way: String)] = []
        var visits: [Visit]
        var timeline: [Event]
    }
}

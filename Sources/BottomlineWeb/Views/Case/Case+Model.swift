import BottomlineDomain

/// A case (识别纳入 or 风险消除 程序): its steps so far, where it stands, its clock, and the form of the step in hand for
/// the cadre who owns it.
enum CaseDetail {
    struct Model: Sendable {
        struct Stage: Sendable {
            var label: String
            var owner: String
            /// "current", "done" or "".
            var state: String
        }
        struct Clock: Sendable {
            var firstClue: CivilDate
            var deadline: CivilDate
            /// "bad", "mon" or "good".
            var tag: String
            var text: String
        }
        struct Step: Sendable {
            var id: String
            var actedOn: String
            var stage: String
            var action: String
            var username: String
            var comment: String
            /// Signed forms, minutes and photos carried by the step.
            var files: [(id: String, name: String)] = []
        }

        var context: PageContext
        var id: String
        var title: String
        var householdName: String
        var householdLink: String
        var stages: [Stage]
        var stageLabel: String
        var clock: Clock?
        var notice: String?
        var category: String?
        var risks: String?
        var method: String?
        var form: StepForm
        var steps: [Step]
        var errors: FieldErrors = [:]
        /// Village, township and county cadres may attach files to the steps.
        var mayAttach = false
        /// The village's 公示 or 结果公告 this case is on, to print: (label, address).
        var printNotice: (label: String, link: String)? = nil
    }

    enum StepForm: Sendable {
        /// Closed, or the user's own case is done.
        case none
        /// Open, and another level's cadres act on it.
        case waiting(owner: String)
        case act(ActForm)
    }

    struct ActForm: Sendable {
        var stageLabel: String
        var fields: StepFields
        var canReturn: Bool
        var rejectLabel: String
    }

    /// What the step in hand asks for; values are what was typed (after a refused attempt) or what the case holds.
    enum StepFields: Sendable {
        case verification(findings: String, identification: VerificationExtras?)
        case deliberation(comment: String)
        case notice(period: String, note: String, comment: String)
        case countyApproval(categories: [(value: String, label: String)], category: String, risks: RiskChoice, comment: String)
        case announcement(outcome: String, comment: String)
        case other(comment: String)
    }

    /// 入户核实 of an identification: the eligibility reading, the consent, the proposed category and risks.
    struct VerificationExtras: Sendable {
        var eligibility: EligibilityPanel.Model
        var consent: Bool
        var categories: [(value: String, label: String)]
        var category: String
        var risks: RiskChoice
    }

    /// Risk types offered as checkboxes and those ticked.
    struct RiskChoice: Sendable {
        var shown: [(code: String, label: String)]
        var selected: Set<String>
    }
}

import BottomlineDomain
import BottomlinePersistence

/// One project: what it is, where it stands, its money, its history, and what the user may do with it now.
enum ProjectPage {
    struct Step: Sendable {
        var on: String
        var action: String
        var from: String
        var to: String
        var notice: NoticePeriod?
        var comment: String
        var who: String
    }

    struct MoneyLine: Sendable {
        var batch: String
        var level: String
        var amount: Money
        var date: String
        var payee: String
        var note: String
        var paymentID: String?
        var reversed: Bool
    }

    /// A registry household the project links (联农带农).
    struct LinkedHousehold: Sendable {
        var id: String
        var number: String
        var householder: String
        var village: String
        var kind: String
        var way: String
        var linkedOn: String
    }

    struct Model: Sendable {
        var context: PageContext
        var id: String
        var draft: ProjectDraft
        var placeName: String
        var countyName: String
        /// Who signs and stamps the notice: the village committee, the township government or the county bureau.
        var signer: String
        var stage: ProjectStage
        var pending: [String]
        var steps: [Step]
        var allocations: [MoneyLine]
        var payments: [MoneyLine]
        var allocated: Money
        var paid: Money
        /// The user owns the current stage.
        var mayPass: Bool
        var mayRefuse: Bool
        var mayChange: Bool
        var mayDecideChange: Bool
        var noticeDays: Int?
        /// 联农带农: the linked households the reader sees, what all links count, and whether the reader may link.
        var linked: [LinkedHousehold] = []
        var linkCounts = ProjectStore.LinkCounts()
        var mayLink = false
        var today: CivilDate
        var errors: FieldErrors = [:]
        var values: FormValues = [:]
    }

    /// The proposal or change form.
    struct FormModel: Sendable {
        var context: PageContext
        var id: String?
        var values: FormValues
        var errors: FieldErrors
        var placeName: String
        var stage: ProjectStage?
        var needsReason: Bool
    }
}

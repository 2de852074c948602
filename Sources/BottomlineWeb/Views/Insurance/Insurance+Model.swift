import BottomlineDomain
import BottomlinePersistence

/// 防贫保险 of a county's year (issue 16 §2): the scheme with its triggers, what it has paid against its premium, and
/// the claims the reader may see, with the county's steps on each.
enum InsurancePage {
    struct Claim: Sendable {
        var id: String
        var householdID: String
        var householdNumber: String
        var village: String
        var trigger: String
        var cost: Money
        var amount: Money
        var arithmetic: String
        var source: String
        var status: ClaimStatus
        var openedOn: String
        var paidOn: String
        var note: String
    }

    struct Model: Sendable {
        var context: PageContext
        var year: Int
        var scheme: InsuranceSchemeRecord?
        var summary: InsuranceSummary?
        var claims: [Claim]
        var isCounty: Bool
        var today: CivilDate
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
        var flash: String? = nil
    }
}

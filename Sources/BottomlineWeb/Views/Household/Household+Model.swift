import BottomlineDomain

/// A household's page: its facts, 两不愁三保障, monitoring and assistance, the eligibility reading, 帮扶责任人, members
/// (ID numbers masked unless one was just revealed), incomes, population changes and its history.
enum HouseholdPage {
    struct Model: Sendable {
        struct Need: Sendable {
            var label: String
            /// "gap" with the reason, "unknown", or "met".
            var state: String
            var reason: String
        }
        struct Member: Sendable {
            var id: String
            var name: String
            var relation: String
            /// The full number when it was just revealed (and logged), else nil: the page shows the mask.
            var fullID: String?
            var maskedID: String
            var sex: String
            var age: String
            var labour: String
            var health: String
            var education: String
            var insured: String
            var employment: String
            var status: String
        }
        struct Income: Sendable {
            var year: Int
            var fields: [String]
            var net: String
            var perCapita: String
        }
        struct Event: Sendable {
            var date: String
            var kind: String
            var note: String
        }
        struct Audit: Sendable {
            var at: String
            var username: String
            var action: String
            var summary: String
        }

        var context: PageContext
        var id: String
        var householderName: String
        var crumbs: [Layout.Crumb]
        var isActive: Bool
        var canEdit: Bool
        var number: String
        var villageName: String
        var villageCode: String
        var category: String
        var tags: HouseholdTags
        var monitoring: String
        var address: String
        var phone: String
        /// The full number was just shown (and logged): a link to call it.
        var phoneRevealed = false
        /// 补贴发放账号, masked unless just revealed (and logged).
        var account: String = ""
        var accountRevealed = false
        var relocated: Bool
        var housingGrade: String
        var water: String
        var needs: [Need]
        var monitoringSection: MonitoringSection.Model
        var eligibility: EligibilityPanel.Model
        var helper: HelperPanel.Model
        var memberCount: Int
        var members: [Member]
        var incomeFields: [String]
        var incomes: [Income]
        var events: [Event]
        var history: [Audit]
    }
}

/// The small tags beside a household: its monitoring category and each 三保障/饮水 gap.
struct HouseholdTags: Sendable {
    var monitoring: String?
    var housing, education, medical, water: Bool
    var noLabour: Bool
}

import BottomlineDomain

/// The forms that change the registry, each a page: a new household with its householder, a household's details, a
/// year's income, a member joining, a person's details (and leaving), and 分户/并户/迁村. Each model carries what was
/// typed and the problems found, so a refused form comes back as the user left it.
enum RegistryForms {
    /// The household a form belongs to, as its page names it.
    struct Household: Sendable {
        var id: String
        var number: String
        var householderName: String
        var villageCode: String
        var memberCount: Int

        var link: String { "\(SitePath.household(.value(id)))" }
        var crumbs: [Layout.Crumb] { [("\(householderName)户", link)] }
    }

    struct NewHousehold: Sendable {
        var context: PageContext
        var villages: [(value: String, label: String)]
        var household: HouseholdForm
        var person: PersonForm
        var errors: FieldErrors
    }

    struct EditHousehold: Sendable {
        var context: PageContext
        var household: Household
        var form: HouseholdForm
        var errors: FieldErrors
        /// The 补贴发放账号 on record, masked: the form never holds it in full.
        var accountOnRecord: String? = nil
    }

    struct Income: Sendable {
        var context: PageContext
        var household: Household
        var form: IncomeForm
        var errors: FieldErrors
        /// What the 就业, 雨露, 交通补助 and 防贫保险 ledgers hold for the year (issue 16 §4), offered to fill the form.
        var ledger: [LedgerIncomeLine] = []
        var filledFromLedger: String? = nil
    }

    struct AddMember: Sendable {
        var context: PageContext
        var household: Household
        var person: PersonForm
        var event: MembershipEventForm
        var arrivals: [MembershipEventKind]
        var errors: FieldErrors
    }

    struct EditPerson: Sendable {
        var context: PageContext
        var household: Household
        var personID: String
        var personName: String
        /// Nil while the person is a member (the departure form is offered); otherwise their status.
        var formerStatus: String?
        var form: PersonForm
        var event: MembershipEventForm
        var departures: [MembershipEventKind]
        var errors: FieldErrors
    }

    struct Changes: Sendable {
        var context: PageContext
        var household: Household
        /// Members other than the householder: they may leave to form a household.
        var others: [(id: String, name: String, relation: String)]
        var villages: [(value: String, label: String)]
        var date: String
        var newNumber, newHouseholder, target, village, note: String
        var chosen: Set<String>
        var errors: FieldErrors
        /// Which section to show open ("split", "merge", "move").
        var open: String
    }
}

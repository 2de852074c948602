import BottomlineDomain

/// A clue (线索): where it came from, who declared it, and — for the village's cadre while it is open — linking it to a
/// household, starting identification, or closing it with a note.
enum Clue {
    struct Model: Sendable {
        enum Actions: Sendable {
            case none
            /// Not yet linked to a registered household.
            case link
            /// Linked: start identification (or close).
            case start
        }

        var context: PageContext
        var today: CivilDate
        var id: String
        var name: String
        var source: String
        var status: String
        var isOpen: Bool
        var receivedOn: String
        var dueOn: String
        var villageName: String
        /// The linked household's page and name ("张三户（T001）").
        var household: (link: String, name: String)?
        /// The declarer with the ID number and phone masked.
        var declarer: String
        var difficulty: String
        var mergedCount: Int
        var consent: Bool
        var description: String
        var closingNote: String?
        var caseLink: String?
        var actions: Actions
        /// The declarant's full phone, just revealed (and logged), to call.
        var phone: String? = nil
        /// A cadre may reveal the phone (one tap, audited).
        var mayRevealPhone = false
        var errors: FieldErrors = [:]
    }
}

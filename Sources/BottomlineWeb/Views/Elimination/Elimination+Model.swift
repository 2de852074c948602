import BottomlineDomain

/// 提出风险消除: the criteria checked for the chosen method, and the form that confirms each risk eliminated.
enum EliminationProposal {
    struct Model: Sendable {
        var context: PageContext
        var householdID: String
        var householdName: String
        var method: EliminationMethod
        var criteriaMet: Bool
        /// Criteria not met, besides the risks themselves (the form confirms those).
        var unmetCriteria: [String]
        /// Why the last proposal was refused.
        var refusal: [String]?
        var risks: [(code: String, label: String)]
        var resolved: Set<String>
    }
}

import BottomlineDomain
import BottomlinePersistence

extension EliminationProposal.Model {
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, method: EliminationMethod, resolved: Set<RiskType>,
                      refusal: [String]?, names: CodeNames, context: PageContext, today: CivilDate) async throws -> Self {
        // The preview assumes the listed risks are removed; the cadre confirms each one below.
        let check = try await LifecycleStore(registry).eliminationCheck(household, method: method, resolved: Set(household.risks), today: today)
        return Self(context: context, householdID: household.id!.uuidString, householdName: household.householderName, method: method,
                    criteriaMet: check.passes, unmetCriteria: check.unmet.filter { !$0.contains("尚未消除") }, refusal: refusal,
                    risks: household.risks.map { ($0.rawValue, names($0)) }, resolved: Set(resolved.map(\.rawValue)))
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent

extension Clue.Model {
    /// `phoneShown`: the declarant's full phone was just revealed (and logged).
    static func query(_ registry: ScopedRegistry, clue: ClueRecord, names: CodeNames, context: PageContext, today: CivilDate,
                      phoneShown: Bool = false) async throws -> Self {
        var household: HouseholdRecord?
        if let id = clue.householdID { household = try await registry.household(id) }
        let village = try await RegionRecord.find(clue.villageCode, on: registry.db)
        let isOpen = clue.statusValue == .open
        let actions: Actions = registry.actor.role == .village && isOpen ? (household == nil ? .link : .start) : .none
        let declarer = clue.name + (clue.idNumber.map { " " + ResidentID.mask($0) } ?? "") + (phoneShown ? "" : clue.phone.map { " 电话 " + Format.maskedPhone($0) } ?? "")
        return Self(context: context, today: today, id: clue.id!.uuidString, name: clue.name,
                    source: (clue.sourceValue?.label ?? clue.source) + (clue.sourceRef.map { "（\($0)）" } ?? ""),
                    status: clue.statusValue?.label ?? clue.status, isOpen: isOpen, receivedOn: clue.receivedOn, dueOn: clue.dueOn,
                    villageName: village?.name ?? clue.villageCode,
                    household: household.map { h in ("\(SitePath.household(.value(h.id!)))", "\(h.householderName)户（\(h.number)）") },
                    declarer: declarer, difficulty: clue.risk.map { names($0) } ?? clue.riskType, mergedCount: clue.mergedCount,
                    consent: clue.consent, description: clue.description, closingNote: clue.closingNote,
                    caseLink: clue.caseID.map { "\(SitePath.monitoringCase(.value($0)))" }, actions: actions,
                    phone: phoneShown ? clue.phone : nil, mayRevealPhone: !phoneShown && clue.phone != nil && registry.actor.role.seesFullID)
    }
}

import BottomlineDomain
import BottomlinePersistence

extension HelperPanel.Model {
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, canEdit: Bool, today: CivilDate) async throws -> Self {
        let store = RegistryStore(registry)
        let history = try await store.helperHistory(of: household)
        let candidates = canEdit ? try await store.helperCandidates(for: household) : nil
        return Self(householdID: household.id!.uuidString,
                    history: history.map { r, user in
                        .init(name: user?.displayName ?? "（已删除用户）", role: user?.roleValue.label ?? "", start: r.startDate, end: r.endDate ?? "至今")
                    },
                    candidates: candidates?.map { ($0.id!.uuidString, "\($0.displayName)（\($0.roleValue.label)）") },
                    startDate: today.description)
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent

extension InsurancePage.Model {
    static func query(_ registry: ScopedRegistry, year: Int, context: PageContext, today: CivilDate) async throws -> Self {
        let store = InsuranceStore(registry)
        let scheme = try await store.scheme(year: year)
        var claims: [InsuranceClaimRecord] = [], summary: InsuranceSummary?
        if let scheme {
            claims = try await store.claims(schemeID: scheme.id!)
            summary = try await store.summary(scheme)
        }
        let households = try await registry.households(Set(claims.map(\.householdID)))
        let names = try await RegionStore.names(for: Set(claims.map(\.villageCode)), on: registry.db)
        return .init(context: context, year: year, scheme: scheme, summary: summary,
                     claims: claims.map { c in
                         InsurancePage.Claim(id: c.id!.uuidString, householdID: c.householdID.uuidString, householdNumber: households[c.householdID]?.number ?? "",
                                             village: names[c.villageCode] ?? c.villageCode, trigger: c.triggerValue?.label ?? c.trigger, cost: Money(fen: c.costFen),
                                             amount: Money(fen: c.amountFen), arithmetic: c.arithmetic, source: FeedKind(rawValue: c.source).map { "\($0.department)数据建议" } ?? "手工登记",
                                             status: c.statusValue ?? .proposed, openedOn: c.openedOn, paidOn: c.paidOn ?? "", note: c.note)
                     },
                     isCounty: registry.actor.role == .county && registry.actor.region.level == .county, today: today)
    }
}

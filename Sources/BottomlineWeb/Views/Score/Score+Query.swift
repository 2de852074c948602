import BottomlineDomain
import BottomlinePersistence

extension ScorePage.Model {
    static func query(_ registry: ScopedRegistry, region: RegionCode, year: Int, quarter: Int, canEdit: Bool, context: PageContext,
                      today: CivilDate) async throws -> Self {
        let from = CivilDate(year: year, month: quarter * 3 - 2, day: 1)!
        let to = min(CivilDate(year: year, month: quarter * 3, day: CivilDate.daysIn(month: quarter * 3, year: year))!, today)
        let store = IndicatorStore(registry)
        let (card, source) = try await store.scoreCard(for: region, on: to)
        let (children, _) = try await store.byChild(of: region, from: from, to: to, today: to)
        return Self(context: context, today: today, region: region, year: year, quarter: quarter, from: from, to: to, card: card, source: source,
                    units: children.filter { $0.1[.households] > 0 }.map { ($0.0.name, $0.1) }, canEdit: canEdit)
    }
}

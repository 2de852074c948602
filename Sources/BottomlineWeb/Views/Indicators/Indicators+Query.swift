import BottomlineDomain
import BottomlinePersistence

extension IndicatorPage.Model {
    static func query(_ registry: ScopedRegistry, region: RegionCode, from: CivilDate, to: CivilDate, snapshot: String?, rank: String?,
                      target: String?, canFreeze: Bool, context: PageContext, today: CivilDate) async throws -> Self {
        let store = IndicatorStore(registry)
        let periods = try await store.frozenPeriods()
        let frozen = snapshot.flatMap { periods.contains($0) ? $0 : nil }
        let rankCode = rank.flatMap { IndicatorCatalogue.indicator($0)?.code } ?? "XC03"
        let money = IndicatorCatalogue.isMoneyAndThings(rankCode)
        let live = try await store.byChild(of: region, from: from, to: to, today: today, ownRow: money)
        let official = try await frozen.asyncMap { try await store.frozen($0, of: region, ownRow: money) }
        let (children, total) = official ?? live
        let rankBy = IndicatorCatalogue.indicator(rankCode)!
        let previous = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
        return Self(
            context: context, today: today, region: region, name: try await RegionRecord.find(region.digits, on: registry.db)?.name ?? region.digits,
            from: from, to: to, periods: periods, frozen: frozen,
            children: children.map { .init(code: RegionCode($0.0.id!)!, name: $0.0.name, counts: $0.1) }, total: total, liveTotal: live.total,
            rankCode: rankCode, targetText: target ?? "", target: FieldRules.number(target, in: rankBy.unit == .rate ? 0...100 : 0...1_000_000_000).map { rankBy.unit.value(typed: $0) },
            canFreeze: canFreeze, lastMonth: IndicatorStore.label(previous),
            trend: try await store.frozenTotals(of: region).compactMap { f in rankBy.value(f.counts).map { (label: f.period, value: $0, text: rankBy.text(f.counts)) } })
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

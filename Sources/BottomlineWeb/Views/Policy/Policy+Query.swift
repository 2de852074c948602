import BottomlineDomain
import BottomlinePersistence

extension PolicyPage.Model {
    static func query(_ registry: ScopedRegistry, canEdit: Bool, context: PageContext, today: CivilDate) async throws -> Self {
        let actor = registry.actor, db = registry.db
        let records = try await PolicyStore.settings(visibleTo: actor, on: db)
        let labelRecords = try await PolicyStore.labels(visibleTo: actor, on: db)
        let names = try await RegionStore.names(for: Set(records.map(\.regionCode) + labelRecords.map(\.regionCode)), on: db)
        var regionOptions: [(value: String, label: String)] = []
        if let province = actor.region.lineage.first { regionOptions.append((province.digits, names[province.digits] ?? "省级")) }
        if let county = actor.region.lineage.first(where: { $0.level == .county }) { regionOptions.append((county.digits, names[county.digits] ?? "本县")) }
        return Self(
            context: context, today: today, region: actor.region, book: PolicyBook(records.compactMap(\.setting)),
            codes: PolicyBook([], labels: labelRecords.compactMap(\.setting)).names(for: actor.region, on: today), regionNames: names,
            history: records.map { r in
                .init(name: PolicyParameter(rawValue: r.parameter)?.label ?? r.parameter, value: r.value, region: names[r.regionCode] ?? r.regionCode,
                      effectiveFrom: r.effectiveFrom, source: r.source)
            },
            labelHistory: labelRecords.compactMap { r in
                guard let list = LabelledList(rawValue: r.list) else { return nil }
                let builtIn = list.entries.first { $0.code == r.code }?.label ?? r.code
                return .init(name: "\(list.name)·\(builtIn)", value: r.label + (r.inUse ? "" : "（停用）"), region: names[r.regionCode] ?? r.regionCode,
                             effectiveFrom: r.effectiveFrom, source: r.source)
            },
            canEdit: canEdit, regionOptions: regionOptions, calendar: try await PolicyStore.calendar(on: db), mayEnterCalendar: actor.role == .admin)
    }
}

import BottomlineDomain
import BottomlinePersistence

extension QualityPage.Model {
    static func query(_ registry: ScopedRegistry, code: DataCheckCode?, state: DataFindingState?, page: Int = 1, context: PageContext) async throws -> Self {
        let store = DataCheckStore(registry)
        let region = registry.region
        let settings = try await DataCheckStore.settings(for: region, on: .today, db: registry.db)
        let counts = try await store.counts(within: region)
        let checks = DataCheck.all.map { c in
            QualityPage.CheckRow(check: c, on: settings.isOn(c.code, on: .today),
                                 parameter: c.parameter.map { "\($0.label)\(settings.value(c.code))\($0.unit)" }, value: c.parameter.map { _ in settings.value(c.code) },
                                 open: counts[c.code]?[.open] ?? 0, explained: counts[c.code]?[.explained] ?? 0, closed: counts[c.code]?[.closed] ?? 0)
        }
        let (records, total) = try await store.findings(within: region, code: code, state: state, limit: QualityPage.pageSize, offset: (page - 1) * QualityPage.pageSize)
        let households = try await registry.households(Set(records.map(\.householdID)))
        let villages = try await RegionStore.names(for: Set(records.map(\.villageCode)), on: registry.db)
        let rows = records.compactMap { r -> QualityPage.FindingRow? in
            guard let c = r.codeValue, let s = r.stateValue else { return nil }
            let h = households[r.householdID]
            return .init(id: r.id!.uuidString, code: c, village: villages[r.villageCode] ?? r.villageCode,
                         household: h.map { "\($0.householderName)户（\($0.number)）" } ?? "（户已不在辖区）",
                         link: "\(SitePath.household(.value(r.householdID.uuidString)))", values: r.valuesText, state: s, found: r.foundOn,
                         explanation: r.explanation.map { "\($0)（\(r.explainedBy ?? "")，\(r.explainedOn ?? "")）" })
        }
        let last = try await store.lastRun(for: region)
        let lastRun = last.map { r in
            "\(Format.time(r.runAt))由\(r.runBy)核查\(Format.number(r.households))户，用时\(String(format: "%.1f", r.seconds))秒：疑点\(Format.number(r.found))条，其中新发现\(Format.number(r.newFound))条；已整改\(Format.number(r.closed))条"
        }
        let name = try await registry.region(region)?.name ?? region.digits
        var m = Self(context: context, regionName: name, lastRun: lastRun, mayRun: store.mayRun, maySet: store.maySet, acrossSkipped: region.level > .county,
                     checks: checks, code: code, state: state, rows: rows, total: total, page: page, pages: max(1, (total + QualityPage.pageSize - 1) / QualityPage.pageSize))
        m.ranks = region.level <= .township
        return m
    }
}

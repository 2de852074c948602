import BottomlineDomain
import BottomlinePersistence

extension ConsistencyChecks.Model {
    static func query(_ registry: ScopedRegistry, names: CodeNames, context: PageContext) async throws -> Self {
        let problems = try await LifecycleStore(registry).consistencyProblems()
        let villages = try await RegionStore.names(for: Set(problems.map(\.0.villageCode)), on: registry.db)
        return Self(context: context, count: problems.count, rows: problems.prefix(1000).map { h, list in
            .init(link: "\(SitePath.household(.value(h.id!)))#measures", household: "\(h.householderName)户（\(h.number)）",
                  villageName: villages[h.villageCode] ?? "", risks: names(h.risks), problems: list.joined(separator: "；"))
        })
    }
}

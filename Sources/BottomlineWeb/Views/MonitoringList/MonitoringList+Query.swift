import BottomlineDomain
import BottomlinePersistence
import Fluent

extension MonitoringList.Model {
    static func query(_ registry: ScopedRegistry, filter: MonitoringFilter, page: Int, names: CodeNames, context: PageContext,
                      today: CivilDate) async throws -> Self {
        let query = try await LifecycleStore(registry).monitoringObjects(filter, today: today)
        let total = try await query.countHouseholds()
        let rows = try await query.sort(\.$villageCode).sort(\.$number).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let villages = try await RegionStore.names(for: Set(rows.map(\.villageCode)), on: registry.db)
        return Self(context: context, region: try await RegionChoices.query(registry, selected: filter.region),
                    categories: MonitoringCategory.allCases.map { ($0.rawValue, names($0)) }, risks: RiskType.allCases.map { ($0.rawValue, names($0)) },
                    states: MonitoringFilter.State.allCases.map { ($0.rawValue, $0.label) },
                    category: filter.category?.rawValue, risk: filter.risk?.rawValue, state: filter.state?.rawValue, visitOverdue: filter.visitOverdue,
                    total: total, page: page,
                    rows: rows.map { h in
                        .init(id: h.id!.uuidString, number: h.number, householderName: h.householderName,
                              villageName: villages[h.villageCode] ?? h.villageCode, category: h.monitoringValue.map { names($0) } ?? "",
                              risks: names(h.risks), since: h.monitoringSince ?? "", eliminatedOn: h.riskEliminatedOn, lastVisit: h.lastVisitOn ?? "无")
                    })
    }
}

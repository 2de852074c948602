import BottomlineDomain
import BottomlinePersistence
import Fluent

extension HouseholdList.Filter {
    var search: HouseholdFilter {
        HouseholdFilter(region: region, category: category, monitored: monitored, noLabour: noLabour, gap: gap, q: q)
    }
}

extension HouseholdList.Model {
    static let pageSize = 50

    static func query(_ registry: ScopedRegistry, filter: HouseholdList.Filter, page: Int, names: CodeNames, context: PageContext) async throws -> Self {
        let query = try await registry.search(filter.search)
        let total = try await registry.countHouseholds(matching: filter.search)
        let rows = try await query.sort(\.$villageCode).sort(\.$number).range(((page - 1) * pageSize)..<(page * pageSize)).all()
        let villageNames = try await RegionStore.names(for: Set(rows.map(\.villageCode)), on: registry.db)
        return Self(context: context, filter: filter, regions: try await RegionChoices.query(registry, selected: filter.region),
                    canCreate: registry.actor.role.canEditRegistry, total: total, page: page, pageSize: pageSize,
                    rows: rows.map { h in
                        .init(id: h.id!.uuidString, number: h.number, householderName: h.householderName,
                              villageName: villageNames[h.villageCode] ?? h.villageCode, memberCount: h.memberCount,
                              category: h.categoryValue?.label ?? h.category, tags: HouseholdTags(h, names: names))
                    })
    }
}

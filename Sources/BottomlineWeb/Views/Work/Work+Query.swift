import BottomlineDomain
import BottomlinePersistence

extension Work.Model {
    static func query(_ registry: ScopedRegistry, context: PageContext, today: CivilDate, filter: Filter = Filter()) async throws -> Self {
        let items = try await LifecycleStore(registry).workList(today: today)
        let names = try await RegionStore.names(for: Set(items.map(\.villageCode)), on: registry.db)
        let book = try await PolicyStore.book(for: registry.region, on: registry.db)
        let all: [Item] = items.map { i in
            .init(due: i.due, title: i.title, link: i.link, householdName: i.householdName, villageName: names[i.villageCode] ?? i.villageCode,
                  detail: i.detail, kind: i.kind.rawValue, villageCode: i.villageCode, mine: i.mine, returned: i.returned)
        }
        let shown = all.filter { i in
            (filter.kind.isEmpty || i.kind == filter.kind) && (filter.village.isEmpty || i.villageCode == filter.village)
                && (!filter.lateOnly || (i.due.map { $0 < today } ?? false))
        }
        return Self(context: context, today: today, items: shown,
                    identificationDays: book.int(.identificationDeadlineDays, for: registry.region, on: today), filter: filter, all: all)
    }
}

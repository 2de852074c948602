import BottomlineDomain
import BottomlinePersistence

extension Work.Model {
    static func query(_ registry: ScopedRegistry, context: PageContext, today: CivilDate) async throws -> Self {
        let items = try await LifecycleStore(registry).workList(today: today)
        let names = try await RegionStore.names(for: Set(items.map(\.villageCode)), on: registry.db)
        let book = try await PolicyStore.book(for: registry.region, on: registry.db)
        return Self(context: context, today: today,
                    items: items.map { i in
                        .init(due: i.due, title: i.title, link: i.link, householdName: i.householdName,
                              villageName: names[i.villageCode] ?? i.villageCode, detail: i.detail)
                    },
                    identificationDays: book.int(.identificationDeadlineDays, for: registry.region, on: today))
    }
}

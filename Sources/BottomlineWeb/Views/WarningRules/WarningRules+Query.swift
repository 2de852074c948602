import BottomlineDomain
import BottomlinePersistence

extension WarningRules.StatsModel {
    static func query(_ store: ScreeningStore, context: PageContext) async throws -> Self {
        let figures = try await store.statistics()
        let files = try await store.files(limit: 1000)
        var byFeed: [String: (Int, Int, Int)] = [:]
        for f in files { let c = byFeed[f.kind] ?? (0, 0, 0); byFeed[f.kind] = (c.0 + f.rowsRead, c.1 + f.rowsMatched, c.2 + f.rowsBad) }
        return Self(context: context,
                    feeds: FeedKind.allCases.compactMap { k in byFeed[k.rawValue].map { .init(label: k.label, rowsRead: $0.0, rowsMatched: $0.1, rowsBad: $0.2) } },
                    dispositions: WarningDisposition.allCases.map(\.label),
                    rules: figures.map { f in
                        .init(feed: FeedKind(rawValue: f.feed)?.label ?? f.feed, rule: "\(f.rule) \(f.name)", raised: f.raised, open: f.open,
                              closed: WarningDisposition.allCases.map { f.byDisposition[$0] ?? 0 }, includedShare: f.includedShare)
                    })
    }
}

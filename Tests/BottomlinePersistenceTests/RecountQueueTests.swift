@testable import BottomlinePersistence
import BottomlineDomain
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("待重算村队列")
struct RecountQueueTests {
    /// Two new households of one village, written as rows the way an import writes them.
    static func twoOfOneVillage() throws -> [NewHouseholdRows] {
        CivilDate.pinToday(testToday)
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let (_, drafts) = DemoCounty(households: 400, seed: 9).generate(townships: townships)
        let byVillage = Dictionary(grouping: drafts, by: \.villageCode.digits)
        let pair = try #require(byVillage.values.first { $0.count >= 2 })
        var ids = OrderedUUIDGenerator()
        return pair.prefix(2).map { NewHouseholdRows(draft: $0, id: ids.next(), at: Date(), ids: &ids) }
    }

    @Test("two transactions that write measures of one village at the same time queue the village once")
    func onceUnderConcurrentWrites() async throws {
        let rows = try Self.twoOfOneVillage()
        let village = rows[0].draft.villageCode.digits
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await BulkInsert.households(rows.map(\.household), on: sql)
            try await sql.raw("DELETE FROM indicator_changes").run()
            /// A measure for household `i`, written in `tx`.
            @Sendable func measure(_ i: Int, on tx: any Database) async throws {
                let m = MeasureRecord()
                (m.id, m.householdID, m.villageCode, m.category, m.name, m.department) = (UUID(), rows[i].id, village, "industry", "产业帮扶", "农业农村局")
                (m.startOn, m.status) = ("2026-11-01", "active")
                try await m.create(on: tx)
            }
            let started = AsyncStream<Void>.makeStream()
            // The first writes its measure and holds its transaction open while the second writes the other one.
            let first = Task {
                try await app.db.transaction { tx in
                    try await measure(0, on: tx)
                    started.continuation.yield()
                    try await Task.sleep(for: .milliseconds(400))
                }
            }
            var wait = started.stream.makeAsyncIterator()
            _ = await wait.next()
            try await app.db.transaction { tx in try await measure(1, on: tx) }
            try await first.value
            let queued = try await sql.raw("SELECT COUNT(*) AS n FROM indicator_changes WHERE village_code = \(bind: village)").first()!
                .decode(column: "n", as: Int.self)
            #expect(queued == 1)
            #expect(try await MeasureRecord.query(on: app.db).filter(\.$villageCode == village).count() == 2)
        }
    }

    @Test("on PostgreSQL the triggers queue a village through the unique index, whatever plan the session kept")
    func throughTheIndex() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "postgresql" else { return }
            let indexes = try await sql.raw("SELECT indexdef FROM pg_indexes WHERE tablename = 'indicator_changes' AND schemaname = current_schema()").all()
                .map { try $0.decode(column: "indexdef", as: String.self) }
            #expect(indexes.contains { $0.hasPrefix("CREATE UNIQUE INDEX") && $0.hasSuffix("(village_code)") })
            for function in ["indicator_note_village", "indicator_note_household"] {
                let body = try await sql.raw("SELECT prosrc FROM pg_proc WHERE proname = \(bind: function) AND pronamespace = current_schema()::regnamespace").first()!.decode(column: "prosrc", as: String.self)
                #expect(body.contains("ON CONFLICT (village_code) DO NOTHING") && !body.contains("NOT EXISTS"))
            }
        }
    }
}

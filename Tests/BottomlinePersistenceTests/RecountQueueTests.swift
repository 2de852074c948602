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
        let (drafts, _) = try StreamedImportTests.county(400, seed: 9)
        let byVillage = Dictionary(grouping: drafts, by: \.villageCode.digits)
        let pair = try #require(byVillage.values.first { $0.count >= 2 })
        return StreamedImportTests.rows(pair.prefix(2))
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

    @Test("households and incomes inserted many to a statement, as an import writes them, each get one open history version and queue each of their villages once; an update closes a version and opens the next, a delete closes it; on PostgreSQL the inserts' triggers run once per statement")
    func manyToAStatement() async throws {
        CivilDate.pinToday(testToday)
        let (drafts, _) = try StreamedImportTests.county(300, seed: 19)
        let rows = StreamedImportTests.rows(drafts)
        let incomes = rows.compactMap(\.income)
        let villages = Set(drafts.map(\.villageCode.digits))
        #expect(villages.count > 20 && incomes.count > 100)
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM indicator_changes").run()
            try await app.db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await BulkInsert.households(rows.map(\.household), on: sql)
                try await BulkInsert.incomes(incomes, on: sql)
            }
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw(query).first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await count("SELECT COUNT(*) AS n FROM households_history WHERE valid_to IS NULL AND valid_from <> ''") == rows.count)
            #expect(try await count("SELECT COUNT(DISTINCT id) AS n FROM households_history") == rows.count)
            #expect(try await count("SELECT COUNT(*) AS n FROM household_incomes_history WHERE valid_to IS NULL AND valid_from <> ''") == incomes.count)
            let queued = try await sql.raw("SELECT village_code FROM indicator_changes").all().map { try $0.decode(column: "village_code", as: String.self) }
            #expect(queued.count == villages.count && Set(queued) == villages)

            let (changed, removed) = (rows[0].id, rows[1].id)
            try await sql.raw("DELETE FROM household_incomes WHERE household_id = \(bind: removed)").run()
            try await sql.raw("UPDATE households SET category = 'ordinary', status = 'closed' WHERE id = \(bind: changed)").run()
            try await sql.raw("DELETE FROM households WHERE id = \(bind: removed)").run()
            #expect(try await count("SELECT COUNT(*) AS n FROM households_history WHERE id = \(bind: changed)") == 2)
            #expect(try await count("SELECT COUNT(*) AS n FROM households_history WHERE id = \(bind: changed) AND valid_to IS NULL AND status = 'closed'") == 1)
            #expect(try await count("SELECT COUNT(*) AS n FROM households_history WHERE id = \(bind: removed) AND valid_to IS NULL") == 0)
            #expect(try await count("SELECT COUNT(*) AS n FROM households_history WHERE id = \(bind: removed)") == 1)

            guard sql.dialect.name == "postgresql" else { return }
            // tgtype bit 0: a row trigger; bit 2: fires on INSERT.
            let inserting = try await sql.raw("""
                SELECT t.tgname, (t.tgtype & 1) AS per_row FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relname IN ('households', 'household_incomes', 'measures') AND c.relnamespace = current_schema()::regnamespace
                  AND NOT t.tgisinternal AND (t.tgtype & 4) <> 0
                """).all().map { (try $0.decode(column: "tgname", as: String.self), try $0.decode(column: "per_row", as: Int.self)) }
            #expect(inserting.count >= 6)
            #expect(inserting.allSatisfy { $0.1 == 0 }, "row triggers on insert: \(inserting.filter { $0.1 != 0 }.map(\.0))")
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

import BottomlineDomain
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The dashboard's money, loan, job and insurance counts are kept between views (bench/load: a dozen grouped queries a
/// view halved its throughput) — and a kept count is never shown once any ledger or the registry has been written,
/// whoever wrote it, on either database.
@Suite("台账指标缓存")
struct LedgerCountCacheTests {
    @Test("a second view reads the kept counts; a store's write, a write straight in SQL to any ledger table, and a household's change of category are each seen at once; another day or place is never answered with this one's counts; nothing read inside a transaction is kept")
    func keptUntilWritten() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 3_000, seed: 11).build(on: app.db) { try app.password.hash($0) }
            let xian = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first())
            let registry = ScopedRegistry(db: app.db, actor: Actor(xian))
            let store = IndicatorStore(registry)
            let county = DemoCounty.county, today = CivilDate.today
            func fresh(_ region: RegionCode = county, _ day: CivilDate = today) async throws -> [String: Counts] {
                try await store.fundCounts(within: region, asOf: day, kept: false)
            }
            func total(_ counts: [String: Counts]) -> Counts { counts.values.reduce(Counts(), +) }

            let sql = try #require(app.db as? any SQLDatabase)
            func key(_ region: RegionCode, _ day: CivilDate) async throws -> LedgerCountCache.Key {
                LedgerCountCache.Key(database: try await LedgerCountCache.versions(sql).token, lower: region.codeRange.lower, upper: region.codeRange.upper, day: day.description)
            }
            let first = try await store.fundCounts(within: county, asOf: today)
            let countyKey = try await key(county, today)
            #expect(await LedgerCountCache.shared.isKept(countyKey))
            let hits = await LedgerCountCache.shared.hits
            #expect(try await store.fundCounts(within: county, asOf: today) == first)
            #expect(await LedgerCountCache.shared.hits > hits, "the second view is answered from the kept counts")
            #expect(first == (try await fresh()))
            // A county's dashboard reads them added up by township: kept apart from the village ones, and the same as
            // adding those up.
            var byTownship: [String: Counts] = [:]
            IndicatorStore.merge(first, into: &byTownship, level: .township)
            #expect(byTownship.keys.allSatisfy { $0.count == 9 } && byTownship.count < first.count)
            #expect(try await store.fundCounts(within: county, asOf: today, level: .township) == byTownship)
            let townshipHits = await LedgerCountCache.shared.hits
            #expect(try await store.fundCounts(within: county, asOf: today, level: .township) == byTownship)
            #expect(await LedgerCountCache.shared.hits > townshipHits, "the second view by township is answered from the kept counts")
            // Another day, another place: their own counts.
            let township = RegionCode("411681101")!, lastYear = today.adding(days: -400)
            #expect(try await store.fundCounts(within: township, asOf: today) == (try await fresh(township)))
            #expect(try await store.fundCounts(within: county, asOf: lastYear) == (try await fresh(county, lastYear)))

            // A spell through the store: the worker is counted at once.
            let before = total(try await store.fundCounts(within: county, asOf: today))
            let row = try #require(try await sql.raw("""
                SELECT p.id AS person, h.id AS household FROM persons p JOIN households h ON h.id = p.household_id
                WHERE h.category = 'alleviated' AND h.status = 'active' AND p.birth_date < '1990-01-01' AND p.birth_date > '1965-01-01'
                  AND NOT EXISTS (SELECT 1 FROM work_spells s WHERE s.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM public_posts s WHERE s.person_id = p.id)
                LIMIT 1
                """).first())
            let person = try row.decode(column: "person", as: UUID.self), household = try #require(try await HouseholdRecord.find(try row.decode(column: "household", as: UUID.self), on: app.db))
            let month = CivilMonth(today)
            try await JobStore(registry).addSpell(household, person: person, WorkSpell(place: RegionCode("440305")!, employer: "富士康", start: month, end: nil), today: today)
            let afterSpell = total(try await store.fundCounts(within: county, asOf: today))
            #expect(afterSpell[.jobWorkers] == before[.jobWorkers] + 1 && afterSpell[.jobOutside] == before[.jobOutside] + 1)
            // The household becomes an ordinary one, straight in SQL: its worker is no longer counted.
            try await sql.raw("UPDATE households SET category = 'ordinary', monitoring_category = NULL WHERE id = \(bind: household.id!)").run()
            let ordinary = try await store.fundCounts(within: county, asOf: today)
            let freshOrdinary = try await fresh()
            #expect(total(ordinary)[.jobWorkers] < afterSpell[.jobWorkers] && ordinary == freshOrdinary)

            // Every ledger table the counts read: a write to it straight in SQL changes the version the kept counts are
            // checked against, so the next view counts again.
            for table in CreateLedgerVersion.tables {
                let rows = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
                let versionBefore = try await LedgerCountCache.versions(sql).numbers
                if rows == 0 { try await sql.raw("DELETE FROM \(ident: table)").run() } else { try await sql.raw("UPDATE \(ident: table) SET id = id").run() }
                // SQLite's row triggers fire only for rows; every table holds some in the demo county.
                #expect(rows > 0 || sql.dialect.name != "sqlite", "\(table) is empty in the demo county")
                #expect(try await LedgerCountCache.versions(sql).numbers != versionBefore, "\(table): a write changes the ledger version")
            }
            // Changes a write made are all seen: the kept counts equal a fresh reading, by village and by township.
            let freshAfter = try await fresh()
            #expect(try await store.fundCounts(within: county, asOf: today) == freshAfter)
            var freshByTownship: [String: Counts] = [:]
            IndicatorStore.merge(freshAfter, into: &freshByTownship, level: .township)
            #expect(try await store.fundCounts(within: county, asOf: today, level: .township) == freshByTownship)

            // Inside a transaction nothing is kept (what it read may be rolled back).
            let other = RegionCode("411681102")!
            try await app.db.transaction { tx in
                _ = try await IndicatorStore(ScopedRegistry(db: tx, actor: Actor(xian))).fundCounts(within: other, asOf: today)
            }
            let otherKey = try await key(other, today)
            #expect(await LedgerCountCache.shared.isKept(otherKey) == false)
        }
    }

    @Test("a registry write that no ledger sees (a household saved) re-reads only the job figures: the ledgers' counts are kept, and the whole still equals a fresh reading, by village and by township; a ledger write reads them again")
    func registryWriteKeepsLedgerPart() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 2_000, seed: 12).build(on: app.db) { try app.password.hash($0) }
            let xian = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first())
            let store = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(xian)))
            let county = DemoCounty.county, today = CivilDate.today
            let sql = try #require(app.db as? any SQLDatabase)
            func ledgerKey(township: Bool) async throws -> LedgerCountCache.Key {
                LedgerCountCache.Key(database: try await LedgerCountCache.versions(sql).token, lower: county.codeRange.lower,
                                     upper: county.codeRange.upper, day: today.description, byTownship: township, ledgersOnly: true)
            }
            for township in [false, true] {
                let level: RegionCode.Level = township ? .township : .village
                _ = try await store.fundCounts(within: county, asOf: today, level: level)
                #expect(await LedgerCountCache.shared.isKept(try await ledgerKey(township: township)))
                // A household saved, as a visit saves its date: the registry's version moves, the ledgers' does not.
                let before = try await LedgerCountCache.versions(sql).numbers
                try await sql.raw("UPDATE households SET last_visit_on = \(bind: today.description) WHERE id = (SELECT id FROM households LIMIT 1)").run()
                let after = try await LedgerCountCache.versions(sql).numbers
                #expect(after[0] == before[0] && after[1] != before[1])
                let key = try await ledgerKey(township: township)
                let hits = await LedgerCountCache.shared.hits(for: key)
                let counts = try await store.fundCounts(within: county, asOf: today, level: level)
                #expect(await LedgerCountCache.shared.hits(for: key) == hits + 1, "the ledgers' part answered from the kept counts, the job figures read again")
                var fresh = try await store.fundCounts(within: county, asOf: today, kept: false)
                if township {
                    var byTownship: [String: Counts] = [:]
                    IndicatorStore.merge(fresh, into: &byTownship, level: .township)
                    fresh = byTownship
                }
                #expect(counts == fresh)
                #expect(counts.values.contains { $0[.dataFindings] > 0 } && counts.values.contains { $0[.jobWorkers] > 0 })
                // A ledger write: both parts read again.
                try await sql.raw("UPDATE loans SET id = id").run()
                let ledgerHits = await LedgerCountCache.shared.hits(for: key)
                #expect(try await store.fundCounts(within: county, asOf: today, level: level) == counts)
                #expect(await LedgerCountCache.shared.hits(for: key) == ledgerHits, "a ledger write: the ledgers' part read again")
            }
        }
    }
}

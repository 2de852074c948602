import BottomlineDomain
import BottomlineInterchange
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

/// A first load on SQLite sets the registry's INSERT triggers and some indexes aside and does their work once at the
/// end (`SQLiteBulkLoad`). What it leaves must be what the triggers leave, row for row, and the schema as it was.
@Suite("首次大批量导入（SQLite）：触发器与索引的工作在末尾一次完成，结果与逐行写入相同", .serialized)
struct BulkLoadTests {
    /// What a load leaves that the triggers write or the schema holds, in terms that do not depend on generated ids.
    struct Outcome: Equatable {
        var householdHistory: [String]
        var incomeHistory: [String]
        var queuedVillages: Set<String>
        var versionChanged: Bool
        var schema: [String]
        var households: Int
        var persons: Int
    }

    static func outcome(_ sql: any SQLDatabase, versionBefore: Int) async throws -> Outcome {
        let columns = CreateRecordedHistory.tables.first { $0.table == "households" }!.columns
        let householdHistory = try await sql.raw("""
            SELECT h.number || '|' || \(unsafeRaw: columns.map { "COALESCE(CAST(x.\($0) AS TEXT), '-')" }.joined(separator: " || '|' || ")) AS line
            FROM households_history x JOIN households h ON h.id = x.id WHERE x.valid_to IS NULL ORDER BY line
            """).all().map { try $0.decode(column: "line", as: String.self) }
        let incomeHistory = try await sql.raw("""
            SELECT h.number || '|' || x.year || '|' || x.wages || '|' || x.business || '|' || x.property || '|' || x.transfers
                   || '|' || x.business_costs || '|' || x.member_count AS line
            FROM household_incomes_history x JOIN households h ON h.id = x.household_id WHERE x.valid_to IS NULL ORDER BY line
            """).all().map { try $0.decode(column: "line", as: String.self) }
        let queued = try await sql.raw("SELECT village_code FROM indicator_changes").all().map { try $0.decode(column: "village_code", as: String.self) }
        let version = try await sql.raw("SELECT version FROM registry_version WHERE id = 1").first()!.decode(column: "version", as: Int.self)
        let schema = try await sql.raw("SELECT type || ' ' || name || ' ' || sql AS line FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
            .all().map { try $0.decode(column: "line", as: String.self) }
        let households = try await sql.raw("SELECT COUNT(*) AS n FROM households").first()!.decode(column: "n", as: Int.self)
        let persons = try await sql.raw("SELECT COUNT(*) AS n FROM persons").first()!.decode(column: "n", as: Int.self)
        return Outcome(householdHistory: householdHistory, incomeHistory: incomeHistory, queuedVillages: Set(queued),
                       versionChanged: version > versionBefore, schema: schema, households: households, persons: persons)
    }

    static func version(_ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT version FROM registry_version WHERE id = 1").first()!.decode(column: "version", as: Int.self)
    }

    /// Imports `csv` into a fresh database, in bulk when `bulk`, and answers what it left (nil on PostgreSQL).
    static func load(_ csv: Data, bulk: Bool, then more: Data? = nil) async throws -> (Outcome, RegistryImporter.Report, [String])? {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return nil }
            let schemaBefore = try await sql.raw("SELECT type || ' ' || name || ' ' || sql AS line FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
                .all().map { try $0.decode(column: "line", as: String.self) }
            let before = try await version(sql)
            var importer = RegistryImporter(db: app.db, actor: .system())
            importer.bulkMinimumRows = bulk ? 1 : Int.max
            var report = try await importer.importFile(csv, filename: "county.csv")
            if let more { report = try await importer.importFile(more, filename: "more.csv") }
            return (try await outcome(sql, versionBefore: before), report, schemaBefore)
        }
    }

    static func file(_ households: Int, seed: UInt64) throws -> Data {
        CivilDate.pinToday(testToday)  // generated ID numbers are born before the tests' today
        let (_, table) = try StreamedImportTests.county(households, seed: seed)
        return CSV.write(header: table.header, rows: table.rows)
    }

    /// One county in two files of disjoint households: the first `first` households, then the rest.
    static func split(_ households: Int, first: Int, seed: UInt64) throws -> (Data, Data) {
        CivilDate.pinToday(testToday)
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let (villages, drafts) = DemoCounty(households: households, seed: seed).generate(townships: townships)
        let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let a = RegistryFileWriter.table(Array(drafts.prefix(first)), villageNames: names)
        let b = RegistryFileWriter.table(Array(drafts.dropFirst(first)), villageNames: names)
        return (CSV.write(header: a.header, rows: a.rows), CSV.write(header: b.header, rows: b.rows))
    }

    @Test("a county loaded in bulk leaves the same current history of households and incomes, the same villages queued for recounting, a changed registry version and the same schema as a county written row by row")
    func sameAsRowByRow() async throws {
        let csv = try Self.file(2_500, seed: 21)
        guard let (rowByRow, ordinary, schemaBefore) = try await Self.load(csv, bulk: false),
              let (inBulk, bulkReport, _) = try await Self.load(csv, bulk: true) else { return }
        #expect(!ordinary.loadedInBulk && bulkReport.loadedInBulk)
        #expect(ordinary.succeeded && bulkReport.succeeded, "\(ordinary.problems.prefix(3)) \(bulkReport.problems.prefix(3))")
        #expect(inBulk.households == 2_500 && inBulk.persons == rowByRow.persons)
        #expect(inBulk.householdHistory.count == 2_500)
        #expect(inBulk.incomeHistory.count == rowByRow.incomeHistory.count && !inBulk.incomeHistory.isEmpty)
        #expect(inBulk.householdHistory == rowByRow.householdHistory)
        #expect(inBulk.incomeHistory == rowByRow.incomeHistory)
        #expect(inBulk.queuedVillages == rowByRow.queuedVillages && !inBulk.queuedVillages.isEmpty)
        #expect(inBulk.versionChanged && rowByRow.versionChanged)
        // Every index and trigger set aside is back, text for text.
        #expect(inBulk.schema == schemaBefore)
        #expect(rowByRow.schema == schemaBefore)
    }

    @Test("a load finished as long recorded (the demo county) leaves the history the demo's last step made of an ordinary load: every version dated before the history began, nothing else different")
    func longRecorded() async throws {
        CivilDate.pinToday(testToday)
        let (drafts, _) = try StreamedImportTests.county(400, seed: 4)
        let rows = StreamedImportTests.rows(drafts)
        struct Declined: Error {}
        func history(longRecorded: Bool) async throws -> [String]? {
            try await withTestApp { app in
                guard (app.db as? any SQLDatabase)?.dialect.name == "sqlite" else { return nil }
                try await app.db.writeTransaction(registry: true) { tx in
                    let sql = tx as! any SQLDatabase
                    guard let bulk = try await SQLiteBulkLoad.begin(on: sql) else { throw Declined() }
                    try await BulkInsert.households(rows.map(\.household), on: sql)
                    try await BulkInsert.persons(rows.flatMap(\.persons), on: sql)
                    try await BulkInsert.incomes(rows.compactMap(\.income), on: sql)
                    try await bulk.finish(on: sql, longRecorded: longRecorded)
                }
                if !longRecorded { try await RecordedHistory.treatAsLongRecorded(on: app.db) }
                let sql = app.db as! any SQLDatabase
                var lines: [String] = []
                for (table, columns) in CreateRecordedHistory.tables {
                    let list = (["id"] + columns + ["valid_from", "valid_to"]).map { "quote(\($0))" }.joined(separator: " || '|' || ")
                    lines += try await sql.raw("SELECT '\(unsafeRaw: table)|' || \(unsafeRaw: list) AS line FROM \(unsafeRaw: table)_history ORDER BY id")
                        .all().map { try $0.decode(column: "line", as: String.self) }
                }
                return lines
            }
        }
        guard let demo = try await history(longRecorded: true), let ordinary = try await history(longRecorded: false) else { return }
        #expect(demo.filter { $0.hasPrefix("households|") }.count == 400)
        #expect(demo.filter { !$0.hasSuffix("|''|NULL") }.prefix(3) == [])
        #expect(demo.count == ordinary.count && zip(demo, ordinary).filter { $0 != $1 }.prefix(3).map { "\($0) ≠ \($1)" } == [])
    }

    @Test("a second file in bulk over a registry it at least doubles adds its households beside the first's, and the first's rows keep their one history version")
    func secondLoad() async throws {
        let (first, second) = try Self.split(2_300, first: 300, seed: 22)
        guard let (rowByRow, _, _) = try await Self.load(first, bulk: false, then: second),
              let (inBulk, report, schemaBefore) = try await Self.load(first, bulk: true, then: second) else { return }
        #expect(report.loadedInBulk)
        #expect(inBulk == rowByRow)
        #expect(inBulk.schema == schemaBefore)
    }

    @Test("an INSERT trigger the bulk load does not know keeps the load row by row, and the trigger fires for every row")
    func unknownTriggerDeclines() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }
            try await sql.raw("CREATE TABLE seen (id TEXT)").run()
            try await sql.raw("CREATE TRIGGER persons_seen AFTER INSERT ON persons BEGIN INSERT INTO seen (id) VALUES (NEW.id); END").run()
            var importer = RegistryImporter(db: app.db, actor: .system())
            importer.bulkMinimumRows = 1
            let report = try await importer.importFile(try Self.file(200, seed: 24), filename: "county.csv")
            #expect(report.succeeded && !report.loadedInBulk)
            let seen = try await sql.raw("SELECT COUNT(*) AS n FROM seen").first()!.decode(column: "n", as: Int.self)
            #expect(seen == report.personsAdded && seen > 0)
        }
    }

    @Test("a file refused in its last batch after a bulk start leaves the triggers and indexes in place and nothing written")
    func refusedLeavesSchema() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }
            let schema = try await sql.raw("SELECT type || ' ' || name || ' ' || sql AS line FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
                .all().map { try $0.decode(column: "line", as: String.self) }
            let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
            var (villages, households) = DemoCounty(households: 2_500, seed: 25).generate(townships: townships)
            // The last household names a village outside the county: refused when its batch is checked.
            let outside = Region(code: RegionCode("410102001001")!, name: "外县村", parent: RegionCode("410102001")!)
            villages.append(outside)
            households[households.count - 1].villageCode = outside.code
            let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let table = RegistryFileWriter.table(households, villageNames: names)
            var importer = RegistryImporter(db: app.db, actor: .system(region: RegionCode("411681")!))
            importer.bulkMinimumRows = 1
            let report = try await importer.importFile(CSV.write(header: table.header, rows: table.rows), filename: "county.csv")
            #expect(!report.succeeded && !report.loadedInBulk)
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
            let after = try await sql.raw("SELECT type || ' ' || name || ' ' || sql AS line FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
                .all().map { try $0.decode(column: "line", as: String.self) }
            #expect(after == schema)
        }
    }
}

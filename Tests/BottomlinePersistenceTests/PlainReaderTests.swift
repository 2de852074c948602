import BottomlineDomain
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// `PlainReader` reads a county's rows for 疑点核查 through a connection of its own on an SQLite file, and through
/// SQLKit anywhere else; these say the two give the same values, that its connection reads one snapshot, and that a
/// value of the wrong kind is an error, never a crash or a wrong value.
@Suite("按列位置读取：自有连接与SQLKit一致")
struct PlainReaderTests {
    struct Probe: Sendable, Equatable {
        var id: UUID, name: String, n: Int64, flag: Bool, note: String?
    }

    static let rows: [Probe] = [
        Probe(id: UUID(), name: "张三", n: 0, flag: true, note: nil),
        Probe(id: UUID(), name: "王庄村 \"引号\" '单引号'", n: -9_007_199_254_740_993, flag: false, note: ""),
        Probe(id: UUID(), name: "𠀀𪚥 emoji 👩‍👩‍👧", n: Int64.max, flag: true, note: String(repeating: "长", count: 10_000)),
    ]

    static func table(_ app: Application) async throws -> any SQLDatabase {
        try await app.db.schema("plain_probe").field("id", .uuid, .identifier(auto: false)).field("name", .string, .required)
            .field("n", .int64, .required).field("flag", .bool, .required).field("note", .string).create()
        let sql = try #require(app.db as? any SQLDatabase)
        for r in rows {
            try await sql.insert(into: "plain_probe").columns("id", "name", "n", "flag", "note")
                .values(SQLBind(r.id), SQLBind(r.name), SQLBind(r.n), SQLBind(r.flag), SQLBind(r.note)).run()
        }
        return sql
    }

    static func read(_ reader: PlainReader, from n: Int64) async throws -> [Probe] {
        try await reader.rows("SELECT id, name, n, flag, note FROM plain_probe WHERE n >= \(bind: n) ORDER BY n") { r in
            Probe(id: try r.uuid(0), name: try r.text(1), n: try r.int(2), flag: try r.bool(3), note: try r.optionalText(4))
        }
    }

    @Test("the same rows, to the byte, through the reader's own connection and through SQLKit inside a transaction")
    func sameBothWays() async throws {
        try await withTestApp { app in
            let sql = try await Self.table(app)
            let expected = Self.rows.sorted { $0.n < $1.n }
            let (own, viaOwn) = try await PlainReader.reading(app.db) { ($0.ownConnection, try await Self.read($0, from: Int64.min)) }
            #expect(own == (sql.dialect.name == "sqlite"))
            #expect(viaOwn == expected)
            let (inside, viaSQLKit) = try await app.db.transaction { tx in
                try await PlainReader.reading(tx) { ($0.ownConnection, try await Self.read($0, from: Int64.min)) }
            }
            #expect(inside == false)   // a transaction's own rows are seen only through its connection
            #expect(viaSQLKit == expected)
            #expect(try await PlainReader.reading(app.db) { try await Self.read($0, from: 1) } == [Self.rows[2]])
        }
    }

    @Test("asked for committed rows inside a writing transaction, it reads beside the writer (on SQLite through its own connection, not waiting for the commit) and sees the rows as last committed; through SQLKit it sees the transaction's")
    func committedInsideTransaction() async throws {
        try await withTestApp { app in
            let sql = try await Self.table(app)
            let expected = Self.rows.sorted { $0.n < $1.n }
            let (own, seen) = try await app.db.writeTransaction { tx in
                let tsql = try #require(tx as? any SQLDatabase)
                try await tsql.raw("UPDATE plain_probe SET name = 'changed' WHERE n = 0").run()
                return try await PlainReader.reading(tx, committed: true) { ($0.ownConnection, try await Self.read($0, from: Int64.min)) }
            }
            if sql.dialect.name == "sqlite" {
                #expect(own)
                #expect(seen == expected, "the transaction's change is not seen before it commits")
            } else {
                #expect(!own)
                #expect(seen.map(\.name).contains("changed"))
            }
            #expect(try await PlainReader.reading(app.db) { try await Self.read($0, from: 0) }.first?.name == "changed")
        }
    }

    @Test("its own connection reads one snapshot: what is written after it opened is not among its rows")
    func snapshot() async throws {
        try await withTestApp { app in
            let sql = try await Self.table(app)
            let own = try await PlainReader.reading(app.db) { reader -> Bool in
                #expect(try await Self.read(reader, from: Int64.min).count == 3)
                try await sql.raw("DELETE FROM plain_probe").run()
                // PostgreSQL and a database in memory are read through SQLKit, statement by statement: the delete is seen.
                #expect(try await Self.read(reader, from: Int64.min).count == (reader.ownConnection ? 3 : 0))
                return reader.ownConnection
            }
            #expect(own == (sql.dialect.name == "sqlite"))
            #expect(try await PlainReader.reading(app.db) { try await Self.read($0, from: Int64.min) }.isEmpty)
        }
    }

    @Test("a column read as what it is not is an error both ways, not a crash or a made-up value")
    func wrongKind() async throws {
        try await withTestApp { app in
            _ = try await Self.table(app)
            for inTransaction in [false, true] {
                let read: @Sendable (any Database) async throws -> Void = { db in
                    await #expect(throws: (any Error).self) {
                        _ = try await PlainReader.reading(db) { try await $0.rows("SELECT name FROM plain_probe") { try $0.uuid(0) } }
                    }
                    await #expect(throws: (any Error).self) {
                        _ = try await PlainReader.reading(db) { try await $0.rows("SELECT note FROM plain_probe WHERE note IS NULL") { try $0.text(0) } }
                    }
                    await #expect(throws: (any Error).self) {
                        _ = try await PlainReader.reading(db) { try await $0.rows("SELECT name FROM plain_probe") { try $0.int(0) } }
                    }
                    await #expect(throws: (any Error).self) {
                        _ = try await PlainReader.reading(db) { try await $0.rows("SELECT no_such_column FROM plain_probe") { try $0.text(0) } }
                    }
                }
                if inTransaction { try await app.db.transaction { try await read($0) } } else { try await read(app.db) }
            }
        }
    }

    @Test("UUID text is parsed in either case and only in its one shape")
    func uuidText() throws {
        func parse(_ s: String) -> UUID? { Array(s.utf8).withUnsafeBufferPointer { UUID.parse($0) } }
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(parse(id.uuidString) == id)
            #expect(parse(id.uuidString.lowercased()) == id)
        }
        let good = "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"
        #expect(parse(good) == UUID(uuidString: good))
        for bad in ["", String(good.dropLast()), good + "0", good.replacingOccurrences(of: "-", with: "_"),
                    "E621E1F8C-36C-495A-93FC-0C247A3E6E5F", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F", "E621E1F8-C36C-495A-93FC-0C247A3E6E5 "] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test("疑点核查 finds the same on the demo county through its own connection as through SQLKit")
    func checksSameBothWays() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 1_500, seed: 21).build(on: app.db) { try app.password.hash($0) }
            let actor = Actor(userID: nil, username: "xian", role: .county, region: RegionCode("411681")!)
            let today = CivilDate(year: 2026, month: 11, day: 16)!
            func key(_ c: DataCheckStore.Computed) -> [String] { c.found.map { "\($0.key)|\($0.valuesText)" }.sorted() }
            let own = try await DataCheckStore(ScopedRegistry(db: app.db, actor: actor)).compute(today: today)
            let viaSQLKit = try await app.db.transaction { tx in try await DataCheckStore(ScopedRegistry(db: tx, actor: actor)).compute(today: today) }
            #expect(own.households == viaSQLKit.households && own.households > 1_000)
            #expect(Set(own.found.map(\.code)).count >= 10)   // most checks fire on the demo county, so most are compared
            #expect(key(own) == key(viaSQLKit))
            #expect(own.villageOf == viaSQLKit.villageOf)
        }
    }

    @Test("a county read straight through its tables finds what it finds read a township at a time: income years in any order, merged households, long and empty texts")
    func straightSameAsTownships() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }   // straight through is SQLite's way (NOT INDEXED)
            let demo = DemoCounty(households: 1_500, seed: 22)
            _ = try await demo.build(on: app.db) { try app.password.hash($0) }
            struct Row: Decodable { var id: UUID }
            let ids = try await sql.raw("SELECT id FROM households WHERE status = 'active' ORDER BY number").all(decoding: Row.self).map(\.id)
            let year = demo.incomeYear
            // Earlier income years written after the latest and out of order: a year before it (a swing for some), two
            // years before it, and one with only a year two before (the demo's own year before is taken away first).
            try await sql.raw("DELETE FROM household_incomes WHERE year = \(bind: year - 1) AND household_id IN (\(binds: Array(ids.prefix(60))))").run()
            for (n, id) in ids.prefix(60).enumerated() {
                let years = n < 20 ? [year - 3, year - 1] : n < 40 ? [year - 1, year - 2] : [year - 2]
                for y in years {
                    try await sql.raw("""
                        INSERT INTO household_incomes (id, household_id, year, wages, business, property, transfers, business_costs, compliant_self_paid, member_count)
                        VALUES (\(bind: UUID()), \(bind: id), \(bind: y), \(bind: Int64(n % 2 == 0 ? 9_000_000 : 100)), 0, 0, 0, 0, 0, 3)
                        ON CONFLICT DO NOTHING
                        """).run()
                }
            }
            try await sql.raw("UPDATE households SET status = 'merged' WHERE id IN (\(binds: Array(ids[60..<65])))").run()
            try await sql.raw("UPDATE persons SET name = \(bind: String(repeating: "长", count: 60)), employment = '', health = NULL WHERE household_id = \(bind: ids[70])").run()
            let actor = Actor(userID: nil, username: "xian", role: .county, region: RegionCode("411681")!)
            let today = CivilDate(year: 2026, month: 11, day: 16)!
            func key(_ c: DataCheckStore.Computed) -> [String] { c.found.map { "\($0.key)|\($0.valuesText)" }.sorted() }
            let store = DataCheckStore(ScopedRegistry(db: app.db, actor: actor))
            let straight = try await store.compute(today: today, straight: true), townships = try await store.compute(today: today, straight: false)
            #expect(straight.households == townships.households && straight.households == ids.count - 5)
            #expect(Set(straight.found.map(\.code)).count >= 10)
            #expect(straight.found.contains { $0.code == .incomeSwing && ids.prefix(60).contains($0.householdID) })
            #expect(key(straight) == key(townships))
            #expect(straight.villageOf == townships.villageOf)
            // Chosen by itself: a county that is all the file is read straight through.
            let reader = try await PlainReader.reading(app.db) { try await CountyFacts.straight(RegionCode("411681")!, reader: $0) }
            #expect(reader)
        }
    }
}

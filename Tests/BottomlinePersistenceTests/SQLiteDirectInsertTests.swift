@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing

@Suite("SQLite 批量写入：预编译语句逐行写入")
struct SQLiteDirectInsertTests {
    static let columns = ["id", "label", "amount", "ratio", "flag", "at", "note"]

    /// Rows with every kind of value a bulk row holds: text with CJK, quotes, a NUL-free escape mix and the empty
    /// string; integers at both ends of 64 bits; fractions; flags; dates; NULL.
    static func rows() -> [BulkInsert.Row] {
        let at = Date(timeIntervalSince1970: 1_764_816_000.25)
        return (0..<450).map { i -> BulkInsert.Row in
            let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", i))!
            let label = i % 7 == 0 ? "" : "第\(i)户 'O''Brien' \"引号\" \\N\t\n"
            let amount: Int64 = i == 1 ? .max : i == 2 ? .min : Int64(i * 1_000)
            let note: String? = i % 5 == 0 ? nil : "备注\(i)"
            var row: BulkInsert.Row = [BulkInsert.bind(id), BulkInsert.bind(label), BulkInsert.bind(amount)]
            row.append(.other(SQLBind(Double(i) / 3)))
            row += [BulkInsert.bind(i % 2 == 0), BulkInsert.bind(at.addingTimeInterval(Double(i))), BulkInsert.bind(note)]
            return row
        }
    }

    static func create(_ table: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TABLE \(ident: table) (id TEXT PRIMARY KEY, label TEXT NOT NULL, amount INTEGER NOT NULL, ratio REAL,
                                          flag INTEGER NOT NULL, at REAL NOT NULL, note TEXT)
            """).run()
    }

    /// Every row as `typeof` and value of each column, in rowid order: what a reader of the table would find.
    static func contents(_ table: String, on sql: any SQLDatabase) async throws -> [String] {
        let list = columns.map { "typeof(\($0)) || ':' || quote(\($0))" }.joined(separator: " || '|' || ")
        return try await sql.raw("SELECT \(unsafeRaw: list) AS r FROM \(ident: table) ORDER BY rowid").all().map { try $0.decode(column: "r", as: String.self) }
    }

    @Test("inside a transaction the rows go through the connection's own handle, and read back exactly as SQLiteNIO writes them")
    func sameAsSQLiteNIO() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }   // SQLite's path only
            try await Self.create("direct_rows", on: sql)
            try await Self.create("nio_rows", on: sql)
            let rows = Self.rows()
            let used = try await app.db.transaction { tx in
                let sqlite = tx as! any SQLiteDatabase
                // The handle is there to be found: this package's sqlite-nio keeps it where `handle(of:)` looks.
                let found = try await sqlite.withConnection { connection in
                    connection.eventLoop.makeSucceededFuture(SQLiteDirectInsert.handle(of: connection) != nil)
                }.get()
                #expect(found)
                return try await SQLiteDirectInsert.insert(rows, into: "direct_rows", columns: Self.columns, on: sqlite)
            }
            #expect(used)
            // Outside a transaction the direct path declines, and writes nothing: SQLiteNIO's multi-row INSERTs do it.
            let sqlite = try #require(app.db as? any SQLiteDatabase)
            #expect(try await SQLiteDirectInsert.insert(rows, into: "nio_rows", columns: Self.columns, on: sqlite) == false)
            #expect(try await Self.contents("nio_rows", on: sql).isEmpty)
            try await BulkInsert.rows("nio_rows", columns: Self.columns, values: rows, on: sql)   // SQLiteValues' statements
            // A value of a type the direct path does not know sends the rows the general way, nothing written first.
            let odd: [BulkInsert.Row] = [rows[0], [.other(SQLBind([1, 2]))] + rows[1].dropFirst()]
            let declined = try await app.db.transaction { tx in
                try await SQLiteDirectInsert.insert(odd, into: "direct_rows", columns: Self.columns, on: tx as! any SQLiteDatabase)
            }
            #expect(declined == false)
            let direct = try await Self.contents("direct_rows", on: sql)
            #expect(direct.count == rows.count)
            #expect(direct == (try await Self.contents("nio_rows", on: sql)))
            #expect(direct[7].hasPrefix("text:'00000000-0000-4000-8000-000000000007'|text:''|integer:7000|real:"))
            #expect(direct[1].contains("integer:\(Int64.max)") && direct[2].contains("integer:\(Int64.min)"))
            #expect(direct[5].hasSuffix("|null:NULL"))
        }
    }

    @Test("rows handed over piece by piece from another thread are written as the one-call path writes them; a value SQLite cannot take, a row of the wrong width or a refused row stops it and the transaction leaves nothing")
    func streamedPieces() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }
            try await Self.create("direct_rows", on: sql)
            try await Self.create("nio_rows", on: sql)
            try await Self.create("other_rows", on: sql)
            let rows = Self.rows()
            // Pieces from a producer thread, as the demo county hands them: each piece's rows for both tables.
            func stream(_ pieces: [[BulkInsert.Row]]) async throws -> Bool {
                let handOff = HandOff<[[BulkInsert.Row]]>(capacity: 2)
                let producer = Thread {
                    for piece in pieces { guard handOff.put([piece, Array(piece.prefix(1))]) else { return } }
                    handOff.finish()
                }
                producer.start()
                defer { handOff.cancel() }
                return try await app.db.transaction { tx in
                    try await SQLiteDirectInsert.stream(into: [("direct_rows", Self.columns), ("other_rows", Self.columns)], on: tx as! any SQLiteDatabase) {
                        try handOff.nextBlocking()
                    }
                }
            }
            let pieces = stride(from: 0, to: rows.count, by: 100).map { Array(rows[$0..<min($0 + 100, rows.count)]) }
            #expect(try await stream(pieces))
            try await BulkInsert.rows("nio_rows", columns: Self.columns, values: rows, on: sql)
            let (direct, nio) = (try await Self.contents("direct_rows", on: sql), try await Self.contents("nio_rows", on: sql))
            #expect(direct == nio && direct.count == rows.count)
            #expect(try await Self.contents("other_rows", on: sql).count == pieces.count)
            // Outside a transaction it declines without taking a piece.
            #expect(try await SQLiteDirectInsert.stream(into: [("direct_rows", Self.columns)], on: try #require(app.db as? any SQLiteDatabase)) {
                Issue.record("a piece was taken outside a transaction"); return nil
            } == false)
            try await sql.raw("DELETE FROM direct_rows").run()
            try await sql.raw("DELETE FROM other_rows").run()
            let fresh = rows.map { row in [BulkInsert.bind(UUID())] + row.dropFirst() }
            for bad in [[.other(SQLBind([1, 2]))] + fresh[250].dropFirst(), Array(fresh[250].dropLast()), fresh[10]] {
                let broken = Array(fresh.prefix(250)) + [bad] + Array(fresh.suffix(from: 251))
                await #expect(throws: SQLiteDirectInsert.Failure.self) {
                    _ = try await stream(stride(from: 0, to: broken.count, by: 100).map { Array(broken[$0..<min($0 + 100, broken.count)]) })
                }
                let (direct, other) = (try await Self.contents("direct_rows", on: sql), try await Self.contents("other_rows", on: sql))
                #expect(direct.isEmpty && other.isEmpty)
            }
        }
    }

    @Test("a row the table refuses stops the write with SQLite's message, and the transaction leaves nothing behind")
    func refusedRowRollsBack() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }
            try await Self.create("direct_rows", on: sql)
            let rows = Self.rows() + [Self.rows()[300]]   // the same id twice
            await #expect {
                try await app.db.transaction { tx in
                    try await BulkInsert.rows("direct_rows", columns: Self.columns, values: rows, on: tx as! any SQLDatabase)
                }
            } throws: { error in
                guard let failure = error as? SQLiteDirectInsert.Failure else { return false }
                return failure.code & 0xFF == 19 && failure.message.contains("UNIQUE") && !failure.busy   // SQLITE_CONSTRAINT
            }
            #expect(try await Self.contents("direct_rows", on: sql).isEmpty)
            // The connection is whole afterwards: the next transaction writes through it as before.
            try await app.db.transaction { tx in
                try await BulkInsert.rows("direct_rows", columns: Self.columns, values: Array(rows.prefix(3)), on: tx as! any SQLDatabase)
            }
            #expect(try await Self.contents("direct_rows", on: sql).count == 3)
        }
    }

    @Test("a UUID is written as the 36 characters `uuidString` spells, as SQLiteKit writes it")
    func uuidText() {
        for id in [UUID(), UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!,
                   UUID(uuidString: "0123abcd-4567-89ef-fedc-ba9876543210")!] {
            #expect(SQLiteDirectInsert.withUUIDText(id) { String(decoding: $0, as: UTF8.self) } == id.uuidString)
        }
    }
}

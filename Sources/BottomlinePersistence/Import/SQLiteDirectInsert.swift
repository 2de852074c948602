import Foundation
import NIOCore
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Bulk rows written on SQLite through one prepared single-row INSERT (or UPDATE, `run`), stepped once a row with
/// SQLite's C interface on the connection the caller's transaction holds.
///
/// Why (issue 14, the million-household demo county and a county's first import): SQLiteNIO takes a statement as text
/// and prepares it again at every call, hands its binds over as an array of its own values, and answers each call
/// through the event loop; so the rows went as multi-row INSERTs of a few hundred rows each, and still two thirds of
/// the households stage was SQL parsing, copying and allocation around SQLite rather than SQLite's own work.
///
/// SQLiteNIO keeps a connection's `sqlite3` handle to itself. It is read here by reflection (`Mirror`) from the
/// connection the transaction holds, used only while that connection is held (`withConnection`: nothing else runs a
/// statement on it meanwhile) and checked before use: it must be the handle of a connection inside a transaction.
/// When it cannot be found (another sqlite-nio), `insert` answers false and the caller writes the rows as before;
/// `SQLiteDirectInsertTests` fails then, so a package update that hides the handle does not slow imports unseen.
enum SQLiteDirectInsert {
    /// An error of SQLite's own, with its result code (`DatabaseBusy` reads it).
    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "SQLite错误\(code)：\(message)" }
        /// Another writer holds the file, or a table is locked (`SQLITE_BUSY`, `SQLITE_LOCKED` and their extended codes).
        var busy: Bool { [SQLITE_BUSY, SQLITE_LOCKED].contains(code & 0xFF) }
    }

    /// The `sqlite3` handle of `connection`, or nil when this version of sqlite-nio keeps it elsewhere.
    static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        guard let raw = Mirror(reflecting: connection).descendant("handle", "raw") else { return nil }
        return raw as? OpaquePointer
    }

    /// Writes `rows` (each of `columns.count` values, in order) into `table` on the connection `sqlite` holds, and
    /// answers true; or answers false having written nothing, when the connection's handle cannot be reached, it is
    /// not inside a transaction (then a failure part way would leave part of the rows written), or a value is of a
    /// type `SQLiteValues` does not know.
    static func insert(_ rows: [BulkInsert.Row], into table: String, columns: [String], on sqlite: any SQLiteDatabase) async throws -> Bool {
        try await run(rows, statement: statementText(table, columns: columns), values: columns.count, on: sqlite)
    }

    /// Steps `text` once for each of `rows`, whose `values` values bind its parameters in order, on the connection
    /// `sqlite` holds; answers as `insert` does.
    static func run(_ rows: [BulkInsert.Row], statement text: String, values: Int, on sqlite: any SQLiteDatabase) async throws -> Bool {
        guard !rows.isEmpty else { return true }
        // Every value checked before the first row is written: a row refused half way would leave the others written.
        // Read in place (`contains` lends each value): a loop over copies retained and released every string of
        // a batch once more.
        let unwritable = rows.contains { row in
            row.count != values || row.contains { value in
                guard case .other(let expression) = value else { return false }
                return SQLiteValues.value(expression) == nil
            }
        }
        if unwritable { return false }
        nonisolated(unsafe) let rows = rows   // read only, by one thread at a time
        return try await sqlite.withConnection { connection -> EventLoopFuture<Bool> in
            guard let handle = handle(of: connection) else { return connection.eventLoop.makeSucceededFuture(false) }
            return NIOThreadPool.singleton.runIfActive(eventLoop: connection.eventLoop) {
                // Autocommit off means a transaction is open on this connection; a wrong handle would not say so.
                guard sqlite_nio_sqlite3_get_autocommit(handle) == 0 else { return false }
                try write(rows, statement: text, on: handle)
                return true
            }
        }.get()
    }

    /// Writes what `next` hands over — for each of `tables`, in order, that table's rows — until it answers nil, all
    /// on one thread of the pool with one prepared statement per table, and answers true; or answers false having
    /// called `next` never, when the connection's handle cannot be reached or is not inside a transaction.
    ///
    /// For rows made by a producer on a thread of its own (the demo county): SQLite then steps the inserts without
    /// ever waiting for our side between pieces. Sent a piece at a time through the event loop and the async side,
    /// the producer, our side and SQLite took turns, and a million-household build kept its two cores about two
    /// thirds busy through the writing. A value of a type SQLite's values do not cover throws (the caller's
    /// transaction then writes nothing); `next` may block, and runs on that thread.
    static func stream(into tables: [(table: String, columns: [String])], on sqlite: any SQLiteDatabase,
                       next: @escaping @Sendable () throws -> [[BulkInsert.Row]]?) async throws -> Bool {
        let texts = tables.map(statementText)
        return try await sqlite.withConnection { connection -> EventLoopFuture<Bool> in
            guard let handle = handle(of: connection) else { return connection.eventLoop.makeSucceededFuture(false) }
            return NIOThreadPool.singleton.runIfActive(eventLoop: connection.eventLoop) {
                guard sqlite_nio_sqlite3_get_autocommit(handle) == 0 else { return false }
                var statements: [OpaquePointer] = []
                defer { for statement in statements { sqlite_nio_sqlite3_finalize(statement) } }
                for text in texts { statements.append(try prepare(text, on: handle)) }
                while let piece = try next() {
                    for (rows, statement) in zip(piece, statements) where !rows.isEmpty {
                        guard rows.allSatisfy({ $0.count == sqlite_nio_sqlite3_bind_parameter_count(statement) }) else {
                            throw Failure(code: SQLITE_MISMATCH, message: "一行的值数与列数不符")
                        }
                        try step(rows, statement, on: handle)
                    }
                }
                return true
            }
        }.get()
    }

    static func statementText(_ table: String, columns: [String]) -> String {
        "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// `UPDATE table SET columns[1] = ?2, … WHERE columns[0] = ?1`: a row of `columns`' values, its key first.
    static func updateText(_ table: String, columns: [String]) -> String {
        "UPDATE \"\(table)\" SET " + columns.enumerated().dropFirst().map { "\"\($1)\" = ?\($0 + 1)" }.joined(separator: ", ")
            + " WHERE \"\(columns[0])\" = ?1"
    }

    private static func prepare(_ text: String, on handle: OpaquePointer) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let prepared = sqlite_nio_sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else {
            throw Failure(code: prepared, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        return statement
    }

    private static func write(_ rows: [BulkInsert.Row], statement text: String, on handle: OpaquePointer) throws {
        let statement = try prepare(text, on: handle)
        defer { sqlite_nio_sqlite3_finalize(statement) }
        try step(rows, statement, on: handle)
    }

    /// Binds and steps each row of `rows` with `statement`.
    private static func step(_ rows: [BulkInsert.Row], _ statement: OpaquePointer, on handle: OpaquePointer) throws {
        func failure(_ code: Int32) -> Failure {
            Failure(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let empty: StaticString = ""
        func bind(_ text: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
            // SQLite reads a NULL pointer as NULL, not as empty text: an empty string gets a pointer too.
            let start = UnsafeRawPointer(text.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self)
            return sqlite_nio_sqlite3_bind_text(statement, index, start, Int32(text.count), transient)
        }
        func bind(_ value: SQLiteData, at index: Int32) -> Int32 {
            switch value {
            case .integer(let number): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): return sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
            case .text(var text): return text.withUTF8 { bind($0, at: index) }
            case .blob(let buffer):
                return buffer.withUnsafeReadableBytes { bytes in
                    sqlite_nio_sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), transient)
                }
            }
        }
        for row in rows {
            // Each value read where it lies, not copied out of the row first (a copy retains and releases its text).
            try row.withUnsafeBufferPointer { values in
                for column in values.indices {
                    let index = Int32(column + 1)
                    let result: Int32
                    switch values[column] {
                    case .text(let text):
                        result = text.utf8.withContiguousStorageIfAvailable { bind($0, at: index) }
                            ?? { var copy = text; return copy.withUTF8 { bind($0, at: index) } }()
                    case .integer(let number): result = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
                    case .flag(let flag): result = sqlite_nio_sqlite3_bind_int64(statement, index, flag ? 1 : 0)
                    case .uuid(let id): result = withUUIDText(id) { bind($0, at: index) }
                    case .date(let date): result = sqlite_nio_sqlite3_bind_double(statement, index, date.timeIntervalSince1970)
                    case .null: result = sqlite_nio_sqlite3_bind_null(statement, index)
                    case .other(let expression):
                        // `insert` checks every value before its first row; `stream` cannot, and refuses the value here.
                        guard let value = SQLiteValues.value(expression) else { throw Failure(code: SQLITE_MISMATCH, message: "无法写入的值类型") }
                        result = bind(value, at: index)
                    }
                    guard result == SQLITE_OK else { throw failure(result) }
                }
            }
            let stepped = sqlite_nio_sqlite3_step(statement)
            guard stepped == SQLITE_DONE else {
                let error = failure(stepped)
                sqlite_nio_sqlite3_reset(statement)
                throw error
            }
            sqlite_nio_sqlite3_reset(statement)
        }
    }

    /// `id.uuidString`, made by `withUUIDText`.
    static func uuidText(_ id: UUID) -> String {
        withUUIDText(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// `id`'s 36 characters as `uuidString` spells them (upper-case hex, hyphens at 8, 13, 18 and 23), made without
    /// `uuidString`, which formats each byte through `sprintf` (a twentieth of the demo's households stage).
    static func withUUIDText<T>(_ id: UUID, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let digits: StaticString = "0123456789ABCDEF"
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { out in
            withUnsafeBytes(of: id.uuid) { bytes in
                let hex = digits.utf8Start
                var at = 0
                for (i, byte) in bytes.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 { out[at] = UInt8(ascii: "-"); at += 1 }
                    out[at] = hex[Int(byte >> 4)]
                    out[at + 1] = hex[Int(byte & 0x0F)]
                    at += 2
                }
            }
            return body(UnsafeBufferPointer(out))
        }
    }
}

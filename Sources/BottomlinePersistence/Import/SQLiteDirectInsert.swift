import Foundation
import NIOCore
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Bulk rows written on SQLite through one prepared single-row INSERT, stepped once a row with SQLite's C interface
/// on the connection the caller's transaction holds.
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

    /// Writes `values` (rows of `columns.count` values, in order) into `table` on the connection `sqlite` holds, and
    /// answers true; or answers false having written nothing, when the connection's handle cannot be reached or it
    /// is not inside a transaction (then a failure part way would leave part of the rows written).
    static func insert(_ values: [SQLiteData], into table: String, columns: [String], on sqlite: any SQLiteDatabase) async throws -> Bool {
        let text = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let width = columns.count
        return try await sqlite.withConnection { connection -> EventLoopFuture<Bool> in
            guard let handle = handle(of: connection) else { return connection.eventLoop.makeSucceededFuture(false) }
            return NIOThreadPool.singleton.runIfActive(eventLoop: connection.eventLoop) {
                // Autocommit off means a transaction is open on this connection; a wrong handle would not say so.
                guard sqlite_nio_sqlite3_get_autocommit(handle) == 0 else { return false }
                try write(values, width: width, statement: text, on: handle)
                return true
            }
        }.get()
    }

    private static func write(_ values: [SQLiteData], width: Int, statement text: String, on handle: OpaquePointer) throws {
        func failure(_ code: Int32) -> Failure {
            Failure(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        var statement: OpaquePointer?
        let prepared = sqlite_nio_sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw failure(prepared) }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let empty: StaticString = ""
        var at = 0
        while at + width <= values.count {
            for column in 0..<width {
                let index = Int32(column + 1)
                let result: Int32
                switch values[at + column] {
                case .integer(let number): result = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
                case .float(let number): result = sqlite_nio_sqlite3_bind_double(statement, index, number)
                case .null: result = sqlite_nio_sqlite3_bind_null(statement, index)
                case .text(var text):
                    result = text.withUTF8 { bytes in
                        // SQLite reads a NULL pointer as NULL, not as empty text: an empty string gets a pointer too.
                        let start = UnsafeRawPointer(bytes.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self)
                        return sqlite_nio_sqlite3_bind_text(statement, index, start, Int32(bytes.count), transient)
                    }
                case .blob(let buffer):
                    result = buffer.withUnsafeReadableBytes { bytes in
                        sqlite_nio_sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), transient)
                    }
                }
                guard result == SQLITE_OK else { throw failure(result) }
            }
            let stepped = sqlite_nio_sqlite3_step(statement)
            guard stepped == SQLITE_DONE else {
                let error = failure(stepped)
                sqlite_nio_sqlite3_reset(statement)
                throw error
            }
            sqlite_nio_sqlite3_reset(statement)
            at += width
        }
    }
}

import Fluent
import Foundation
import NIOPosix
import SQLKit
import VaporCSQLite

/// Reads the rows of a query by column position into plain values, for the reads that go through a county at a time
/// (疑点核查's facts): no model, no decoder per value.
///
/// On an SQLite file, outside a transaction, the rows come from a connection of the reader's own, stepped with SQLite's
/// C interface on NIO's thread pool, all of a reader's queries inside one read transaction (one snapshot). SQLiteNIO
/// hands every row to the event loop as a future of its own and makes a String or a ByteBuffer of every value before
/// SQLKit decodes it again by column name; at a million households that was most of a 疑点核查 run. Anywhere else
/// (PostgreSQL; an in-memory database; inside a transaction, whose uncommitted rows only its own connection sees) the
/// rows come through SQLKit as before. Both give the same values: `PlainReaderTests` reads one table both ways.
struct PlainReader: Sendable {
    private enum Source: Sendable {
        case file(SQLiteFile)
        case sql(any SQLDatabase)
    }
    private let source: Source
    private let sql: any SQLDatabase

    /// The database's SQL dialect ("sqlite", "postgresql").
    var dialect: String { sql.dialect.name }

    /// Whether the rows come from a connection of the reader's own (for tests and benchmarks).
    var ownConnection: Bool { if case .file = source { true } else { false } }

    private init(source: Source, sql: any SQLDatabase) { (self.source, self.sql) = (source, sql) }

    /// Opens a reader on `db` for the length of `body`.
    ///
    /// `committed`: the caller reads only rows its own transaction (if `db` is one) has not written, so the database as
    /// last committed is as good as the transaction's view, and on an SQLite file a connection of the reader's own may
    /// serve inside a transaction too (SQLite's WAL lets it read beside the writer). A re-import's look at the
    /// households of each batch is such a read (`RegisteredAsIs`).
    static func reading<T: Sendable>(_ db: any Database, committed: Bool = false, _ body: (PlainReader) async throws -> T) async throws -> T {
        guard let sql = db as? any SQLDatabase else { throw SQLiteFile.Failure(message: "不是SQL数据库") }
        guard sql.dialect.name == "sqlite", committed || !db.inTransaction, let path = try await mainFile(sql) else {
            return try await body(PlainReader(source: .sql(sql), sql: sql))
        }
        let file = try await NIOThreadPool.singleton.runIfActive { try SQLiteFile(path: path) }
        defer { file.close() }
        return try await body(PlainReader(source: .file(file), sql: sql))
    }

    /// The main database's file, or nil for one in memory.
    private static func mainFile(_ sql: any SQLDatabase) async throws -> String? {
        struct Row: Decodable { var file: String? }
        let file = try await sql.raw("SELECT file FROM pragma_database_list WHERE name = 'main'").first(decoding: Row.self)?.file
        return (file ?? "").isEmpty ? nil : file
    }

    /// Whether the reader's own connection reads the file through a memory map (as it opens: for reads that jump
    /// about the file through an index) or copies each page into SQLite's own 64 MB cache. A read straight through
    /// tables that are most of the file turns the map off: every mapped page it touched stayed counted in the
    /// process's resident memory (2 GB of a million-household file, near 3.7 GB at the demo build's 疑点核查 with
    /// the checks' own 1.5 GB), and in file order the map saves little. Nothing to do on any other source.
    func mapFile(_ on: Bool) async throws {
        guard case .file(let file) = source else { return }
        try await NIOThreadPool.singleton.runIfActive { try file.setMapped(on) }
    }

    /// Every row of `query`, made into a value by `make`.
    func rows<T: Sendable>(_ query: SQLQueryString, _ make: @escaping @Sendable (PlainRow) throws -> T) async throws -> [T] {
        try await fold(query, into: [T]()) { out, row in out.append(try make(row)) }
    }

    /// `initial` changed by `step` with every row of `query` in turn: rows kept in a form of the caller's, not an array
    /// of values a row.
    func fold<A: Sendable>(_ query: SQLQueryString, into initial: A, _ step: @escaping @Sendable (inout A, PlainRow) throws -> Void) async throws -> A {
        switch source {
        case .file(let file):
            var serializer = SQLSerializer(database: sql)
            query.serialize(to: &serializer)
            let text = serializer.sql
            let binds = try serializer.binds.map(SQLiteFile.Bind.init)
            return try await NIOThreadPool.singleton.runIfActive { try file.fold(text, binds, into: initial, step) }
        case .sql:
            // Each row as it arrives, not all of them first: `all()` held a province's ten million persons at once
            // when the screening built its index on PostgreSQL (issue 14). The rows come one after another on the
            // connection's event loop; the first error ends the fold.
            let folding = Folding(initial)
            try await sql.raw(query).run { row in
                guard folding.failure == nil else { return }
                do {
                    let columns = folding.names ?? row.allColumns
                    folding.names = columns
                    try step(&folding.value, PlainRow(row: row, names: columns))
                } catch {
                    folding.failure = error
                }
            }
            if let failure = folding.failure { throw failure }
            return folding.value
        }
    }
}

/// A fold's value while rows arrive through SQLKit, touched only by the handler the rows come to one after another.
private final class Folding<A>: @unchecked Sendable {
    var value: A
    var names: [String]?
    var failure: (any Error)?
    init(_ value: A) { self.value = value }
}

/// One row of a `PlainReader` query, read by the column's position in the SELECT list.
struct PlainRow {
    fileprivate var statement: OpaquePointer?
    fileprivate var row: (any SQLRow)?
    fileprivate var names: [String] = []

    fileprivate init(statement: OpaquePointer) { self.statement = statement }
    fileprivate init(row: any SQLRow, names: [String]) { (self.row, self.names) = (row, names) }

    private func missing(_ i: Int, _ what: String) -> SQLiteFile.Failure {
        SQLiteFile.Failure(message: "第\(i + 1)列不是\(what)")
    }

    func isNull(_ i: Int) throws -> Bool {
        if let statement { return sqlite_nio_sqlite3_column_type(statement, Int32(i)) == SQLITE_NULL }
        return try row!.decodeNil(column: names[i])
    }

    func text(_ i: Int) throws -> String {
        guard let value = try optionalText(i) else { throw missing(i, "文本") }
        return value
    }

    func optionalText(_ i: Int) throws -> String? {
        guard let statement else { return try row!.decode(column: names[i], as: String?.self) }
        let column = Int32(i)
        guard sqlite_nio_sqlite3_column_type(statement, column) != SQLITE_NULL, let bytes = sqlite_nio_sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `i`'s text appended to `bytes` after its length: 0 for NULL, else the count of its UTF-8 bytes plus one,
    /// seven bits a byte, low first (`TextRecords` reads it back).
    func appendText(_ i: Int, to bytes: inout [UInt8]) throws {
        func put(_ text: UnsafeBufferPointer<UInt8>?) {
            guard let text else { bytes.append(0); return }
            var length = text.count + 1
            while length >= 0x80 { bytes.append(UInt8(length & 0x7F) | 0x80); length >>= 7 }
            bytes.append(UInt8(length))
            bytes.append(contentsOf: text)
        }
        guard let statement else {
            guard var value = try optionalText(i) else { return put(nil) }
            return value.withUTF8 { put($0) }
        }
        let column = Int32(i)
        guard sqlite_nio_sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite_nio_sqlite3_column_text(statement, column) else { return put(nil) }
        put(UnsafeBufferPointer(start: text, count: Int(sqlite_nio_sqlite3_column_bytes(statement, column))))
    }

    /// Whether column `i` is the text whose UTF-8 bytes are `value` (NULL is not), without making a `String` of it.
    func isText(_ i: Int, _ value: [UInt8]) throws -> Bool {
        guard let statement else { return try optionalText(i).map { Array($0.utf8) == value } ?? false }
        let column = Int32(i)
        guard sqlite_nio_sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite_nio_sqlite3_column_text(statement, column) else { return false }
        return UnsafeBufferPointer(start: text, count: Int(sqlite_nio_sqlite3_column_bytes(statement, column))).elementsEqual(value)
    }

    func int(_ i: Int) throws -> Int64 {
        guard let statement else { return try row!.decode(column: names[i], as: Int64.self) }
        let column = Int32(i)
        guard sqlite_nio_sqlite3_column_type(statement, column) == SQLITE_INTEGER else { throw missing(i, "整数") }
        return sqlite_nio_sqlite3_column_int64(statement, column)
    }

    func bool(_ i: Int) throws -> Bool {
        guard statement != nil else { return try row!.decode(column: names[i], as: Bool.self) }
        return try int(i) != 0
    }

    func uuid(_ i: Int) throws -> UUID {
        guard let statement else { return try row!.decode(column: names[i], as: UUID.self) }
        let column = Int32(i)
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_TEXT:
            // SQLiteKit writes a UUID as its 36-character text.
            guard let bytes = sqlite_nio_sqlite3_column_text(statement, column),
                  let id = UUID.parse(UnsafeBufferPointer(start: bytes, count: Int(sqlite_nio_sqlite3_column_bytes(statement, column)))) else { throw missing(i, "UUID") }
            return id
        case SQLITE_BLOB where sqlite_nio_sqlite3_column_bytes(statement, column) == 16:
            guard let raw = sqlite_nio_sqlite3_column_blob(statement, column) else { throw missing(i, "UUID") }
            var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &id) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: 16)) }
            return UUID(uuid: id)
        default:
            throw missing(i, "UUID")
        }
    }
}

extension UUID {
    /// The UUID spelt by 36 bytes of text (hex digits in either case, hyphens at 8, 13, 18 and 23), or nil.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        let dash = UInt8(ascii: "-")
        guard text.count == 36, text[8] == dash, text[13] == dash, text[18] == dash, text[23] == dash else { return nil }
        /// A hex digit's value; 0xFF for any other byte.
        func nibble(_ c: UInt8) -> UInt8 {
            let digit = c &- UInt8(ascii: "0")
            if digit < 10 { return digit }
            let letter = (c | 0x20) &- UInt8(ascii: "a")   // either case
            return letter < 6 ? letter &+ 10 : 0xFF
        }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)   // not UUID().uuid: that reads the kernel's random source
        let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var bad: UInt8 = 0, i = 0
            for at in 0..<16 {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1 }
                let (high, low) = (nibble(text[i]), nibble(text[i + 1]))
                bad |= high | low
                out[at] = high << 4 | low
                i += 2
            }
            return bad & 0xF0 == 0
        }
        return ok ? UUID(uuid: bytes) : nil
    }
}

/// A connection of its own to an SQLite file, for reading only, used by one `PlainReader` at a time.
final class SQLiteFile: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    enum Bind {
        case text(String), integer(Int64), real(Double), null

        init(_ value: any Encodable & Sendable) throws {
            switch value {
            case let v as String: self = .text(v)
            case let v as Int: self = .integer(Int64(v))
            case let v as Int64: self = .integer(v)
            case let v as Int32: self = .integer(Int64(v))
            case let v as Bool: self = .integer(v ? 1 : 0)
            case let v as UUID: self = .text(v.uuidString)
            case let v as Double: self = .real(v)
            case let v as String?: self = v.map(Bind.text) ?? .null
            default: throw Failure(message: "不支持的查询参数类型\(type(of: value))")
            }
        }
    }

    private var handle: OpaquePointer?
    private let lock = NSLock()

    /// Opens `path` (which must exist) for reading, and begins the read transaction every query of it shares.
    init(path: String) throws {
        var handle: OpaquePointer?
        // No mutex of SQLite's own: `lock` already holds every use of the connection to one thread at a time, and
        // SQLite's would be taken again at every column of every row.
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        self.handle = handle
        guard opened == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "无法打开数据库"
            close()
            throw Failure(message: message)
        }
        do {
            // Nothing is written through this connection; a writer holding the file makes it wait, not fail.
            try execute("PRAGMA query_only = 1")
            try execute("PRAGMA busy_timeout = 30000")
            try execute("PRAGMA cache_size = -65536")
            // Pages read in place from the kernel's cache rather than copied out of it: a county's persons, reached
            // through the household index in no order of the file, read in 17.8 s instead of 29.7 s by sqlite3 at a
            // million households. What is mapped is the file's, shared with the kernel's cache, not this process's.
            try execute("PRAGMA mmap_size = \(Self.mapSize)")
            try execute("BEGIN")
            try execute("SELECT 1 FROM sqlite_schema LIMIT 1")  // the snapshot starts here, not at the first query
        } catch {
            close()
            throw error
        }
    }

    static let mapSize = 2147418112

    /// Maps the file (up to `mapSize`) or reads it page by page (`PlainReader.mapFile`).
    func setMapped(_ on: Bool) throws {
        try execute("PRAGMA mmap_size = \(on ? Self.mapSize : 0)")
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        sqlite_nio_sqlite3_close_v2(handle)
        self.handle = nil
    }

    deinit { close() }

    private func execute(_ sql: String) throws {
        _ = try rows(sql, []) { _ in () }
    }

    func rows<T>(_ sql: String, _ binds: [Bind], _ make: (PlainRow) throws -> T) throws -> [T] {
        try fold(sql, binds, into: [T]()) { out, row in out.append(try make(row)) }
    }

    func fold<A>(_ sql: String, _ binds: [Bind], into initial: A, _ step: (inout A, PlainRow) throws -> Void) throws -> A {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { throw Failure(message: "数据库连接已关闭") }
        func failure() -> Failure { Failure(message: String(cString: sqlite_nio_sqlite3_errmsg(handle))) }
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw failure() }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, bind) in binds.enumerated() {
            let at = Int32(index + 1)
            let result: Int32
            switch bind {
            case .text(let text): result = sqlite_nio_sqlite3_bind_text(statement, at, text, -1, transient)
            case .integer(let number): result = sqlite_nio_sqlite3_bind_int64(statement, at, number)
            case .real(let number): result = sqlite_nio_sqlite3_bind_double(statement, at, number)
            case .null: result = sqlite_nio_sqlite3_bind_null(statement, at)
            }
            guard result == SQLITE_OK else { throw failure() }
        }
        var out = initial
        let row = PlainRow(statement: statement)
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_ROW: try step(&out, row)
            case SQLITE_DONE: return out
            default: throw failure()
            }
        }
    }
}

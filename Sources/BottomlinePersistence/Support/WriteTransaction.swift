import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Transactions that write. SQLite lets one writer at a time into the file; a transaction that has read something and
/// then finds another writer at work (an import of a large file, or a second import) cannot wait for it and fails
/// at once (`SQLITE_BUSY_SNAPSHOT`). So on SQLite every writing transaction takes the writer's place before it reads
/// anything, waiting its turn (sleeping, up to `WriteTransaction.wait`) behind the writer already at work, whether
/// that writer is this server or another process (`bottomline import` on the same file). PostgreSQL needs none of
/// this: its rows are locked one by one and its readers never wait.
public enum WriteTransaction {
    /// How long a write waits for another writer before it gives up with `DatabaseBusy.message`. An import of
    /// 1,000,000 persons writes for about 100 s on SQLite; a visit recorded meanwhile waits and is then saved.
    public static let wait: Duration = .seconds(180)

    /// The PostgreSQL advisory lock that registry imports and the demo build hold for their transaction, so two of
    /// them (two uploads, or `bottomline import` beside the server) never create the same new village at once. One
    /// lock per schema: advisory locks span the database, and two registries in two schemas do not share villages.
    static let registryLock = "pg_advisory_xact_lock(2037198336, hashtext(current_schema()))"

    /// Takes the writer's place on SQLite (a statement that writes nothing, so SQLite takes its write lock now, before
    /// the transaction's first read), after telling the connection to sleep between tries rather than spin. With
    /// `registry`, on PostgreSQL, waits for any other registry import to end.
    public static func claim(_ db: any Database, registry: Bool = false) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        switch sql.dialect.name {
        case "sqlite":
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(wait.components.seconds * 1000))").run()
            try await sql.raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
        case "postgresql" where registry:
            try await sql.raw("SELECT \(unsafeRaw: registryLock)").run()
        default:
            break
        }
    }

    /// Locks one row until the transaction ends, on PostgreSQL (`SELECT … FOR UPDATE`), so two writes that check a sum
    /// over it (a batch's allocations, a project's payments) take turns. SQLite needs nothing: `claim` already made
    /// the transaction the only writer.
    public static func lockRow(_ db: any Database, table: String, id: UUID) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT 1 FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }
}

extension Database {
    /// A transaction that writes: on SQLite it waits for any other writer before it reads (see `WriteTransaction`).
    /// Every store's writing transactions go through here.
    /// `registry`: the transaction adds villages and households wholesale (an import, the demo county), and waits
    /// for any other such transaction on PostgreSQL too.
    public func writeTransaction<T: Sendable>(registry: Bool = false,
                                              _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            // Before the claim: SQLite decides where a transaction's statement journal lives when the transaction
            // starts, so the large write's settings must come first (see `BulkInsert.prepareLargeWrite`).
            if registry, let sql = tx as? any SQLDatabase { try await BulkInsert.prepareLargeWrite(on: sql) }
            try await WriteTransaction.claim(tx, registry: registry)
            do {
                let result = try await body(tx)
                if registry, let sql = tx as? any SQLDatabase { await BulkInsert.endLargeWrite(on: sql) }
                return result
            } catch {
                if registry, let sql = tx as? any SQLDatabase { await BulkInsert.endLargeWrite(on: sql) }
                throw error
            }
        }
    }
}

/// The database could not take a write now: another writer held it longer than `WriteTransaction.wait`, PostgreSQL
/// chose this transaction to end a deadlock or a serialization conflict, or no connection came free in time.
/// Whatever was being written was rolled back whole.
public enum DatabaseBusy {
    public static let message = "数据库正忙（另一项写入，例如名册导入，正在进行），本次操作未写入任何数据，请稍后重试"

    public static func matches(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache: return true
            default: return false
            }
        }
        if let direct = error as? SQLiteDirectInsert.Failure {
            return direct.busy
        }
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            // serialization_failure, deadlock_detected, lock_not_available
            return ["40001", "40P01", "55P03"].contains(state)
        }
        return error is ConnectionPoolTimeoutError
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Where the data lives: an SQLite file by default, PostgreSQL when `DATABASE_URL` is set.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    /// `schema`, when given, becomes the connection's search path (tests give each test its own).
    case postgres(url: String, schema: String? = nil)

    /// `DATABASE_URL` wins; otherwise the given file, or `bottomline.sqlite` in the working directory.
    public static func resolve(sqlitePath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseLocation {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        return .sqlite(path: sqlitePath ?? "bottomline.sqlite")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite 文件 \(path)"
        case .postgres(let url, _): "PostgreSQL \(Self.redacted(url))"
        }
    }

    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "(地址)" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "(地址)"
    }
}

public enum DatabaseSetup {
    struct LocationKey: StorageKey { typealias Value = DatabaseLocation }

    /// Where the application's database is, as configured.
    public static func location(of app: Application) -> DatabaseLocation? { app.storage[LocationKey.self] }

    /// Registers the database and every migration on `app`.
    public static func configure(_ app: Application, location: DatabaseLocation) throws {
        app.storage[LocationKey.self] = location
        switch location {
        case .sqlite(let path):
            // SQLite answers on the application's thread pool, and a write waits there (asleep) while another writer
            // holds the file (`WriteTransaction`): a pool of one thread per core would leave no thread for readers
            // while a write waits behind an import. Readers never wait for the writer (WAL), so each event loop gets
            // several connections (`SQLiteConnections`: the driver alone gives one), and the pool enough threads for
            // all of them.
            let perLoop = 4
            app.threadPool = NIOThreadPool(numberOfThreads: max(System.coreCount, 1) * perLoop + 2)
            let base = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: .seconds(30)).make()
            app.databases.use(DatabaseConfigurationFactory { SQLiteConnections(base: base, perLoop: perLoop) }, as: .sqlite)
        case .postgres(let url, let schema):
            var config = try SQLPostgresConfiguration(url: url)  // the URL decides TLS (?sslmode=…)
            if let schema { config.searchPath = [schema] }
            // `BOTTOMLINE_DB_CONNECTIONS`: connections per event loop (one loop per core), 4 unless set; the server
            // opens at most cores × this many, which must stay under PostgreSQL's max_connections.
            let perLoop = ProcessInfo.processInfo.environment["BOTTOMLINE_DB_CONNECTIONS"].flatMap(Int.init).map { min(max($0, 1), 64) } ?? 4
            app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: perLoop), as: .psql)
        }
        app.migrations.add(BottomlineMigrations.all)
    }

    /// Applies migrations; on SQLite also turns on WAL so readers never wait for the writer.
    public static func migrate(_ app: Application) async throws {
        if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
        }
        // One line for the whole upgrade rather than two per migration (a first start printed about fifty); each
        // migration's own lines are still there at `--log-level debug`.
        app.fluent.migrationLogLevel = .debug
        try await app.migrator.setupIfNeeded().get()
        let pending = try await app.migrator.previewPrepareBatch().get().count
        try await app.migrator.prepareBatch().get()
        if pending > 0 { app.logger.notice("数据库结构已升级：应用了\(pending)项迁移") }
    }

    /// Refreshes the planner's statistics. Without them SQLite guesses that a county's code range is selective and
    /// walks a million rows where a name or id index would find a handful; PostgreSQL's autovacuum does this in time,
    /// but a big import should not wait for it.
    public static func analyze(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("ANALYZE").run()
        if sql.dialect.name == "sqlite" {
            // The queue of villages to recount is empty or nearly so whenever statistics are taken, and grows by a row
            // per village while a large file is written; with its statistics SQLite scans it on every row a trigger
            // writes (an import of a million rows then checks a list of thousands of villages a million times).
            // Without them the planner uses its index.
            try await sql.raw("DELETE FROM sqlite_stat1 WHERE tbl = 'indicator_changes'").run()
            try await sql.raw("ANALYZE sqlite_schema").run()
        }
    }
}

extension Application {
    /// Where this application's data lives, as configured.
    public var databaseLocation: DatabaseLocation? { storage[DatabaseSetup.LocationKey.self] }
}

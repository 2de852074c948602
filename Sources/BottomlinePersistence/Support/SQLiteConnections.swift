import FluentKit
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// Several SQLite connections on each event loop, each waiting for another writer asleep.
///
/// Why (issue 14): fluent-sqlite-driver 4.9 gives each event loop one connection, whatever `maxConnectionsPerEventLoop`
/// says. A request takes its connection from its own event loop's share, so while a registry import held its loop's one
/// connection for minutes, every request the server happened to read on that loop waited 30 s and was refused as busy
/// (the import's own progress page among them, measured with a 36 MB file through the page). And sqlite-nio sets a
/// busy handler that tries again at once for as long as another writer holds the file: a write outside
/// `writeTransaction` spun a pool thread at full speed for the length of an import.
///
/// So the application's SQLite database is `perLoop` of the driver's own databases side by side, each with its one
/// connection per loop; every operation goes to the one with the fewest operations under way on the caller's loop,
/// and holds it until it ends (a transaction, to its end). Fluent, SQLKit and SQLiteNIO's interfaces all pass through,
/// so a transaction is still the driver's own, on one connection. Before a connection's first operation it is told to
/// sleep between tries and give up after `WriteTransaction.wait`, and to sync as WAL needs (`synchronous = NORMAL`,
/// which `DatabaseSetup.migrate` once set on one connection only). `ConnectionPoolTests` holds a writer and finds
/// readers on its own loop answered, and four connections of one loop at once, each so told.
struct SQLiteConnections: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let perLoop: Int

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(drivers: (0..<perLoop).map { _ in base.makeDriver(for: databases) }, load: Load(perLoop: perLoop))
    }

    /// What each connection is told before its first use.
    static let settings = [
        "PRAGMA busy_timeout = \(WriteTransaction.wait.components.seconds * 1000)",
        "PRAGMA synchronous = NORMAL",
    ]

    /// Operations under way on each loop, by driver; and which loop's connection of each driver has its settings.
    final class Load: Sendable {
        struct Loop { var running: [Int]; var prepared: [Bool] }
        let perLoop: Int
        private let loops = NIOLockedValueBox<[ObjectIdentifier: Loop]>([:])
        init(perLoop: Int) { self.perLoop = perLoop }

        /// The least busy of the loop's connections, counted as busy from now; and whether it still needs its settings.
        func take(on loop: any EventLoop) -> (index: Int, prepare: Bool) {
            loops.withLockedValue { loops in
                let key = ObjectIdentifier(loop)
                var state = loops[key] ?? Loop(running: Array(repeating: 0, count: perLoop), prepared: Array(repeating: false, count: perLoop))
                let index = state.running.indices.min { state.running[$0] < state.running[$1] }!
                state.running[index] += 1
                let prepare = !state.prepared[index]
                state.prepared[index] = true
                loops[key] = state
                return (index, prepare)
            }
        }

        func release(_ index: Int, on loop: any EventLoop, prepared: Bool = true) {
            loops.withLockedValue { loops in
                loops[ObjectIdentifier(loop)]?.running[index] -= 1
                if !prepared { loops[ObjectIdentifier(loop)]?.prepared[index] = false }
            }
        }
    }

    /// A value that never leaves its event loop, carried through `lease`.
    struct Carried<Value>: @unchecked Sendable { var value: Value }

    struct Driver: DatabaseDriver {
        let drivers: [any DatabaseDriver]
        let load: Load

        func makeDatabase(with context: DatabaseContext) -> any Database {
            Spread(context: context, inner: drivers.map { $0.makeDatabase(with: context) }, load: load)
        }

        func shutdown() { for driver in drivers { driver.shutdown() } }
        func shutdownAsync() async { for driver in drivers { await driver.shutdownAsync() } }
    }

    /// The application's database on one event loop: each operation on the loop's least busy connection.
    struct Spread: Database, SQLDatabase, SQLiteDatabase {
        let context: DatabaseContext
        let inner: [any Database]
        let load: Load

        var inTransaction: Bool { false }
        var logger: Logger { context.logger }
        var eventLoop: any EventLoop { context.eventLoop }

        private func sql(_ index: Int) -> any SQLDatabase { inner[index] as! any SQLDatabase }
        private func sqlite(_ index: Int) -> any SQLiteDatabase { inner[index] as! any SQLiteDatabase }

        /// Runs `body` on the least busy connection, first giving it its settings if it has none yet.
        private func lease<T: Sendable>(_ body: @escaping @Sendable (Int) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
            let (index, prepare) = load.take(on: eventLoop)
            let load = self.load, loop = eventLoop
            let ready: EventLoopFuture<Void>
            if prepare {
                ready = sqlite(index).withConnection { connection in
                    SQLiteConnections.settings.reduce(loop.makeSucceededVoidFuture()) { done, statement in
                        done.flatMap { connection.query(statement).map { _ in } }
                    }
                }
            } else {
                ready = loop.makeSucceededVoidFuture()
            }
            let promise = loop.makePromise(of: T.self)
            ready.whenComplete { result in
                switch result {
                case .failure(let error):
                    load.release(index, on: loop, prepared: false)
                    promise.fail(error)
                case .success:
                    body(index).whenComplete { result in
                        load.release(index, on: loop)
                        promise.completeWith(result)
                    }
                }
            }
            return promise.futureResult
        }

        private func lease<T: Sendable>(_ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
            try await lease { index in eventLoop.makeFutureWithTask { try await body(index) } }.get()
        }

        // Database

        func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
            lease { inner[$0].execute(query: query, onOutput: onOutput) }
        }

        func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
            lease { inner[$0].execute(schema: schema) }
        }

        func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
            lease { inner[$0].execute(enum: `enum`) }
        }

        func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
            lease { inner[$0].transaction(closure) }
        }

        func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
            lease { inner[$0].withConnection(closure) }
        }

        // SQLDatabase

        var dialect: any SQLDialect { sql(0).dialect }
        var version: (any SQLDatabaseReportedVersion)? { sql(0).version }
        var queryLogLevel: Logger.Level? { sql(0).queryLogLevel }

        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
            lease { sql($0).execute(sql: query, onRow) }
        }

        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
            try await lease { try await sql($0).execute(sql: query, onRow) }
        }

        func withSession<R: Sendable>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
            try await lease { try await sql($0).withSession(closure) }
        }

        // SQLiteDatabase

        func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
            lease { sqlite($0).query(query, binds, logger: logger, onRow) }
        }

        func query(_ query: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
            try await self.query(query, binds, logger: logger, onRow).get()
        }

        func withConnection<T>(_ closure: @escaping (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
            // SQLiteNIO's closure and result need not be Sendable; both stay on this loop.
            nonisolated(unsafe) let closure = closure
            let carried: EventLoopFuture<Carried<T>> = lease { sqlite($0).withConnection { closure($0).map { Carried(value: $0) } } }
            return carried.map(\.value)
        }
    }
}

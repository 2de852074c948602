@testable import BottomlinePersistence
import BottomlineDomain
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

/// A registry import holds its transaction's connection for minutes. The server answers every other page meanwhile:
/// a request is served on one of the server's event loops, and takes its connection from that loop's share of the pool,
/// so the loop the import writes on must still have connections for its readers. (fluent-sqlite-driver gives each event
/// loop one SQLite connection whatever it is asked for; the import's progress page, reloading every two seconds, then
/// waited 30 s on the import's loop and was refused as busy. Issue 14.)
@Suite("数据库连接：长时间写入时同一事件循环上的读取照常")
struct ConnectionPoolTests {
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    @Test("while a writer holds its transaction, three readers on the writer's own event loop are answered before it lets go")
    func readersBesideAWriter() async throws {
        try await withTestApp { app in
            let loop = app.eventLoopGroup.next()
            @Sendable func db() -> any Database { app.databases.database(logger: app.logger, on: loop)! }
            let release = Flag(), writerDone = Flag()
            let holding = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await db().writeTransaction { tx in
                    try await UserRecord(username: "nandun", displayName: "南顿镇", role: .township,
                                         region: RegionCode("411681101")!, passwordHash: "-").create(on: tx)
                    holding.continuation.yield()
                    // Held until the readers are answered (or 20 s, should they wait for this writer).
                    for _ in 0..<2_000 where !release.isSet { try await Task.sleep(for: .milliseconds(10)) }
                }
                writerDone.set()
            }
            var wait = holding.stream.makeAsyncIterator()
            _ = await wait.next()
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 { group.addTask { try await UserRecord.query(on: db()).count() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(writerDone.isSet == false)
            release.set()
            try await writer.value
            // The readers saw the users as they were before the writer's row (it had not committed).
            #expect(Set(counts).count == 1)
            #expect(try await UserRecord.query(on: db()).count() == counts[0] + 1)
        }
    }

    @Test("each of an event loop's connections, held at once, waits for another writer asleep and for at most WriteTransaction.wait, never spinning")
    func everyConnectionWaitsAsleep() async throws {
        try await withTestApp { app in
            let loop = app.eventLoopGroup.next()
            let perLoop = 4
            let arrived = Barrier(count: perLoop)
            let timeouts = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<perLoop {
                    group.addTask {
                        try await app.databases.database(logger: app.logger, on: loop)!.transaction { tx in
                            // Held until all four are: four connections of one loop at once.
                            guard try await arrived.arrive(within: .seconds(20)) else { return nil }
                            guard let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" else { return -1 }
                            struct Timeout: Decodable { var timeout: Int }
                            return try await sql.raw("PRAGMA busy_timeout").first(decoding: Timeout.self)?.timeout
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(timeouts.count == perLoop)
            #expect(!timeouts.contains(nil), "an event loop's four transactions could not all hold a connection at once")
            // SQLite: sqlite-nio's own handler retries at once, for ever, on a pool thread; the pool's every connection
            // sleeps between tries instead, and gives up after the wait every write is allowed. PostgreSQL: -1.
            for timeout in timeouts.compactMap({ $0 }) where timeout != -1 {
                #expect(timeout == Int(WriteTransaction.wait.components.seconds) * 1000)
            }
        }
    }
}

/// Lets `count` tasks wait for each other.
actor Barrier {
    private let count: Int
    private var arrived = 0
    init(count: Int) { self.count = count }

    /// Counts this task in and answers true once all have arrived, or false after `limit`.
    func arrive(within limit: Duration) async throws -> Bool {
        arrived += 1
        let deadline = ContinuousClock.now + limit
        while arrived < count {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

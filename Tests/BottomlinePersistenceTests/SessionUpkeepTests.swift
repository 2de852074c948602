@testable import BottomlinePersistence
import BottomlineDomain
import BottomlineTestSupport
import Fluent
import Foundation
import Testing

/// A signed-in page notes its session as seen once a minute. On SQLite that is a write, and a registry import holds
/// the file for minutes: the import's own progress page, reloading every two seconds, waited behind it and was
/// refused as busy once its waiting requests had taken the pool's connections.
@Suite("会话：记录最近访问不等待其他写入")
struct SessionUpkeepTests {
    @Test("while another writer holds the database, a session a minute old is still found, without waiting; the next request after the writer notes it")
    func touchDoesNotWaitForAWriter() async throws {
        try await withTestApp { app in
            let user = try await app.makeUser("xian", role: .county, region: "411681")
            let start = Date()
            let (token, session) = try await SessionStore.open(for: user, address: "127.0.0.1", now: start, on: app.db)
            /// Whether the writer has let go of the database.
            final class Flag: @unchecked Sendable { let lock = NSLock(); var value = false }
            let writerDone = Flag(), release = Flag()
            let holding = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await app.db.writeTransaction { tx in
                    // A write of its own first, as an import's batches are.
                    try await UserRecord(username: "nandun", displayName: "南顿镇", role: .township, region: RegionCode("411681101")!,
                                         passwordHash: "-").create(on: tx)
                    holding.continuation.yield()
                    // Held until the session has been looked up (or 30 s, should the lookup wait for this writer).
                    for _ in 0..<3_000 where !release.lock.withLock({ release.value }) { try await Task.sleep(for: .milliseconds(10)) }
                }
                writerDone.lock.withLock { writerDone.value = true }
            }
            var wait = holding.stream.makeAsyncIterator()
            _ = await wait.next()
            let found = try await SessionStore.find(token: token, now: start.addingTimeInterval(61), on: app.db)
            #expect(found?.1.username == "xian")
            // Answered while the writer still held the database, not after it.
            #expect(writerDone.lock.withLock { writerDone.value } == false)
            release.lock.withLock { release.value = true }
            try await writer.value
            let later = start.addingTimeInterval(130)
            _ = try await SessionStore.find(token: token, now: later, on: app.db)
            let stored = try #require(try await UserSessionRecord.find(session.id, on: app.db))
            #expect(abs(stored.lastSeenAt.timeIntervalSince(later)) < 0.01)
        }
    }
}

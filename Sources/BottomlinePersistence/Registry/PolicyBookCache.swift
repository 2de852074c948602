import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// The policy book's tables as last read from each database this process uses, kept until the database's
/// `policy_version` moves (migration 054). Keyed by the database's token, so two databases in one process never
/// share a book.
final class PolicyBookCache: @unchecked Sendable {
    static let shared = PolicyBookCache()

    /// A database (its token) at a version of its policy tables.
    struct Stamp: Hashable, Sendable {
        var token: String
        var version: Int64
    }

    /// Every setting, wording and day off, each setting and wording with its region code as stored.
    struct Tables: Sendable {
        var settings: [(region: String, setting: PolicySetting)]
        var labels: [(region: String, label: CodeLabelSetting)]
        var calendar: WorkCalendar

        /// What `PolicyStore.book` reads for a place: the rows of the regions in its lineage.
        func book(for lineage: Set<String>) -> PolicyBook {
            PolicyBook(settings.filter { lineage.contains($0.region) }.map(\.setting),
                       labels: labels.filter { lineage.contains($0.region) }.map(\.label), calendar: calendar)
        }
    }

    /// Databases kept at most; a process that opens more (the tests) forgets the oldest.
    static let capacity = 8

    private let lock = NSLock()
    private var kept: [(stamp: Stamp, tables: Tables)] = []

    func tables(at stamp: Stamp) -> Tables? {
        lock.withLock { kept.first { $0.stamp == stamp }?.tables }
    }

    func keep(_ tables: Tables, at stamp: Stamp) {
        lock.withLock {
            kept.removeAll { $0.stamp.token == stamp.token }
            kept.append((stamp, tables))
            if kept.count > Self.capacity { kept.removeFirst(kept.count - Self.capacity) }
        }
    }

    /// The database's token and policy version, or nil when it has none (a database not on SQL).
    static func stamp(on db: any Database) async throws -> Stamp? {
        guard let sql = db as? any SQLDatabase,
              let row = try await sql.raw("SELECT token, version FROM policy_version WHERE id = 1").first() else { return nil }
        return Stamp(token: try row.decode(column: "token", as: String.self), version: try row.decode(column: "version", as: Int64.self))
    }
}

import Crypto
import Fluent
import Foundation
import SQLKit

/// Signed-in sessions on the server: opened at sign-in, found by the browser's token, ended by sign-out, by expiry
/// (`lifetime` after sign-in), by idleness (`idle` since the last request) or by a change of the user's password.
public enum SessionStore {
    /// A working day: a session signed in in the morning ends in the evening whatever happens.
    public static let lifetime: TimeInterval = 10 * 3600
    /// Untouched this long, a session ends (a phone left on a table, a shared office computer).
    public static let idle: TimeInterval = 2 * 3600
    /// The last-seen time is written at most this often, not on every request.
    static let touchEvery: TimeInterval = 60

    /// A random token for a browser cookie or a form: 32 bytes, URL-safe Base64.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Opens a session for `user`; returns the token for the browser's cookie.
    public static func open(for user: UserRecord, address: String, now: Date = Date(), on db: any Database) async throws -> (token: String, session: UserSessionRecord) {
        let token = randomToken()
        let session = UserSessionRecord()
        session.tokenHash = hash(token)
        session.userID = try user.requireID()
        session.csrf = randomToken()
        session.address = String(address.prefix(64))
        session.createdAt = now
        session.lastSeenAt = now
        session.expiresAt = now.addingTimeInterval(lifetime)
        try await session.create(on: db)
        return (token, session)
    }

    /// The live session for a browser's token, with its user; an expired or idle one is deleted and nil returned.
    public static func find(token: String, now: Date = Date(), on db: any Database) async throws -> (UserSessionRecord, UserRecord)? {
        guard (20...100).contains(token.utf8.count) else { return nil }
        guard let session = try await UserSessionRecord.query(on: db).filter(\.$tokenHash == hash(token)).first() else { return nil }
        guard now < session.expiresAt, now.timeIntervalSince(session.lastSeenAt) < idle,
              let user = try await UserRecord.find(session.userID, on: db), user.active else {
            try await upkeep(on: db) { try await session.delete(on: $0) }
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= touchEvery {
            let seen = session.lastSeenAt
            session.lastSeenAt = now
            try await upkeep(on: db) { try await session.save(on: $0) }
            if session.hasChanges { session.lastSeenAt = seen }
        }
        return (session, user)
    }

    /// A session's own small write (noting it seen, removing it once it has ended), which never waits for another
    /// writer. On SQLite a registry import holds the file for minutes. Once a session's minute is up, each of its
    /// requests would wait behind the import to note it (none can until the import ends), each holding a connection
    /// and a pool thread meanwhile: the import's progress page, reloading every two seconds, would take the four
    /// connections of its event loop in eight seconds and then be refused as busy (issue 14). The write is skipped
    /// instead, and a later request notes it (a session ends after two hours unseen). PostgreSQL locks rows, so
    /// there it simply runs.
    static func upkeep(on db: any Database, _ write: @escaping @Sendable (any Database) async throws -> Void) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite", !db.inTransaction else { return try await write(db) }
        try await db.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return }
            struct Timeout: Decodable { var timeout: Int }
            let previous = try await sql.raw("PRAGMA busy_timeout").first(decoding: Timeout.self)?.timeout ?? 0
            try await sql.raw("PRAGMA busy_timeout = 0").run()
            var failure: (any Error)?
            do { try await write(connection) } catch { if !DatabaseBusy.matches(error) { failure = error } }
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(previous))").run()
            if let failure { throw failure }
        }
    }

    public static func close(_ session: UserSessionRecord, on db: any Database) async throws {
        try await session.delete(on: db)
    }

    /// Ends every session of a user (a password change, a disabled account).
    public static func closeAll(of userID: UUID, on db: any Database) async throws {
        try await UserSessionRecord.query(on: db).filter(\.$userID == userID).delete()
    }
}

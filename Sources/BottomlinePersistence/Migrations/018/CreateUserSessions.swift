import Fluent

/// Sessions kept on the server: a row only once someone signs in, with its own expiry and idle limit, dropped when
/// the user's password changes. The browser holds a random token; the table holds its SHA-256, so a copy of the
/// database does not sign anyone in. (Vapor's session table of step 003 is no longer written.)
struct CreateUserSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("user_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf", .string, .required)
            .field("address", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("reveal", .string)
            .unique(on: "token_hash")
            .create()
        try await createIndex(db, "user_sessions_user", on: "user_sessions", ["user_id"])
        try await db.schema("_fluent_sessions").delete()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("user_sessions").delete()
    }
}

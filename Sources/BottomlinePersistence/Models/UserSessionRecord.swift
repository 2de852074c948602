import BottomlineDomain
import Fluent
import Foundation

/// One signed-in browser (see `CreateUserSessions`).
public final class UserSessionRecord: Model, @unchecked Sendable {
    public static let schema = "user_sessions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: UUID
    /// The token every form of this session carries.
    @Field(key: "csrf") public var csrf: String
    @Field(key: "address") public var address: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    /// A person whose full ID number the next page shows once (after a reveal, which is audited).
    @OptionalField(key: "reveal") public var reveal: String?
    public init() {}
}

/// The feeds a department data officer sends and reads, comma-separated `FeedKind` values.
public final class UserFeedKindsRecord: Model, @unchecked Sendable {
    public static let schema = "user_feed_kinds"
    @ID(custom: "user_id", generatedBy: .user) public var id: UUID?
    @Field(key: "kinds") public var kinds: String
    public init() {}
    public var kindValues: Set<FeedKind> { Set(kinds.split(separator: ",").compactMap { FeedKind(rawValue: String($0)) }) }
}

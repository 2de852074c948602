import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

extension UserRecord: Authenticatable {}
extension UserRecord: SessionAuthenticatable {
    public var sessionID: UUID { id! }
}

/// Restores the signed-in user from the session cookie.
struct UserSessionAuthenticator: AsyncSessionAuthenticator {
    typealias User = UserRecord
    func authenticate(sessionID: UUID, for request: Request) async throws {
        if let user = try await UserRecord.find(sessionID, on: request.db), user.active {
            request.auth.login(user)
        }
    }
}

extension Request {
    /// The signed-in user, or a redirect to the login page.
    var user: UserRecord {
        get throws {
            guard let user = auth.get(UserRecord.self) else { throw Abort.redirect(to: "/login?next=" + (url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")) }
            return user
        }
    }

    var actor: Actor {
        get throws { Actor(try user) }
    }

    /// The names of the policy code lists (类别, 风险类型, 措施类别) in force today for `place`, or for the user's region;
    /// read once a request.
    func codeNames(for place: RegionCode? = nil) async throws -> CodeNames {
        let place = try place ?? actor.region
        if let cached = storage[CodeNamesKey.self], cached.place == place { return cached }
        let names = try await PolicyStore.book(for: place, on: db).names(for: place, on: .today)
        storage[CodeNamesKey.self] = names
        return names
    }

    /// The registry as the signed-in user may see it: the one way handlers reach households.
    var registry: ScopedRegistry {
        get throws { ScopedRegistry(db: db, actor: try actor) }
    }

    /// Answers 404 for a record outside the user's jurisdiction (or absent), and logs the attempt.
    func notFoundLogged(_ what: String, id: String) async throws -> Abort {
        if let actor = try? actor {
            try await AuditLog.record(on: db, actor: actor, action: .denied, entity: what, entityID: id,
                                      summary: "访问不存在或辖区外的记录：\(url.path)")
            logger.warning("jurisdiction: \(actor.username) (\(actor.region)) asked for \(what) \(id)")
        }
        return Abort(.notFound, reason: "没有找到该记录，或该记录不在您的管辖范围内")
    }
}

/// Per-session CSRF token: every form carries it, every state-changing request must return it.
enum CSRF {
    static let sessionKey = "csrf"
    static let field = "_csrf"
    static let header = "X-CSRF-Token"

    static func token(for request: Request) -> String {
        if let token = request.session.data[sessionKey] { return token }
        let token = [UInt8].random(count: 24).base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        request.session.data[sessionKey] = token
        return token
    }
}

/// Refuses POST, PUT, PATCH and DELETE without the session's CSRF token (form field or header).
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else { return try await next.respond(to: request) }
        // Departments' systems post feeds with a token in a header, never with the session: nothing for a forged form to ride on.
        if request.url.path.hasPrefix("/api/v1/feeds/") { return try await next.respond(to: request) }
        let expected = request.session.data[CSRF.sessionKey]
        var sent = request.headers.first(name: CSRF.header)
        if sent == nil, request.content.contentType == .urlEncodedForm || request.content.contentType == .formData {
            // A body larger than one network read arrives as a stream, and the route collects it only after the
            // middleware: the token is inside it, so it is collected here, to the route's own limit.
            if request.body.data == nil {
                let limit = request.route?.userInfo[BodyLimit.key] as? Int ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            sent = try? request.content.get(String.self, at: CSRF.field)
        }
        guard let expected, let sent, !expected.isEmpty, constantTimeEqual(expected, sent) else {
            throw Abort(.forbidden, reason: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
        }
        return try await next.respond(to: request)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The most a route collects of a request body, recorded on routes that take uploads larger than the default.
enum BodyLimit {
    static let key = "bottomline.bodyLimit"
}

/// Counts failed logins per user name and per address; after five in fifteen minutes, further tries wait.
actor LoginThrottle {
    private var failures: [String: [Date]] = [:]
    let limit = 5
    let window: TimeInterval = 15 * 60

    func isBlocked(_ keys: [String], now: Date = Date()) -> Bool {
        keys.contains { key in (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }.count >= limit }
    }

    func fail(_ keys: [String], now: Date = Date()) {
        for key in keys {
            failures[key] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window } + [now]
        }
    }

    func succeed(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}

struct LoginThrottleKey: StorageKey {
    typealias Value = LoginThrottle
}

extension Application {
    var loginThrottle: LoginThrottle {
        if let throttle = storage[LoginThrottleKey.self] { return throttle }
        let throttle = LoginThrottle()
        storage[LoginThrottleKey.self] = throttle
        return throttle
    }
}

private struct CodeNamesKey: StorageKey { typealias Value = CodeNames }

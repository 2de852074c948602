import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

extension UserRecord: Authenticatable {}

/// The two cookies of the site. The session cookie exists only once someone signs in; a stranger's forms (sign-in,
/// the farmer's declaration) are protected by a second, random cookie their form must echo, so reading a page never
/// writes a row.
enum Cookies {
    static let session = "bottomline_session"
    static let csrf = "bottomline_csrf"
}

/// Finds the signed-in user from the session cookie (server-side expiry and idle limit, see `SessionStore`), and
/// writes the cookies a handler asked for on the way out.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var expireSessionCookie = false
        if let token = request.cookies[Cookies.session]?.string {
            if let (session, user) = try await SessionStore.find(token: token, on: request.db) {
                request.storage[CurrentSessionKey.self] = session
                request.auth.login(user)
            } else {
                expireSessionCookie = true
            }
        }
        let response = try await next.respond(to: request)
        let secure = request.servedOverHTTPS
        switch request.storage[SessionCookieChangeKey.self] {
        case .open(let token)?:
            response.cookies[Cookies.session] = HTTPCookies.Value(string: token, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        case .close?:
            response.cookies[Cookies.session] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                                                  isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        case nil:
            if expireSessionCookie {
                response.cookies[Cookies.session] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                                                      isSecure: secure, isHTTPOnly: true, sameSite: .lax)
            }
        }
        if let token = request.storage[NewCSRFCookieKey.self] {
            response.cookies[Cookies.csrf] = HTTPCookies.Value(string: token, isSecure: secure, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

enum SessionCookieChange: Sendable {
    case open(String), close
}

struct CurrentSessionKey: StorageKey { typealias Value = UserSessionRecord }
struct SessionCookieChangeKey: StorageKey { typealias Value = SessionCookieChange }
struct NewCSRFCookieKey: StorageKey { typealias Value = String }

extension Request {
    /// The signed-in session, if any.
    var currentSession: UserSessionRecord? { storage[CurrentSessionKey.self] }

    /// Served over HTTPS: the configured public address says so, or the proxy in front of the server does.
    var servedOverHTTPS: Bool {
        application.configuration.publicURL?.lowercased().hasPrefix("https://") == true
            || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// Signs `user` in: a new session and token (one planted before sign-in is worth nothing), the old one ended.
    func openSession(for user: UserRecord) async throws {
        if let old = currentSession { try await SessionStore.close(old, on: db) }
        let (token, session) = try await SessionStore.open(for: user, address: remoteAddress?.ipAddress ?? "?", on: db)
        storage[CurrentSessionKey.self] = session
        storage[SessionCookieChangeKey.self] = .open(token)
        auth.login(user)
    }

    /// Signs out: the session row is deleted and the cookie expired.
    func closeSession() async throws {
        if let session = currentSession { try await SessionStore.close(session, on: db) }
        storage[CurrentSessionKey.self] = nil
        storage[SessionCookieChangeKey.self] = .close
        auth.logout(UserRecord.self)
    }

    /// Logs that a full ID number or phone is shown, and marks it (`what`) for the next page to show once.
    func revealOnce(_ what: String, entity: String, entityID: UUID?, householdID: UUID?, region: String, summary: String) async throws {
        try await AuditLog.record(on: db, actor: try actor, action: .revealID, entity: entity, entityID: entityID?.uuidString,
                                  householdID: householdID, region: region, summary: summary)
        guard let session = currentSession else { return }
        session.reveal = what
        try await session.save(on: db)
    }

    /// What the previous POST revealed, taken (so a reload shows the mask again).
    func takeRevealed() async throws -> String? {
        guard let session = currentSession, let revealed = session.reveal else { return nil }
        session.reveal = nil
        try await session.save(on: db)
        return revealed
    }

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

/// The form token: a signed-in session's own, or for a stranger the value of the CSRF cookie (set when first needed).
enum CSRF {
    static let field = "_csrf"
    static let header = "X-CSRF-Token"

    static func token(for request: Request) -> String {
        if let session = request.currentSession { return session.csrf }
        if let pending = request.storage[NewCSRFCookieKey.self] { return pending }
        if let cookie = request.cookies[Cookies.csrf]?.string, wellFormed(cookie) { return cookie }
        let token = SessionStore.randomToken()
        request.storage[NewCSRFCookieKey.self] = token
        return token
    }

    static func expected(for request: Request) -> String? {
        if let session = request.currentSession { return session.csrf }
        guard let cookie = request.cookies[Cookies.csrf]?.string, wellFormed(cookie) else { return nil }
        return cookie
    }

    static func wellFormed(_ token: String) -> Bool {
        (20...100).contains(token.utf8.count)
            && token.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}

/// Refuses POST, PUT, PATCH and DELETE without the form token (form field or header).
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else { return try await next.respond(to: request) }
        // Departments' systems post feeds with a token in a header, never with the session: nothing for a forged form to ride on.
        if request.url.path.hasPrefix("/api/v1/feeds/") { return try await next.respond(to: request) }
        var sent = request.headers.first(name: CSRF.header)
        // An upload read as it arrives: `StreamedForm.receive` checks the token in the form.
        if sent == nil, request.route?.userInfo[StreamedRoute.key] as? Bool == true { return try await next.respond(to: request) }
        if sent == nil, request.content.contentType == .urlEncodedForm || request.content.contentType == .formData {
            // A body larger than one network read arrives as a stream, and the route collects it only after the
            // middleware: the token is inside it, so it is collected here, to the route's own limit.
            if request.body.data == nil {
                let limit = request.route?.userInfo[BodyLimit.key] as? Int ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            sent = try? request.content.get(String.self, at: CSRF.field)
        }
        try Self.check(request, sent: sent)
        return try await next.respond(to: request)
    }

    static func check(_ request: Request, sent: String?) throws {
        guard let expected = CSRF.expected(for: request), let sent, !expected.isEmpty, constantTimeEqual(expected, sent) else {
            throw Abort(.forbidden, reason: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
        }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The most a route collects of a request body, recorded on routes that take uploads larger than the default.
enum BodyLimit {
    static let key = "bottomline.bodyLimit"
}

private struct CodeNamesKey: StorageKey { typealias Value = CodeNames }

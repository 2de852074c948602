import Foundation
import Vapor
import VaporTesting

/// A signed-in browser: the session cookie and the CSRF token its forms carry.
public struct Browser: Sendable {
    public var cookie: String
    public var csrf: String

    public init(cookie: String, csrf: String) {
        self.cookie = cookie
        self.csrf = csrf
    }

    /// Sends the session cookie (when signed in) and the stranger's form cookie, which echoes the form token.
    public func apply(_ req: inout TestingHTTPRequest) {
        req.headers.cookie = cookies
    }

    public var cookies: HTTPCookies {
        var cookies = HTTPCookies()
        cookies[csrfCookie] = .init(string: csrf)
        if !cookie.isEmpty { cookies[sessionCookie] = .init(string: cookie) }
        return cookies
    }
}

public let sessionCookie = "bottomline_session"
public let csrfCookie = "bottomline_csrf"

/// The CSRF token of the first form on a page.
public func formToken(_ html: String) -> String? {
    guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// Signs in through the login form, as a browser does.
public func signIn(_ app: Application, _ username: String, password: String = "secret123") async throws -> Browser {
    var token = ""
    try await app.testing().test(.GET, "/login") { res in
        token = res.headers.setCookie?[csrfCookie]?.string ?? ""
    }
    var status: HTTPStatus = .ok
    var cookie = ""
    try await app.testing().test(.POST, "/login", beforeRequest: { req in
        req.headers.cookie = [csrfCookie: .init(string: token)]
        try req.content.encode(["username": username, "password": password, "_csrf": token], as: .urlEncodedForm)
    }, afterResponse: { res in
        status = res.status
        cookie = res.headers.setCookie?[sessionCookie]?.string ?? ""
    })
    guard status == .seeOther, !cookie.isEmpty else { throw SignInFailed(username: username, status: status) }
    // The session's own form token, from the sign-out form every page carries.
    var csrf = "", home = "/"
    // A department or bank officer's home is a page of its own: "/" sends it there.
    try await app.testing().test(.GET, "/", beforeRequest: { req in req.headers.cookie = [sessionCookie: .init(string: cookie)] }) { res in
        csrf = formToken(res.body.string) ?? ""
        if res.status == .seeOther, let location = res.headers.first(name: .location), location.hasPrefix("/") { home = location }
    }
    if home != "/" {
        try await app.testing().test(.GET, home, beforeRequest: { req in req.headers.cookie = [sessionCookie: .init(string: cookie)] }) { res in
            csrf = formToken(res.body.string) ?? ""
        }
    }
    return Browser(cookie: cookie, csrf: csrf)
}

public struct SignInFailed: Error, CustomStringConvertible {
    public let username: String
    public let status: HTTPStatus
    public var description: String { "\(username) could not sign in: \(status)" }
}

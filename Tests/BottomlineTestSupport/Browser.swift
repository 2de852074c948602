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

    public func apply(_ req: inout TestingHTTPRequest) {
        req.headers.cookie = ["vapor-session": .init(string: cookie)]
    }
}

/// The CSRF token of the first form on a page.
public func formToken(_ html: String) -> String? {
    guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// Signs in through the login form, as a browser does.
public func signIn(_ app: Application, _ username: String, password: String = "secret123") async throws -> Browser {
    var cookie = ""
    var token = ""
    try await app.testing().test(.GET, "/login") { res in
        cookie = res.headers.setCookie?["vapor-session"]?.string ?? ""
        token = formToken(res.body.string) ?? ""
    }
    var status: HTTPStatus = .ok
    try await app.testing().test(.POST, "/login", beforeRequest: { req in
        req.headers.cookie = ["vapor-session": .init(string: cookie)]
        try req.content.encode(["username": username, "password": password, "_csrf": token], as: .urlEncodedForm)
    }, afterResponse: { res in
        status = res.status
        if let renewed = res.headers.setCookie?["vapor-session"]?.string { cookie = renewed }
    })
    guard status == .seeOther else { throw SignInFailed(username: username, status: status) }
    return Browser(cookie: cookie, csrf: token)
}

public struct SignInFailed: Error, CustomStringConvertible {
    public let username: String
    public let status: HTTPStatus
    public var description: String { "\(username) could not sign in: \(status)" }
}

import BottomlinePersistence
import Fluent
import Vapor

/// Signing in and out.
enum LoginController {
    static func form(_ req: Request) async throws -> HTML {
        page(req, error: nil, username: "")
    }

    static func page(_ req: Request, error: String?, username: String) -> HTML {
        Login.view(.init(csrf: CSRF.token(for: req), next: SitePath.localRedirect(req.queryText("next")), username: username, error: error))
    }

    struct Credentials: Content {
        var username: String
        var password: String
        var next: String?
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Credentials.self)
        let username = String(form.username.trimmingCharacters(in: .whitespaces).prefix(64))
        let keys = ["u:" + username, "ip:" + (req.remoteAddress?.ipAddress ?? "?")]
        let throttle = req.application.loginThrottle
        if await throttle.isBlocked(keys) {
            return try await page(req, error: "登录失败次数过多，请15分钟后再试", username: username).encodeResponse(status: .tooManyRequests, for: req)
        }
        guard let user = try await UserRecord.query(on: req.db).filter(\.$username == username).first(), user.active,
              form.password.count <= 72, try await req.password.async.verify(form.password, created: user.passwordHash)
        else {
            await throttle.fail(keys)
            try await AuditLog.record(on: req.db, actor: .init(userID: nil, username: username, role: .leader, region: RegionCodeConstants.nowhere),
                                      action: .loginFailed, entity: "user", summary: "登录失败：\(username)")
            return try await page(req, error: "用户名或密码错误", username: username).encodeResponse(status: .unauthorized, for: req)
        }
        await throttle.succeed(keys)
        // A new session id on login: an id planted before login (session fixation) is worthless afterwards.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data = SessionData()
        req.auth.login(user)
        req.session.authenticate(user)
        _ = CSRF.token(for: req)
        try await AuditLog.record(on: req.db, actor: Actor(user), action: .login, entity: "user", entityID: user.id?.uuidString,
                                  summary: "登录")
        // Only local paths: an open redirect would let a link send a cadre anywhere after login.
        return req.redirect(to: SitePath.localRedirect(form.next))
    }

    static func logout(_ req: Request) async throws -> Response {
        req.auth.logout(UserRecord.self)
        req.session.destroy()
        return req.redirect(to: "\(SitePath.login)")
    }
}

extension HTML {
    func encodeResponse(status: HTTPStatus, for req: Request) async throws -> Response {
        let response = try await encodeResponse(for: req)
        response.status = status
        return response
    }
}

import BottomlineDomain
enum RegionCodeConstants {
    /// A region no one governs, for log entries of unknown users.
    static let nowhere = RegionCode("99")!
}

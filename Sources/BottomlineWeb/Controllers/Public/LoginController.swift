import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// Signing in and out, and changing one's own password.
enum LoginController {
    static func form(_ req: Request) async throws -> HTML {
        page(req, error: nil, username: "")
    }

    static func page(_ req: Request, error: String?, username: String) -> HTML {
        Login.view(.init(csrf: CSRF.token(for: req), next: SitePath.localRedirect(req.queryText("next")), username: username, error: error))
    }

    struct Credentials: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.decodeForm(Credentials.self)
        let username = String((form.username ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let password = form.password ?? ""
        let address = req.remoteAddress?.ipAddress ?? "?"
        let throttle = req.application.loginThrottle
        if let wait = await throttle.wait(username: username, address: address) {
            let seconds = Int(wait.rounded(.up))
            let when = seconds < 90 ? "\(seconds)秒" : "\((seconds + 59) / 60)分钟"
            return try await page(req, error: "登录失败次数较多，请\(when)后再试", username: username).encodeResponse(status: .tooManyRequests, for: req)
        }
        let user = try await UserRecord.query(on: req.db).filter(\.$username == username).first()
        // The same bcrypt work whether or not the name exists: the time of the answer must not tell.
        let hash = user?.passwordHash ?? req.application.decoyHash
        var matches = false
        if password.utf8.count <= 72 { matches = (try? await req.password.async.verify(password, created: hash)) ?? false }
        guard let user, user.active, matches else {
            await throttle.fail(username: username, address: address)
            try await AuditLog.record(on: req.db, actor: .init(userID: nil, username: username, role: .leader, region: RegionCodeConstants.nowhere),
                                      action: .loginFailed, entity: "user", summary: "登录失败：\(username)（\(address)）")
            return try await page(req, error: "用户名或密码错误", username: username).encodeResponse(status: .unauthorized, for: req)
        }
        await throttle.succeed(username: username, address: address)
        try await req.openSession(for: user)
        try await AuditLog.record(on: req.db, actor: Actor(user), action: .login, entity: "user", entityID: user.id?.uuidString,
                                  summary: "登录（\(address)）")
        // Only local paths: an open redirect would let a link send a cadre anywhere after login.
        return req.redirect(to: SitePath.localRedirect(form.next))
    }

    static func logout(_ req: Request) async throws -> Response {
        try await req.closeSession()
        return req.redirect(to: "\(SitePath.login)")
    }

    // MARK: Changing one's password

    static func passwordForm(_ req: Request) async throws -> HTML {
        PasswordPage.view(.init(context: req.pageContext(), username: try req.user.username))
    }

    struct PasswordChange: Content {
        var current: String?
        var new: String?
        var repeated: String?
    }

    /// The current password, then the new one twice. Every session of the user ends, this browser gets a new one.
    static func changePassword(_ req: Request) async throws -> Response {
        let user = try req.user
        let form = try req.decodeForm(PasswordChange.self)
        var errors = FieldErrors()
        let current = form.current ?? "", new = form.new ?? ""
        let address = req.remoteAddress?.ipAddress ?? "?"
        if let wait = await req.application.loginThrottle.wait(username: user.username, address: address) {
            errors["current"] = "密码错误次数较多，请\(Int(wait.rounded(.up)))秒后再试"
        } else if try await !verify(current, user.passwordHash, req) {
            await req.application.loginThrottle.fail(username: user.username, address: address)
            errors["current"] = "当前密码不正确"
        }
        if errors.isEmpty {
            do { try UserStore.validatePassword(new, username: user.username) } catch { errors["new"] = error.description }
            if new == current { errors["new"] = "新密码不能与当前密码相同" }
            if form.repeated != new { errors["repeated"] = "两次输入的新密码不一致" }
        }
        guard errors.isEmpty else {
            return try await PasswordPage.view(.init(context: req.pageContext(), username: user.username, errors: errors))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.password.async.hash(new)
        try await UserStore.setPassword(of: user, password: new, hasher: { _ in hash }, on: req.db, actor: Actor(user))
        try await req.openSession(for: user)
        return try await PasswordPage.view(.init(context: req.pageContext(), username: user.username, saved: true)).encodeResponse(for: req)
    }
}

private func verify(_ password: String, _ hash: String, _ req: Request) async throws -> Bool {
    guard password.utf8.count <= 72 else { return false }
    return (try? await req.password.async.verify(password, created: hash)) ?? false
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

extension Application {
    /// See `DecoyHashKey`.
    var decoyHash: String {
        storage[DecoyHashKey.self] ?? "$2b$04$abcdefghijklmnopqrstuuH7aTZ8v0X5sQ2fN5JkZc5x4Lx2h3m6e"
    }
}

import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// Builds the web application: database, sessions, security middleware, static files and routes.
public enum BottomlineApp {
    public static func configure(_ app: Application, database: DatabaseLocation) throws {
        try DatabaseSetup.configure(app, location: database)
        app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 10))
        app.sessions.use(.fluent)
        app.sessions.configuration.cookieName = "vapor-session"
        app.sessions.configuration.cookieFactory = { id in
            HTTPCookies.Value(string: id.string, expires: Date(timeIntervalSinceNow: 8 * 3600), maxAge: nil, domain: nil,
                              path: "/", isSecure: false, isHTTPOnly: true, sameSite: .lax)
        }
        // Forms and API bodies are small; only the import route collects large uploads.
        app.routes.defaultMaxBodySize = "1mb"
        app.middleware = Middlewares()
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(ChineseErrorMiddleware())
        if let publicDir = Bundle.module.resourceURL?.appendingPathComponent("Public").path {
            app.middleware.use(FileMiddleware(publicDirectory: publicDir + "/", defaultFile: nil))
        }
        app.middleware.use(app.sessions.middleware)
        app.middleware.use(UserSessionAuthenticator())
        app.middleware.use(CSRFMiddleware())
        try routes(app)
    }

    static func routes(_ app: Application) throws {
        app.get("login", use: LoginController.form)
        app.post("login", use: LoginController.login)
        app.post("logout", use: LoginController.logout)
        app.get("healthz") { _ in "ok" }
        // The one public page: a farmer's self-declaration, reached from the village's QR code.
        app.get("declare", ":village", use: DeclarationController.form)
        app.post("declare", ":village", use: DeclarationController.submit)

        // Departments' systems post feeds with their own token, not a session.
        app.on(.POST, "api", "v1", "feeds", ":kind", body: .collect(maxSize: ScreeningController.maxUpload), use: ScreeningController.apiFeed)

        let signedIn = app.grouped(RequireUser())
        signedIn.get(use: RegionController.home)
        signedIn.get("regions", ":code", use: RegionController.region)
        signedIn.get("households", use: HouseholdController.list)
        signedIn.get("households", "export.xlsx", use: HouseholdController.export)
        signedIn.get("households", "export.csv", use: HouseholdController.export)
        signedIn.get("households", "new", use: RegistryEditController.newHouseholdForm)
        signedIn.post("households", "new", use: RegistryEditController.createHousehold)
        signedIn.get("households", ":id", use: HouseholdController.show)
        signedIn.get("households", ":id", "edit", use: RegistryEditController.editHouseholdForm)
        signedIn.post("households", ":id", "edit", use: RegistryEditController.updateHousehold)
        signedIn.get("households", ":id", "members", "new", use: RegistryEditController.addMemberForm)
        signedIn.post("households", ":id", "members", "new", use: RegistryEditController.addMember)
        signedIn.get("households", ":id", "income", use: RegistryEditController.incomeForm)
        signedIn.post("households", ":id", "income", use: RegistryEditController.saveIncome)
        signedIn.get("households", ":id", "changes", use: HouseholdChangeController.form)
        signedIn.post("households", ":id", "helper", use: HouseholdController.assignHelper)
        signedIn.post("households", ":id", "split", use: HouseholdChangeController.split)
        signedIn.post("households", ":id", "merge", use: HouseholdChangeController.merge)
        signedIn.post("households", ":id", "move", use: HouseholdChangeController.move)
        signedIn.get("persons", ":id", "edit", use: RegistryEditController.editPersonForm)
        signedIn.post("persons", ":id", "edit", use: RegistryEditController.updatePerson)
        signedIn.post("persons", ":id", "departure", use: RegistryEditController.recordDeparture)
        signedIn.post("persons", ":id", "reveal", use: HouseholdController.revealID)
        signedIn.get("work", use: LifecycleController.work)
        signedIn.get("monitoring", use: LifecycleController.monitoring)
        signedIn.get("monitoring", "export.xlsx", use: LifecycleController.exportMonitoring)
        signedIn.get("monitoring", "checks", use: LifecycleController.checks)
        signedIn.get("cases", use: LifecycleController.cases)
        signedIn.get("notices", use: LifecycleController.notices)
        signedIn.get("clues", ":id", use: LifecycleController.clue)
        signedIn.post("clues", ":id", "link", use: LifecycleController.linkClue)
        signedIn.post("clues", ":id", "start", use: LifecycleController.startCase)
        signedIn.post("clues", ":id", "close", use: LifecycleController.closeClue)
        signedIn.get("cases", ":id", use: LifecycleController.showCase)
        signedIn.post("cases", ":id", "act", use: LifecycleController.act)
        signedIn.post("households", ":id", "clues", use: LifecycleController.recordClue)
        signedIn.post("households", ":id", "measures", use: LifecycleController.addMeasure)
        signedIn.post("measures", ":id", "status", use: LifecycleController.measureStatus)
        signedIn.post("households", ":id", "visits", use: LifecycleController.addVisit)
        signedIn.get("households", ":id", "elimination", use: LifecycleController.eliminationForm)
        signedIn.post("households", ":id", "elimination", use: LifecycleController.proposeElimination)
        signedIn.post("households", ":id", "revert", use: LifecycleController.revert)
        signedIn.get("regions", ":code", "qr", use: DeclarationController.qrPage)
        signedIn.get("regions", ":code", "qr.svg", use: DeclarationController.qrImage)
        signedIn.get("regions", ":code", "qr.png", use: DeclarationController.qrImage)
        signedIn.get("audit", use: AuditController.list)
        signedIn.get("policy", use: PolicyController.show)
        signedIn.post("policy", use: PolicyController.add)
        signedIn.post("policy", "labels", use: PolicyController.addLabel)
        signedIn.get("import", use: ImportController.form)
        signedIn.on(.POST, "import", body: .collect(maxSize: ImportController.maxUpload), use: ImportController.upload)
        signedIn.get("indicators", use: IndicatorController.show)
        signedIn.get("indicators", "bulletin.xlsx", use: IndicatorController.bulletin)
        signedIn.post("indicators", "freeze", use: IndicatorController.freeze)
        signedIn.get("indicators", "score", use: ScoreController.show)
        signedIn.get("bulletins", use: BulletinController.list)
        signedIn.post("bulletins", use: BulletinController.create)
        signedIn.get("bulletins", ":id", use: BulletinController.show)
        signedIn.post("indicators", "score", use: ScoreController.save)
        signedIn.get("indicators", "bulletin.csv", use: IndicatorController.bulletin)
        signedIn.get("screening", use: ScreeningController.show)
        signedIn.on(.POST, "screening", body: .collect(maxSize: ScreeningController.maxUpload), use: ScreeningController.upload)
        signedIn.get("screening", "stats", use: ScreeningController.stats)
        signedIn.get("screening", "rules", ":code", use: ScreeningController.ruleForm)
        signedIn.post("screening", "rules", ":code", use: ScreeningController.saveRule)
        signedIn.get("screening", "files", ":id", use: ScreeningController.file)
        signedIn.get("screening", "files", ":id", "problems.csv", use: ScreeningController.problems)
        signedIn.get("warnings", use: ScreeningController.warnings)
        signedIn.get("warnings", ":id", use: ScreeningController.warning)
        signedIn.post("warnings", ":id", "dispose", use: ScreeningController.dispose)
        APIRoutes.register(on: signedIn)
    }
}

/// Pages need a signed-in user: pages redirect to the login form, the API answers 401.
struct RequireUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(UserRecord.self) else {
            if request.url.path.hasPrefix("/api/") { throw Abort(.unauthorized, reason: "请先登录") }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        return try await next.respond(to: request)
    }
}

/// Errors as a Chinese page for people and as `{"error": true, "reason": …}` for the API; never a stack trace.
struct ChineseErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPStatus
            let reason: String
            if let abort = error as? any AbortError {
                status = abort.status
                if status == .seeOther || status == .found || status == .temporaryRedirect {
                    return request.redirect(to: abort.headers.first(name: .location) ?? "/")
                }
                reason = status == .payloadTooLarge ? "上传的文件过大" : (abort.reason.isEmpty || abort.reason == status.reasonPhrase ? Self.message(status) : abort.reason)
            } else if error is DecodingError {
                status = .badRequest
                reason = "提交的数据格式错误"
            } else {
                status = .internalServerError
                reason = "服务器内部错误，请稍后重试或联系管理员"
                request.logger.report(error: error)
            }
            if request.url.path.hasPrefix("/api/") || request.headers.accept.mediaTypes.first == .json {
                let body = try JSONEncoder().encode(["error": "true", "reason": reason])
                var headers = HTTPHeaders()
                headers.contentType = .json
                return Response(status: status, headers: headers, body: .init(data: body))
            }
            let page = Layout.page(Self.message(status), request: request, "<p class=\"flash bad\">\(reason)</p><p><a href=\"/\">返回首页</a></p>")
            let response = try await page.encodeResponse(for: request)
            response.status = status
            return response
        }
    }

    static func message(_ status: HTTPStatus) -> String {
        switch status.code {
        case 400: "请求有误"
        case 401: "请先登录"
        case 403: "没有权限"
        case 404: "页面不存在"
        case 413: "上传的文件过大"
        case 429: "操作过于频繁"
        default: "出错了"
        }
    }
}

/// Pages load nothing from elsewhere (county intranets have no internet), so the browser may refuse anything else:
/// no external scripts, styles or frames, and no inline script.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        return response
    }
}

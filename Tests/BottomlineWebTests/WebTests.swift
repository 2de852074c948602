import BottomlineDomain
import BottomlinePersistence
import BottomlineInterchange
import BottomlineTestSupport
@testable import BottomlineWeb
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("网页与接口：登录、辖区隔离、CSRF", .serialized)
struct WebTests {
    @Test("the home page answers in Chinese with the user's jurisdiction and counts")
    func home() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("项城市"))
                #expect(res.body.string.contains("登记户数"))
                #expect(res.body.string.contains("南顿镇"))
            }
        }
    }

    @Test("without a session, pages redirect to the login form and the API answers 401 in Chinese")
    func anonymous() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/households") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            try await app.testing().test(.GET, "/api/v1/households") { res in
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("请先登录"))
            }
        }
    }

    @Test("a wrong password is refused; after five failures the account waits")
    func throttling() async throws {
        try await withTestApp { app in
            // The clock stands still: the sixth try falls inside the first wait (2 s) however slow the machine is.
            let moment = Date()
            app.storage[LoginThrottleKey.self] = LoginThrottle(clock: { moment })
            try await app.makeUser("cun", role: .village, region: "411681")
            var token = ""
            var cookie = ""
            try await app.testing().test(.GET, "/login") { res in
                cookie = res.headers.setCookie?["bottomline_csrf"]?.string ?? ""
                token = formToken(res.body.string) ?? ""
            }
            var statuses: [HTTPStatus] = []
            for _ in 0..<6 {
                try await app.testing().test(.POST, "/login", beforeRequest: { req in
                    req.headers.cookie = ["bottomline_csrf": .init(string: cookie)]
                    try req.content.encode(["username": "cun", "password": "wrong-password1", "_csrf": token], as: .urlEncodedForm)
                }, afterResponse: { res in statuses.append(res.status) })
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test("a village cadre gets 404 for another village's household, by page and by API, and the attempt is logged")
    func jurisdictionIsolation() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let own = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let other = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            let otherPerson = try #require(try await PersonRecord.query(on: app.db).filter(\.$householdID == other.id!).first())
            let browser = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/households/\(own.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("张三"))
                #expect(!res.body.string.contains(validID("41168119700101101")))  // masked
                #expect(res.body.string.contains("411681********"))
            }
            for path in ["/households/\(other.id!.uuidString)", "/api/v1/households/\(other.id!.uuidString)",
                         "/api/v1/persons/\(otherPerson.id!.uuidString)", "/regions/411681102"] {
                try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .notFound, "\(path)")
                    #expect(!res.body.string.contains("王五"))
                }
            }
            try await app.testing().test(.GET, "/api/v1/households", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("T001") && !res.body.string.contains("T002") && !res.body.string.contains("T003"))
            }
            try await app.testing().test(.GET, "/households?region=411681", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("T001") && !res.body.string.contains("T002"))
            }
            let denied = try await AuditRecord.query(on: app.db).filter(\.$action == "denied").count()
            #expect(denied == 4)
        }
    }

    @Test("a form posted without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let person = try #require(try await PersonRecord.query(on: app.db).first())
            let browser = try await signIn(app, "xian")
            let before = try await AuditRecord.query(on: app.db).count()
            try await app.testing().test(.POST, "/persons/\(person.id!.uuidString)/reveal", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": "forged"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("CSRF"))
            }
            #expect(try await AuditRecord.query(on: app.db).count() == before)
            // With the token, showing the full number works and is logged.
            var token = ""
            try await app.testing().test(.GET, "/households/\(person.householdID.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                token = formToken(res.body.string) ?? ""
            }
            try await app.testing().test(.POST, "/persons/\(person.id!.uuidString)/reveal", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "reveal_id").count() == 1)
            // The page after the POST shows the full number once; reloading (or guessing a URL) masks it again.
            try await app.testing().test(.GET, "/households/\(person.householdID.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains(person.idNumber))
            }
            try await app.testing().test(.GET, "/households/\(person.householdID.uuidString)?reveal=\(person.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(!res.body.string.contains(person.idNumber))
            }
        }
    }

    @Test("import through the web: a bad file shows every problem in Chinese and writes nothing")
    func webImport() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let browser = try await signIn(app, "xian")
            var token = ""
            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                token = formToken(res.body.string) ?? ""
            }
            let bad = sampleRegistryCSV().replacingOccurrences(of: "张三", with: "<script>")
            let boundary = "XBOUNDARY"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.csv\"\r\nContent-Type: text/csv\r\n\r\n\(bad)\r\n--\(boundary)--\r\n"
            try await app.testing().test(.POST, "/import", beforeRequest: { req in
                browser.apply(&req)
                req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                req.body = ByteBuffer(string: body)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("姓名含有不允许的字符"))
                #expect(!res.body.string.contains("<script>"))
            }
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
            let cadre = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/import", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("the OpenAPI document lists exactly the API routes the server answers")
    func openAPI() async throws {
        try await withTestApp { app in
            let served = Set(app.routes.all.filter { $0.path.first?.description == "api" && $0.path.last?.description != "openapi.json" }
                .map { "\($0.method.rawValue.lowercased()) /" + $0.path.map { c in c.description.hasPrefix(":") ? "{\(c.description.dropFirst())}" : c.description }.joined(separator: "/") })
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/api/v1/openapi.json", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                let doc = try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any]
                #expect(doc?["openapi"] as? String == "3.1.0")
                let paths = doc?["paths"] as? [String: [String: Any]] ?? [:]
                let documented = Set(paths.flatMap { path, ops in ops.keys.map { "\($0) \(path)" } })
                #expect(documented == served)
                #expect(!served.isEmpty)
            }
        }
    }

    @Test("exports open as XLSX and CSV with Chinese intact and only the user's households; exporting needs the import/export permission")
    func exports() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("other", role: .county, region: "411602")
            let browser = try await signIn(app, "xian"), other = try await signIn(app, "other")
            try await app.testing().test(.GET, "/households/export.csv", beforeRequest: { browser.apply(&$0) }) { res in
                let text = res.body.string
                #expect(text.contains("户编号") && text.contains("张三") && text.contains("王五") && text.contains("赵六"))
            }
            try await app.testing().test(.GET, "/households/export.xlsx", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.headers.contentType?.subType.contains("spreadsheetml") == true)
                let table = try TableFile.read(Data(buffer: res.body))
                #expect(table.rows.count == 3)
                #expect(table.rows.contains { $0.contains("张三") })
            }
            try await app.testing().test(.GET, "/households/export.csv", beforeRequest: { other.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("户编号") && !res.body.string.contains("张三"))
            }
            for (name, role, region) in [("nandun", Role.township, "411681101"), ("lingdao", .leader, "411681"), ("cun", .village, "411681101201")] {
                try await app.makeUser(name, role: role, region: region)
                let b = try await signIn(app, name)
                for path in ["/households/export.csv", "/households/export.xlsx", "/monitoring/export.xlsx"] {
                    try await app.testing().test(.GET, path, beforeRequest: { b.apply(&$0) }) { res in
                        #expect(res.status == .forbidden && res.body.string.contains("导入导出权限"), "\(name) \(path)")
                    }
                }
                try await app.testing().test(.GET, "/households", beforeRequest: { b.apply(&$0) }) { res in
                    #expect(res.status == .ok && !res.body.string.contains("导出 CSV"))
                }
            }
        }
    }
}

@Suite("会话与登录", .serialized)
struct SessionTests {
    /// The stranger's form token from the login page (it is also the value of the form cookie).
    static func loginToken(_ app: Application) async throws -> String {
        var token = ""
        try await app.testing().test(.GET, "/login") { res in
            #expect(res.headers.setCookie?[sessionCookie] == nil, "a stranger got a session")
            token = res.headers.setCookie?[csrfCookie]?.string ?? ""
            #expect(formToken(res.body.string) == token)
        }
        return token
    }

    static func login(_ app: Application, _ username: String, _ password: String, headers: HTTPHeaders = [:],
                      _ check: (TestingHTTPResponse) throws -> Void = { _ in }) async throws -> String? {
        let token = try await loginToken(app)
        var cookie: String?
        try await app.testing().test(.POST, "/login", headers: headers, beforeRequest: { req in
            req.headers.cookie = [csrfCookie: .init(string: token)]
            try req.content.encode(["username": username, "password": password, "_csrf": token], as: .urlEncodedForm)
        }) { res in
            cookie = res.headers.setCookie?[sessionCookie]?.string
            try check(res)
        }
        return cookie
    }

    static func status(_ app: Application, _ cookie: String, _ path: String = "/") async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await app.testing().test(.GET, path, beforeRequest: { $0.headers.cookie = [sessionCookie: .init(string: cookie)] }) { status = $0.status }
        return status
    }

    @Test("reading the login page, or sending a made-up session cookie, stores nothing; signing in stores one session, HttpOnly, Secure behind HTTPS")
    func noRowUntilLogin() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            for _ in 0..<20 { _ = try await Self.loginToken(app) }
            try await app.testing().test(.GET, "/", beforeRequest: { $0.headers.cookie = [sessionCookie: .init(string: "planted-by-someone-else-0123456789")] }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.setCookie?[sessionCookie]?.string == "", "the planted cookie is cleared")
            }
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
            let plain = try await Self.login(app, "xian", "secret123") { res in
                #expect(res.status == .seeOther)
                let c = res.headers.setCookie?[sessionCookie]
                #expect(c?.isHTTPOnly == true && c?.isSecure == false && c?.sameSite == .lax)
            }
            _ = try await Self.login(app, "xian", "secret123", headers: ["X-Forwarded-Proto": "https"]) { res in
                #expect(res.headers.setCookie?[sessionCookie]?.isSecure == true)
            }
            #expect(try await UserSessionRecord.query(on: app.db).count() == 2)
            // The browser holds a token; the table holds only its hash.
            let stored = try await UserSessionRecord.query(on: app.db).all().map(\.tokenHash)
            #expect(!stored.contains(try #require(plain)))
        }
    }

    @Test("a session ends on the server: after its lifetime, after two idle hours, and at sign-out; the cookie alone is then worthless")
    func serverSideExpiry() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let a = try #require(try await Self.login(app, "xian", "secret123"))
            let b = try #require(try await Self.login(app, "xian", "secret123"))
            let c = try #require(try await Self.login(app, "xian", "secret123"))
            for cookie in [a, b, c] { #expect(try await Self.status(app, cookie) == .ok) }
            let rows = try await UserSessionRecord.query(on: app.db).sort(\.$createdAt).all()
            #expect(rows.count == 3)
            rows[0].expiresAt = Date().addingTimeInterval(-1)
            try await rows[0].save(on: app.db)
            rows[1].lastSeenAt = Date().addingTimeInterval(-SessionStore.idle - 1)
            try await rows[1].save(on: app.db)
            // Which row is which cookie is not known (only hashes are kept): exactly one of the three still works.
            let statuses = [try await Self.status(app, a), try await Self.status(app, b), try await Self.status(app, c)]
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 1)
            let live = [a, b, c][try #require(statuses.firstIndex(of: .ok))]
            var csrf = ""
            try await app.testing().test(.GET, "/", beforeRequest: { $0.headers.cookie = [sessionCookie: .init(string: live)] }) { csrf = formToken($0.body.string) ?? "" }
            try await app.testing().test(.POST, "/logout", beforeRequest: { req in
                req.headers.cookie = [sessionCookie: .init(string: live)]
                try req.content.encode(["_csrf": csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
            #expect(try await Self.status(app, live) == .seeOther)
        }
    }

    @Test("a user changes the password on its own page: the current one is checked, weak ones are refused, and every other session ends")
    func changePassword() async throws {
        try await withTestApp { app in
            try await app.makeUser("cun", role: .village, region: "411681101201", password: "old-pass-2026")
            let phone = try await signIn(app, "cun", password: "old-pass-2026")
            let office = try await signIn(app, "cun", password: "old-pass-2026")
            func change(_ fields: [String: String], _ check: (TestingHTTPResponse) throws -> Void) async throws {
                var csrf = ""
                try await app.testing().test(.GET, "/account/password", beforeRequest: { office.apply(&$0) }) { res in
                    #expect(res.status == .ok && res.body.string.contains("修改密码"))
                    csrf = formToken(res.body.string) ?? ""
                }
                try await app.testing().test(.POST, "/account/password", beforeRequest: { req in
                    office.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": csrf]) { a, _ in a }, as: .urlEncodedForm)
                }) { try check($0) }
            }
            try await change(["current": "wrong-one-1", "new": "Tiantian-2026", "repeated": "Tiantian-2026"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("当前密码不正确"))
            }
            for (new, message) in [("abc12345", "过于常见"), ("short1", "8至72位"), ("onlyletters", "字母和数字"), ("cun-2026-xyz", "不能包含用户名"),
                                   (String(repeating: "a1", count: 40), "8至72位")] {
                try await change(["current": "old-pass-2026", "new": new, "repeated": new]) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(new)")
                }
            }
            try await change(["current": "old-pass-2026", "new": "Tiantian-2026", "repeated": "Tiantian-2027"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("两次输入的新密码不一致"))
            }
            #expect(try await Self.status(app, phone.cookie, "/work") == .ok)
            var renewed = ""
            try await change(["current": "old-pass-2026", "new": "Tiantian-2026", "repeated": "Tiantian-2026"]) { res in
                #expect(res.status == .ok && res.body.string.contains("密码已修改"))
                renewed = res.headers.setCookie?[sessionCookie]?.string ?? ""
            }
            #expect(try await Self.status(app, phone.cookie, "/work") == .seeOther, "the phone's session survived the password change")
            #expect(try await Self.status(app, office.cookie, "/work") == .seeOther, "the old token of this browser survived")
            #expect(try await Self.status(app, renewed, "/work") == .ok)
            _ = try await Self.login(app, "cun", "old-pass-2026") { #expect($0.status == .unauthorized) }
            _ = try await Self.login(app, "cun", "Tiantian-2026") { #expect($0.status == .seeOther) }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$summary == "修改本人密码").count() == 1)
        }
    }

    @Test("the same answer and the same bcrypt work for an unknown name as for a wrong password")
    func noUserEnumeration() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            var bodies: [String] = []
            for name in ["xian", "nobody"] {
                _ = try await Self.login(app, name, "wrong-password-1") { res in
                    #expect(res.status == .unauthorized)
                    bodies.append(res.body.string.replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression))
                }
            }
            #expect(bodies[0] == bodies[1])
            // The unknown name is checked against a real bcrypt hash of the same cost, made at start.
            #expect(app.decoyHash.hasPrefix("$2b$04$") || app.decoyHash.hasPrefix("$2a$04$"))
        }
    }
}

@Suite("登录节流")
struct LoginThrottleTests {
    @Test("five wrong passwords from one address make that address wait before the sixth, with waits that double; the right password from another address is not held up")
    func pairThenAccount() async {
        let t = LoginThrottle()
        let start = Date()
        for i in 0..<5 { await t.fail(username: "cun", address: "10.0.0.1", now: start.addingTimeInterval(Double(i))) }
        let now = start.addingTimeInterval(4)
        #expect(await t.wait(username: "cun", address: "10.0.0.1", now: now) == 2)
        #expect(await t.wait(username: "cun", address: "10.0.0.2", now: now) == nil)
        await t.fail(username: "cun", address: "10.0.0.1", now: now.addingTimeInterval(2))
        #expect(await t.wait(username: "cun", address: "10.0.0.1", now: now.addingTimeInterval(2)) == 4)
        // Five more from elsewhere pass the account's allowance: now every address waits, briefly, never a lock.
        for i in 0..<5 { await t.fail(username: "cun", address: "10.9.9.\(i)", now: now.addingTimeInterval(3)) }
        let wait = await t.wait(username: "cun", address: "10.0.0.2", now: now.addingTimeInterval(3))
        #expect(wait != nil && wait! <= 900)
        #expect(await t.wait(username: "cun", address: "10.0.0.2", now: now.addingTimeInterval(3 + 901)) == nil)
    }

    @Test("a township office behind one address: twenty failures of different colleagues hold up nobody else; many more slow the address, up to 15 minutes")
    func sharedAddress() async {
        let t = LoginThrottle()
        let now = Date()
        for i in 0..<20 { await t.fail(username: "user\(i % 4)", address: "10.1.1.1", now: now) }
        #expect(await t.wait(username: "colleague", address: "10.1.1.1", now: now) == nil)
        for _ in 0..<100 { await t.fail(username: "guess", address: "10.1.1.1", now: now) }
        #expect(await t.wait(username: "colleague", address: "10.1.1.1", now: now) == 900)
        await t.succeed(username: "guess", address: "10.1.1.1")
        #expect(await t.wait(username: "guess", address: "10.1.1.2", now: now) == nil)
    }
}

@Suite("离线内网：页面不引用任何外部资源")
struct OfflineTests {
    @Test("pages reference only the app's own URLs and forbid everything else by policy")
    func noExternalRequests() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            let household = try #require(try await HouseholdRecord.query(on: app.db).first())
            for path in ["/", "/regions/411681101", "/regions/411681101201", "/households", "/households/\(household.id!.uuidString)", "/import", "/households/new", "/audit", "/indicators", "/indicators/score", "/bulletins", "/screening", "/work", "/monitoring"] {
                try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .ok, "\(path)")
                    let html = res.body.string
                    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"), "\(path)")
                    #expect(!html.contains("style=\""), "\(path) has an inline style the policy would block")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                }
            }
            try await app.testing().test(.GET, "/static/app.css") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("@import") && !res.body.string.contains("url(http"))
            }
        }
    }
}

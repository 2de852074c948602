import BottomlineDomain
import BottomlinePersistence
import BottomlineInterchange
import BottomlineTestSupport
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
            try await app.makeUser("cun", role: .village, region: "411681")
            var token = ""
            var cookie = ""
            try await app.testing().test(.GET, "/login") { res in
                cookie = res.headers.setCookie?["vapor-session"]?.string ?? ""
                token = formToken(res.body.string) ?? ""
            }
            var statuses: [HTTPStatus] = []
            for _ in 0..<6 {
                try await app.testing().test(.POST, "/login", beforeRequest: { req in
                    req.headers.cookie = ["vapor-session": .init(string: cookie)]
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

    @Test("exports open as XLSX and CSV with Chinese intact and only the user's households")
    func exports() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("nandun", role: .township, region: "411681101")
            let browser = try await signIn(app, "nandun")
            try await app.testing().test(.GET, "/households/export.csv", beforeRequest: { browser.apply(&$0) }) { res in
                let text = res.body.string
                #expect(text.contains("户编号") && text.contains("张三") && text.contains("王五") && !text.contains("赵六"))
            }
            try await app.testing().test(.GET, "/households/export.xlsx", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.headers.contentType?.subType.contains("spreadsheetml") == true)
                let table = try TableFile.read(Data(buffer: res.body))
                #expect(table.rows.count == 2)
                #expect(table.rows.contains { $0.contains("张三") })
            }
        }
    }
}

@Suite("会话", .serialized)
struct SessionTests {
    @Test("signing in gives a new session id, so one planted before login is worthless")
    func rotation() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            var before = ""
            var token = ""
            try await app.testing().test(.GET, "/login") { res in
                before = res.headers.setCookie?["vapor-session"]?.string ?? ""
                token = formToken(res.body.string) ?? ""
            }
            var after = ""
            try await app.testing().test(.POST, "/login", beforeRequest: { req in
                req.headers.cookie = ["vapor-session": .init(string: before)]
                try req.content.encode(["username": "xian", "password": "secret123", "_csrf": token], as: .urlEncodedForm)
            }) { res in
                after = res.headers.setCookie?["vapor-session"]?.string ?? ""
                #expect(res.headers.setCookie?["vapor-session"]?.isHTTPOnly == true)
            }
            #expect(!after.isEmpty && after != before)
            try await app.testing().test(.GET, "/", beforeRequest: { $0.headers.cookie = ["vapor-session": .init(string: before)] }) { res in
                #expect(res.status == .seeOther)  // the old id is signed out
            }
            try await app.testing().test(.GET, "/", beforeRequest: { $0.headers.cookie = ["vapor-session": .init(string: after)] }) { res in
                #expect(res.status == .ok)
            }
        }
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

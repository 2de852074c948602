import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// What an attacker, a careless link or a broken office system sends: every answer is a page or a JSON error in
/// Chinese, never a crashed server (issue 12).
@Suite("恶意或异常输入")
struct HostileInputTests {
    @Test("numbers in the address beyond any sense are bounded, not trapped on: a twenty-digit target, the largest page number")
    func hugeNumbers() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let county = try await signIn(app, "xian")
            for path in ["/indicators?target=99999999999999999999", "/indicators?target=nan&rank=JC01", "/indicators?target=-1e308",
                         "/indicators?region=411681101&target=1e400", "/households?page=9223372036854775807", "/monitoring?page=-9223372036854775808",
                         "/indicators/score?year=9223372036854775807&quarter=99", "/households/x/income?year=99999999999999999999"] {
                try await app.testing().test(.GET, path, beforeRequest: { county.apply(&$0) }) { res in
                    #expect(res.status.code < 500, "\(path)")
                }
            }
            for path in ["/api/v1/households?page=9223372036854775807", "/api/v1/households?page=9223372036854775807&per=9223372036854775807",
                         "/api/v1/households?per=-5"] {
                try await app.testing().test(.GET, path, beforeRequest: { county.apply(&$0) }) { res in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.string.contains("\"items\":[]") || res.body.string.contains("\"total\""), "\(path)")
                }
            }
        }
    }

    /// Signs in with `next` as a login form would send it; returns the redirect's Location.
    func signInFollowing(_ app: Application, next: String) async throws -> String {
        var cookie = "", token = "", location = ""
        try await app.testing().test(.GET, "/login") { res in
            cookie = res.headers.setCookie?["bottomline_csrf"]?.string ?? ""
            token = formToken(res.body.string) ?? ""
        }
        try await app.testing().test(.POST, "/login", beforeRequest: { req in
            req.headers.cookie = ["bottomline_csrf": .init(string: cookie)]
            try req.content.encode(["username": "xian", "password": "secret123", "_csrf": token, "next": next], as: .urlEncodedForm)
        }, afterResponse: { res in
            #expect(res.status == .seeOther)
            #expect(res.headers.setCookie?["x"] == nil, "a header was injected")
            location = res.headers.first(name: .location) ?? ""
        })
        return location
    }

    @Test("after signing in, only a path of this site is followed: CR LF, a tab, // or \\ or another scheme lead home instead")
    func loginRedirect() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            for hostile in ["/\r\nSet-Cookie: x=1", "/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
                            "javascript:alert(1)", "/%0D%0ASet-Cookie:x=1\r\n", " /work", "/work\u{2028}"] {
                let location = try await signInFollowing(app, next: hostile)
                #expect(location == "/", "\(hostile.debugDescription) → \(location)")
            }
            #expect(try await signInFollowing(app, next: "/households?region=411681101&page=2") == "/households?region=411681101&page=2")
        }
    }

    @Test("a department's file name with CR LF and quotes never reaches a response header raw")
    func fileNameInHeaders() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let token = try await ScreeningStore.makeToken(name: "项城市医保局", kinds: [.medical], region: RegionCode("411681")!, on: app.db)
            let hostile = "a\r\nSet-Cookie: x=1\r\n\"b.csv"
            try await app.testing().test(.POST, "/api/v1/feeds/medical?filename=\(hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: token)
                req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                req.body = ByteBuffer(string: "身份证号,姓名,结算日期,个人自付\nabc,坏,2026-01-01,1\n")
            }) { res in #expect(res.status == .created) }
            let file = try #require(try await FeedFileRecord.query(on: app.db).first())
            let county = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/screening/files/\(file.id!.uuidString)/problems.csv", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.headers.setCookie?["x"] == nil)
                let disposition = res.headers.first(name: .contentDisposition) ?? ""
                #expect(!disposition.contains("\r") && !disposition.contains("\n") && disposition.hasPrefix("attachment; filename=\"problems.csv\"; filename*=UTF-8''"))
                #expect(disposition.contains("%0D%0A"), "the real name travels percent-encoded")
            }
        }
    }

    @Test("a village cadre may not read the departments' files; a list filtered to a place outside the user's region is empty and says so; TRACE is 405")
    func smallerFindings() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("xian", role: .county, region: "411681")
            let county = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: county)).screen(
                Data("身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(CivilDate.today),26000\n".utf8),
                filename: "项城市医保局-11月.csv", kind: .medical, channel: "web", asOf: .today, today: .today)
            let file = try #require(try await FeedFileRecord.query(on: app.db).first())
            let t001 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            t001.monitoringCategory = MonitoringCategory.marginal.rawValue
            t001.monitoringSince = CivilDate.today.description
            try await t001.save(on: app.db)
            let cun = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/monitoring", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.body.string.contains("T001")) }
            for path in ["/screening", "/screening/stats", "/screening/files/\(file.id!.uuidString)", "/screening/files/\(file.id!.uuidString)/problems.csv"] {
                try await app.testing().test(.GET, path, beforeRequest: { cun.apply(&$0) }) { res in
                    #expect(res.status == .forbidden, "\(path)")
                    #expect(!res.body.string.contains("项城市医保局-11月"), "\(path)")
                }
            }
            try await app.testing().test(.GET, "/warnings", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("张三"), "the village's own warning stays in reach")
            }
            for path in ["/monitoring?region=411681102", "/households?region=411681102201", "/monitoring?region=notaplace"] {
                try await app.testing().test(.GET, path, beforeRequest: { cun.apply(&$0) }) { res in
                    #expect(res.status == .ok && res.body.string.contains("所选区划不在您的管辖范围内"), "\(path)")
                    #expect(!res.body.string.contains("张三") && !res.body.string.contains("T001"), "\(path) fell back to the user's own list")
                }
            }
            try await app.testing().test(.GET, "/households?region=411681101201", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("T001") && !res.body.string.contains("所选区划不在"))
            }
            for method in [HTTPMethod.TRACE, .PUT, .DELETE] {
                try await app.testing().test(method, "/") { res in
                    #expect(res.status == .methodNotAllowed, "\(method)")
                    #expect(res.headers.first(name: "Allow") == "GET, HEAD, POST")
                }
            }
        }
    }

    @Test("a 医保 row with no amount, or with an ID whose birth date is impossible, is a problem row with its reason — never a zero, never a match")
    func trappedMedicalFile() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let county = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
            let impossible = "41168119800230101"
            let csv = "身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(CivilDate.today),\n"
                + "\(impossible + String(ResidentID.checkCharacter(for: impossible))),李四,\(CivilDate.today),30000\n"
                + "\(validID("41168119800505105")),赵六,\(CivilDate.today),25000\n"
            let store = ScreeningStore(ScopedRegistry(db: app.db, actor: county))
            let outcome = try await store.screen(Data(csv.utf8), filename: "traps.csv", kind: .medical, channel: "web", asOf: .today, today: .today)
            let bad = try await store.badRows(of: outcome.file).map(\.reason)
            #expect(bad.contains("金额为空") && bad.contains("身份证号中的出生日期无效"), "\(bad)")
            let warned = try await WarningRecord.query(on: app.db).all()
            #expect(warned.count == 1, "only 赵六's 25,000 yuan counts")
        }
    }

    @Test("a NUL character in an address, a form or a JSON body is refused with 400 before it reaches the database (PostgreSQL answered 500)")
    func nulRefused() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let b = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/households?q=%00", beforeRequest: { b.apply(&$0) }) { res in
                #expect(res.status == .badRequest && res.body.string.contains("NUL"))
            }
            try await app.testing().test(.POST, "/login", beforeRequest: { req in
                req.headers.cookie = [csrfCookie: .init(string: "abcdefghijklmnopqrstuvwxyz")]
                try req.content.encode(["username": "xian\u{0}", "password": "x", "_csrf": "abcdefghijklmnopqrstuvwxyz"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .badRequest) }
            try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                b.apply(&req)
                req.headers.replaceOrAdd(name: "X-CSRF-Token", value: b.csrf)
                req.headers.contentType = .json
                req.body = ByteBuffer(string: #"{"household":{"number":"N\u0000"},"householder":{}}"#)
            }) { res in #expect(res.status == .badRequest) }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "login_failed").count() == 0)
        }
    }
}

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
            cookie = res.headers.setCookie?["vapor-session"]?.string ?? ""
            token = formToken(res.body.string) ?? ""
        }
        try await app.testing().test(.POST, "/login", beforeRequest: { req in
            req.headers.cookie = ["vapor-session": .init(string: cookie)]
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
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("接口写入与操作记录页", .serialized)
struct APIWriteTests {
    func csrfToken(_ app: Application, _ browser: Browser) async throws -> String {
        var token = ""
        try await app.testing().test(.GET, "/households/new", beforeRequest: { browser.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
        return token
    }

    func newHousehold(number: String, village: String, id: String) -> [String: [String: String]] {
        ["household": ["number": number, "villageCode": village, "category": "ordinary"],
         "householder": ["name": "周九", "idNumber": id, "relation": "householder"]]
    }

    @Test("POST /api/v1/households validates like the form, answers by field in Chinese, and needs the CSRF header")
    func createViaAPI() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let browser = try await signIn(app, "cun")
            let token = try await csrfToken(app, browser)
            let good = newHousehold(number: "N001", village: "411681101201", id: validID("41168119900909109"))
            try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(good, as: .json)
            }) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                browser.apply(&req)
                req.headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
                try req.content.encode(newHousehold(number: "N002", village: "411681101202", id: "123"), as: .json)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any]
                let fields = body?["fields"] as? [String: String]
                #expect(fields?["householder.idNumber"]?.contains("18位") == true)
            }
            try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                browser.apply(&req)
                req.headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
                try req.content.encode(newHousehold(number: "N003", village: "411681101202", id: validID("41168119900909117")), as: .json)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("管辖范围"))
            }
            try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                browser.apply(&req)
                req.headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
                try req.content.encode(good, as: .json)
            }) { res in
                #expect(res.status == .created)
                #expect(res.body.string.contains("\"number\":\"N001\""))
                #expect(!res.body.string.contains(validID("41168119900909109")))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 4)
        }
    }

    @Test("malformed and oversized JSON bodies are refused with a Chinese message and change nothing")
    func hostileBodies() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            let token = try await csrfToken(app, browser)
            for body in ["{not json", String(repeating: "x", count: 2_000_000)] {
                try await app.testing().test(.POST, "/api/v1/households", beforeRequest: { req in
                    browser.apply(&req)
                    req.headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
                    req.headers.contentType = .json
                    req.body = ByteBuffer(string: body)
                }) { res in
                    #expect([.badRequest, .payloadTooLarge].contains(res.status))
                    #expect(res.body.string.contains("reason"))
                    #expect(res.body.string.unicodeScalars.contains { $0.value > 0x4E00 })
                }
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("each user reads their own actions; county staff read their region's users; a cadre cannot read another's")
    func auditPages() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("other", role: .village, region: "411681101202")
            let cadre = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/audit", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("登录"))
            }
            try await app.testing().test(.GET, "/audit?user=other", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            let county = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/audit?user=cun", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("操作记录：cun"))
            }
        }
    }
}

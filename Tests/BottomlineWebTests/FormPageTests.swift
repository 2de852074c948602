import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("表单页面：错误显示在字段旁，已填内容保留", .serialized)
struct FormPageTests {
    func post(_ app: Application, _ browser: Browser, _ path: String, _ fields: [String: String],
              _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        var token = ""
        let formPath = path.hasSuffix("/departure") ? path.replacingOccurrences(of: "/departure", with: "/edit") : path
        try await app.testing().test(.GET, formPath, beforeRequest: { browser.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
        try await app.testing().test(.POST, path, beforeRequest: { req in
            browser.apply(&req)
            var body = fields
            body["_csrf"] = token
            try req.content.encode(body, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    @Test("a new household with a bad ID number comes back with the error beside the field and the typed name kept")
    func newHouseholdErrors() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let browser = try await signIn(app, "cun")
            try await post(app, browser, "/households/new", ["number": "N001", "villageCode": "411681101201", "category": "ordinary",
                                                              "name": "周九", "idNumber": "411681199009091090", "relation": "householder"]) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("value=\"周九\""))
                #expect(html.contains("身份证号校验位错误"))
                #expect(html.contains("aria-invalid=\"true\""))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 3)
            try await post(app, browser, "/households/new", ["number": "N001", "villageCode": "411681101201", "category": "ordinary",
                                                              "name": "周九", "idNumber": validID("41168119900909109"), "relation": "householder"]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 4)
        }
    }

    @Test("a village cadre cannot open or post the edit forms of another village's household or person")
    func crossVillageEdits() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let other = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            let person = try #require(try await PersonRecord.query(on: app.db).filter(\.$householdID == other.id!).first())
            let browser = try await signIn(app, "cun")
            for path in ["/households/\(other.id!.uuidString)/edit", "/households/\(other.id!.uuidString)/income",
                         "/households/\(other.id!.uuidString)/members/new", "/persons/\(person.id!.uuidString)/edit"] {
                try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .notFound, "\(path)")
                }
            }
            // A post with a valid token from the cadre's own pages is still refused for the other household.
            var token = ""
            try await app.testing().test(.GET, "/households/new", beforeRequest: { browser.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
            try await app.testing().test(.POST, "/households/\(other.id!.uuidString)/edit", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "category": "alleviated", "address": "改了"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .notFound) }
            let unchanged = try #require(try await HouseholdRecord.find(other.id, on: app.db))
            #expect(unchanged.address == "" && unchanged.category == "ordinary")
        }
    }

    @Test("recording a death through the page marks the person and lowers the household size")
    func departure() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let wife = try #require(try await PersonRecord.query(on: app.db).filter(\.$name == "李梅").first())
            let browser = try await signIn(app, "cun")
            try await post(app, browser, "/persons/\(wife.id!.uuidString)/departure", ["kind": "death", "date": "2026-01-05", "note": ""]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await PersonRecord.find(wife.id, on: app.db)?.status == "deceased")
            #expect(try await HouseholdRecord.find(household.id, on: app.db)?.memberCount == 2)
        }
    }
}

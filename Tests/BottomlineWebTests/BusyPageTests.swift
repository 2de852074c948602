import AsyncKit
import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
@testable import BottomlineWeb
import Foundation
import Testing
import Vapor
import VaporTesting

/// A request refused because the database is busy (no connection came free in time; another writer held the file past
/// `WriteTransaction.wait`). The import's progress page, which reloads itself every two seconds, used to stop on that
/// answer, and the county had to reload it by hand.
@Suite("数据库忙：页面稍后自动重试，表单不自动重发")
struct BusyPageTests {
    @Test("a page refused as busy says so in Chinese, tells when to try again, and reloads itself; a form's answer, and the API's, do not re-send")
    func busyAnswers() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            // What the pool throws when no connection comes free in time.
            app.get("busy-read") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            app.post("busy-write") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            app.get("api", "v1", "busy") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }

            try await app.testing().test(.GET, "/busy-read", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.headers.first(name: .retryAfter) == "5")
                let page = res.body.string
                #expect(page.contains(DatabaseBusy.message))
                #expect(page.contains("data-refresh=\"5\""))
                #expect(page.contains("本页将在5秒后自动重试"))
                #expect(page.contains("/static/upload.js"))   // the script that reloads it
            }
            try await app.testing().test(.POST, "/busy-write", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": browser.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.body.string.contains(DatabaseBusy.message))
                #expect(!res.body.string.contains("data-refresh"))
            }
            try await app.testing().test(.GET, "/api/v1/busy", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.headers.first(name: .retryAfter) == "5")
                #expect(res.body.string.contains(DatabaseBusy.message))
            }
            // Any other error keeps its page as it was: nothing reloads a 404.
            try await app.testing().test(.GET, "/households/\(UUID())", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .notFound)
                #expect(res.headers.first(name: .retryAfter) == nil)
                #expect(!res.body.string.contains("data-refresh"))
            }
        }
    }
}

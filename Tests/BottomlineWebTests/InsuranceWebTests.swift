import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 防贫保险 through the pages: the county enters the scheme (a bad ratio is refused beside the field with what was typed
/// kept), a township cadre opens a claim from the household page, the county checks and pays it after 公示; hostile
/// input changes nothing; a village cannot take the county's steps.
@Suite("防贫保险页面", .serialized)
struct InsuranceWebTests {
    @Test("scheme, a claim from the household page, the county's check and payment; a village's attempt and hostile input refused in Chinese")
    func schemeAndClaim() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), cun = try await signIn(app, "cun")
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let year = String(CivilDate.today.year)
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let scheme = ["year": year, "insurer": "中国人寿项城支公司", "insuredPersons": "42000", "premium": "50", "carriedIn": "0", "noticeDays": "5",
                          "coversOrdinary": "no", "illnessLine": "5000", "illnessRatio": "七成", "illnessCap": ""]
            try await post(xian, "/insurance/scheme", scheme) { res in
                #expect(res.status.code == 422 && res.body.string.contains("因病：请填写起付线（元）和赔付比例（%）") && res.body.string.contains("value=\"中国人寿项城支公司\""))
            }
            try await post(cun, "/insurance/scheme", scheme.merging(["illnessRatio": "70"]) { $1 }) { res in
                #expect(res.status.code == 422 && res.body.string.contains("防贫保险方案由县级登记"))
            }
            #expect(try await InsuranceSchemeRecord.query(on: app.db).count() == 0)
            try await post(xian, "/insurance/scheme", scheme.merging(["illnessRatio": "70", "disasterLine": "10000", "disasterRatio": "90", "disasterCap": "30000"]) { $1 }) { res in
                #expect(res.status == .seeOther)
            }
            let path = "/households/\(t001.id!.uuidString)/insurance"
            for (fields, message) in [(["trigger": "disaster", "cost": "六万"], "费用应为金额"), (["trigger": "<script>", "cost": "60000"], "请选择赔付类型"),
                                      (["trigger": "education", "cost": "60000"], "方案不含因学赔付"), (["trigger": "disaster", "cost": String(repeating: "9", count: 3000)], "费用")] {
                try await post(zhen, path, fields) { res in #expect(res.status.code >= 400 && res.body.string.contains(message), "\(message)") }
            }
            #expect(try await InsuranceClaimRecord.query(on: app.db).count() == 0)
            try await post(zhen, path, ["trigger": "disaster", "cost": "60000", "note": "暴雨冲毁大棚"]) { res in #expect(res.status == .seeOther) }
            let claim = try #require(try await InsuranceClaimRecord.query(on: app.db).first())
            // Opened a week ago, so that a 公示 of five days can have ended today.
            claim.openedOn = CivilDate.today.adding(days: -7).description
            try await claim.save(on: app.db)
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.body.string.contains("超过封顶30000元，赔付30000元") && res.body.string.contains("待审核"))
            }
            let claimPath = "/insurance/claims/\(claim.id!.uuidString)"
            try await post(cun, claimPath, ["action": "check"]) { res in #expect(res.status.code >= 400 && res.body.string.contains("理赔由县级审核和支付")) }
            try await post(xian, claimPath, ["action": "check"]) { res in #expect(res.status == .seeOther) }
            try await post(xian, claimPath, ["action": "pay", "noticeFrom": CivilDate.today.adding(days: -2).description, "paidOn": CivilDate.today.description]) { res in
                #expect(res.status.code == 422 && res.body.string.contains("结束后才能支付"))
            }
            try await post(xian, claimPath, ["action": "pay", "noticeFrom": CivilDate.today.adding(days: -6).description, "paidOn": CivilDate.today.description]) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/insurance", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("<div class=\"n\">1.43%</div>"), "30000 ÷ 2,100,000")
            }
            try await post(xian, "/insurance/claims/not-a-uuid", ["action": "check"]) { res in #expect(res.status == .notFound) }
        }
    }
}

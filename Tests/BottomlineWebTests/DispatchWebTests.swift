import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 驻村帮扶 on its page (issue 17 §1): the county sends a cadre with the village login; the cadre taps “我在村” (the time
/// is the server's, the location only when whole and valid) and asks for leave; the township cannot approve a leave
/// beyond its limit, the county can; hostile and malformed input is answered in Chinese with nothing written; another
/// township and a department officer see none of it.
@Suite("驻村帮扶页面")
struct DispatchWebTests {
    @Test("send, tap, ask leave, approve and check on the page; a control character, a script, a wrong village, a forged date and a far location are refused or ignored with nothing written; who may see it")
    func page() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("zhucun", role: .village, region: "411681101201")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2")
            let zhucun = try await signIn(app, "zhucun"), yibao = try await signIn(app, "yibao")
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let today = CivilDate.today
            func form(_ changes: [String: String]) -> [String: String] {
                ["village": "411681101201", "name": "李驻村", "role": "secretary", "phone": "13900000000", "sendingUnit": "项城市财政局", "sendingLevel": "county",
                 "batch": "第三批", "start": today.adding(days: -30).description, "plannedEnd": today.adding(days: -30).adding(months: 24).description, "username": "zhucun"]
                    .merging(changes) { $1 }
            }
            for (fields, message) in [(form(["name": "李\u{1B}[2J"]), "姓名含有控制字符"), (form(["role": "<script>"]), "驻村职务"),
                                      (form(["village": "440300000000"]), "请填写您辖区内村的12位区划代码"), (form(["username": "yibao"]), "登录账号应为该村的村级用户"),
                                      (form(["sendingUnit": String(repeating: "局", count: 5_000)]), "请填写派出单位（1至60字）"), (form(["start": "2025-02-30"]), "请填写到村日期")] {
                try await post(xian, "/dispatch/members", fields) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(!res.body.string.contains("<script>"))
                }
            }
            try await post(zhen, "/dispatch/members", form([:])) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("驻村干部由县级选派登记")) }
            #expect(try await DispatchMemberRecord.query(on: app.db).count() == 0)
            try await post(xian, "/dispatch/members", form(["name": "<b>李</b>驻村"])) { res in #expect(res.status == .seeOther) }
            let member = try #require(try await DispatchMemberRecord.query(on: app.db).first())

            // The cadre taps: a typed time is not read; a location out of range is refused; a half location is dropped.
            try await post(zhucun, "/dispatch/tap", ["at": "2020-01-01T00:00:00Z", "latitude": "33.44", "longitude": ""]) { res in #expect(res.status == .seeOther) }
            let tap = try #require(try await DispatchTapRecord.query(on: app.db).first())
            #expect(abs(tap.at.timeIntervalSince(CivilDate.now)) < 120 && tap.latitude == nil)
            try await post(zhucun, "/dispatch/tap", ["latitude": "1e999", "longitude": "114.9"]) { res in #expect(res.status == .seeOther) }
            #expect(try await DispatchTapRecord.query(on: app.db).count() == 1, "a second tap within ten minutes is the same tap")
            try await app.testing().test(.GET, "/dispatch", beforeRequest: { zhucun.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("我在村") && html.contains("&lt;b&gt;李&lt;/b&gt;驻村") && html.contains("住村"))
            }
            try await post(xian, "/dispatch/tap", [:]) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("您的账号没有关联在岗的驻村干部")) }

            // Four days of leave: beyond the township's three.
            try await post(zhucun, "/dispatch/leaves", ["from": today.adding(days: 3).description, "to": today.adding(days: 6).description, "reason": "家中老人住院"]) { res in
                #expect(res.status == .seeOther)
            }
            try await post(zhucun, "/dispatch/leaves", ["from": today.description, "to": today.adding(days: -2).description, "reason": "事假"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("结束日期不能早于开始日期"))
            }
            let leave = try #require(try await DispatchLeaveRecord.query(on: app.db).first())
            try await app.testing().test(.GET, "/dispatch", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.body.string.contains("待审批的请假") && res.body.string.contains("超过乡镇审批天数，由县级审批"))
            }
            try await post(zhen, "/dispatch/leaves/\(leave.id!.uuidString)", ["decision": "approve"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请假4天，超过乡镇审批权限（3天），应报县级审批"))
            }
            try await post(zhen2, "/dispatch/leaves/\(leave.id!.uuidString)", ["decision": "approve"]) { res in #expect(res.status == .notFound) }
            try await post(xian, "/dispatch/leaves/\(leave.id!.uuidString)", ["decision": "maybe"]) { res in #expect(res.status == .unprocessableEntity) }
            try await post(xian, "/dispatch/leaves/\(leave.id!.uuidString)", ["decision": "approve"]) { res in #expect(res.status == .seeOther) }
            #expect(try await DispatchLeaveRecord.find(leave.id, on: app.db)?.state == "approved")

            // A check by the township, found away with the reason; another township reaches nothing; a bad id is 404.
            try await post(zhen, "/dispatch/members/\(member.id!.uuidString)", ["action": "check", "on": today.description, "method": "phone", "present": "no", "note": ""]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请填写查岗情况"))
            }
            try await post(zhen, "/dispatch/members/\(member.id!.uuidString)", ["action": "check", "on": today.description, "method": "phone", "present": "no", "note": "电话不通"]) { res in
                #expect(res.status == .seeOther)
            }
            try await post(zhen2, "/dispatch/members/\(member.id!.uuidString)", ["action": "check", "on": today.description, "method": "phone", "present": "yes"]) { res in
                #expect(res.status == .notFound)
            }
            try await post(zhen, "/dispatch/members/..%2F..%2Fetc", ["action": "check"]) { res in #expect(res.status == .notFound) }
            #expect(try await DispatchCheckRecord.query(on: app.db).count() == 1)
            try await app.testing().test(.GET, "/dispatch?month=\(CivilMonth(today))", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("本月查岗1次，不在岗1次"))
            }
            try await app.testing().test(.GET, "/dispatch", beforeRequest: { zhen2.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("驻村</td>") && res.body.string.contains("没有驻村干部"))
            }
            try await app.testing().test(.GET, "/dispatch?month=<script>&place=440300", beforeRequest: { zhen2.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("<script>"))
            }
            try await app.testing().test(.GET, "/dispatch", beforeRequest: { yibao.apply(&$0) }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("驻村经费 on the page: the county allots a 第一书记's work money and a village's project money; the township records spending; an amount that is not money, spending beyond the allotment and another township are refused")
    func funds() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2")
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let today = CivilDate.today
            let county = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            let secretary = try await DispatchStore(ScopedRegistry(db: app.db, actor: county)).send(DispatchDraft(
                village: "411681101201", name: "李书记", phone: "", role: .secretary, sendingUnit: "项城市财政局", sendingLevel: .county, batch: "第三批",
                start: today.adding(days: -30), plannedEnd: today.adding(days: -30).adding(months: 24)), today: today)
            let year = String(CivilMonth(today).year)
            try await post(xian, "/dispatch/funds", ["kind": "secretary", "member": secretary.id!.uuidString, "amount": "三万", "year": year]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("金额应为以万元计的数"))
            }
            try await post(zhen, "/dispatch/funds", ["kind": "village", "village": "411681101201", "amount": "20", "year": year]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("驻村经费由县级安排"))
            }
            try await post(xian, "/dispatch/funds", ["kind": "secretary", "member": secretary.id!.uuidString, "amount": "3", "year": year]) { res in #expect(res.status == .seeOther) }
            try await post(xian, "/dispatch/funds", ["kind": "village", "village": "411681101201", "amount": "20", "year": year]) { res in #expect(res.status == .seeOther) }
            let fund = try #require(try await DispatchFundRecord.query(on: app.db).filter(\.$kind == "village").first())
            try await post(zhen, "/dispatch/funds/\(fund.id!.uuidString)", ["amount": "20.5", "note": "道路硬化"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("支出合计将超过安排的20.00万元"))
            }
            try await post(zhen2, "/dispatch/funds/\(fund.id!.uuidString)", ["amount": "1", "note": "道路硬化"]) { res in #expect(res.status == .notFound) }
            try await post(zhen, "/dispatch/funds/\(fund.id!.uuidString)", ["amount": "12", "note": "村内道路硬化"]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/dispatch", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("第一书记1人3.00万元，项目资金1个村20.00万元，已支出12.00万元（52.17%）"))
            }
        }
    }
}

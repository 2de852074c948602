import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 问题整改 on its page (issue 17 §2): the township hands over a problem; the village reports it rectified and cannot
/// 销号 it; the township does; a petition becomes a problem in one step; hostile and malformed input is answered in
/// Chinese with nothing written; another township reaches none of it; the 两单 print.
@Suite("问题整改页面")
struct ProblemWebTests {
    @Test("hand over, rectify, 销号 and 回头看 on the page; a control character, a script, a stranger's household, a retired source and a missing deadline are refused with nothing written; a petition becomes a problem, and a clue; who may reach it")
    func page() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2"), cun = try await signIn(app, "cun")
            let yibao = try await signIn(app, "yibao")
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let today = CivilDate.today
            // The province retires 审计 as a source from today.
            try await app.db.transaction { tx in
                let label = CodeLabelRecord()
                (label.id, label.list, label.code, label.regionCode, label.effectiveFrom, label.label, label.inUse, label.source) =
                    (UUID(), LabelledList.problemSource.rawValue, "audit", "41", today.description, "审计", false, "测试：停用")
                try await label.create(on: tx)
            }
            func form(_ changes: [String: String]) -> [String: String] {
                ["source": "inspection", "foundOn": today.adding(days: -10).description, "household": "T001", "project": "", "place": "", "category": "收入核算不准",
                 "text": "脱贫户务工收入未计入", "leadUnit": "南顿镇人民政府", "responsible": "王建国", "measures": "入户重新核算收入", "deadline": today.adding(days: 20).description]
                    .merging(changes) { $1 }
            }
            for (fields, message) in [(form(["household": "T003"]), "在您的辖区内没有找到户编号T003"), (form(["responsible": "王\u{1B}[2J"]), "责任人含有控制字符"),
                                      (form(["source": "<script>"]), "请选择问题来源"), (form(["source": "audit"]), "问题来源“审计”已停用"),
                                      (form(["deadline": ""]), "请填写整改时限"), (form(["text": String(repeating: "问", count: 5_000)]), "请填写问题描述（4至1000字）")] {
                try await post(zhen, "/problems", fields) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(!res.body.string.contains("<script>"))
                }
            }
            try await post(cun, "/problems", form([:])) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("整改问题由县、乡镇交办")) }
            #expect(try await ProblemRecord.query(on: app.db).count() == 0)
            try await post(zhen, "/problems", form(["text": "<b>务工</b>收入未计入"])) { res in #expect(res.status == .seeOther) }
            let id = try #require(try await ProblemRecord.query(on: app.db).first()?.id).uuidString
            try await app.testing().test(.GET, "/problems", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("&lt;b&gt;务工&lt;/b&gt;") && res.body.string.contains("登记整改完成"))
            }
            try await app.testing().test(.GET, "/work", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.body.string.contains("整改问题")) }
            try await post(cun, "/problems/\(id)", ["action": "rectify", "on": today.description, "text": "已重新核算并归档"]) { res in #expect(res.status == .seeOther) }
            try await post(cun, "/problems/\(id)", ["action": "close", "on": today.description]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("应由交办的乡镇销号"))
            }
            try await post(zhen2, "/problems/\(id)", ["action": "close", "on": today.description]) { res in #expect(res.status == .notFound) }
            try await post(zhen, "/problems/not-a-uuid", ["action": "close", "on": today.description]) { res in #expect(res.status == .notFound) }
            try await post(zhen, "/problems/\(id)", ["action": "close", "on": today.description]) { res in #expect(res.status == .seeOther) }
            try await post(zhen, "/problems/\(id)", ["action": "review", "on": today.description, "holds": "no", "text": "又漏计", "deadline": ""]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("重新整改应填写晚于今天的整改时限"))
            }
            try await app.testing().test(.GET, "/problems?state=closed", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.body.string.contains("已销号（\(today)）") && res.body.string.contains("回头看"))
            }
            try await app.testing().test(.GET, "/problems?lists=1", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("责任清单") && res.body.string.contains("王建国"))
            }
            try await app.testing().test(.GET, "/problems", beforeRequest: { zhen2.apply(&$0) }) { res in #expect(res.body.string.contains("没有符合条件的问题")) }
            try await app.testing().test(.GET, "/problems", beforeRequest: { yibao.apply(&$0) }) { res in #expect(res.status == .forbidden) }

            // A petition about T001 becomes a problem in one step.
            let petition = try await PetitionStore(ScopedRegistry(db: app.db, actor: Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)))
                .register(PetitionDraft(channel: .visit, receivedOn: today.adding(days: -3), petitioner: "张三", phone: "", subject: "反映公益岗位补贴未按时发放",
                                        householdNumber: "T001", place: "", handler: "南顿镇人民政府"), today: today)
            try await post(xian, "/petitions/\(petition.id!.uuidString)", ["action": "problem", "on": today.description, "category": "补贴发放不及时", "responsible": "李镇长",
                                                                         "measures": "核查发放台账，补发欠发补贴", "deadline": today.adding(days: 15).description]) { res in
                #expect(res.status == .seeOther)
            }
            let fromPetition = try #require(try await ProblemRecord.query(on: app.db).filter(\.$petitionID == petition.id!).first())
            #expect(fromPetition.text == "反映公益岗位补贴未按时发放" && fromPetition.leadUnit == "南顿镇人民政府" && fromPetition.villageCode == "411681101201" && fromPetition.source == "petition")
            // …and a clue in its village's work list, in one step too; a made-up risk type is refused.
            try await post(xian, "/petitions/\(petition.id!.uuidString)", ["action": "clue", "on": today.description, "risk": "<script>"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请选择风险类型"))
            }
            try await post(xian, "/petitions/\(petition.id!.uuidString)", ["action": "clue", "on": today.description, "risk": RiskType.allCases[0].rawValue]) { res in
                #expect(res.status == .seeOther)
            }
            let clue = try #require(try await ClueRecord.query(on: app.db).first())
            #expect(clue.villageCode == "411681101201" && clue.householdID == petition.householdID && clue.description == "信访反映：反映公益岗位补贴未按时发放")
        }
    }
}

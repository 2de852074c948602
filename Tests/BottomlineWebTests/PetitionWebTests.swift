import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Testing
import Vapor
import VaporTesting

/// 涉贫信访 on its page (issue 17 §3): the county registers a petition, tells it accepted and closes it with the
/// petitioner's satisfaction; hostile and malformed input is answered in Chinese with nothing written; a village cadre
/// cannot open it, a leader reads it with the petitioner's name masked, another township sees none of it.
@Suite("涉贫信访页面")
struct PetitionWebTests {
    @Test("register, accept and close a petition on the page; a stranger's household, a control character, a script, a bad channel and a date to come are refused or escaped with nothing written; who may see it")
    func page() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            let xian = try await signIn(app, "xian"), zhen2 = try await signIn(app, "zhen2"), cun = try await signIn(app, "cun"), lingdao = try await signIn(app, "lingdao")
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let today = CivilDate.today
            func form(_ changes: [String: String]) -> [String: String] {
                ["channel": "visit", "receivedOn": today.adding(days: -20).description, "petitioner": "张三", "phone": "13800000000",
                 "household": "T001", "place": "", "subject": "反映防返贫监测纳入问题", "handler": "南顿镇人民政府"].merging(changes) { $1 }
            }
            for (fields, message) in [(form(["household": "X999"]), "在您的辖区内没有找到户编号X999"), (form(["petitioner": "张三\u{1B}[2J"]), "信访人含有控制字符"),
                                      (form(["channel": "<script>"]), "信访渠道"), (form(["receivedOn": today.adding(days: 3).description]), "收到日期不能晚于今天"),
                                      (form(["household": "", "place": "4403"]), "请填写您辖区内的县、乡镇或村的区划代码"),
                                      (form(["subject": String(repeating: "访", count: 5_000)]), "请填写信访事项（不超过500字）")] {
                try await post(xian, "/petitions", fields) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(!res.body.string.contains("<script>"))
                }
            }
            #expect(try await PetitionRecord.query(on: app.db).count() == 0)
            try await post(xian, "/petitions", form(["subject": "<b>反映</b>防返贫监测纳入问题"])) { res in #expect(res.status == .seeOther) }
            let id = try #require(try await PetitionRecord.query(on: app.db).first()?.id)
            try await app.testing().test(.GET, "/petitions", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("&lt;b&gt;反映&lt;/b&gt;") && html.contains("待告知") && html.contains("张三"))
            }
            try await post(xian, "/petitions/\(id.uuidString)", ["action": "accept", "on": today.adding(days: -18).description]) { res in #expect(res.status == .seeOther) }
            try await post(xian, "/petitions/\(id.uuidString)", ["action": "close", "on": today.description, "text": "已核实并纳入监测", "satisfaction": "<x>"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请从列表中选择满意度"))
            }
            try await post(xian, "/petitions/\(id.uuidString)", ["action": "close", "on": today.description, "text": "已核实并纳入监测", "satisfaction": "satisfied"]) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/petitions", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("已办结（\(today)）") && res.body.string.contains("按期，满意") && res.body.string.contains("100.00%"))
            }
            // The same person petitions again on the same matter: the county marks it a repeat of the first, chosen
            // from that person's earlier petitions; it then counts as no 有效件.
            try await post(xian, "/petitions", form(["receivedOn": today.adding(days: -2).description, "subject": "再次反映纳入问题"])) { res in #expect(res.status == .seeOther) }
            let again = try #require(try await PetitionRecord.query(on: app.db).filter(\.$id != id).first())
            try await app.testing().test(.GET, "/petitions", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("<option value=\"\(id.uuidString)\">\(today.adding(days: -20))：&lt;b&gt;反映&lt;/b&gt;防返贫监测纳入问题</option>"))
            }
            try await post(xian, "/petitions/\(again.id!.uuidString)", ["action": "not_effective", "on": today.description, "text": "同一事项重复信访", "repeatOf": "../x"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请从列表中选择前件"))
            }
            try await post(xian, "/petitions/\(again.id!.uuidString)", ["action": "not_effective", "on": today.description, "text": "同一事项重复信访", "repeatOf": again.id!.uuidString]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("重复件应指向本辖区更早收到的信访"))
            }
            try await post(xian, "/petitions/\(again.id!.uuidString)", ["action": "not_effective", "on": today.description, "text": "同一事项重复信访", "repeatOf": id.uuidString]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await PetitionRecord.find(again.id, on: app.db)?.repeatOf == id)
            try await app.testing().test(.GET, "/petitions", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("重复件（前件：\(today.adding(days: -20))“&lt;b&gt;反映&lt;/b&gt;防返贫监测纳入问题”）：同一事项重复信访"))
            }
            try await app.testing().test(.GET, "/petitions", beforeRequest: { lingdao.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("张**") && !res.body.string.contains(">张三<") && !res.body.string.contains("登记信访"))
            }
            try await app.testing().test(.GET, "/petitions", beforeRequest: { zhen2.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("本年度尚无信访记录"))
            }
            try await post(zhen2, "/petitions/\(id.uuidString)", ["action": "extend", "on": today.description, "days": "10", "text": "需核实"]) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/petitions", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the 周报 counts each township's 有效件 this week: received, closed, due within seven days (a deadline on Saturday 21 November moved to Monday 23rd), overdue, and this month against the same days last year")
    func weeklySummary() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let xian = try await signIn(app, "xian")
            let county = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            let store = PetitionStore(ScopedRegistry(db: app.db, actor: county))
            let day = { (y: Int, m: Int, d: Int) in CivilDate(year: y, month: m, day: d)! }
            func register(_ on: CivilDate, _ household: String) async throws -> PetitionRecord {
                try await store.register(PetitionDraft(channel: .visit, receivedOn: on, petitioner: "李四", phone: "", subject: "反映帮扶措施落实问题",
                                                       householdNumber: household, place: "", handler: "县乡村振兴局"), today: .today)
            }
            #expect(CivilDate.today == day(2026, 11, 16))   // a Monday: the week is today alone
            _ = try await register(day(2026, 11, 16), "T001")              // this week, not yet due
            _ = try await register(day(2026, 11, 6), "T001")               // telling due Saturday 21st, moved to Monday 23rd: due soon
            _ = try await register(day(2026, 10, 25), "T001")              // telling was due 9 November: overdue
            let closed = try await register(day(2026, 11, 2), "T002")
            try await store.tell(closed, accepted: true, reason: "", on: day(2026, 11, 3), today: .today)
            try await store.close(closed, reply: "已落实帮扶措施并答复", satisfaction: .satisfied, on: .today, today: .today)
            _ = try await register(day(2025, 11, 10), "T001")              // last year, same days of November
            _ = try await register(day(2026, 11, 16), "T003")              // another township
            let nandun = try await RegionRecord.find("411681101", on: app.db)?.name ?? "411681101"
            let other = try await RegionRecord.find("411681102", on: app.db)?.name ?? "411681102"
            func row(_ name: String, _ n: [Int], _ change: String) -> String {
                let labels = ["本周收到", "本周办结", "7日内到期", "已超期", "本月收到", "上年同期"]
                let cells = zip(labels, n).map { l, v in "<td class=\"num\" data-label=\"\(l)\">\(l == "已超期" && v > 0 ? "<span class=\"error\">\(v)</span>" : "\(v)")</td>" }.joined()
                return "<tr><td data-label=\"单位\">\(name)</td>\(cells)<td class=\"num\" data-label=\"同比\">\(change)</td></tr>"
            }
            try await app.testing().test(.GET, "/petitions", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("周报：11月16日至11月16日"))
                #expect(html.contains(row(nandun, [1, 1, 1, 1, 3, 1], PetitionFigures.change(3, from: 1).text)), "\(html.components(separatedBy: "周报").dropFirst().first?.prefix(2500) ?? "")")
                #expect(html.contains(row(other, [1, 0, 0, 0, 1, 0], "—")))
                #expect(html.contains(row("合计", [2, 1, 1, 1, 4, 1], PetitionFigures.change(4, from: 1).text)))
            }
            try await app.testing().test(.GET, "/petitions?year=2025", beforeRequest: { xian.apply(&$0) }) { res in #expect(!res.body.string.contains("周报")) }
        }
    }
}

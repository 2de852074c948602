import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The public self-declaration page and the lifecycle's pages, as a browser uses them.
@Suite("监测帮扶网页：自主申报、办理环节、公示公告")
struct LifecycleWebTests {
    static let wang = "411681101201"

    /// A fresh anonymous session on the public page: its cookie and the form's token.
    func publicSession(_ app: Application, village: String = wang) async throws -> Browser {
        var b = Browser(cookie: "", csrf: "")
        try await app.testing().test(.GET, "/declare/\(village)") { res in
            #expect(res.status == .ok)
            #expect(res.body.string.contains("农户自主申报") && res.body.string.contains("王庄村"))
            b.cookie = res.headers.setCookie?["bottomline_csrf"]?.string ?? ""
            b.csrf = formToken(res.body.string) ?? ""
        }
        return b
    }

    func declare(_ app: Application, _ b: Browser, _ fields: [String: String], village: String = wang, _ check: (TestingHTTPResponse) throws -> Void) async throws {
        try await app.testing().test(.POST, "/declare/\(village)", beforeRequest: { req in
            b.apply(&req)
            try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
        }, afterResponse: { try check($0) })
    }

    @Test("a self-declaration with a malformed ID, no consent or hostile text is refused with messages and stores nothing; a good one lands in the village's work list")
    func selfDeclaration() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let b = try await publicSession(app)
            let good = ["name": "孙七", "idNumber": validID("41168119850606107"), "phone": "13912345678", "difficulty": "01",
                        "description": "丈夫住院，自付4万元", "consent": "on"]
            let good18 = validID("41168119850606107")
            let wrongCheck = String(good18.dropLast()) + (good18.last == "0" ? "1" : "0")
            try await declare(app, b, good.merging(["idNumber": wrongCheck]) { _, b in b }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("校验位错误"))
            }
            try await declare(app, b, good.merging(["consent": ""]) { _, b in b }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("授权承诺"))
            }
            try await declare(app, b, good.merging(["name": "<script>alert(1)</script>", "phone": "12345"]) { _, b in b }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(!res.body.string.contains("<script>alert(1)"))
                #expect(res.body.string.contains("姓名含有不允许的字符") && res.body.string.contains("电话"))
            }
            try await declare(app, b, good.merging(["description": String(repeating: "难", count: 600)]) { _, b in b }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("最多500个字"))
            }
            try await declare(app, b, good, village: "411681101299") { res in #expect(res.status == .notFound) }
            #expect(try await ClueRecord.query(on: app.db).count() == 0)
            try await declare(app, b, good) { res in
                #expect(res.status == .ok && res.body.string.contains("申报已收到"))
            }
            #expect(try await ClueRecord.query(on: app.db).count() == 1)
            try await app.makeUser("cun", role: .village, region: Self.wang)
            let cadre = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/work", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.body.string.contains("核实线索（农户自主申报）") && res.body.string.contains("孙七"))
            }
        }
    }

    static func good(_ id: String, phone: String = "13812345678") -> [String: String] {
        ["name": "孙七", "idNumber": id, "phone": phone, "difficulty": "01", "description": "丈夫住院，自付4万元", "consent": "on"]
    }

    /// The reply with what differs between any two declarations (the receipt number, the form token) taken out.
    static func shape(_ body: String) -> String {
        body.replacingOccurrences(of: #"回执号：[0-9A-F]{8}"#, with: "回执号：{n}", options: .regularExpression)
            .replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: "{csrf}", options: .regularExpression)
    }

    @Test("a stranger posting a registered ID under an open risk check gets the same reply as for an unknown ID, and changes nothing of the existing clue; the cadre sees both")
    func declarationIsNoOracle() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let cun = Actor(try await app.makeUser("cun", role: .village, region: Self.wang))
            let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let store = LifecycleStore(ScopedRegistry(db: app.db, actor: cun))
            let (existing, _) = try await store.recordClue(h, CadreClue(difficulty: .illness, description: "慢性病住院", foundOn: .today), today: .today)
            let before = (existing.phone, existing.consent, existing.description, existing.mergedCount)
            var replies: [String] = []
            for id in [validID("41168119700101101"), validID("41168119850606107")] {
                let b = try await publicSession(app)
                try await declare(app, b, Self.good(id, phone: "13900000000")) { res in
                    #expect(res.status == .ok)
                    replies.append(Self.shape(res.body.string))
                }
            }
            #expect(replies.count == 2 && replies[0] == replies[1])
            #expect(!replies[0].contains("合并") && !replies[0].contains("此前"))
            let after = try #require(try await ClueRecord.find(existing.id, on: app.db))
            #expect((after.phone, after.consent, after.description, after.mergedCount) == before)
            let browser = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/work", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("核实线索（农户自主申报）") && res.body.string.contains("核实线索（基层干部排查）"))
            }
            #expect(try await ClueRecord.query(on: app.db).filter(\.$householdID == h.id!).count() == 2)
        }
    }

    @Test("typos never count against the limit; accepted declarations do, per address and per ID number, and a farmer turned away is told when to try again and the village's phone")
    func declarationLimits() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let village = try #require(try await RegionRecord.find(Self.wang, on: app.db))
            let xian = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
            try await SiteSettings.setContactPhone("0394-4321234", village: village, registry: ScopedRegistry(db: app.db, actor: xian))
            let b = try await publicSession(app)
            for i in 0..<30 {
                try await declare(app, b, ["name": "测试", "idNumber": "bad\(i)"]) { #expect($0.status == .unprocessableEntity) }
            }
            // The same ID number: three accepted a day.
            let same = validID("41168119850606107")
            var statuses: [HTTPStatus] = []
            for _ in 0..<4 { try await declare(app, b, Self.good(same)) { statuses.append($0.status) } }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            // The address: five accepted in an hour.
            statuses = []
            for id in [validID("41168119850606108"), validID("41168119850606109"), validID("41168119850606110")] {
                try await declare(app, b, Self.good(id)) { statuses.append($0.status) }
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
            try await declare(app, b, Self.good(validID("41168119850606111"))) { res in
                let body = res.body.string
                #expect(res.status == .tooManyRequests)
                #expect(body.contains("分钟") && body.contains("后再试") && body.contains("0394-4321234"))
                #expect(!body.contains("/login") && !body.contains("登录"))
            }
            #expect(try await ClueRecord.query(on: app.db).count() == 5)
        }
    }

    @Test("the 公示 and 公告 pages list the households and never an ID number, phone or health condition")
    func noticesHidePersonalData() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let cun = Actor(try await app.makeUser("cun", role: .village, region: Self.wang))
            let county = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
            let township = Actor(try await app.makeUser("zhen", role: .township, region: "411681101"))
            let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            h.phone = "13700001111"
            try await h.save(on: app.db)
            let store = { (a: Actor) in LifecycleStore(ScopedRegistry(db: app.db, actor: a)) }
            let day = CivilDate.today.adding(days: -12)
            let (clue, _) = try await store(cun).recordClue(h, CadreClue(difficulty: .illness, description: "慢性病住院", foundOn: day), today: day)
            let record = try await store(cun).startIdentification(from: clue, today: day)
            for (actor, offset, values) in [(cun, 0, ["findings": "大病", "consent": "on"]), (county, 1, [:]), (cun, 2, ["comment": "同意"]),
                                            (cun, 8, [:]), (township, 9, [:]), (county, 10, ["category": "marginal", "risk_01": "on"]), (cun, 11, [:])] as [(Actor, Int, FormValues)] {
                try await store(actor).act(on: record, .advance, values: values, today: day.adding(days: offset))
            }
            let browser = try await signIn(app, "cun")
            let ids = try await PersonRecord.query(on: app.db).all().map(\.idNumber)
            for type in ["publicity", "announcement"] {
                try await app.testing().test(.GET, "/notices?village=\(Self.wang)&kind=identification&type=\(type)&from=\(day.adding(days: -1))&to=\(CivilDate.today)",
                                             beforeRequest: { browser.apply(&$0) }) { res in
                    let body = res.body.string
                    #expect(res.status == .ok && body.contains("张三") && body.contains("边缘易致贫户"))
                    for id in ids { #expect(!body.contains(id) && !body.contains(String(id.prefix(14)))) }
                    #expect(!body.contains("13700001111") && !body.contains("1370000"))
                    for word in ["因病", "慢性病", "大病", "残疾", "住院"] { #expect(!body.contains(word), "notice shows \(word)") }
                }
            }
        }
    }

    @Test("a village cadre is refused a county step with the owner named, and another village's cadre gets 404 for the case")
    func stepOwnersOnTheWeb() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let cun = Actor(try await app.makeUser("cun", role: .village, region: Self.wang))
            try await app.makeUser("cun2", role: .village, region: "411681101202")
            let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let store = LifecycleStore(ScopedRegistry(db: app.db, actor: cun))
            let (clue, _) = try await store.recordClue(h, CadreClue(difficulty: .illness, description: "x", foundOn: .today), today: .today)
            let record = try await store.startIdentification(from: clue, today: .today)
            try await store.act(on: record, .advance, values: ["findings": "x", "consent": "on"], today: .today)
            let browser = try await signIn(app, "cun")
            var token = ""
            try await app.testing().test(.GET, "/cases/\(record.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("当前环节由县级干部办理"))
                token = formToken(res.body.string) ?? ""
            }
            try await app.testing().test(.POST, "/cases/\(record.id!.uuidString)/act", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "action": "advance"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("由县级干部办理"))
            }
            #expect(try await CaseRecord.find(record.id, on: app.db)?.stageValue == .comparison)
            let other = try await signIn(app, "cun2")
            try await app.testing().test(.GET, "/cases/\(record.id!.uuidString)", beforeRequest: { other.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/clues/\(clue.id!.uuidString)", beforeRequest: { other.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("the village QR code carries the public address an administrator set, never the Host header; until it is set the page says so; the village's cadre sets its phone")
    func qrCode() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: Self.wang)
            try await app.makeUser("admin", role: .admin, region: "411681")
            let browser = try await signIn(app, "cun"), admin = try await signIn(app, "admin")
            func post(_ b: Browser, _ fields: [String: String], host: String? = nil, _ check: (TestingHTTPResponse) throws -> Void) async throws {
                var csrf = ""
                try await app.testing().test(.GET, "/regions/\(Self.wang)/qr", beforeRequest: { b.apply(&$0) }) { csrf = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/regions/\(Self.wang)/qr", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: { try check($0) })
            }
            try await app.testing().test(.GET, "/regions/\(Self.wang)/qr", headers: ["Host": "evil.example"], beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("尚未设置服务器对外地址") && res.body.string.contains("联系系统管理员"))
                #expect(!res.body.string.contains("evil.example") && !res.body.string.contains("publicURL"))
            }
            try await app.testing().test(.GET, "/regions/\(Self.wang)/qr.png", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            // A village cadre's form has the phone only; a public address it sends is ignored.
            try await post(browser, ["phone": "0394-4321234", "publicURL": "http://evil.example"]) { res in
                #expect(res.status == .ok && res.body.string.contains("已保存") && res.body.string.contains("0394-4321234"))
            }
            #expect(try await SiteSettings.publicURL(on: app.db) == nil)
            try await post(browser, ["phone": "110<script>"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("联系电话格式错误"))
            }
            for bad in ["javascript:alert(1)", "http://a b", "http://x.cn:99999", "ftp://x.cn", "http://x.cn/?a=1", String(repeating: "a", count: 400)] {
                try await post(admin, ["publicURL": bad]) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("对外地址格式错误"), "\(bad)")
                }
            }
            try await post(admin, ["publicURL": "http://10.1.2.3:8080/"]) { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/regions/\(Self.wang)/qr", headers: ["Host": "evil.example"], beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("http://10.1.2.3:8080/declare/\(Self.wang)"))
                #expect(!res.body.string.contains("evil.example") && res.body.string.contains("村委会电话：0394-4321234"))
            }
            try await app.testing().test(.GET, "/regions/\(Self.wang)/qr.png", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.headers.contentType == .png && res.body.readableBytes > 1000)
            }
            try await app.testing().test(.GET, "/regions/411681101202/qr.svg", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            let audit = try await AuditRecord.query(on: app.db).all().map(\.summary)
            #expect(audit.contains("设置对外地址（二维码）：http://10.1.2.3:8080") && audit.contains("村联系电话：0394-4321234"))
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("部门筛查网页与接口")
struct ScreeningWebTests {
    static let zhang = validID("41168119700101101"), zhao = validID("41168119800505105")
    static let csv = "身份证号,姓名,结算日期,个人自付\n\(zhang),张三,\(CivilDate.today.adding(days: -30)),6000\n\(zhao),赵六,\(CivilDate.today.adding(days: -30)),25000\nabc,坏,2026-01-01,1\n"

    func feed(_ app: Application, kind: String, token: String?, body: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, "/api/v1/feeds/\(kind)", beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = .init(token: token) }
            req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            req.body = ByteBuffer(string: body)
        }, afterResponse: check)
    }

    @Test("the feed API refuses a missing or bad token and a department sending another's kind; a good post screens once, the same file again is a duplicate")
    func feedAPI() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let token = try await ScreeningStore.makeToken(name: "项城市医保局", kinds: [.medical], region: RegionCode("411681")!, on: app.db)
            try await feed(app, kind: "medical", token: nil, body: Self.csv) { res in
                #expect(res.status == .unauthorized && res.body.string.contains("缺少令牌"))
            }
            try await feed(app, kind: "medical", token: "bl_0000", body: Self.csv) { res in
                #expect(res.status == .unauthorized && res.body.string.contains("令牌无效"))
            }
            try await feed(app, kind: "education", token: token, body: Self.csv) { res in
                #expect(res.status == .forbidden && res.body.string.contains("不能上传"))
            }
            try await feed(app, kind: "nonsense", token: token, body: Self.csv) { res in #expect(res.status == .notFound) }
            try await feed(app, kind: "medical", token: token, body: "") { res in #expect(res.status == .badRequest) }
            try await feed(app, kind: "medical", token: token, body: "身份证号,结算日期\n1,2\n") { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("个人自付"))
            }
            #expect(try await FeedFileRecord.query(on: app.db).count() == 0)
            try await feed(app, kind: "medical", token: token, body: Self.csv) { res in
                #expect(res.status == .created)
                let body = try res.content.decode([String: AnyDecodable].self)
                #expect(body["newWarnings"]?.int == 2 && body["rowsBad"]?.int == 1)
            }
            try await feed(app, kind: "medical", token: token, body: Self.csv) { res in
                #expect(res.status == .ok && res.body.string.contains("\"duplicate\":true"))
            }
            #expect(try await WarningRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("a county with 120 open warnings reads them 50 to a page, in due order, with the total and a pager that keeps the filters; a page past the end shows the last")
    func warningsPaged() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let yibao = Actor(try await app.makeUser("yibao", role: .department, region: "411681"))
            try await app.makeUser("xian", role: .county, region: "411681")
            let medical = "身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(CivilDate.today.adding(days: -10)),26000\n"
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: yibao)).screen(Data(medical.utf8), filename: "yb.csv", kind: .medical,
                                                                                            channel: "web", asOf: .today, today: .today)
            let first = try #require(try await WarningRecord.query(on: app.db).first())
            for n in 1..<120 {
                let copy = WarningRecord()
                copy.id = UUID()
                (copy.householdID, copy.villageCode, copy.ruleCode, copy.ruleName, copy.feed, copy.fileID) = (first.householdID, first.villageCode, first.ruleCode, first.ruleName, first.feed, first.fileID)
                (copy.value, copy.isSum, copy.lines, copy.rowsCounted, copy.lastEvidenceOn, copy.riskType, copy.exclusion) = (first.value, first.isSum, first.lines, first.rowsCounted, first.lastEvidenceOn, first.riskType, first.exclusion)
                (copy.status, copy.raisedOn, copy.dueOn, copy.repeatCount) = ("open", first.raisedOn, CivilDate.today.adding(days: n).description, 0)
                try await copy.create(on: app.db)
            }
            let county = try await signIn(app, "xian")
            func page(_ query: String) async throws -> String {
                var html = ""
                try await app.testing().test(.GET, "/warnings" + query, beforeRequest: { county.apply(&$0) }) { html = $0.body.string }
                return html
            }
            func rows(_ html: String) -> Int { html.components(separatedBy: "<tr><td data-label=\"规则\">").count - 1 }
            let one = try await page("?status=open&feed=medical")
            #expect(one.contains("共120条 · 第1/3页") && rows(one) == 50)
            #expect(one.contains("href=\"/warnings?status=open&amp;feed=medical&amp;page=2\"") || one.contains("href=\"/warnings?status=open&feed=medical&page=2\""))
            let three = try await page("?status=open&feed=medical&page=3")
            #expect(rows(three) == 20 && three.contains("上一页") && !three.contains("下一页"))
            // Due order runs across pages: the last page holds the latest.
            #expect(three.contains(CivilDate.today.adding(days: 119).description) && !one.contains(CivilDate.today.adding(days: 119).description))
            #expect(rows(try await page("?status=open&feed=medical&page=99")) == 20)
        }
    }

    @Test("a department officer uploads on the page; bad input is refused in Chinese; a village cadre sees and disposes of its own warning only")
    func pages() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("yibao", role: .department, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("cun2", role: .village, region: "411681101202")
            let yibao = try await signIn(app, "yibao")
            let cun = try await signIn(app, "cun"), cun2 = try await signIn(app, "cun2")
            func upload(_ b: Browser, _ fields: [String: String], file: String?) async throws -> TestingHTTPResponse {
                var response: TestingHTTPResponse?
                var csrf = ""
                try await app.testing().test(.GET, "/screening", beforeRequest: { b.apply(&$0) }) { csrf = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/screening", beforeRequest: { req in
                    b.apply(&req)
                    let boundary = "XBOUNDARY"
                    var body = ""
                    for (k, v) in fields.merging(["_csrf": csrf]) { a, _ in a } { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n" }
                    if let file { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"yb.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n" }
                    body += "--\(boundary)--\r\n"
                    req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                    req.body = ByteBuffer(string: body)
                }, afterResponse: { response = $0 })
                return response!
            }
            let today = CivilDate.today.description
            var res = try await upload(yibao, ["kind": "medical", "asOf": today], file: nil)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("没有收到文件"))
            res = try await upload(yibao, ["kind": "<script>", "asOf": "2026-99-01"], file: Self.csv)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("请选择数据类型") && res.body.string.contains("筛查基准日"))
            #expect(!res.body.string.contains("<script>"))
            res = try await upload(cun, ["kind": "medical", "asOf": today], file: Self.csv)
            #expect(res.status == .forbidden)
            #expect(try await FeedFileRecord.query(on: app.db).count() == 0)
            res = try await upload(yibao, ["kind": "medical", "asOf": today], file: Self.csv)
            #expect(res.status == .seeOther)
            let fileID = try #require(res.headers.first(name: .location)).components(separatedBy: "/").last!
            try await app.testing().test(.GET, "/screening/files/\(fileID)", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.body.string.contains("问题行") && res.body.string.contains("身份证号应为18位"))
            }
            try await app.testing().test(.GET, "/screening/files/\(fileID)/problems.csv", beforeRequest: { yibao.apply(&$0) }) { res in
                // Each problem row comes back with the row as the file had it, so the sender can correct and resend it.
                #expect(res.status == .ok && res.body.string.contains("行号,原因,身份证号,姓名,结算日期,个人自付"))
                #expect(res.body.string.contains("abc,坏,2026-01-01,1"))
            }
            let warnings = try await WarningRecord.query(on: app.db).all()
            let own = try #require(warnings.first { $0.villageCode == "411681101201" })
            try await app.testing().test(.GET, "/warnings", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("医保个人自付") && res.body.string.contains("6000元"))
                #expect(!res.body.string.contains("赵六"))
            }
            try await app.testing().test(.GET, "/warnings/\(own.id!.uuidString)", beforeRequest: { cun2.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/warnings/\(own.id!.uuidString)", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("411681********1011") || res.body.string.contains("********"))
                #expect(!res.body.string.contains(Self.zhang))
            }
            var token = ""
            try await app.testing().test(.GET, "/warnings/\(own.id!.uuidString)", beforeRequest: { cun.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
            try await app.testing().test(.POST, "/warnings/\(own.id!.uuidString)/dispose", beforeRequest: { req in
                cun.apply(&req)
                try req.content.encode(["_csrf": token, "disposition": "no_risk", "note": ""], as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("请写明核实情况")) }
            try await app.testing().test(.POST, "/warnings/\(own.id!.uuidString)/dispose", beforeRequest: { req in
                cun.apply(&req)
                try req.content.encode(["_csrf": token, "disposition": "included", "note": "住院属实"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await CaseRecord.query(on: app.db).count() == 1)
        }
    }
}

extension ScreeningWebTests {
    @Test("a county administrator tries a rule change (the dry run counts households on the kept files and saves nothing), then saves it; bad values are refused field by field; a village cadre cannot")
    func editRule() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let county = try await signIn(app, "xian"), cun = try await signIn(app, "cun")
            let actor = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: actor)).screen(Data(Self.csv.utf8), filename: "yb.csv", kind: .medical,
                                                                                          channel: "web", asOf: .today, today: .today)
            let form = ["name": "医保个人自付（滚动12个月）", "threshold_alleviated": "5000", "threshold_monitored": "5000", "threshold_ordinary": "30000",
                        "windowMonths": "12", "filters": "", "risk": "01", "effectiveFrom": CivilDate.today.description]
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                var token = ""
                try await app.testing().test(.GET, "/screening", beforeRequest: { b.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/screening/rules/YB01", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": token]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await post(cun, form.merging(["action": "save"]) { _, b in b }) { res in #expect(res.status == .forbidden) }
            // T003 has two risks on record; T001 none.
            let t003 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first())
            t003.riskTypes = RiskType.encode([.disability, .illness])
            try await t003.save(on: app.db)
            try await post(county, form.merging(["action": "dryrun"]) { _, b in b }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("现行规则预警 <b>2</b> 户，修改后预警 <b>1</b> 户"))
                // By township and class: 孙店镇's ordinary household (T003) is the one no longer warned; 南顿镇's 脱贫户 T001 stays.
                let cells = #"<tr class="total"><td data-label="乡镇">合计</td><td class="num" data-label="现行">2</td><td class="num" data-label="修改后">1</td><td class="num" data-label="新增">0</td><td class="num" data-label="不再提示">1</td>"#
                #expect(res.body.string.contains(cells))
                #expect(res.body.string.contains(#"<td data-label="乡镇">孙店镇</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">0</td>"#))
                #expect(res.body.string.contains(#"<td data-label="户类别">一般农户</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">0</td><td class="num" data-label="新增">0</td><td class="num" data-label="不再提示">1</td>"#))
                // By village (T003 lives in 赵营村) and by risk type, each of T003's two risks counting it once.
                #expect(res.body.string.contains("<summary>按村（2个村，户）</summary>"))
                #expect(res.body.string.contains(#"<td data-label="村">孙店镇赵营村</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">0</td><td class="num" data-label="新增">0</td><td class="num" data-label="不再提示">1</td>"#))
                #expect(res.body.string.contains(#"<td data-label="村">南顿镇王庄村</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">1</td>"#))
                for risk in ["因病", "因残"] {
                    #expect(res.body.string.contains(#"<td data-label="风险类型">\#(risk)</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">0</td><td class="num" data-label="新增">0</td><td class="num" data-label="不再提示">1</td>"#))
                }
                #expect(res.body.string.contains(#"<td data-label="风险类型">未标注风险</td><td class="num" data-label="现行">1</td><td class="num" data-label="修改后">1</td>"#))
            }
            for (field, value, message) in [("threshold_ordinary", "-5", "大于0的金额"), ("windowMonths", "99", "0至36个月"),
                                             ("filters", "状态", "条件格式"), ("filters", "nonsense=1", "不是医保结算文件中可筛选的列"),
                                             ("name", "<b>", "1至30个字"), ("effectiveFrom", "1999-01-01", "前后一年")] {
                try await post(county, form.merging([field: value, "action": "save"]) { _, b in b }) { res in
                    #expect(res.status == .unprocessableEntity, "\(field)")
                    #expect(res.body.string.contains(message), "\(field)")
                }
            }
            try await post(county, ["action": "save", "threshold_alleviated": "", "threshold_monitored": "", "threshold_ordinary": "",
                                    "name": "x", "windowMonths": "12", "effectiveFrom": CivilDate.today.description]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("至少为一类农户设置门槛"))
            }
            #expect(try await ScreeningRuleRecord.query(on: app.db).filter(\.$regionCode == "411681").count() == 0)
            try await post(county, form.merging(["action": "save"]) { _, b in b }) { res in #expect(res.status == .seeOther) }
            let rules = try await ScreeningStore(ScopedRegistry(db: app.db, actor: actor)).rules(on: .today)
            #expect(rules.first { $0.code == "YB01" }?.thresholds[.ordinary] == 3_000_000)
            // The province's version still holds elsewhere.
            let other = Actor(userID: nil, username: "x", role: .county, region: RegionCode("411628")!)
            #expect(try await ScreeningStore(ScopedRegistry(db: app.db, actor: other)).rules(on: .today).first { $0.code == "YB01" }?.thresholds[.ordinary] == 2_000_000)
        }
    }
}

/// Reads a JSON value of any simple type.
struct AnyDecodable: Decodable {
    let int: Int?
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        int = try? c.decode(Int.self)
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 小额信贷 on the household page: the county records a loan to a member; every reason a loan falls outside the rules
/// is said in Chinese and nothing is written; hostile input is refused; only the county writes.
@Suite("小额信贷页面", .serialized)
struct LoanWebTests {
    @Test("the county records a loan on the household page; a malformed amount, a stranger as borrower, a loan over the ceiling without a reason and a township are refused in Chinese with nothing written; the loan shows on the page")
    func loanOnHouseholdPage() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen")
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            let zhang = try await PersonRecord.query(on: app.db).filter(\.$householdID == t001.id!).filter(\.$idNumber == validID("41168119700101101")).first()!
            let stranger = try await PersonRecord.query(on: app.db).filter(\.$householdID == t002.id!).first()!
            let path = "/households/\(t001.id!.uuidString)/loans"
            let today = CivilDate.today
            func form(_ changes: [String: String]) -> [String: String] {
                ["borrower": zhang.id!.uuidString, "bank": "项城农商银行", "contract": "NX-1", "amount": "3", "issuedOn": today.description,
                 "dueOn": today.adding(days: 700).description, "purpose": "breeding", "exception": "", "rate": "3.5"].merging(changes) { $1 }
            }
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            for (fields, message) in [(form(["amount": "三万"]), "金额应为以万元计的金额"), (form(["borrower": stranger.id!.uuidString]), "请选择本户成员为借款人"),
                                      (form(["amount": "6"]), "超过上限5.00万元"), (form(["purpose": "<script>"]), "贷款用途"),
                                      (form(["amount": String(repeating: "9", count: 5000)]), "金额"),
                                      (form(["rate": "三点五"]), "请填写合同年利率"), (form(["rate": ""]), "请填写合同年利率"),
                                      (form(["rate": "9.5"]), "年利率9.5%高于放款日5年期以上LPR"), (form(["rate": "99"]), "不超过24%"),
                                      (form(["subsidyRatio": "1e308"]), "贴息比例应为"), (form(["subsidyRatio": "120"]), "贴息比例应在0至100%之间")] {
                try await post(xian, fields) { res in
                    #expect(res.status.code >= 400 && res.body.string.contains(message), "\(message): \(res.status)")
                }
            }
            try await post(zhen, form([:])) { res in #expect(res.status.code >= 400 && res.body.string.contains("小额信贷由县级登记")) }
            #expect(try await LoanRecord.query(on: app.db).count() == 0)
            try await post(xian, form([:])) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("<h3 id=\"loans\">小额信贷</h3>") && res.body.string.contains("NX-1"))
                // The rate against the LPR it follows; no 贴息比例 is set in this county, so none is expected.
                #expect(res.body.string.contains("年利率3.5%（放款日5年期以上LPR 3.5%）；未设贴息比例"))
            }
            // 贴息 on the loan from the same page; a made-up kind, a stranger's loan and a township are refused with nothing written.
            let loan = try await LoanRecord.query(on: app.db).first()!
            let events = "/households/\(t001.id!.uuidString)/loans/events"
            func event(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, events, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let subsidy = ["loan": loan.id!.uuidString, "kind": "subsidy", "onDate": today.description, "eventAmount": "360", "note": "一季度贴息"]
            try await event(xian, subsidy.merging(["kind": "<script>"]) { $1 }) { res in #expect(res.status.code >= 400 && res.body.string.contains("请选择贷后事项")) }
            try await event(xian, subsidy.merging(["loan": UUID().uuidString]) { $1 }) { res in #expect(res.status.code >= 400 && res.body.string.contains("请选择本户的贷款")) }
            try await event(zhen, subsidy) { res in #expect(res.status.code >= 400 && res.body.string.contains("由县级登记")) }
            #expect(try await LoanEventRecord.query(on: app.db).count() == 0)
            try await event(xian, subsidy) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("贴息360元（一季度贴息）"))
            }
            // The county's 小额信贷通报 over its townships: 南顿镇 has one 脱贫户 (T001), lent to this year; 孙店镇 none.
            try await app.testing().test(.GET, "/loans/bulletin", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("脱贫人口小额信贷通报表"))
                #expect(html.contains("南顿镇</td><td class=\"num\" data-label=\"享受政策的已脱贫户数\">1</td><td class=\"num\" data-label=\"享受政策的监测户数\">0</td><td class=\"num\" data-label=\"目前总贷款余额户数\">1</td><td class=\"num\" data-label=\"当年新增户数\">1</td><td class=\"num\" data-label=\"总贷款新增户数\">100.00%</td><td class=\"num\" data-label=\"总贷款余额户数\">100.00%</td><td class=\"num\" data-label=\"排名\">1</td>"), "\(html)")
            }
            try await app.testing().test(.GET, "/loans/bulletin.xlsx", beforeRequest: { xian.apply(&$0) }) { res in
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(table.header == LoanBulletin.header(unit: RegionCode.Level.township.label))
                #expect(table.rows.first { $0.count > 1 && $0[1] == "南顿镇" }?.suffix(3) == ["100.00%", "100.00%", "1"])
            }
            try await app.testing().test(.GET, "/loans/bulletin", beforeRequest: { zhen.apply(&$0) }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("a bank's data officer signs in to its upload page and sends its bank's month-end file; another bank's row and a projects file sent to the same address are refused with nothing written; the registry, the county's import page and the other officers' pages stay closed, and the county cannot use the bank's page")
    func bankOfficerPage() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let officer = try await app.makeUser("nongshang", role: .department, region: "411681")
            try await UserStore.setBank("项城农商银行", of: officer, on: app.db, actor: .system())
            let xianActor = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let zhang = validID("41168119700101101")
            let issued = CivilDate.today.adding(days: -60)
            try await LoanStore(ScopedRegistry(db: app.db, actor: xianActor)).add(
                LoanDraft(householdNumber: t001.number, borrowerID: zhang, bank: "项城农商银行", contract: "NX-9", amount: Money(yuan: 30_000), issuedOn: issued,
                          dueOn: issued.adding(months: 36), purpose: .breeding), today: .today)
            let bank = try await signIn(app, "nongshang"), xian = try await signIn(app, "xian")
            let live = LiveServer(app)
            try await app.testing().test(.GET, "/", beforeRequest: { bank.apply(&$0) }) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/bank/loans")
            }
            try await app.testing().test(.GET, "/bank/loans", beforeRequest: { bank.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("本账号为<b>项城农商银行</b>数据员") && res.body.string.contains("贷款余额报送</a>"))
            }
            for path in ["/households", "/projects/import", "/loans/bulletin", "/households/\(t001.id!.uuidString)"] {
                try await app.testing().test(.GET, path, beforeRequest: { bank.apply(&$0) }) { res in #expect(res.status == .forbidden, "\(path)") }
            }
            try await app.testing().test(.GET, "/bank/loans", beforeRequest: { xian.apply(&$0) }) { res in #expect(res.status == .forbidden) }
            let header = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数"
            let day = CivilDate.today.adding(days: -1)
            let mixed = [header, "项城农商银行,NX-9,\(zhang),\(day),25000,5000,0", "邮储银行项城支行,YC-1,\(zhang),\(day),1000,0,0"].joined(separator: "\n")
            try await UploadTests.post(live, "/bank/loans", as: bank, UploadTests.multipart(["_csrf": bank.csrf, "kind": "loan_balances"], file: ("本行余额.csv", mixed))) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("本账号只能报送项城农商银行的贷款"))
            }
            try await UploadTests.post(live, "/bank/loans", as: bank, UploadTests.multipart(["_csrf": bank.csrf, "kind": "projects"], file: ("项目.csv", "项目编号\nX"))) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("银行数据员只能报送本行的小额信贷余额"))
            }
            #expect(try await LoanReportRecord.query(on: app.db).count() == 0)
            let own = [header, "项城农商银行,NX-9,\(zhang),\(day),25000,5000,0"].joined(separator: "\n")
            try await UploadTests.post(live, "/bank/loans", as: bank, UploadTests.multipart(["_csrf": bank.csrf, "kind": "loan_balances"], file: ("本行余额.csv", own))) { res in
                #expect(res.status == .ok && res.body.string.contains("新增1条") && res.body.string.contains("本账号最近的报送"))
            }
            #expect(try await LoanRecord.query(on: app.db).first()?.balanceFen == 2_500_000)
            try await app.testing().test(.GET, "/bank/templates/loan_balances.xlsx", beforeRequest: { bank.apply(&$0) }) { res in #expect(res.status == .ok) }
        }
    }

    @Test("a city sets up its 示范区 on the loan bulletin page: a code of another city, a village code, a script and a 5,000-character paste are refused beside the field with what was typed kept; the unit then ranks beside the counties, and a township leaves it on a day; a county cannot set one up")
    func statisticsUnitsPage() async throws {
        try await withTestApp { app in
            try await app.makeUser("shangqiu", role: .county, region: "4114")
            try await app.makeUser("xian", role: .county, region: "411681")
            let city = try await signIn(app, "shangqiu"), xian = try await signIn(app, "xian")
            let townships = try await RegionRecord.query(on: app.db).filter(\.$parentCode == "411402").sort(\.$id).all().map { $0.id! }
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await app.testing().test(.GET, "/loans/bulletin", beforeRequest: { city.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("尚未设立统计单元") && res.body.string.contains("设立统计单元或增加乡镇（街道）"))
            }
            for (codes, message) in [("411681101", "不是本市的乡镇（街道）：411681101"), ("411402001201", "乡镇（街道）代码应为9位数字"),
                                     ("<script>alert(1)</script>", "乡镇（街道）代码应为9位数字"), (String(repeating: "4", count: 5_000), "乡镇（街道）代码应为9位数字")] {
                try await post(city, "/loans/units", ["name": "示范区", "townships": codes, "from": "2023-01-01"]) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(!res.body.string.contains("<script>alert") && res.body.string.contains("value=\"示范区\""))
                }
            }
            try await post(xian, "/loans/units", ["name": "示范区", "townships": townships[0], "from": "2023-01-01"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("统计单元由市级管理员设置"))
            }
            #expect(try await StatisticsUnitRecord.query(on: app.db).count() == 0)
            try await post(city, "/loans/units", ["name": "示范区", "townships": "\(townships[0])\r\n\(townships[1])", "from": "2023-01-01"]) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/loans/bulletin?asOf=2024-06-30", beforeRequest: { city.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<td data-label=\"统计单元\">示范区</td>") && html.contains("2023-01-01起"))
                #expect(html.contains("data-label=\"县（市、区）\">示范区</td>"), "the unit is a row of the bulletin beside the counties")
            }
            try await post(city, "/loans/units/end", ["name": "示范区", "township": townships[1], "to": "2024-01-01"]) { res in #expect(res.status == .seeOther) }
            try await post(city, "/loans/units/end", ["name": "示范区", "township": townships[1], "to": "2024-02-01"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("没有找到该统计单元中的这个乡镇"))
            }
            #expect(try await StatisticsUnitMemberRecord.query(on: app.db).filter(\.$toOn == "2024-01-01").count() == 1)
        }
    }
}

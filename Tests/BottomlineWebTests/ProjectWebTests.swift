import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 项目库 and 衔接资金 in the browser's terms: forms that keep what was typed and say what is wrong, each level's
/// step on its own page, money refused beyond what there is, and jurisdiction answered with the same 404.
@Suite("项目库与衔接资金页面", .serialized)
struct ProjectWebTests {
    static let wang = "411681101201"

    func post(_ app: Application, _ b: Browser, _ path: String, _ fields: [String: String],
              _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, path, beforeRequest: { req in
            b.apply(&req)
            try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    func get(_ app: Application, _ b: Browser, _ path: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.GET, path, beforeRequest: { b.apply(&$0) }, afterResponse: check)
    }

    static let proposal: [String: String] = [
        "number": "XC-001", "name": "王庄村香菇大棚", "year": String(CivilDate.today.year), "category": "industry",
        "content": "新建香菇大棚20座", "goals": "带动脱贫户30户年增收2000元", "linkage": "100", "way_dividend": "on",
        "households": "40", "alleviated": "30", "monitored": "2", "implementer": "王庄村股份经济合作社", "responsible": "王建国",
    ]

    @Test("a village proposes in the browser (a bad form keeps what was typed), the township reviews after the 公示, the county approves, allocates and pays; another township gets 404; the 公示 prints without personal data")
    func projectRoad() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: Self.wang)
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let cun = try await signIn(app, "cun"), zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2")
            let xian = try await signIn(app, "xian"), dept = try await signIn(app, "yibao")
            let today = CivilDate.today

            // A bad form: every problem beside its field, what was typed kept, nothing written.
            var bad = Self.proposal
            bad["linkage"] = "abc"
            bad["alleviated"] = "50"
            bad["name"] = "<script>alert(1)</script>"
            try await post(app, cun, "/projects/new", bad) { res in
                let html = res.body.string
                #expect(res.status == .unprocessableEntity && html.contains("衔接资金应为以万元计的金额"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"))
            }
            var badLinks = Self.proposal
            badLinks["alleviated"] = "50"
            try await post(app, cun, "/projects/new", badLinks) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("脱贫户与监测户之和（52户）超过带动总户数（40户）"))
            }
            #expect(try await ProjectRecord.query(on: app.db).count() == 0)
            // A place sent by a hostile form is ignored: the village proposes for its own village.
            var project = ""
            try await post(app, cun, "/projects/new", Self.proposal.merging(["place": "411681102201"]) { $1 }) { res in
                #expect(res.status == .seeOther)
                project = res.headers.first(name: .location) ?? ""
            }
            let record = try #require(try await ProjectRecord.query(on: app.db).first())
            #expect(record.regionCode == Self.wang && project == "/projects/\(record.id!.uuidString)")

            // Another township: the same 404 as a project that does not exist; a department officer: 403.
            try await get(app, zhen2, project) { #expect($0.status == .notFound) }
            try await get(app, zhen2, "/projects/\(UUID().uuidString)") { #expect($0.status == .notFound) }
            try await get(app, zhen2, "/projects/not-a-uuid") { #expect($0.status == .notFound) }
            try await post(app, zhen2, project + "/act", ["action": "pass", "on": "\(today)"]) { #expect($0.status == .notFound) }
            try await get(app, dept, "/projects") { #expect($0.status == .forbidden) }
            try await get(app, zhen2, "/projects") { #expect($0.status == .ok && !$0.body.string.contains("王庄村香菇大棚")) }

            // The village posts its 公示 and passes its step; a short 公示 is refused with the rule.
            try await post(app, cun, project + "/act", ["action": "pass", "on": "\(today)", "noticeFrom": "\(today.adding(days: -25))", "noticeDays": "5"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("公示5天，少于规定的10天"))
            }
            try await post(app, cun, project + "/act", ["action": "pass", "on": "\(today)", "noticeFrom": "\(today.adding(days: -25))", "noticeDays": "10"]) {
                #expect($0.status == .seeOther)
            }
            try await get(app, zhen, "/projects?mine=true") { res in
                #expect(res.body.string.contains("王庄村香菇大棚") && res.body.string.contains("待我办理"))
            }
            try await post(app, zhen, project + "/act", ["action": "pass", "on": "\(today)", "noticeFrom": "\(today.adding(days: -12))", "noticeDays": "10"]) {
                #expect($0.status == .seeOther)
            }
            for _ in 0..<2 {
                try await post(app, xian, project + "/act", ["action": "pass", "on": "\(today)"]) { #expect($0.status == .seeOther) }
            }
            #expect(try await ProjectRecord.find(record.id, on: app.db)?.stageValue == .inLibrary)

            // The county's ledger: a batch, an allocation too large (refused, by how much), one that fits.
            try await get(app, zhen, "/funds") { #expect($0.status == .forbidden) }
            var batch = ""
            try await post(app, xian, "/funds", ["year": String(today.year), "level": "central", "kind": "linkage", "document": "豫财农〔\(today.year)〕1号",
                                                 "issuedOn": "\(today)", "amount": "80"]) { res in
                #expect(res.status == .seeOther)
                batch = res.headers.first(name: .location) ?? ""
            }
            try await post(app, xian, batch + "/allocate", ["project": record.id!.uuidString, "amount": "80.01"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("可对接余额0.01万元"))
            }
            try await post(app, xian, batch + "/allocate", ["project": record.id!.uuidString, "amount": "80"]) { #expect($0.status == .seeOther) }
            try await get(app, xian, "/funds") { res in
                let html = res.body.string
                #expect(html.contains("80.00") && html.contains("产业占比"))
            }
            // 公告公示: 文号 and amounts by level, 12317, no ID numbers or phones of households.
            try await get(app, cun, project + "/notice") { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("中央资金80.00万元（豫财农〔\(today.year)〕1号）") && html.contains("12317"))
                #expect(!html.contains("411681197") && html.contains("带动40户（脱贫户30户、监测户2户）"))
            }
            // The township cannot write the county's ledger even with a crafted form.
            try await post(app, zhen, batch + "/allocate", ["project": record.id!.uuidString, "amount": "1"]) { #expect($0.status == .forbidden) }
            #expect(try await FundAllocationRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("a county imports its project library through the page (a bad file lists each problem and writes nothing), exports it, and the export imports back unchanged; templates and the fund export open as spreadsheets")
    func importAndExport() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen")
            let live = LiveServer(app)
            try await get(app, zhen, "/projects/import") { #expect($0.status == .forbidden) }
            try await get(app, xian, "/projects/import") { #expect($0.status == .ok && $0.body.string.contains("项目库 → 资金下达 → 项目对接 → 资金支付")) }

            let header = "项目编号,项目名称,项目年度,项目类别,实施地点区划代码,建设内容,绩效目标,衔接资金（万元）,联农带农方式,带动户数,其中脱贫户,实施单位,项目负责人,项目环节"
            let bad = header + "\nXC-1,甲,2025,产业发展,411681101201,内容,目标,10,收益分红,10,5,单位,人,已入库\nXC-2,乙,2025,养老院,411681101201,内容,目标,abc,,,,单位,人,\n"
            try await UploadTests.post(live, "/projects/import", as: xian, UploadTests.multipart(["_csrf": xian.csrf, "kind": "projects"], file: ("项目库.csv", bad))) { res in
                let html = res.body.string
                #expect(res.status == .unprocessableEntity && html.contains("文件有2处问题，未导入任何数据"))
                #expect(html.contains("养老院") && html.contains("衔接资金应为以万元计的金额"))
            }
            #expect(try await ProjectRecord.query(on: app.db).count() == 0)
            let good = header + "\nXC-1,甲,2025,产业发展,411681101201,内容,目标,10,收益分红,10,5,单位,人,已入库\nXC-2,乙,2025,乡村建设行动,411681102,内容,目标,20.5,,,,单位,人,\n"
            try await UploadTests.post(live, "/projects/import", as: xian, UploadTests.multipart(["_csrf": xian.csrf, "kind": "projects"], file: ("项目库.csv", good))) { res in
                #expect(res.status == .ok && res.body.string.contains("已导入项目库：2行，新增2条，未变化0条"))
            }
            // The export is in the import's columns: imported back, nothing changes.
            var exported = ""
            try await get(app, xian, "/projects/export.csv") { res in
                #expect(res.status == .ok && res.headers.contentType?.subType == "csv")
                exported = res.body.string
            }
            let table = try CSV.table(from: Data(exported.utf8))
            #expect(table.rows.count == 2 && table.header.last == "已支付（万元）")
            try await UploadTests.post(live, "/projects/import", as: xian, UploadTests.multipart(["_csrf": xian.csrf, "kind": "projects"], file: ("导出.csv", exported))) { res in
                #expect(res.status == .ok && res.body.string.contains("新增0条，未变化2条"))
            }
            try await get(app, xian, "/projects/export.xlsx") { res in
                let sheet = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(sheet.rows.count == 2 && sheet.rows.contains { $0.contains("乡村建设行动") })
            }
            try await get(app, xian, "/projects/templates/payments.xlsx") { res in
                let sheet = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(sheet.header == LedgerImportKind.payments.columns.map(\.name))
            }
            try await get(app, xian, "/projects/templates/nothing.xlsx") { #expect($0.status == .notFound) }
            try await get(app, xian, "/funds/export.xlsx?year=2025") { res in
                let sheet = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(res.status == .ok && sheet.header.first == "资金年度")
            }
            try await get(app, zhen, "/funds/export.csv") { #expect($0.status == .forbidden) }
            try await get(app, xian, "/funds/bulletin.xlsx?year=2025&asOf=2025-06-15") { res in
                let sheet = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(sheet.header == ["排名", "乡镇", "对接（万元）", "支付（万元）", "支付进度", "提示"] && sheet.rows.last?[1] == "合计")
            }
            try await get(app, xian, "/funds/bulletin?asOf=2099-01-01&year=abc") { #expect($0.status == .ok && $0.body.string.contains("支付进度通报")) }
        }
    }

    @Test("after 验收 the county registers the project's asset from its page (prefilled from the project); the village records income and pays a 公益岗位 from it; a malformed payout line is refused and nothing is written; the household's page shows the money")
    func assetFromProject() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            func actor(_ name: String, _ role: Role, _ region: String) async throws -> Actor { Actor(try await app.makeUser(name, role: role, region: region)) }
            let cunA = try await actor("cun", .village, Self.wang), zhenA = try await actor("zhen", .township, "411681101")
            let xianA = try await actor("xian", .county, "411681")
            _ = try await actor("zhen2", .township, "411681102")
            let day0 = CivilDate(year: 2025, month: 3, day: 3)!
            let draft = ProjectDraft(number: "XC2025-001", name: "王庄村香菇大棚", year: 2025, category: .industry, place: Self.wang, content: "大棚20座",
                                     goals: "增收", linkageBudget: Money(wanYuan: "100")!, linkWays: [.dividend], linkedHouseholds: 40, linkedAlleviated: 30,
                                     implementer: "合作社", responsible: "王建国")
            let p = try await ProjectStore(ScopedRegistry(db: app.db, actor: cunA)).propose(draft, today: day0)
            let road: [(Actor, Int, NoticePeriod?)] = [(cunA, 10, NoticePeriod(start: day0, days: 10)), (zhenA, 21, NoticePeriod(start: day0.adding(days: 11), days: 10)),
                                                       (xianA, 22, nil), (xianA, 23, nil), (xianA, 24, nil), (zhenA, 25, nil), (zhenA, 26, nil), (xianA, 27, nil)]
            for (a, on, notice) in road {
                try await ProjectStore(ScopedRegistry(db: app.db, actor: a)).pass(p, on: day0.adding(days: on), notice: notice, comment: "", today: day0.adding(days: on))
            }
            #expect(p.stageValue == .accepted)
            let xian = try await signIn(app, "xian"), cun = try await signIn(app, "cun"), zhen2 = try await signIn(app, "zhen2")
            try await get(app, xian, "/assets") { res in
                #expect(res.body.string.contains("已验收、待登记资产的项目（1个）") && res.body.string.contains("/assets/new?project=\(p.id!.uuidString)"))
            }
            try await get(app, xian, "/assets/new?project=\(p.id!.uuidString)") { res in
                let html = res.body.string
                #expect(html.contains("value=\"ZC-XC2025-001\"") && html.contains("<option value=\"operating\" selected>"))
            }
            try await get(app, cun, "/assets/new") { #expect($0.status == .forbidden) }
            var asset = ""
            let form = ["project": p.id!.uuidString, "number": "ZC-1", "name": "香菇大棚", "class": "operating", "kind": "general", "place": Self.wang,
                        "value": "100", "owner": "village_collective", "way": "lease", "caretaker": "王建国", "agreedReturn": "年租金6万元"]
            try await post(app, xian, "/assets/new", form.merging(["way": "none"]) { $1 }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("经营性资产应填写经营方式"))
            }
            try await post(app, xian, "/assets/new", form) { res in
                #expect(res.status == .seeOther)
                asset = res.headers.first(name: .location) ?? ""
            }
            try await get(app, zhen2, asset) { #expect($0.status == .notFound) }
            let year = String(CivilDate.today.year)
            try await post(app, cun, asset + "/income", ["year": year, "month": "0", "amount": "6"]) { #expect($0.status == .seeOther) }
            try await post(app, cun, asset + "/distribute", ["year": year, "use": "public_jobs", "amount": "0.3", "decidedOn": "\(CivilDate.today)",
                                                             "decidedBy": "四议两公开", "payouts": "T001 abc"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("第1行应为“户编号 金额（元）”"))
            }
            #expect(try await AssetDistributionRecord.query(on: app.db).count() == 0)
            try await post(app, cun, asset + "/distribute", ["year": year, "use": "public_jobs", "amount": "0.3", "decidedOn": "\(CivilDate.today)",
                                                             "decidedBy": "四议两公开", "payouts": "T001 3000"]) { #expect($0.status == .seeOther) }
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            try await get(app, cun, "/households/\(t001.id!.uuidString)") { res in
                #expect(res.body.string.contains("项目资产收益分配") && res.body.string.contains("香菇大棚") && res.body.string.contains("3000"))
            }
            // The asset list exports in the import's columns: imported back, nothing changes.
            var exported = ""
            try await get(app, xian, "/assets/export.csv") { res in
                #expect(res.status == .ok)
                exported = res.body.string
            }
            #expect(exported.contains("ZC-1,香菇大棚,经营性资产,一般资产,\(Self.wang),100.00,村集体经济组织"))
            try await UploadTests.post(LiveServer(app), "/projects/import", as: xian,
                                       UploadTests.multipart(["_csrf": xian.csrf, "kind": "assets"], file: ("资产.csv", exported))) { res in
                #expect(res.status == .ok && res.body.string.contains("新增0条，未变化1条"))
            }
            try await post(app, xian, asset + "/dispose", ["on": "\(CivilDate.today)", "approvals": ""]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("村民代表大会决议"))
            }
        }
    }
}

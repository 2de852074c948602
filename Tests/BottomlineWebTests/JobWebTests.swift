import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 就业帮扶 on the household page and the region's page: a village cadre records a spell and a post; malformed,
/// oversized and hostile input is refused in Chinese with nothing written; the county sets a target and reads the
/// figures against it on the page and in XLSX; a department's officer reads none of it.
@Suite("就业帮扶页面", .serialized)
struct JobWebTests {
    @Test("the village records 张三's spell in Shenzhen and 李梅's post from the household page; bad months, places, amounts, a stranger, an unknown form and a script are refused in Chinese with nothing written; a second overlapping spell is refused with the clash")
    func householdPage() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let cun = try await signIn(app, "cun"), yibao = try await signIn(app, "yibao")
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let zhang = try await PersonRecord.query(on: app.db).filter(\.$name == "张三").first()!
            let li = try await PersonRecord.query(on: app.db).filter(\.$name == "李梅").first()!
            let stranger = try await PersonRecord.query(on: app.db).filter(\.$name == "王五").first()!
            let path = "/households/\(t001.id!.uuidString)/jobs"
            let month = CivilMonth(CivilDate.today.adding(months: -2)).description
            func spell(_ changes: [String: String]) -> [String: String] {
                ["record": "spell", "spellPerson": zhang.id!.uuidString, "spellPlace": "440305", "spellStart": month, "spellEnd": "",
                 "spellEmployer": "深圳某电子厂", "spellChannel": "organised", "spellIncome": "4800"].merging(changes) { $1 }
            }
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            for (fields, message) in [(spell(["spellStart": "三月"]), "请填写开始月份"), (spell(["spellEnd": "2025-13"]), "结束月份应如2025-08"),
                                      (spell(["spellPlace": "深圳"]), "务工地应为县级行政区划代码"), (spell(["spellPlace": "410100"]), "务工地应为县级行政区划代码"),
                                      (spell(["spellIncome": "-5"]), "月收入应为大于0的金额"), (spell(["spellIncome": String(repeating: "9", count: 5000)]), "月收入"),
                                      (spell(["spellPerson": stranger.id!.uuidString]), "请选择本户在册成员"), (spell(["spellChannel": "<script>"]), "请选择就业渠道"),
                                      (spell(["record": "<script>alert(1)</script>"]), "请从农户页面的就业帮扶表单提交"),
                                      (["record": "post", "postPerson": li.id!.uuidString, "postType": "cleaning", "postEmployer": "村委会", "postStart": "昨天", "postPay": "500"], "请填写上岗日期")] {
                try await post(cun, fields) { res in
                    #expect(res.status.code >= 400 && res.body.string.contains(message), "\(message): \(res.status)")
                    #expect(!res.body.string.contains("<script>alert"))
                }
            }
            #expect(try await WorkSpellRecord.query(on: app.db).count() == 0)
            #expect(try await PublicPostRecord.query(on: app.db).count() == 0)
            try await post(yibao, spell([:])) { res in #expect(res.status.code >= 400) }
            try await post(cun, spell(["spellEmployer": "<b>深圳</b>某厂"])) { res in #expect(res.status == .seeOther) }
            try await post(cun, spell(["spellStart": CivilMonth(CivilDate.today).description])) { res in
                #expect(res.status.code == 422 && res.body.string.contains("重叠"))
            }
            try await post(cun, ["record": "post", "postPerson": li.id!.uuidString, "postType": "cleaning", "postEmployer": "王庄村委会",
                                 "postStart": CivilDate.today.adding(days: -30).description, "postPay": "500"]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)", beforeRequest: { cun.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<h2 id=\"jobs\">就业帮扶</h2>") && html.contains("省外（440305）") && html.contains("保洁员"))
                #expect(html.contains("&lt;b&gt;深圳&lt;/b&gt;某厂") && !html.contains("<b>深圳</b>"))
            }
            // The income form offers the ledgers' wages for the year and fills them only when asked; nothing is saved.
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)/income?year=\(CivilDate.today.year)", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("台账中\(CivilDate.today.year)年的收入") && res.body.string.contains("李梅公益岗位保洁员"))
                #expect(!res.body.string.contains("已按台账填入"))
            }
            try await app.testing().test(.GET, "/households/\(t001.id!.uuidString)/income?year=\(CivilDate.today.year)&fill=ledger", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("已按台账填入工资性收入"))
            }
            #expect(try await IncomeRecord.query(on: app.db).filter(\.$householdID == t001.id!).filter(\.$year == CivilDate.today.year).count() == 0)
            try await app.testing().test(.GET, "/jobs", beforeRequest: { yibao.apply(&$0) }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the county sets the year's target and reads 务工人数 against it on /jobs and in XLSX; a village cannot set one and a bad target is refused beside the field")
    func targetsAndFigures() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("xian", role: .county, region: "411681")
            let cun = try await signIn(app, "cun"), xian = try await signIn(app, "xian")
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let zhang = try await PersonRecord.query(on: app.db).filter(\.$name == "张三").first()!
            let village = ScopedRegistry(db: app.db, actor: Actor(try await UserRecord.query(on: app.db).filter(\.$username == "cun").first()!))
            try await JobStore(village).addSpell(t001, person: zhang.id, WorkSpell(place: RegionCode("440305")!, start: CivilMonth(CivilDate.today.adding(months: -1)), end: nil),
                                                 today: .today)
            func target(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/jobs/targets", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let year = String(CivilDate.today.year)
            try await target(cun, ["measure": "workers", "year": year, "target": "8", "source": "市定目标"]) { res in
                #expect(res.status.code == 422 && res.body.string.contains("目标任务由县级及以上登记"))
            }
            try await target(xian, ["measure": "workers", "year": year, "target": "八", "source": "市定目标"]) { res in
                #expect(res.status.code == 422 && res.body.string.contains("目标应为整数") && res.body.string.contains("value=\"市定目标\""))
            }
            #expect(try await JobTargetRecord.query(on: app.db).count() == 0)
            try await target(xian, ["measure": "workers", "year": year, "target": "8", "source": "周口市〔\(year)〕目标任务"]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/jobs", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<td data-label=\"指标\">脱贫人口务工人数</td><td class=\"num\" data-label=\"完成\">1</td><td class=\"num\" data-label=\"目标\">8</td><td class=\"num\" data-label=\"完成率\">12.5%</td>"), "\(html)")
            }
            try await app.testing().test(.GET, "/jobs.xlsx", beforeRequest: { xian.apply(&$0) }) { res in
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(table.header.prefix(3) == ["乡（镇、街道）", "务工人数", "县内"] && table.header.last == "培训人数")
                #expect(table.rows.first { $0.first == "南顿镇" }?.prefix(5) == ["南顿镇", "1", "0", "0", "1"])
                #expect(table.rows.last?.first == "合计")
            }
            // The 务工 list in the import's own columns: it goes back in unchanged; a village may not take it out; taking it is audited.
            var listed = Data()
            try await app.testing().test(.GET, "/jobs/lists/work_spells.xlsx", beforeRequest: { xian.apply(&$0) }) { res in
                listed = Data(buffer: res.body)
                let table = try XLSXReader.table(from: listed)
                #expect(Array(table.header.prefix(3)) == ["身份证号", "务工地区划代码", "开始月份"])
                #expect(table.rows.count == 1 && table.rows.first?.first == zhang.idNumber)
            }
            let county = ScopedRegistry(db: app.db, actor: Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!))
            #expect(try await LedgerImporter(county).importFile(listed, filename: "务工.xlsx", kind: .workSpells, today: .today).unchanged == 1)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "job_list").count() == 1)
            try await app.testing().test(.GET, "/jobs/lists/work_spells.xlsx", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.GET, "/jobs/lists/loans.xlsx", beforeRequest: { xian.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/jobs?asOf=<script>", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("<script>"))
            }
            // Handed down: the county sets 南顿镇's target; the county page lists it against the township's count, and the
            // township reads it as its own. A unit that is not the county's, or not a code, is refused beside the field.
            try await app.makeUser("zhen", role: .township, region: "411681101")
            let zhen = try await signIn(app, "zhen")
            try await target(xian, ["unit": "411681101", "measure": "workers", "year": year, "target": "2", "source": "县定目标"]) { res in #expect(res.status == .seeOther) }
            for unit in ["411602", "<script>", String(repeating: "4", count: 300)] {
                try await target(xian, ["unit": unit, "measure": "workers", "year": year, "target": "2", "source": "县定目标"]) { res in
                    #expect(res.status.code == 422 && res.body.string.contains("只能下达给本级或直接下级单位") && !res.body.string.contains("<script>"))
                }
            }
            try await app.testing().test(.GET, "/jobs", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("下达乡（镇、街道）的目标任务") && res.body.string.contains("1 / 2（50.0%）"))
            }
            try await app.testing().test(.GET, "/jobs", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.body.string.contains("县定目标") && res.body.string.contains("50.0%"))
            }
        }
    }

    @Test("公益岗位考勤 on a phone: the village's sheet shows its own posts of last month; letters, a negative day, too many days, a pay above the days worked and a 1e308 pay are refused beside the row with what was typed kept and nothing written; a field naming another village's post is not read; a blank pay is the pay the days earn; a leader and a department officer cannot open it")
    func attendanceSheet() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            let cun = try await signIn(app, "cun"), lingdao = try await signIn(app, "lingdao")
            let user = { (name: String) async throws -> Actor in Actor(try await UserRecord.query(on: app.db).filter(\.$username == name).first()!) }
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let t003 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
            let li = try await PersonRecord.query(on: app.db).filter(\.$name == "李梅").first()!
            let zhao = try await PersonRecord.query(on: app.db).filter(\.$name == "赵六").first()!
            let start = CivilMonth(index: CivilMonth(CivilDate.today).index - 3).firstDay
            let mine = try await JobStore(ScopedRegistry(db: app.db, actor: try await user("cun"))).addPost(t001, person: li.id,
                PublicPost(type: .cleaning, employer: "王庄村委会", start: start, end: nil, monthlyPay: Money(yuan: 500)), today: .today)
            let theirs = try await JobStore(ScopedRegistry(db: app.db, actor: try await user("zhen2"))).addPost(t003, person: zhao.id,
                PublicPost(type: .roads, employer: "赵营村委会", start: start, end: nil, monthlyPay: Money(yuan: 600)), today: .today)
            let month = CivilMonth(index: CivilMonth(CivilDate.today).index - 1).description
            try await app.testing().test(.GET, "/jobs/attendance?month=9999-99%0D%0AX", beforeRequest: { cun.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("李梅") && html.contains("name=\"present.\(mine.id!.uuidString)\"") && !html.contains("赵六"))
                #expect(html.contains("\(month.prefix(4))年\(Int(month.suffix(2))!)月公益岗位考勤"), "a month that is not one falls back to last month")
            }
            let id = mine.id!.uuidString
            func send(_ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/jobs/attendance", beforeRequest: { req in
                    cun.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": cun.csrf, "month": month]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            for (fields, message) in [(["required.\(id)": "二十二", "present.\(id)": "20"], "请填写应出勤和实际出勤天数"),
                                      (["required.\(id)": "22", "present.\(id)": "-2"], "实际出勤天数应为0至22天"),
                                      (["required.\(id)": "40", "present.\(id)": "20"], "应出勤天数应为1至"),
                                      (["required.\(id)": "22", "present.\(id)": "20", "pay.\(id)": "500"], "超过按出勤折算的454.55元"),
                                      (["required.\(id)": "22", "present.\(id)": "22", "pay.\(id)": "1e308"], "发放金额应为以元计的金额"),
                                      (["required.\(id)": "22"], "请填写应出勤和实际出勤天数")] {
                try await send(fields) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(res.body.string.contains("value=\"\(fields["required.\(id)"]!)\""), "what was typed stays")
                }
            }
            #expect(try await PostAttendanceRecord.query(on: app.db).count() == 0)
            try await send(["required.\(id)": "22", "present.\(id)": "20", "required.\(theirs.id!.uuidString)": "22", "present.\(theirs.id!.uuidString)": "22"]) { res in
                #expect(res.status == .seeOther)
            }
            let kept = try await PostAttendanceRecord.query(on: app.db).all()
            #expect(kept.map(\.postID) == [mine.id!] && kept.first?.payFen == 45_455)
            try await app.testing().test(.GET, "/jobs/attendance?month=\(month)&saved=1", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("已登记1人的考勤") && res.body.string.contains("value=\"454.55\""))
            }
            try await app.testing().test(.GET, "/jobs/attendance", beforeRequest: { lingdao.apply(&$0) }) { res in #expect(res.status == .forbidden) }
        }
    }
}

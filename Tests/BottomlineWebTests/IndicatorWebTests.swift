import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("指标页面")
struct IndicatorWebTests {
    @Test("the home page is the dashboard of the user's level: the county sees its townships, a township its villages, a village its households; a write shows on the next load; the last frozen month sits beside the live figure")
    func dashboards() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("cun", role: .village, region: "411681101202")
            let county = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), cun = try await signIn(app, "cun")
            func home(_ b: Browser, _ path: String = "/") async throws -> String {
                var html = ""
                try await app.testing().test(.GET, path, beforeRequest: { b.apply(&$0) }) { res in
                    #expect(res.status == .ok, "\(path)")
                    html = res.body.string
                }
                return html
            }
            func card(_ html: String, _ label: String) -> String? {
                // <div class="card…"><div class="n">VALUE</div><div class="l">LABEL</div>
                guard let end = html.range(of: "</div><div class=\"l\">\(label)</div>") else { return nil }
                let before = html[..<end.lowerBound]
                guard let start = before.range(of: "<div class=\"n\">", options: .backwards) else { return nil }
                return String(before[start.upperBound...]).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            }
            var html = try await home(county)
            #expect(card(html, "登记户数") == "3" && card(html, "在册人数") == "5" && card(html, "监测对象（户）") == "0")
            #expect(html.contains("下辖乡镇") && html.contains("<a href=\"/regions/411681101\">南顿镇</a>") && html.contains("合计"))
            #expect(html.contains("<svg") && html.contains("监测对象户数（按乡镇）") && html.contains("人均纯收入相对监测标准"))
            #expect(html.contains("尚无冻结的月末数据"))
            // Drill down: the county opens 南顿镇 and sees its villages with the same figures.
            html = try await home(county, "/regions/411681101")
            #expect(card(html, "登记户数") == "2" && html.contains("王庄村") && html.contains("李楼村") && !html.contains("赵营村"))
            // The township cadre's own home is the same page; the village cadre's lists its households needing attention.
            html = try await home(zhen)
            #expect(card(html, "登记户数") == "2" && html.contains("下辖村") && !html.contains("孙店镇"))
            html = try await home(cun)
            #expect(card(html, "登记户数") == "1" && html.contains("需要关注的农户") && html.contains("T002") && !html.contains("T001"))
            try await app.testing().test(.GET, "/regions/411681101201", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.status == .notFound) }
            // A household enters monitoring (written directly): the next load shows it at every level.
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            t2.monitoringCategory = MonitoringCategory.marginal.rawValue
            t2.monitoringSince = CivilDate.today.description
            try await t2.save(on: app.db)
            html = try await home(county)
            #expect(card(html, "监测对象（户）") == "1" && card(html, "本月新识别（户）") == "1" && html.contains("每月新识别监测对象（户）"))
            let (townshipHome, villageHome) = (try await home(zhen), try await home(cun))
            #expect(card(townshipHome, "风险未消除（户）") == "1" && card(villageHome, "监测对象（户）") == "1")
            // Once last month is frozen its figure is printed under the live one; a later change moves only the live one.
            // (The household was on record as monitored before last month ended.)
            let today = CivilDate.today
            let previous = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
            let period = "\(previous.year)-\(previous.month < 10 ? "0" : "")\(previous.month)"
            t2.monitoringSince = previous.adding(days: -5).description
            try await t2.save(on: app.db)
            try await RecordedHistory.treatAsLongRecorded(on: app.db)
            let actor = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            _ = try await IndicatorStore(ScopedRegistry(db: app.db, actor: actor)).freeze(period: period, today: today)
            t2.monitoringCategory = nil
            try await t2.save(on: app.db)
            html = try await home(county)
            #expect(html.contains("\(period)月末 1") && card(html, "监测对象（户）")?.hasPrefix("0") == true)
        }
    }

    @Test("the county sees each township with a 合计 row and drills down; a village cadre asking for the county gets 404; a reversed period is refused")
    func page() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            t2.monitoringCategory = MonitoringCategory.marginal.rawValue
            t2.monitoringSince = "2026-01-05"
            t2.riskEliminatedOn = "2026-08-01"
            try await t2.save(on: app.db)
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let county = try await signIn(app, "xian"), cun = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/indicators", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("合计") && html.contains("南顿镇") && html.contains("/indicators?region=411681101"))
                #expect(html.contains("100.0%"))   // 风险消除率: T002's one person of one monitored person
            }
            try await app.testing().test(.GET, "/indicators?rank=SB04&target=0", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<svg") && html.contains("监测对象类别（户）") && !html.contains("style=\""))
                #expect(html.contains("提示函名单") && html.contains("未达目标"))   // 南顿镇 has T002's housing and water gaps
            }
            try await app.testing().test(.GET, "/indicators?region=411681101", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("王庄村") && res.body.string.contains("李楼村"))
            }
            try await app.testing().test(.GET, "/indicators?region=411681", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/indicators/bulletin.xlsx?region=411681&rank=XC03&from=2026-01-01&to=2026-11-16", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .ok && res.headers.contentType?.subType.contains("spreadsheetml") == true)
                // The file is named by the whole title, its period included, not cut in the middle of a date.
                let disposition = res.headers.first(name: .contentDisposition) ?? ""
                let name = disposition.components(separatedBy: "filename*=UTF-8''").last?.removingPercentEncoding ?? ""
                #expect(name == "项城市防止返贫动态监测和帮扶工作进展通报（2026-01-01至2026-11-16）.xlsx", "\(name)")
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(table.header.first?.contains("项城市") == true)
                #expect(table.rows.contains { $0.count > 1 && $0[1] == "南顿镇" } && table.rows.contains { $0.count > 1 && $0[1] == "合计" })
            }
            try await app.testing().test(.GET, "/indicators/bulletin.csv?region=411681", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/indicators?from=2026-05-01&to=2026-01-01", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .badRequest && res.body.string.contains("起始日期不能晚于截止日期"))
            }
        }
    }

    @Test("a rate that cannot be computed prints “—” with a note saying whose denominator is missing, on the indicators page and the dashboard; every registry page carries the search box, a department officer's does not")
    func undefinedRatesExplained() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let county = try await signIn(app, "xian"), yibao = try await signIn(app, "yibao")
            for path in ["/indicators", "/"] {
                try await app.testing().test(.GET, path, beforeRequest: { county.apply(&$0) }) { res in
                    let html = res.body.string
                    #expect(html.contains(">—<"), "\(path)")
                    #expect(html.contains("“—”表示分母为零") && html.contains("该单位本期没有“"), "\(path)")
                    #expect(html.contains("<form class=\"search\" method=\"get\" action=\"/households\""), "\(path)")
                }
            }
            try await app.testing().test(.GET, "/indicators?q=", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("15天内完成识别比例：该单位本期没有“完成识别纳入的”"))
            }
            try await app.testing().test(.GET, "/screening", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(!res.body.string.contains("form class=\"search\""))
            }
        }
    }

    @Test("the county freezes last month on the page and reads it back next to the live figures; a village cadre cannot freeze")
    func freeze() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await RecordedHistory.treatAsLongRecorded(on: app.db)   // a registry on record before last month ended
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let county = try await signIn(app, "xian"), cun = try await signIn(app, "cun")
            let today = CivilDate.today
            let previous = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
            let period = "\(previous.year)-\(previous.month < 10 ? "0" : "")\(previous.month)"
            func post(_ b: Browser, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                var token = ""
                try await app.testing().test(.GET, "/indicators/freeze?period=\(period)", beforeRequest: { b.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/indicators/freeze", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(["_csrf": token, "period": period], as: .urlEncodedForm)
                }, afterResponse: check)
            }
            // The indicators page leads to a page that says what freezing does before it is done.
            try await app.testing().test(.GET, "/indicators", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("/indicators/freeze?period=\(period)") && !res.body.string.contains("action=\"/indicators/freeze\""))
            }
            try await app.testing().test(.GET, "/indicators/freeze?period=\(period)", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("确认冻结\(period)月末数据") && html.contains("24时") && html.contains("不能撤销"))
            }
            try await post(cun) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("县级管理员")) }
            try await post(county) { res in #expect(res.status == .seeOther) }
            // Asked again: a page (not an error) that says when and by whom it was frozen, and links to the figures.
            try await post(county) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("\(period)月末数据已冻结") && html.contains("由xian冻结") && html.contains("?snapshot=\(period)"))
                #expect(!html.contains("确认冻结"))
            }
            try await app.testing().test(.GET, "/indicators", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("\(period)月末数据已冻结") && !res.body.string.contains("/indicators/freeze?period="))
            }
            try await app.testing().test(.GET, "/indicators?snapshot=\(period)", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("\(period)月末冻结数") && res.body.string.contains("实时数"))
            }
            // Three villages, and the townships they belong to, so a county's frozen month reads one row per township.
            let frozenCodes = try await IndicatorSnapshotRecord.query(on: app.db).all().map(\.villageCode)
            #expect(frozenCodes.filter { $0.count == 12 }.count == 3)
            #expect(Set(frozenCodes.filter { $0.count == 9 }) == Set(frozenCodes.filter { $0.count == 12 }.map { String($0.prefix(9)) }))
            // A second frozen month draws the month-end trend line of the ranking indicator.
            let before = CivilDate(year: previous.year, month: previous.month, day: 1)!.adding(days: -1)
            let earlier = "\(before.year)-\(before.month < 10 ? "0" : "")\(before.month)"
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            t2.monitoringCategory = MonitoringCategory.marginal.rawValue
            try await t2.save(on: app.db)
            let actor = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()!)
            #expect(try await IndicatorStore(ScopedRegistry(db: app.db, actor: actor)).freeze(period: earlier, today: today) == 3)
            try await app.testing().test(.GET, "/indicators?rank=JC01", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<polyline") && html.contains("月末走势") && html.contains(">\(earlier)<") && html.contains(">\(period)<"))
            }
        }
    }

    @Test("the quarterly score ranks the townships with data; the county changes the weights (bad weights refused, nothing saved); a village cadre cannot")
    func score() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let county = try await signIn(app, "xian"), cun = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/indicators/score", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("南顿镇") && html.contains("孙店镇") && html.contains("系统默认权重") && html.contains("总分"))
            }
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                var token = ""
                try await app.testing().test(.GET, "/indicators", beforeRequest: { b.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/indicators/score", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": token]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            // The page offers one field per indicator that can be weighed, filled with the weights in force.
            try await app.testing().test(.GET, "/indicators/score", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("name=\"w_XC03\" value=\"30\"") && res.body.string.contains("name=\"w_SB04\" value=\"\"") && !res.body.string.contains("指标编号=权重"))
            }
            let blank = Dictionary(uniqueKeysWithValues: ScoreCard.weighable.map { ("w_" + $0.code, "") })
            let good = blank.merging(["w_XC03": "50", "w_SB04": "50", "effectiveFrom": "2026-01-01", "source": "县考评办法"]) { _, b in b }
            try await post(cun, good) { res in #expect(res.status == .forbidden) }
            try await post(county, good.merging(["w_XC03": "500"]) { _, b in b }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("0至100") && res.body.string.contains("name=\"w_XC03\" value=\"500\""))
            }
            try await post(county, good.merging(["w_XC03": "五十"]) { _, b in b }) { res in #expect(res.status == .unprocessableEntity) }
            try await post(county, good.merging(["source": ""]) { _, b in b }) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("依据")) }
            #expect(try await ScoreWeightsRecord.query(on: app.db).count() == 0)
            try await post(county, good) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/indicators/score", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("县考评办法") && res.body.string.contains("权重50"))
            }
        }
    }
}

@Suite("保存的通报")
struct BulletinWebTests {
    @Test("a county administrator saves a bulletin (bad input refused field by field); the county reads it over its townships, a township cadre over its own villages only; XLSX carries the chosen columns")
    func saved() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            let county = try await signIn(app, "xian"), township = try await signIn(app, "zhen")
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                var token = ""
                try await app.testing().test(.GET, "/bulletins", beforeRequest: { b.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
                try await app.testing().test(.POST, "/bulletins", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": token]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let good = ["title": "防止返贫监测帮扶月度通报", "col_JC01": "on", "col_JC02": "on", "col_XC03": "on", "rank": "XC03", "footnote": "本版由项城市乡村振兴局供稿"]
            // The form lists the catalogue as boxes, the headline ones ticked; codes typed by hand still work (the API's way).
            try await app.testing().test(.GET, "/bulletins", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("name=\"col_XC03\" value=\"on\" checked") && !res.body.string.contains("指标编号（逗号分隔）"))
            }
            let typed = good.filter { !$0.key.hasPrefix("col_") }
            for (base, field, value, message) in [(good, "title", "<b>x</b>", "标题"), (typed, "columns", "JC01,NOPE", "没有指标"), (typed, "columns", "JC01,JC01", "重复"),
                                                  (typed, "columns", "", "请选择1至12项指标"),
                                                  (good, "rank", "ZZ", "排名依据"), (good, "footnote", String(repeating: "注", count: 201), "脚注")] {
                try await post(county, base.merging([field: value]) { _, b in b }) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(field)")
                }
            }
            try await post(township, good) { res in #expect(res.status == .forbidden) }
            #expect(try await BulletinRecord.query(on: app.db).count() == 0)
            var location = ""
            try await post(county, good) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            try await app.testing().test(.GET, location, beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("项城市防止返贫监测帮扶月度通报") && html.contains("南顿镇") && html.contains("合计") && html.contains("本版由项城市乡村振兴局供稿"))
            }
            try await app.testing().test(.GET, location, beforeRequest: { township.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("南顿镇防止返贫监测帮扶月度通报") && html.contains("王庄村") && !html.contains("孙店镇") && !html.contains("赵营村"))
            }
            try await app.testing().test(.GET, location + "?format=xlsx", beforeRequest: { county.apply(&$0) }) { res in
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(table.rows[1].contains("监测对象户数（户）") && table.rows[1].contains("风险消除率（人）") && !table.rows[1].contains("走访覆盖率"))
            }
        }
    }

    @Test("a city ranks its counties: the city's dashboard, indicator page and bulletin list counties with the same figures; a county cannot read the city")
    func city() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let xihua = """
                户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别,劳动能力,健康状况,残疾等级,在校生状况,参加基本医疗保险,住房安全等级,饮水安全,收入年度,工资性收入,生产经营性收入,转移性收入,生产经营性支出
                X001,411622001201,娲城村,周七,\(validID("41162219750606106")),户主,脱贫户,普通劳动力,健康,,非在校生,是,A,是,,,,,
                X001,411622001201,娲城村,吴八,\(validID("41162219770707107")),配偶,脱贫户,普通劳动力,健康,,非在校生,是,,,,,,,
                """
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(xihua.utf8), filename: "xihua.csv")
            #expect(report.succeeded)
            try await app.makeUser("shi", role: .admin, region: "4116")
            try await app.makeUser("lingdao", role: .leader, region: "4116")
            try await app.makeUser("xian", role: .county, region: "411681")
            let admin = try await signIn(app, "shi"), leader = try await signIn(app, "lingdao"), county = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/", beforeRequest: { leader.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("周口市") && html.contains("下辖县（市、区）"))
                #expect(html.contains("<a href=\"/regions/411681\">项城市</a>") && html.contains("<a href=\"/regions/411622\">西华县</a>"))
                #expect(html.contains(">4</div><div class=\"l\">登记户数") && html.contains(">7</div><div class=\"l\">在册人数"))
            }
            try await app.testing().test(.GET, "/indicators?rank=JC01", beforeRequest: { leader.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("项城市") && res.body.string.contains("西华县"))
            }
            // The city's administrator saves a bulletin; it ranks the counties by 脱贫户 (项城市 1, 西华县 1: a tie).
            var token = ""
            try await app.testing().test(.GET, "/bulletins", beforeRequest: { admin.apply(&$0) }) { token = formToken($0.body.string) ?? "" }
            var location = ""
            try await app.testing().test(.POST, "/bulletins", beforeRequest: { req in
                admin.apply(&req)
                try req.content.encode(["_csrf": token, "title": "县（市、区）户数通报", "columns": "JB01,JB02,JB03", "rank": "JB03", "footnote": "本版由市乡村振兴局供稿"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            try await app.testing().test(.GET, location + "?format=xlsx", beforeRequest: { leader.apply(&$0) }) { res in
                #expect(res.status == .ok)
                // The reader takes the title row as the header; the column headers are the first row below it.
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                #expect(table.header.first?.contains("周口市") == true)
                #expect(table.rows.first?.contains("县（市、区）") == true && table.rows.first?.contains { $0.hasPrefix("排名") } == true)
                let row = { (unit: String) in table.rows.first { $0.count > 3 && $0[1] == unit } }
                #expect(row("项城市")?[2] == "3" && row("项城市")?[3] == "5")
                #expect(row("西华县")?[2] == "1" && row("西华县")?[3] == "2")
                #expect(row("川汇区")?[2] == "0")
                #expect(row("合计")?[2] == "4" && row("合计")?[3] == "7" && row("合计")?[4] == "2")
                #expect(row("项城市")?[5] == "1" && row("西华县")?[5] == "1")   // one 脱贫户 each: tied first
            }
            // A county administrator cannot read the city's figures.
            try await app.testing().test(.GET, "/indicators?region=4116", beforeRequest: { county.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/regions/4116", beforeRequest: { county.apply(&$0) }) { res in #expect(res.status == .notFound) }
        }
    }
}

import BottomlineDomain
@testable import BottomlineInterchange  // XLSXReader.part: the 测算条件 sheet is not the first
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 政策调整测算 on its page (issue 18 §2): the county opens on the next year's line already entered and sees who enters
/// by township, drills into a township's villages, exports the figures; wrong, oversized and hostile values are refused
/// in Chinese on the page; a township, a village and a department do not reach it, a leader reads it; nothing is written.
@Suite("政策调整测算页面")
struct WhatIfWebTests {
    /// The sample registry with lines of 7,000 元 (2024), 7,300 元 (2025) and 8,000 元 (2026, entered ahead); T003
    /// (赵营村, 孙店镇) lives on exactly 7,300 元 in 2025.
    static func world(_ app: Application) async throws {
        _ = try await app.importSample()
        for (from, value) in [("2024-01-01", "7000.00"), ("2025-01-01", "7300.00"), ("2026-01-01", "8000.00")] {
            let line = PolicySettingRecord()
            (line.parameter, line.regionCode, line.effectiveFrom, line.value, line.source) = (PolicyParameter.monitoringIncomeLine.rawValue, "41", from, value, "测试")
            try await line.create(on: app.db)
        }
        let t003 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
        let income = IncomeRecord()
        (income.householdID, income.year, income.wages, income.business, income.property, income.transfers, income.businessCosts,
         income.compliantSelfPaid, income.memberCount) = (t003.id!, 2025, 7_300_00, 0, 0, 0, 0, 0, 1)
        try await income.create(on: app.db)
        for (name, role, region) in [("xian", Role.county, "411681"), ("zhen", .township, "411681101"), ("cun", .village, "411681101201"),
                                     ("lingdao", .leader, "411681"), ("yibao", .department, "411681")] {
            try await app.makeUser(name, role: role, region: region)
        }
    }

    static func cases(_ html: String) -> String? {
        html.range(of: "<div class=\"n\">([^<]*)</div><div class=\"l\">需新识别", options: .regularExpression).map { String(html[$0]).components(separatedBy: "</div>")[0].replacingOccurrences(of: "<div class=\"n\">", with: "") }
    }

    @Test("opens on the next year's line; the line at T003's income, a fen above and a fen below; by township, then a township's villages; export")
    func page() async throws {
        try await withTestApp { app in
            try await Self.world(app)
            let xian = try await signIn(app, "xian")
            let households = try await HouseholdRecord.query(on: app.db).count(), audit = try await AuditRecord.query(on: app.db).count()
            try await app.testing().test(.GET, "/whatif", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok)
                #expect(html.contains("现行标准7300元") && html.contains("已录入下一年度标准8000元") && html.contains("测算标准8000元"))
                #expect(Self.cases(html) == "1" && html.contains("unit=411681102") && html.contains("<svg"))
            }
            for (line, cases) in [("7300", "0"), ("7300.01", "1"), ("7299.99", "0")] {
                try await app.testing().test(.GET, "/whatif?year=2025&line=\(line)", beforeRequest: { xian.apply(&$0) }) { res in
                    #expect(res.status == .ok && Self.cases(res.body.string) == cases, "line \(line)")
                }
            }
            try await app.testing().test(.GET, "/whatif?year=2025&line=8000&band=50&unit=411681102", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("赵营村") && !html.contains("王庄村") && html.contains("关注带（高于标准50%以内）"))
            }
            // A unit typed with a line break is read as its code, and the page's own links carry only the code.
            try await app.testing().test(.GET, "/whatif?year=2025&line=8000&unit=411681102%0D%0A", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("赵营村") && html.contains("unit=411681102\"") && !html.contains("\r\n\""))
            }
            try await app.testing().test(.GET, "/whatif/export.xlsx?year=2025&line=8000", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .ok && res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                let table = try XLSXReader.table(from: Data(buffer: res.body))
                let sundian = try #require(table.rows.first { $0.first == "411681102" })
                let header = table.header
                #expect(sundian[header.firstIndex(of: "需新识别（户）")!] == "1" && sundian[header.firstIndex(of: "干部（名）")!] == "0")
                let nandun = try #require(table.rows.first { $0.first == "411681101" })
                #expect(nandun[header.firstIndex(of: "现行标准下（户）")!] == "1" && nandun[header.firstIndex(of: "干部（名）")!] == "2")
            }
            // A past year reads that year's incomes (none here) and says it took who was monitored at that year's end.
            try await app.testing().test(.GET, "/whatif?year=2024&line=7500", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("现行标准7000元") && html.contains("往年测算：收入按2024年的记录，是否为监测对象按2024年12月31日的登记")
                        && html.contains("3户没有2024年收入记录"))
            }
            try await app.testing().test(.GET, "/whatif/export.xlsx?year=2024&line=7500", beforeRequest: { xian.apply(&$0) }) { res in
                // The second sheet, 测算条件, names the day the standing was read on.
                let conditions = String(decoding: try #require(try XLSXReader.part("xl/worksheets/sheet2.xml", of: Data(buffer: res.body))), as: UTF8.self)
                #expect(conditions.contains(">监测对象身份按<") && conditions.contains(">2024年12月31日的登记（往年测算）<"))
            }
            // The latest year on record is judged as the registry stands today, and says nothing of a past year; its
            // total row is marked as one (once escaped into the text of the tag).
            try await app.testing().test(.GET, "/whatif?year=2025&line=8000", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("往年测算"))
                #expect(res.body.string.contains("<tr class=\"total\"><td data-label=\"乡（镇、街道）\">合计</td>") && !res.body.string.contains("&quot;total&quot;"))
            }
            // Nothing written, not even an audit row: a what-if is a reading.
            let (householdsAfter, auditAfter) = (try await HouseholdRecord.query(on: app.db).count(), try await AuditRecord.query(on: app.db).count())
            #expect(householdsAfter == households && auditAfter == audit)
        }
    }

    @Test("wrong, oversized and hostile values are refused in Chinese on the page, status 422, the form keeping what was typed")
    func refusals() async throws {
        try await withTestApp { app in
            try await Self.world(app)
            let xian = try await signIn(app, "xian")
            for (query, message) in [("line=abc", "测算标准应为1000至100000元之间的金额"), ("line=999", "测算标准应为1000至100000元之间的金额"),
                                     ("line=\(String(repeating: "9", count: 400))", "测算标准应为1000至100000元之间的金额"),
                                     ("line=8000&band=500", "关注带应为1至200之间的整数"), ("line=8000&band=-5", "关注带应为1至200之间的整数"),
                                     ("year=1900&line=8000", "收入年度应为2016至2026年"), ("year=2019&line=8000", "2019年尚未录入监测标准"),
                                     ("line=8000&unit=411682", "只能查看本辖区内的市、县、乡镇"), ("line=8000&unit=411681101201", "只能查看本辖区内的市、县、乡镇"),
                                     ("line=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "测算标准应为")] {
                try await app.testing().test(.GET, "/whatif?\(query)", beforeRequest: { xian.apply(&$0) }) { res in
                    let html = res.body.string
                    #expect(res.status == .unprocessableEntity && html.contains(message) && !html.contains("<script>alert"), "\(query)")
                }
            }
            try await app.testing().test(.GET, "/whatif/export.xlsx?line=abc", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("测算标准应为"))
            }
        }
    }

    @Test("a township, a village cadre and a department officer are refused; a leader reads; the menu shows it to the county only")
    func who() async throws {
        try await withTestApp { app in
            try await Self.world(app)
            for name in ["zhen", "cun", "yibao"] {
                let b = try await signIn(app, name)
                try await app.testing().test(.GET, "/whatif?line=8000", beforeRequest: { b.apply(&$0) }) { res in #expect(res.status == .forbidden, "\(name)") }
                try await app.testing().test(.GET, "/whatif/export.xlsx?line=8000", beforeRequest: { b.apply(&$0) }) { res in #expect(res.status == .forbidden, "\(name)") }
            }
            let zhen = try await signIn(app, "zhen")
            try await app.testing().test(.GET, "/", beforeRequest: { zhen.apply(&$0) }) { res in #expect(!res.body.string.contains("/whatif")) }
            let lingdao = try await signIn(app, "lingdao"), xian = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/whatif?line=8000", beforeRequest: { lingdao.apply(&$0) }) { res in #expect(res.status == .ok && Self.cases(res.body.string) == "1") }
            try await app.testing().test(.GET, "/", beforeRequest: { xian.apply(&$0) }) { res in #expect(res.body.string.contains("政策测算")) }
            // The province's administrator reads it by city, and opens its cities and counties down to the townships.
            try await app.makeUser("sheng", role: .admin, region: "41")
            let sheng = try await signIn(app, "sheng")
            for (unit, next) in [("", "unit=4116"), ("&unit=4116", "unit=411681"), ("&unit=411681", "unit=411681102")] {
                try await app.testing().test(.GET, "/whatif?line=8000\(unit)", beforeRequest: { sheng.apply(&$0) }) { res in
                    #expect(res.status == .ok && res.body.string.contains(next) && Self.cases(res.body.string) == "1", "\(unit)")
                }
            }
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Testing
import Vapor
import VaporTesting

/// 疑点数据核查 on its page (issue 18 §1): the county runs the checks and sees each finding with the values that raised it
/// and a link to the household; a township explains one with a reason (an empty, a control-character and an oversized
/// reason refused in Chinese, nothing written); another township gets 404 for it; a leader reads and cannot run; a
/// department officer cannot open the page.
@Suite("疑点数据核查页面")
struct QualityWebTests {
    @Test("run, list, explain; refusals in Chinese; who may see and do what")
    func page() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let line = PolicySettingRecord()
            (line.parameter, line.regionCode, line.effectiveFrom, line.value, line.source) = (PolicyParameter.monitoringIncomeLine.rawValue, "41", "2025-01-01", "7300.00", "测试")
            try await line.create(on: app.db)
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            try await app.makeUser("yibao", role: .department, region: "411681")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2")
            let lingdao = try await signIn(app, "lingdao"), yibao = try await signIn(app, "yibao")
            func post(_ b: Browser, _ path: String, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await app.testing().test(.GET, "/quality", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("尚未核查") && res.body.string.contains("收入低于监测标准未纳入监测"))
            }
            try await post(lingdao, "/quality/run", [:]) { res in #expect(res.status == .forbidden && res.body.string.contains("只读用户不能发起核查")) }
            #expect(try await DataCheckRunRecord.query(on: app.db).count() == 0)
            try await post(xian, "/quality/run", [:]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/quality?ran=1", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("核查完成") && html.contains("由xian核查3户"))
                #expect(html.contains("王五户（T002）") && html.contains("2025年人均纯收入4000元，低于监测标准7300元"))
            }
            let finding = try #require(try await DataFindingRecord.query(on: app.db).filter(\.$code == "YD01").first())
            let path = "/quality/findings/\(finding.id!.uuidString)"
            // Another township: the same 404 as an id that does not exist.
            try await post(zhen2, path, ["reason": "已核实无误"]) { res in #expect(res.status == .notFound) }
            try await post(zhen2, "/quality/findings/not-an-id", ["reason": "已核实无误"]) { res in #expect(res.status == .notFound) }
            for (reason, message) in [("", "请填写核实情况（4至300字）"), ("已核实\u{7}无误", "核实情况含有控制字符"),
                                      (String(repeating: "核", count: 301), "请填写核实情况（4至300字）")] {
                try await post(zhen, path, ["reason": reason]) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                }
            }
            #expect(try await DataFindingRecord.find(finding.id!, on: app.db)?.stateValue == .open)
            try await post(zhen, path, ["reason": "<b>户主</b>已纳入低保，收入待复核"]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/quality?state=explained", beforeRequest: { zhen.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("&lt;b&gt;户主&lt;/b&gt;已纳入低保") && !html.contains("<b>户主"))
            }
            try await post(zhen, path, ["reason": "再次说明一下"]) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("该疑点已说明"))
            }
            // 孙店镇 lists none of 南顿镇's findings; a leader reads them without the button; a department officer is kept out.
            try await app.testing().test(.GET, "/quality?state=all", beforeRequest: { zhen2.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("T002"))
            }
            try await app.testing().test(.GET, "/quality?state=all", beforeRequest: { lingdao.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("T002") && !res.body.string.contains("立即核查"))
            }
            try await app.testing().test(.GET, "/quality", beforeRequest: { yibao.apply(&$0) }) { res in #expect(res.status == .forbidden) }
            // A long list comes 200 a page, the filters kept in the pager's links.
            let t002 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            for i in 0..<250 {
                let r = DataFindingRecord()
                (r.id, r.code, r.householdID, r.villageCode, r.subject) = (UUID(), "YD09", t002.id!, t002.villageCode, "p\(i)")
                (r.valuesText, r.state, r.foundOn, r.lastFoundOn) = ("第\(i)条", "open", "2026-11-16", "2026-11-16")
                try await r.create(on: app.db)
            }
            try await app.testing().test(.GET, "/quality?code=YD09", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("共250条，第1页，每页200条") && html.contains("href=\"/quality?code=YD09&amp;state=open&amp;page=2\">下一页"))
            }
            try await app.testing().test(.GET, "/quality?code=YD09&state=open&page=2", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("第2页") && html.contains(">上一页") && !html.contains(">下一页") && html.components(separatedBy: "data-label=\"疑点情况\"").count == 51)
            }
            // Hostile filters are ignored, not echoed.
            try await app.testing().test(.GET, "/quality?code=%3Cscript%3E&state=%3Cx%3E", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.status == .ok && !res.body.string.contains("<script>"))
            }
            // The rules table links each rule to its ranking, for a county and a township; a village has nothing to rank.
            try await app.testing().test(.GET, "/quality", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.body.string.contains("href=\"/indicators?rank=ZL-YD09\">排名</a>"))
            }
            // Findings by rule are indicators: the county ranks its townships by YD09's 疑点数, 南顿镇 with its 250 and
            // 孙店镇 with none, and lists the rule among all indicators.
            try await app.testing().test(.GET, "/indicators?rank=ZL-YD09", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("疑点数：出生日期与身份证号不符（按排名）") && html.contains("<option value=\"ZL-YD09\" selected>"))
                #expect(html.contains("<td>ZL-YD09</td><td>疑点数：出生日期与身份证号不符</td><td class=\"num\"><b>250</b>"))
                // T002's YD01 finding was explained: it counts neither way, and a rule with nothing to show is not listed.
                #expect(!html.contains("<td>ZL-YD01</td>") && !html.contains("<td>ZL-YD01-R</td>"))
            }
            // A bulletin lists and ranks by a rule's findings; the per-risk breakdowns stay on the indicators page.
            try await app.testing().test(.GET, "/bulletins", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("name=\"col_ZL-YD09\"") && html.contains("<option value=\"ZL-YD09\"") && !html.contains("name=\"col_FX-"))
            }
            var bulletin = ""
            try await post(xian, "/bulletins", ["title": "疑点数据整改通报", "col_ZL02": "on", "col_ZL-YD09": "on", "col_ZL-YD09-R": "on", "rank": "ZL-YD09"]) { res in
                #expect(res.status == .seeOther)
                bulletin = res.headers.first(name: .location) ?? ""
            }
            try await app.testing().test(.GET, bulletin, beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("疑点数：出生日期与身份证号不符") && html.contains("疑点整改率：出生日期与身份证号不符") && html.contains("南顿镇") && html.contains(">250<"))
            }
            // The quarterly score may weigh a rule's findings: folded away until one is weighed, then 孙店镇, with none,
            // comes first and 南顿镇, with 250, last.
            try await app.testing().test(.GET, "/indicators/score", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<details><summary>疑点数据，按核查规则（34项）</summary>") && html.contains("name=\"w_ZL-YD09\" value=\"\""))
            }
            let blank = Dictionary(uniqueKeysWithValues: ScoreCard.weighable.map { ("w_" + $0.code, "") })
            try await post(xian, "/indicators/score", blank.merging(["w_ZL-YD09": "100", "effectiveFrom": "2026-01-01", "source": "迎检前疑点整改考评"]) { _, b in b }) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/indicators/score", beforeRequest: { xian.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("<details open><summary>疑点数据，按核查规则") && html.contains("name=\"w_ZL-YD09\" value=\"100\""))
                #expect(html.contains("疑点数：出生日期与身份证号不符<br><span class=\"small muted\">权重100"))
                let sundian = try #require(html.range(of: "孙店镇 <span class=\"tag good\">表扬</span>")), nandun = try #require(html.range(of: "南顿镇 <span class=\"tag bad\">通报</span>"))
                #expect(sundian.lowerBound < nandun.lowerBound)
            }
        }
    }

    @Test("the county tries a setting (试算, nothing written), saves it from a date, and the next run follows it; a township, a number out of range, a word for a number and an unknown check are refused")
    func settings() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("zhen", role: .township, region: "411681101")
            let xian = try await signIn(app, "xian"), zhen = try await signIn(app, "zhen")
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/quality/settings", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            // 张三 (T001's householder) was born in 1970: no householder is under 16, but the county tries 60.
            let today = CivilDate.today.description
            func form(_ changes: [String: String]) -> [String: String] {
                ["code": "YD08", "enabled": "on", "value": "16", "effectiveFrom": today, "action": "preview"].merging(changes) { $1 }
            }
            for (fields, status, message) in [(form(["value": "99"]), HTTPStatus.unprocessableEntity, "户主最低年龄应在14至18周岁之间"),
                                              (form(["value": "十六"]), .unprocessableEntity, "请填写整数"),
                                              (form(["value": ""]), .unprocessableEntity, "请填写户主最低年龄（14至18周岁）"),
                                              (form(["enabled": "<x>"]), .unprocessableEntity, "请选择启用或停用"),
                                              (form(["effectiveFrom": "2099-01-01"]), .unprocessableEntity, "生效日期应在前后一年之内")] {
                try await post(xian, fields) { res in #expect(res.status == status && res.body.string.contains(message), "\(message)") }
            }
            try await post(xian, form(["code": "YD99"])) { res in #expect(res.status == .unprocessableEntity && res.body.string.contains("请选择核查规则")) }
            try await post(zhen, form(["action": "save"])) { res in #expect(res.status == .forbidden && res.body.string.contains("核查规则由县级设置")) }
            // 试算 of switching the shared-phone check off: nothing standing, nothing found, nothing written.
            try await post(xian, form(["code": "YD15", "enabled": "off", "value": "3"])) { res in
                #expect(res.status == .ok && res.body.string.contains("试算（未保存）：YD15 多户共用联系电话上次核查有疑点0条，按此设置将发现0条"))
            }
            #expect(try await DataCheckSettingRecord.query(on: app.db).count() == 0)
            #expect(try await DataFindingRecord.query(on: app.db).count() == 0)
            // T002 (王五, 4,000 元 a head) and T001 both have a phone now, and the county saves YD15 at two households.
            for h in try await HouseholdRecord.query(on: app.db).filter(\.$number ~~ ["T001", "T002"]).all() {
                h.phone = "13901234567"
                try await h.save(on: app.db)
            }
            try await post(xian, form(["code": "YD15", "value": "2"])) { res in
                #expect(res.body.string.contains("按此设置将发现2条（新增2条，不再提示0条）"))
                #expect(res.body.string.contains(#"<td class="num" data-label="现有疑点">0</td><td class="num" data-label="按此设置">2</td><td class="num" data-label="新增">2</td><td class="num" data-label="不再提示">0</td>"#))
                // By village, one each; by risk type, neither has one recorded.
                #expect(res.body.string.contains("<summary>按村（2个村，条）</summary>"))
                #expect(res.body.string.contains(#"<td data-label="村">南顿镇李楼村</td><td class="num" data-label="现有疑点">0</td><td class="num" data-label="按此设置">1</td><td class="num" data-label="新增">1</td>"#))
                #expect(res.body.string.contains(#"<td data-label="风险类型">未标注风险</td><td class="num" data-label="现有疑点">0</td><td class="num" data-label="按此设置">2</td><td class="num" data-label="新增">2</td>"#))
            }
            try await post(xian, form(["code": "YD15", "value": "2", "action": "save"])) { res in #expect(res.status == .seeOther) }
            let saved = try #require(try await DataCheckSettingRecord.query(on: app.db).first())
            #expect(saved.code == "YD15" && saved.value == 2 && saved.enabled && saved.regionCode == "411681" && saved.setBy == "xian")
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "data_check_setting").first()?.summary == "设置疑点核查规则 YD15 多户共用联系电话：启用，共用户数达到2户，\(today)起")
            try await app.testing().test(.POST, "/quality/run", beforeRequest: { req in
                xian.apply(&req)
                try req.content.encode(["_csrf": xian.csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await DataFindingRecord.query(on: app.db).filter(\.$code == "YD15").count() == 2)
            try await app.testing().test(.GET, "/quality?code=YD15", beforeRequest: { xian.apply(&$0) }) { res in
                #expect(res.body.string.contains("共用户数达到2户") && res.body.string.contains("联系电话139****4567登记在2户（2个家庭）"))
            }
        }
    }
}

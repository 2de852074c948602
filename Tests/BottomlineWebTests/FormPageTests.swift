import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("表单页面：错误显示在字段旁，已填内容保留", .serialized)
struct FormPageTests {
    func post(_ app: Application, _ browser: Browser, _ path: String, _ fields: [String: String],
              _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        var token = ""
        let formPath = path.hasSuffix("/departure") ? path.replacingOccurrences(of: "/departure", with: "/edit") : path
        try await app.testing().test(.GET, formPath, beforeRequest: { browser.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
        try await app.testing().test(.POST, path, beforeRequest: { req in
            browser.apply(&req)
            var body = fields
            body["_csrf"] = token
            try req.content.encode(body, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    @Test("补贴发放账号: typed with spaces on the edit form, kept as digits and shown masked; left blank it stays; revealed once, audited, to whoever may edit; a leader cannot; ticked off it is removed; malformed, or new and removed at once, it is refused in Chinese and nothing changes")
    func bankAccount() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            let cun = try await signIn(app, "cun"), lingdao = try await signIn(app, "lingdao")
            let t1 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let page = "/households/\(t1.id!.uuidString)", edit = page + "/edit"
            let fields = ["category": t1.category, "address": t1.address, "phone": t1.phone ?? ""]
            func stored() async throws -> String? { try await HouseholdRecord.find(t1.id, on: app.db)?.bankAccount }
            try await app.testing().test(.GET, page, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("<dt>补贴发放账号</dt><dd>未登记</dd>"))
            }
            try await post(app, cun, edit, fields.merging(["bankAccount": "6230 4159 2653 5897 930"]) { $1 }) { res in #expect(res.status == .seeOther) }
            #expect(try await stored() == "6230415926535897930")
            try await app.testing().test(.GET, page, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("6230 **** 7930") && !res.body.string.contains("6230415926535897930"))
            }
            // The edit form names the account by its ends only, and saving it untouched keeps it.
            try await app.testing().test(.GET, edit, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("已登记6230 **** 7930，留空则不变") && !res.body.string.contains("415926535897"))
            }
            try await post(app, cun, edit, fields.merging(["address": "二组", "bankAccount": ""]) { $1 }) { res in #expect(res.status == .seeOther) }
            #expect(try await stored() == "6230415926535897930")
            // Malformed, or a new one with the box to remove ticked: 422, the message beside the field, nothing saved.
            for (typed, message) in [("6230-ABCD-1234", "银行账号应为8至30位数字"), ("1234567", "银行账号应为8至30位数字"),
                                     (String(repeating: "9", count: 31), "银行账号应为8至30位数字")] {
                try await post(app, cun, edit, fields.merging(["bankAccount": typed]) { $1 }) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(typed)")
                }
            }
            try await post(app, cun, edit, fields.merging(["bankAccount": "6228480012345678", "clearBankAccount": "on"]) { $1 }) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("删除账号时不要再填写新账号"))
            }
            #expect(try await stored() == "6230415926535897930")
            // Shown in full once, after a logged POST; a leader reads figures, not accounts.
            try await post(app, cun, page + "/account", [:]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, page, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("6230415926535897930"))
            }
            try await app.testing().test(.GET, page, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(!res.body.string.contains("6230415926535897930"))
            }
            try await app.testing().test(.GET, page, beforeRequest: { lingdao.apply(&$0) }) { res in
                #expect(res.body.string.contains("6230 **** 7930") && !res.body.string.contains("/account\""))
            }
            var token = ""
            try await app.testing().test(.GET, page, beforeRequest: { lingdao.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
            try await app.testing().test(.POST, page + "/account", beforeRequest: { req in
                lingdao.apply(&req)
                try req.content.encode(["_csrf": token], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
            let audit = try await AuditRecord.query(on: app.db).filter(\.$action == "reveal_id").all().map(\.summary)
            #expect(audit == ["查看张三户的补贴发放账号"])
            // The change itself is in the household's audit trail.
            let updates = try await AuditRecord.query(on: app.db).filter(\.$householdID == t1.id).filter(\.$action == "update").all()
            #expect(updates.contains { ($0.after ?? "").contains("6230415926535897930") && !($0.before ?? "").contains("6230415926535897930") })
            try await post(app, cun, edit, fields.merging(["clearBankAccount": "on"]) { $1 }) { res in #expect(res.status == .seeOther) }
            #expect(try await stored() == nil)
        }
    }

    @Test("a village cadre visits a household that is not monitored and files a clue from the visit: asked for the risk type if it is missing, then the clue carries the findings and waits in the work list")
    func clueFromVisit() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let browser = try await signIn(app, "cun")
            let t1 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            #expect(t1.monitoringCategory == nil)
            let page = "/households/\(t1.id!.uuidString)"
            try await app.testing().test(.GET, page, beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("登记走访") && res.body.string.contains("同时登记排查线索"))
            }
            let visit = ["date": CivilDate.today.description, "incomeTrend": "falling", "findings": "户主务工受伤，停工两个月", "clue": "on"]
            try await post(app, browser, page + "/visits", visit) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("请选择发现的风险类型"))
            }
            #expect(try await VisitRecord.query(on: app.db).count() == 0)
            #expect(try await ClueRecord.query(on: app.db).count() == 0)
            var clueLink = ""
            try await post(app, browser, page + "/visits", visit.merging(["difficulty": "05"]) { $1 }) { res in
                #expect(res.status == .seeOther)
                clueLink = res.headers.first(name: .location) ?? ""
            }
            #expect(clueLink.hasPrefix("/clues/"))
            let clue = try #require(try await ClueRecord.query(on: app.db).first())
            #expect(clue.householdID == t1.id && clue.description == "户主务工受伤，停工两个月")
            #expect(try await VisitRecord.query(on: app.db).filter(\.$householdID == t1.id!).count() == 1)
            try await app.testing().test(.GET, "/work", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains(clueLink))
            }
            // The visit is signed with the cadre's name, not the login.
            let cadre = try await UserRecord.query(on: app.db).filter(\.$username == "cun").first()!
            cadre.displayName = "王庄村支书"
            try await cadre.save(on: app.db)
            try await app.testing().test(.GET, page, beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("<td data-label=\"走访人\">王庄村支书</td>") && !res.body.string.contains("<td data-label=\"走访人\">cun</td>"))
            }
            // A visit without a clue stays a visit.
            try await post(app, browser, page + "/visits", ["date": CivilDate.today.description, "incomeTrend": "stable", "findings": "复查，已复工"]) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == page + "#visits")
            }
            #expect(try await ClueRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("the import page offers a template whose columns the importer reads: filled in with one household it imports; a department officer downloads the template of its own feed only")
    func templates() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let officer = try await app.makeUser("yibao", role: .department, region: "411681")
            try await UserStore.setFeedKinds([.medical], of: officer, on: app.db, actor: .system())
            let county = try await signIn(app, "xian"), yibao = try await signIn(app, "yibao")
            try await app.testing().test(.GET, "/import", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("/import/template.xlsx") && res.body.string.contains("/import/template.csv"))
            }
            var header = ""
            try await app.testing().test(.GET, "/import/template.csv", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .ok && res.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
                header = res.body.string.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            }
            try await app.testing().test(.GET, "/import/template.xlsx", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.readableBytes > 0 && res.headers.contentType?.subType.contains("sheet") == true)
            }
            let columns = header.components(separatedBy: ",")
            #expect(columns.first == "户编号" && columns.contains("身份证号") && columns.contains("生产经营性支出"))
            var row = Array(repeating: "", count: columns.count)
            for (name, value) in [("户编号", "M001"), ("村区划代码", "411681101201"), ("村名称", "王庄村"), ("姓名", "周九"),
                                  ("身份证号", validID("41168119900909109")), ("与户主关系", "户主"), ("户类别", "一般农户")] {
                row[try #require(columns.firstIndex(of: name))] = value
            }
            let filled = header + "\n" + row.joined(separator: ",") + "\n"
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(filled.utf8), filename: "模板.csv")
            #expect(report.succeeded && report.householdsAdded == 1, "\(report.problems)")
            try await app.testing().test(.GET, "/screening", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.body.string.contains("/screening/templates/medical.csv") && !res.body.string.contains("/screening/templates/civil_affairs"))
            }
            try await app.testing().test(.GET, "/screening/templates/medical.csv", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains("身份证号") && res.body.string.contains("个人自付"))
            }
            try await app.testing().test(.GET, "/screening/templates/civil_affairs.csv", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/import/template.csv", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("a new household with a bad ID number comes back with the error beside the field and the typed name kept")
    func newHouseholdErrors() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let browser = try await signIn(app, "cun")
            try await post(app, browser, "/households/new", ["number": "N001", "villageCode": "411681101201", "category": "ordinary",
                                                              "name": "周九", "idNumber": "411681199009091090", "relation": "householder"]) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("value=\"周九\""))
                #expect(html.contains("身份证号校验位错误"))
                #expect(html.contains("aria-invalid=\"true\""))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 3)
            try await post(app, browser, "/households/new", ["number": "N001", "villageCode": "411681101201", "category": "ordinary",
                                                              "name": "周九", "idNumber": validID("41168119900909109"), "relation": "householder"]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 4)
        }
    }

    @Test("a village cadre cannot open or post the edit forms of another village's household or person")
    func crossVillageEdits() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let other = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            let person = try #require(try await PersonRecord.query(on: app.db).filter(\.$householdID == other.id!).first())
            let browser = try await signIn(app, "cun")
            for path in ["/households/\(other.id!.uuidString)/edit", "/households/\(other.id!.uuidString)/income",
                         "/households/\(other.id!.uuidString)/members/new", "/persons/\(person.id!.uuidString)/edit"] {
                try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .notFound, "\(path)")
                }
            }
            // A post with a valid token from the cadre's own pages is still refused for the other household.
            var token = ""
            try await app.testing().test(.GET, "/households/new", beforeRequest: { browser.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
            try await app.testing().test(.POST, "/households/\(other.id!.uuidString)/edit", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "category": "alleviated", "address": "改了"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .notFound) }
            let unchanged = try #require(try await HouseholdRecord.find(other.id, on: app.db))
            #expect(unchanged.address == "" && unchanged.category == "ordinary")
        }
    }

    @Test("recording a death through the page marks the person and lowers the household size")
    func departure() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let wife = try #require(try await PersonRecord.query(on: app.db).filter(\.$name == "李梅").first())
            let browser = try await signIn(app, "cun")
            try await post(app, browser, "/persons/\(wife.id!.uuidString)/departure", ["kind": "death", "date": "2026-01-05", "note": ""]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await PersonRecord.find(wife.id, on: app.db)?.status == "deceased")
            #expect(try await HouseholdRecord.find(household.id, on: app.db)?.memberCount == 2)
        }
    }
}

@Suite("政策参数页与识别纳入参考", .serialized)
struct PolicyPageTests {
    @Test("everyone reads the parameters in force; only county and system administrators add values")
    func policyPage() async throws {
        try await withTestApp { app in
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("admin", role: .admin, region: "41")
            let cadre = try await signIn(app, "cun")
            var token = ""
            try await app.testing().test(.GET, "/policy", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("公示天数") && res.body.string.contains("防止返贫"))
                #expect(!res.body.string.contains("登记新的取值"))
                token = formToken(res.body.string) ?? ""
            }
            try await app.testing().test(.POST, "/policy", beforeRequest: { req in
                cadre.apply(&req)
                try req.content.encode(["_csrf": token, "parameter": "notice_days", "value": "7", "region": "41",
                                        "effectiveFrom": "2025-01-01", "source": "x"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
            let admin = try await signIn(app, "admin")
            try await app.testing().test(.GET, "/policy", beforeRequest: { admin.apply(&$0) }) { res in token = formToken(res.body.string) ?? "" }
            try await app.testing().test(.POST, "/policy", beforeRequest: { req in
                admin.apply(&req)
                try req.content.encode(["_csrf": token, "parameter": "notice_days", "value": "3", "region": "41",
                                        "effectiveFrom": "2025-01-01", "source": "x"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("公示不得少于5天"))
            }
            try await app.testing().test(.POST, "/policy", beforeRequest: { req in
                admin.apply(&req)
                try req.content.encode(["_csrf": token, "parameter": "monitoring_income_line", "value": "8000", "region": "41",
                                        "effectiveFrom": "2025-01-01", "source": "示例"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
        }
    }

    @Test("a system administrator enters next year's 节假日安排 on the policy page and a petition's deadline then moves off its days off; what cannot be read is refused in Chinese with nothing written; a county administrator cannot")
    func holidayCalendar() async throws {
        try await withTestApp { app in
            try await app.makeUser("admin", role: .admin, region: "41")
            try await app.makeUser("xian", role: .county, region: "411681")
            let admin = try await signIn(app, "admin"), county = try await signIn(app, "xian")
            func post(_ b: Browser, _ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/policy/calendar", beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(fields.merging(["_csrf": b.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            let y2027 = ["year": "2027", "daysOff": "2027-01-01至2027-01-03\n2027-02-06至2027-02-14", "workdays": "2027-02-20", "source": "国务院办公厅2027年节假日安排通知"]
            try await post(county, y2027) { res in #expect(res.status == .forbidden) }
            for (changes, message) in [(["daysOff": "2027-02-30"], "无法识别"), (["daysOff": "2026-12-31"], "不在2027年内"), (["workdays": "2027-02-22"], "不是周末"),
                                       (["source": ""], "请注明依据"), (["year": "<script>"], "请填写年度")] {
                try await post(admin, y2027.merging(changes) { $1 }) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains(message), "\(message)")
                    #expect(!res.body.string.contains("<script>"))
                }
            }
            #expect(try await WorkCalendarDayRecord.query(on: app.db).filter(\.$year == 2027).count() == 0)
            try await post(admin, y2027) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/policy", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("<td data-label=\"年度\">2027</td><td data-label=\"放假\">2027-01-01至2027-01-03、2027-02-06至2027-02-14</td><td data-label=\"调休上班\">2027-02-20</td>"))
                #expect(!res.body.string.contains("登记一年的节假日安排"))
            }
            // Received Saturday 23 January 2027: day 15 is Sunday 7 February, inside 春节, so it may be told until Monday 15 February.
            let book = try await PolicyStore.book(for: RegionCode("411681")!, on: app.db)
            let deadlines = try #require(book.petitionDeadlines(for: RegionCode("411681")!, on: CivilDate(year: 2027, month: 1, day: 23)!))
            #expect(PetitionRules.tellBy(Petition(receivedOn: CivilDate(year: 2027, month: 1, day: 23)!), deadlines) == CivilDate(year: 2027, month: 2, day: 15)!)
            // Entered again, the year is replaced whole, and the audit says so.
            try await post(admin, y2027.merging(["daysOff": "2027-01-01"]) { $1 }) { res in #expect(res.status == .seeOther) }
            #expect(try await WorkCalendarDayRecord.query(on: app.db).filter(\.$year == 2027).count() == 2)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "work_calendar").sort(\.$at).all().map(\.summary).last?.contains("替换原登记的13天") == true)
        }
    }

    @Test("a county administrator renames and retires codes on the policy page: pages show the new name, the public form stops offering the retired type; bad input is refused; a village cadre cannot")
    func codeLabels() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("xian", role: .county, region: "411681")
            let cadre = try await signIn(app, "cun")
            let county = try await signIn(app, "xian")
            let form = ["entry": "risk_type:0206", "label": "因地震", "inUse": "no", "region": "411681", "effectiveFrom": "2025-01-01", "source": "县乡村振兴局通知"]
            let post = FormPageTests()
            try await post.post(app, cadre, "/policy/labels", form) { res in #expect(res.status == .forbidden) }
            for (field, value, message) in [("label", "<script>x</script>", "控制字符"), ("label", "", "1至20个字"), ("entry", "risk_type:77", "没有代码"),
                                             ("entry", "nonsense", "请选择代码"), ("region", "41", "本辖区"), ("source", "", "依据"),
                                             ("effectiveFrom", "2025-13-40", "生效日期")] {
                try await post.post(app, county, "/policy/labels", form.merging([field: value]) { _, b in b }) { res in
                    #expect(res.status == .unprocessableEntity, "\(field)=\(value)")
                    #expect(res.body.string.contains(message), "\(field)=\(value)")
                    #expect(!res.body.string.contains("<script>x"))
                }
            }
            #expect(try await CodeLabelRecord.query(on: app.db).count() == 0)
            try await post.post(app, county, "/policy/labels", form) { res in #expect(res.status == .seeOther) }
            try await post.post(app, county, "/policy/labels", form.merging(["entry": "monitoring_category:marginal", "label": "易致贫户", "inUse": "yes"]) { _, b in b }) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/policy", beforeRequest: { county.apply(&$0) }) { res in
                #expect(res.body.string.contains("因地震") && res.body.string.contains("停用") && res.body.string.contains("县乡村振兴局通知"))
            }
            try await app.testing().test(.GET, "/declare/411681101201") { res in
                #expect(res.body.string.contains("value=\"01\""))
                #expect(!res.body.string.contains("value=\"0206\""))
            }
            let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            h.monitoringCategory = MonitoringCategory.marginal.rawValue
            try await h.save(on: app.db)
            try await app.testing().test(.GET, "/households/\(h.id!.uuidString)", beforeRequest: { cadre.apply(&$0) }) { res in
                #expect(res.body.string.contains("易致贫户") && !res.body.string.contains("边缘易致贫户"))
            }
        }
    }

    @Test("the household page explains the suggestion against the year's line")
    func eligibilityPanel() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "9000", region: RegionCode("41")!,
                                          effectiveFrom: CivilDate(year: 2025, month: 1, day: 1)!, source: "示例",
                                          actor: .system(), on: app.db)
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let browser = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/households/\(household.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("2025年人均纯收入8000元，低于监测标准9000元"))
                #expect(html.contains("建议：脱贫不稳定户"))
            }
        }
    }
}

@Suite("名册的乡镇/村选择", .serialized)
struct RegionPickerTests {
    @Test("a county user picks among townships; choosing one offers its villages; a village cadre sees only its own")
    func picker() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let county = try await signIn(app, "xian")
            try await app.testing().test(.GET, "/households", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains(">南顿镇</option>") && html.contains(">孙店镇</option>"))
                #expect(!html.contains("王庄村</option>"))
            }
            try await app.testing().test(.GET, "/households?region=411681101", beforeRequest: { county.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("王庄村</option>") && html.contains("李楼村</option>") && !html.contains("赵营村</option>"))
                #expect(html.contains("T001") && html.contains("T002") && !html.contains("T003"))
            }
            let cadre = try await signIn(app, "cun")
            try await app.testing().test(.GET, "/households", beforeRequest: { cadre.apply(&$0) }) { res in
                let html = res.body.string
                #expect(html.contains("王庄村</option>") && !html.contains("李楼村</option>") && !html.contains("南顿镇</option>"))
            }
        }
    }
}

@Suite("户页面上的帮扶责任人", .serialized)
struct HelperPageTests {
    @Test("the household page pairs a 帮扶责任人 and shows the dated history; a refusal comes back in Chinese")
    func helperPage() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let cadre = try await app.makeUser("cun", role: .village, region: "411681101201")
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let browser = try await signIn(app, "cun")
            var token = ""
            try await app.testing().test(.GET, "/households/\(household.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("尚未确定帮扶责任人"))
                token = formToken(res.body.string) ?? ""
            }
            try await app.testing().test(.POST, "/households/\(household.id!.uuidString)/helper", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "helper": UUID().uuidString, "startDate": "2026-01-01"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("帮扶责任人应为管辖该户的村、乡镇或县级干部"))
            }
            try await app.testing().test(.POST, "/households/\(household.id!.uuidString)/helper", beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "helper": cadre.id!.uuidString, "startDate": "2026-01-01"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/households/\(household.id!.uuidString)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("<td>2026-01-01</td><td>至今</td>"))
            }
        }
    }
}

@Suite("收入登记页", .serialized)
struct IncomePageTests {
    @Test("the income form records a year's amounts, and shows a bad amount beside its field")
    func income() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let browser = try await signIn(app, "cun")
            let path = "/households/\(household.id!.uuidString)/income"
            var token = ""
            try await app.testing().test(.GET, path + "?year=2025", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("value=\"20000\""))  // the imported wages, ready to correct
                token = formToken(res.body.string) ?? ""
            }
            try await app.testing().test(.POST, path, beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "year": "2024", "wages": "abc"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("金额格式错误"))
            }
            try await app.testing().test(.POST, path, beforeRequest: { req in
                browser.apply(&req)
                try req.content.encode(["_csrf": token, "year": "2024", "wages": "12000", "businessCosts": "2000"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            let record = try #require(try await IncomeRecord.query(on: app.db).filter(\.$householdID == household.id!).filter(\.$year == 2024).first())
            #expect(record.income.netIncome == Money(yuan: 10_000))
        }
    }
}

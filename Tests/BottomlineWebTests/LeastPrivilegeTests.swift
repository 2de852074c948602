import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Each role reaches what its work needs and nothing more (issue 12, finding 9).
@Suite("最小权限：部门数据员、领导")
struct LeastPrivilegeTests {
    static let zhang = validID("41168119700101101")

    @Test("a 医保 officer uploads and reads 医保 files and their warnings only; households, cases, figures and the registry API answer 403")
    func departmentOfficer() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let user = try await app.makeUser("yibao", role: .department, region: "411681")
            try await UserStore.setFeedKinds([.medical], of: user, on: app.db, actor: .system())
            try await app.makeUser("xian", role: .county, region: "411681")
            let yibao = try await signIn(app, "yibao")
            let household = try #require(try await HouseholdRecord.query(on: app.db).first())
            for path in ["/households", "/households/\(household.id!.uuidString)", "/monitoring", "/work", "/indicators", "/cases",
                         "/regions/411681", "/audit", "/policy", "/import", "/api/v1/households", "/api/v1/regions", "/bulletins"] {
                try await app.testing().test(.GET, path, beforeRequest: { yibao.apply(&$0) }) { res in
                    #expect(res.status == .forbidden, "\(path) answered \(res.status)")
                    #expect(!res.body.string.contains("张三"))
                }
            }
            try await app.testing().test(.GET, "/", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/screening")
            }
            var csrf = ""
            try await app.testing().test(.GET, "/screening", beforeRequest: { yibao.apply(&$0) }) { res in
                let body = res.body.string
                #expect(res.status == .ok && body.contains("医保结算") && !body.contains("民政（低保"))
                #expect(body.contains("<option value=\"medical\" selected>"), "its one kind of file is chosen already")
                #expect(!body.contains("农户名册") && body.contains("部门数据"))
                csrf = formToken(body) ?? ""
            }
            func upload(_ b: Browser, kind: String, token: String) async throws -> HTTPStatus {
                let csv = kind == "medical" ? "身份证号,姓名,结算日期,个人自付\n\(Self.zhang),张三,\(CivilDate.today.adding(days: -30)),60000\n"
                    : "身份证号,姓名,变动日期,救助类型,变动类型\n\(Self.zhang),张三,\(CivilDate.today.adding(days: -3)),低保,新纳入\n"
                let boundary = "B0UNDARY"
                var body = ""
                for (k, v) in ["_csrf": token, "kind": kind, "asOf": CivilDate.today.description] {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n"
                }
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
                var status = HTTPStatus.ok
                try await app.testing().test(.POST, "/screening", beforeRequest: { req in
                    b.apply(&req)
                    req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                    req.body = ByteBuffer(string: body)
                }) { res in
                    status = res.status
                    if res.status == .unprocessableEntity { #expect(res.body.string.contains("本账号只能上传本部门的数据：医保结算")) }
                }
                return status
            }
            #expect(try await upload(yibao, kind: "civil_affairs", token: csrf) == .unprocessableEntity)
            #expect(try await upload(yibao, kind: "medical", token: csrf) == .seeOther)
            // The county office uploads a 民政 file; the 医保 officer neither lists nor opens it.
            let xian = try await signIn(app, "xian")
            var countyToken = ""
            try await app.testing().test(.GET, "/screening", beforeRequest: { xian.apply(&$0) }) { countyToken = formToken($0.body.string) ?? "" }
            #expect(try await upload(xian, kind: "civil_affairs", token: countyToken) == .seeOther)
            let civil = try #require(try await FeedFileRecord.query(on: app.db).filter(\.$kind == "civil_affairs").first())
            try await app.testing().test(.GET, "/screening/files/\(civil.id!.uuidString)", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/screening", beforeRequest: { yibao.apply(&$0) }) { res in
                #expect(res.body.string.contains("f.csv") && res.body.string.components(separatedBy: "f.csv").count == 2)
            }
        }
    }

    @Test("a leader reads lists masked: no reveal button, a reveal refused; a cadre's edit form, which shows the full number, is audited")
    func leaderAndAudit() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let lingdao = try await signIn(app, "lingdao"), cun = try await signIn(app, "cun")
            let person = try #require(try await PersonRecord.query(on: app.db).filter(\.$idNumber == Self.zhang).first())
            var csrf = ""
            try await app.testing().test(.GET, "/households/\(person.householdID.uuidString)", beforeRequest: { lingdao.apply(&$0) }) { res in
                let body = res.body.string
                #expect(res.status == .ok && body.contains(ResidentID.mask(Self.zhang)) && !body.contains(Self.zhang))
                #expect(!body.contains("/reveal"))
                csrf = formToken(body) ?? ""
            }
            try await app.testing().test(.POST, "/persons/\(person.id!.uuidString)/reveal", beforeRequest: { req in
                lingdao.apply(&req)
                try req.content.encode(["_csrf": csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .forbidden) }
            let before = try await AuditRecord.query(on: app.db).filter(\.$action == "reveal_id").count()
            try await app.testing().test(.GET, "/persons/\(person.id!.uuidString)/edit", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok && res.body.string.contains(Self.zhang))
            }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "reveal_id").count() == before + 1)
        }
    }

    @Test("a cadre reveals a household's phone and a declarant's phone with one tap, audited, to call them; the page shows it once; a leader cannot")
    func revealPhone() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("cun", role: .village, region: "411681101201")
            try await app.makeUser("lingdao", role: .leader, region: "411681")
            let cun = try await signIn(app, "cun"), lingdao = try await signIn(app, "lingdao")
            let h = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            h.phone = "13700001111"
            try await h.save(on: app.db)
            let declaration = Declaration(name: "孙七", id: ResidentID(trusted: validID("41168119850606107")), phone: "13912345678", difficulty: .illness, description: "住院")
            let (clue, _) = try await LifecycleStore.receiveDeclaration(declaration, village: RegionCode("411681101201")!, today: .today, on: app.db)
            func post(_ b: Browser, _ page: String, _ action: String) async throws -> HTTPStatus {
                var csrf = "", status = HTTPStatus.ok
                try await app.testing().test(.GET, page, beforeRequest: { b.apply(&$0) }) { res in
                    #expect(!res.body.string.contains("13700001111") && !res.body.string.contains("13912345678"))
                    csrf = formToken(res.body.string) ?? ""
                }
                try await app.testing().test(.POST, action, beforeRequest: { req in
                    b.apply(&req)
                    try req.content.encode(["_csrf": csrf], as: .urlEncodedForm)
                }) { status = $0.status }
                return status
            }
            let household = "/households/\(h.id!.uuidString)", cluePage = "/clues/\(clue.id!.uuidString)"
            #expect(try await post(cun, household, household + "/phone") == .seeOther)
            try await app.testing().test(.GET, household, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("tel:13700001111"))
            }
            try await app.testing().test(.GET, household, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(!res.body.string.contains("13700001111") && res.body.string.contains("137****1111"))
            }
            #expect(try await post(cun, cluePage, cluePage + "/phone") == .seeOther)
            try await app.testing().test(.GET, cluePage, beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("tel:13912345678"))
            }
            #expect(try await post(lingdao, household, household + "/phone") == .forbidden)
            let audit = try await AuditRecord.query(on: app.db).filter(\.$action == "reveal_id").all().map(\.summary)
            #expect(audit.contains("查看张三户的联系电话") && audit.contains("查看线索申报人孙七的联系电话") && audit.count == 2)
        }
    }
}

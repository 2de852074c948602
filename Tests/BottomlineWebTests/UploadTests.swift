import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
@testable import BottomlineWeb
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Uploads through a real HTTP server, as a browser sends them: a body larger than one network read reaches the server
/// as a stream, which the in-memory tester never does.
@Suite("uploads over HTTP")
struct UploadTests {
    /// A registry of `count` one-person households in 王庄村, about 170 bytes a row.
    static func registry(households count: Int) -> String {
        var lines = ["户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别,劳动能力,健康状况,残疾等级,在校生状况,参加基本医疗保险,住房安全等级,饮水安全,收入年度,工资性收入,生产经营性收入,转移性收入,生产经营性支出"]
        let start = CivilDate(year: 1960, month: 1, day: 1)!
        let surnames = Array("王李张刘陈杨赵黄周吴"), given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
        for i in 0..<count {
            let born = start.adding(days: i * 7)
            let digits = String(format: "%04d%02d%02d", born.year, born.month, born.day)
            lines.append("H\(i),411681101201,王庄村,\(surnames[i % 10])\(given[i / 10 % 21])\(given[i / 210 % 21]),\(validID("411681" + digits + "101")),户主,一般农户,普通劳动力,健康,,非在校生,是,A,是,2025,20000,5000,1000,2000")
        }
        return lines.joined(separator: "\n")
    }

    static func multipart(_ fields: [String: String], file: (name: String, content: String)) -> (HTTPMediaType, ByteBuffer) {
        let boundary = "----BottomlineBoundary7MA4YWxk"
        var body = ""
        for (k, v) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n\(file.content)\r\n--\(boundary)--\r\n"
        return (HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]), ByteBuffer(string: body))
    }

    /// Asks `done` every `interval` until it says yes, for at most ten minutes: a background import finishes in seconds
    /// alone, but CI runs every suite at once on two cores (the robustness suite alone takes five minutes there), so the
    /// wait is bounded by time, not by a count of tries that a slow machine used up (CI run of stop 28: red).
    static func poll(every interval: Duration, _ done: () async throws -> Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(600))
        while try await !done(), clock.now < end { try await Task.sleep(for: interval) }
    }

    /// Files of at least `bytes` are imported after the upload is answered, on a page of their own.
    static func importInBackground(_ app: Application, from bytes: Int) {
        var configuration = app.configuration
        configuration.backgroundImportBytes = bytes
        app.storage[AppConfigurationKey.self] = configuration
    }

    /// The county officer, signed in, with the import page's form token.
    static func countyOnImportPage(_ app: Application) async throws -> (Browser, String) {
        try await app.makeUser("xian", role: .county, region: "411681")
        let browser = try await signIn(app, "xian")
        var csrf = ""
        try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { csrf = formToken($0.body.string) ?? "" }
        return (browser, csrf)
    }

    /// Posts a multipart form as `browser` through the in-memory tester, and checks the answer.
    static func post(_ tester: any TestingApplicationTester, _ path: String, as browser: Browser, _ form: (HTTPMediaType, ByteBuffer),
                     _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        try await tester.test(.POST, path, beforeRequest: { req in
            browser.apply(&req)
            req.headers.contentType = form.0
            req.body = form.1
        }, afterResponse: check)
    }

    /// Posts a multipart form as `browser` to the app served on a real port, and checks the answer.
    static func post(_ server: LiveServer, _ path: String, as browser: Browser, _ form: (HTTPMediaType, ByteBuffer),
                     _ check: (LiveServer.Response) async throws -> Void) async throws {
        var headers = HTTPHeaders()
        headers.cookie = browser.cookies
        headers.contentType = form.0
        try await check(server.send(.POST, path, headers: headers, body: form.1))
    }

    @Test("a county officer's 300 KB registry file imports through the page; the same file with a wrong form token is refused and writes nothing")
    func largeRegistryUpload() async throws {
        try await withTestApp { app in
            try await app.makeUser("xian", role: .county, region: "411681")
            let browser = try await signIn(app, "xian")
            let csv = Self.registry(households: 1800)
            #expect(csv.utf8.count > 256 * 1024)
            let live = LiveServer(app)

            try await Self.post(live, "/import", as: browser, Self.multipart(["_csrf": "not-the-token"], file: ("名册.csv", csv))) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("CSRF"))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)

            var csrf = ""
            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { csrf = formToken($0.body.string) ?? "" }
            try await Self.post(live, "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("名册.csv", csv))) { res in
                #expect(res.status == .ok, "\(res.body.string.components(separatedBy: "<main>").last!.prefix(1500))")
                #expect(res.body.string.contains("新增1,800户"))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 1800)
        }
    }

    /// Files waiting in an upload directory: none once a request has been answered.
    static func leftovers(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    @Test("an upload goes to disk as it arrives and is gone once answered; one over the limit is refused in Chinese and writes nothing")
    func streamedToDisk() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            let live = LiveServer(app)
            var configuration = app.configuration
            configuration.uploadDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-uploads-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: configuration.uploadDirectory) }
            configuration.limits.registryUpload = "200kb"
            app.storage[AppConfigurationKey.self] = configuration
            try await Self.post(live, "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("名册.csv", Self.registry(households: 1800)))) { res in
                #expect(res.status == .payloadTooLarge)
                #expect(res.body.string.contains("上传的文件过大"))
                // The rest of the body is not read, so the connection is closed rather than kept for the next request,
                // which would otherwise wait behind the unread bytes (CI, stop 30, PostgreSQL pass: deadline exceeded).
                #expect(res.headers.first(name: .connection) == "close")
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
            #expect(Self.leftovers(configuration.uploadDirectory).isEmpty)

            try await Self.post(live, "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("名册.csv", Self.registry(households: 300)))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("新增300户"))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 300)
            #expect(Self.leftovers(configuration.uploadDirectory).isEmpty)
        }
    }

    @Test("a big import's outcome outlives the server: after a restart its page and the import page still show it, and one cut off by the stop says so")
    func jobOutlivesRestart() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            Self.importInBackground(app, from: 1024)
            var paths: [String] = []
            let bad = Self.registry(households: 40).replacingOccurrences(of: ",户主,", with: ",之子,")
            for (name, csv) in [("名册.csv", Self.registry(households: 40)), ("坏名册.csv", bad)] {
                try await Self.post(app.testing(), "/import", as: browser, Self.multipart(["_csrf": csrf], file: (name, csv))) { res in
                    paths.append(res.headers.first(name: .location) ?? "")
                }
            }
            await app.importJobs.finishAll()
            // The server restarts: nothing of the jobs is left in memory.
            app.storage[ImportJobsKey.self] = ImportJobs()
            try await app.testing().test(.GET, paths[0], beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("导入成功") && res.body.string.contains("新增40户"))
            }
            try await app.testing().test(.GET, paths[1], beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("导入失败") && res.body.string.contains("data-label=\"原因\""))
            }
            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("名册.csv") && res.body.string.contains("已导入") && res.body.string.contains("未导入：发现"))
            }
            // An import that was writing when the server stopped: at the next start it is marked cut off.
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first())
            let cut = UUID()
            try await ImportJobStore.start(id: cut, userID: try user.requireID(), filename: "停电时的名册.csv", started: Date(), on: app.db)
            #expect(try await ImportJobStore.interruptLeftovers(on: app.db) == 1)
            #expect(try await ImportJobStore.interruptLeftovers(on: app.db) == 0)
            try await app.testing().test(.GET, "/import/jobs/\(cut)", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains(ImportJobStore.interruptedSummary) && !res.body.string.contains("data-refresh"))
            }
            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("停电时的名册.csv") && res.body.string.contains("已中断"))
            }
            // Still only its uploader's.
            try await app.makeUser("xian2", role: .county, region: "411681")
            let other = try await signIn(app, "xian2")
            try await app.testing().test(.GET, paths[0], beforeRequest: { other.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("a file uploaded while another import runs waits its turn on a page that says so, then is imported; neither ends in a database error")
    func secondImportWaits() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            Self.importInBackground(app, from: 100 * 1024)
            let big = Self.registry(households: 1800)
            // A small file of other households (other numbers, other ID numbers): on its own it would be imported
            // within the request.
            var smallLines = Self.registry(households: 300).split(separator: "\n").map(String.init)
            for i in 1..<smallLines.count {
                var fields = smallLines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[0] = "K" + fields[0].dropFirst()
                fields[4] = validID(String(fields[4].prefix(14)) + "203")
                smallLines[i] = fields.joined(separator: ",")
            }
            // Another import is writing (held here until the test lets it go): both files wait their turn.
            let (release, letGo) = AsyncStream<Void>.makeStream()
            let other = Task { await app.importJobs.oneAtATime { for await _ in release { break } } }
            while !app.importJobs.busy { try await Task.sleep(for: .milliseconds(10)) }
            var paths: [String] = []
            for (name, csv) in [("全县名册.csv", big), ("补充名册.csv", smallLines.joined(separator: "\n"))] {
                try await Self.post(app.testing(), "/import", as: browser, Self.multipart(["_csrf": csrf], file: (name, csv))) { res in
                    // The small file too goes to a page of its own rather than holding the request.
                    #expect(res.status == .seeOther, "\(name): \(res.status)")
                    paths.append(res.headers.first(name: .location) ?? "")
                }
            }
            #expect(paths.allSatisfy { $0.hasPrefix("/import/jobs/") } && Set(paths).count == 2)
            var pages = ["", ""]
            try await Self.poll(every: .milliseconds(20)) {
                for (i, path) in paths.enumerated() {
                    try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { pages[i] = $0.body.string }
                }
                return pages.allSatisfy { $0.contains("排队中") }
            }
            for page in pages { #expect(page.contains("排队中：另一项导入正在进行") && page.contains("data-refresh")) }
            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.components(separatedBy: "排队中").count == 3)
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
            letGo.yield()
            await other.value
            try await Self.poll(every: .milliseconds(50)) {
                for (i, path) in paths.enumerated() {
                    try await app.testing().test(.GET, path, beforeRequest: { browser.apply(&$0) }) { pages[i] = $0.body.string }
                }
                return !pages.contains { $0.contains("data-refresh") }
            }
            #expect(pages[0].contains("导入成功") && pages[0].contains("新增1,800户"), "\(pages[0].components(separatedBy: "<main>").last!.prefix(600))")
            #expect(pages[1].contains("导入成功") && pages[1].contains("新增300户"), "\(pages[1].components(separatedBy: "<main>").last!.prefix(600))")
            for page in pages { #expect(!page.contains("locked") && !page.contains("busy")) }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 2100)
        }
    }

    @Test("a big file is imported after the upload is answered: its page shows the rows checked and written, then the result; only its uploader sees it, also from the import page")
    func backgroundImport() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            Self.importInBackground(app, from: 100 * 1024)
            let csv = Self.registry(households: 1800)
            var jobPath = ""
            try await Self.post(app.testing(), "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("全县名册.csv", csv))) { res in
                #expect(res.status == .seeOther)
                jobPath = res.headers.first(name: .location) ?? ""
            }
            #expect(jobPath.hasPrefix("/import/jobs/"))
            // The page while it runs says what is being done and reloads itself; at the end it shows the report.
            var page = ""
            try await Self.poll(every: .milliseconds(50)) {
                try await app.testing().test(.GET, jobPath, beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .ok)
                    page = res.body.string
                }
                guard page.contains("data-refresh") else { return true }
                #expect(page.contains("正在读取文件") || page.contains("已校验") || page.contains("开始写入") || page.contains("比对并写入") || page.contains("无须比对。已写入"))
                return false
            }
            #expect(page.contains("导入成功") && page.contains("新增1,800户"), "\(page.components(separatedBy: "<main>").last!.prefix(800))")
            #expect(!page.contains("data-refresh"))
            #expect(try await HouseholdRecord.query(on: app.db).count() == 1800)
            // Once the import ends, the figures of the villages it wrote are counted by the job, not left to whoever
            // opens a dashboard next (on a province that first reader waited 70 s).
            await app.importJobs.finishAll()
            let sql = try #require(app.db as? any SQLDatabase)
            let noted = try await sql.raw("SELECT COUNT(*) AS n FROM indicator_changes").first()!.decode(column: "n", as: Int.self)
            let villages = try await sql.raw("SELECT COUNT(DISTINCT village_code) AS n FROM households").first()!.decode(column: "n", as: Int.self)
            let kept = try await sql.raw("SELECT COUNT(*) AS n FROM indicator_tallies WHERE length(region_code) = 12").first()!.decode(column: "n", as: Int.self)
            #expect(noted == 0 && kept == villages && villages > 0)

            try await app.testing().test(.GET, "/import", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.body.string.contains("最近的导入") && res.body.string.contains("全县名册.csv") && res.body.string.contains("已导入"))
                #expect(res.body.string.contains(jobPath))
            }
            // Another county officer (or anyone guessing the address) is told there is no such import.
            try await app.makeUser("xian2", role: .county, region: "411681")
            let other = try await signIn(app, "xian2")
            try await app.testing().test(.GET, jobPath, beforeRequest: { other.apply(&$0) }) { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("没有找到这项导入"))
            }
            try await app.testing().test(.GET, "/import", beforeRequest: { other.apply(&$0) }) { res in
                #expect(!res.body.string.contains("全县名册.csv"))
            }
            try await app.testing().test(.GET, "/import/jobs/not-a-uuid", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .notFound)
            }
            // A file with problems goes the same way and writes nothing.
            let bad = csv.replacingOccurrences(of: ",户主,", with: ",之子,")
            try await Self.post(app.testing(), "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("坏名册.csv", bad))) { res in
                jobPath = res.headers.first(name: .location) ?? ""
            }
            try await Self.poll(every: .milliseconds(50)) {
                try await app.testing().test(.GET, jobPath, beforeRequest: { browser.apply(&$0) }) { page = $0.body.string }
                return !page.contains("data-refresh")
            }
            #expect(page.contains("导入失败：发现1800处问题") && page.contains("没有户主"))
            #expect(try await HouseholdRecord.query(on: app.db).count() == 1800)
        }
    }

    @Test("while an import runs its page says which step it is at and how many rows, with a bar for the writing, and reloads itself")
    func jobPageWhileRunning() {
        let context = PageContext(viewer: .init(displayName: "县管理员", roleLabel: "县级管理员", regionCode: "411681", canImport: true,
                                                seesScreening: true), csrf: "TOKEN")
        var job = ImportJobs.Job(id: UUID(), userID: UUID(), filename: "全县名册.csv", started: Date())
        #expect(ImportPage.job(.init(context: context, job: job)).text.contains("正在读取文件"))
        job.queued = true
        #expect(ImportPage.job(.init(context: context, job: job)).text.contains("排队中：另一项导入正在进行"))
        #expect(ImportPage.state(job).text.contains("排队中"))
        job.queued = false
        job.progress = .init(phase: .checking, rowsChecked: 120_000, rowsWritten: 0, totalRows: nil)
        let checking = ImportPage.job(.init(context: context, job: job)).text
        #expect(checking.contains("第一步：逐行校验。已校验 120,000 行") && checking.contains("data-refresh=\"2\""))
        job.progress = .init(phase: .waiting, rowsChecked: 993_675, rowsWritten: 0, totalRows: 993_675)
        #expect(ImportPage.job(.init(context: context, job: job)).text.contains("校验通过，共 993,675 行，正在开始写入"))
        job.progress = .init(phase: .writing, rowsChecked: 993_675, rowsWritten: 500_000, totalRows: 993_675)
        let writing = ImportPage.job(.init(context: context, job: job)).text
        #expect(writing.contains("与名册比对并写入。已处理 500,000 / 993,675 行") && writing.contains("<progress max=\"993675\" value=\"500000\">"))
        // Into a registry with no household yet there is nothing to compare with, and the page does not claim to.
        job.progress?.comparing = false
        let loading = ImportPage.job(.init(context: context, job: job)).text
        #expect(loading.contains("第二步：写入。名册中还没有户，无须比对。已写入 500,000 / 993,675 行") && !loading.contains("比对并写入"))
        job.outcome = .init(kind: .failed, summary: "导入未完成，未写入任何数据（数据库连接中断）")
        let failed = ImportPage.job(.init(context: context, job: job)).text
        #expect(failed.contains("导入未完成") && !failed.contains("data-refresh"))
    }

    @Test("a problem with the whole file (a workbook that cannot be opened) is shown against the file, not as row 0")
    func wholeFileProblem() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            try await Self.post(app.testing(), "/import", as: browser, Self.multipart(["_csrf": csrf], file: ("名册.xlsx", "PK\u{3}\u{4} 不是一个工作簿"))) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("<td class=\"num\" data-label=\"行\">整个文件</td>"), "\(res.body.string.components(separatedBy: "<main").last!.prefix(800))")
                #expect(!res.body.string.contains("data-label=\"行\">0</td>"))
                // On a phone the problems stack, each cell labelled, rather than squeezing four columns into 390 px.
                #expect(res.body.string.contains("<table class=\"stack\"><thead><tr><th class=\"num\">行</th>"))
                #expect(res.body.string.contains("名册.xlsx"))
            }
        }
    }

    @Test("a hostile form: a second file part is never appended to the first, and a thousand small fields are refused like one long one")
    func hostileForms() async throws {
        try await withTestApp { app in
            let (browser, csrf) = try await Self.countyOnImportPage(app)
            let boundary = "----BottomlineBoundaryHostile"
            func part(_ name: String, filename: String? = nil, _ content: String) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"" + (filename.map { "; filename=\"\($0)\"" } ?? "") + "\r\n\r\n\(content)\r\n"
            }
            let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            let twoFiles = part("_csrf", csrf) + part("file", filename: "名册.csv", Self.registry(households: 300))
                + part("file", filename: "second.csv", "\r\nH9,411681101201,王庄村,坏\r\n") + "--\(boundary)--\r\n"
            try await Self.post(app.testing(), "/import", as: browser, (type, ByteBuffer(string: twoFiles))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("新增300户"))
            }
            let manyFields = part("_csrf", csrf) + (0..<2000).map { part("f\($0)", String(repeating: "x", count: 40)) }.joined()
                + part("file", filename: "名册.csv", Self.registry(households: 3)) + "--\(boundary)--\r\n"
            try await Self.post(app.testing(), "/import", as: browser, (type, ByteBuffer(string: manyFields))) { res in
                #expect(res.status == .payloadTooLarge)
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 300)
        }
    }

    @Test("a streamed form's fields and file are told apart by name; quoted names and Chinese file names survive")
    func dispositionParameters() {
        #expect(StreamedForm.parameter("name", in: #"form-data; name="file"; filename="名册 2026.csv""#) == "file")
        #expect(StreamedForm.parameter("filename", in: #"form-data; name="file"; filename="名册 2026.csv""#) == "名册 2026.csv")
        #expect(StreamedForm.parameter("filename", in: #"form-data; name="kind""#) == nil)
        #expect(StreamedForm.parameter("name", in: "form-data; name=asOf") == "asOf")
    }

    @Test("a 医保 officer's 200 KB file screens through the 部门数据 page")
    func largeFeedUpload() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("yibao", role: .department, region: "411681")
            let browser = try await signIn(app, "yibao")
            var rows = ["身份证号,姓名,结算日期,个人自付"]
            let someone = validID("41168119720202102")
            for i in 0..<6000 { rows.append("\(someone),李梅,\(CivilDate.today.adding(days: -(i % 300) - 1)),\(50 + i % 90)") }
            let csv = rows.joined(separator: "\n")
            #expect(csv.utf8.count > 200 * 1024)
            var csrf = ""
            try await app.testing().test(.GET, "/screening", beforeRequest: { browser.apply(&$0) }) { csrf = formToken($0.body.string) ?? "" }
            try await Self.post(LiveServer(app), "/screening", as: browser, Self.multipart(["_csrf": csrf, "kind": "medical", "asOf": CivilDate.today.description], file: ("医保.csv", csv))) { res in
                // The client follows the redirect to the file's page.
                #expect(res.status == .ok && res.body.string.contains("文件：医保.csv"), "\(res.body.string.prefix(400))")
            }
            #expect(try await FeedFileRecord.query(on: app.db).count() == 1)
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
@testable import BottomlineWeb
import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// What a data centre runs the server by (issue 14 §3): a health check, Prometheus metrics, and request logs that
/// carry no personal data.
@Suite("运维：健康检查、运行指标、请求日志")
struct OperationsTests {
    /// Log lines captured from a logger, as text with their metadata.
    final class Captured: Sendable {
        let lines = NIOLockedValueBox<[(level: Logger.Level, message: String, metadata: [String: String])]>([])
    }

    struct CaptureHandler: LogHandler {
        let captured: Captured
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            var fields: [String: String] = [:]
            for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[k] = "\(v)" }
            captured.lines.withLockedValue { $0.append((event.level, event.message.description, fields)) }
        }
    }

    /// The value of one series in the exposition, 0 when it is not there yet.
    static func value(_ exposition: String, _ series: String) -> Double {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? 0
        }
        return 0
    }

    @Test("healthz answers ok when the database answers and every migration is applied, 503 when one is pending")
    func health() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok)
                #expect(res.body.string == #"{"database":"ok","migrations":"current","status":"ok"}"#)
            }
            // A build that knows a migration the database has not had: not ready to serve.
            struct NotYetApplied: AsyncMigration {
                func prepare(on database: any Database) async throws {}
                func revert(on database: any Database) async throws {}
            }
            app.migrations.add(NotYetApplied())
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.body.string.contains(#""migrations":"pending""#))
                #expect(res.body.string.contains(#""status":"unavailable""#))
            }
        }
    }

    @Test("metrics are refused to another host and to a proxy on this one, and read with the configured token")
    func metricsAccess() async throws {
        try await withTestApp { app in
            // In-memory requests have no peer address: another host, as far as the server can tell.
            try await app.testing().test(.GET, "/metrics") { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("只能从本机读取"))
                #expect(!res.body.string.contains("bottomline_http_requests_total"))
            }
            var configuration = app.configuration
            configuration.metricsToken = "s3cret-metrics-token"
            app.storage[AppConfigurationKey.self] = configuration
            try await app.testing().test(.GET, "/metrics", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: "s3cret-metrics-tokeN")
            }) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.GET, "/metrics", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: "s3cret-metrics-token")
            }) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/plain") == true)
                #expect(res.body.string.contains("# TYPE bottomline_http_requests_total counter"))
            }
        }
    }

    @Test("on the loopback address metrics are served, unless the request came through a proxy")
    func metricsLoopback() async throws {
        try await withTestApp { app in
            let port = Int.random(in: 20_000...40_000)
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: port))
            try await tester.test(.GET, "/metrics") { res in
                #expect(res.status == .ok)
            }
            try await tester.test(.GET, "/metrics", beforeRequest: { req in
                req.headers.replaceOrAdd(name: "X-Forwarded-For", value: "10.1.2.3")
            }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("requests are counted by route pattern and status, imports and screening runs by outcome with their rows")
    func counted() async throws {
        try await withTestApp { app in
            let before = Telemetry.exposition()
            _ = try await app.importSample()
            let admin = try await app.makeUser("ops-admin", role: .admin, region: "41")
            let browser = try await signIn(app, admin.username)
            let household = try #require(try await HouseholdRecord.query(on: app.db).first()?.id)
            for _ in 0..<3 {
                try await app.testing().test(.GET, "/households/\(household)", beforeRequest: { browser.apply(&$0) }) { res in
                    #expect(res.status == .ok)
                }
            }
            try await app.testing().test(.GET, "/no/such/page/\(UUID())") { res in #expect(res.status == .notFound) }
            // A file with a problem is refused: counted as refused, nothing written.
            _ = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data("户编号\nX".utf8), filename: "bad.csv")
            let after = Telemetry.exposition()

            let page = #"bottomline_http_requests_total{method="GET",route="/households/:id",status="200"}"#
            #expect(Self.value(after, page) - Self.value(before, page) >= 3)
            // The address typed never becomes a label: an unknown path is "unmatched", whatever it was.
            #expect(!after.contains("/no/such/page"))
            #expect(after.contains(#"route="unmatched",status="404""#))
            #expect(after.contains(#"bottomline_http_request_duration_seconds_bucket{method="GET",route="/households/:id",le="0.1"}"#))
            let written = #"bottomline_jobs_total{kind="registry_import",outcome="written"}"#
            let rows = #"bottomline_job_rows_total{kind="registry_import",outcome="written"}"#
            let refused = #"bottomline_jobs_total{kind="registry_import",outcome="refused"}"#
            #expect(Self.value(after, written) - Self.value(before, written) >= 1)
            #expect(Self.value(after, rows) - Self.value(before, rows) >= 5)   // the sample's five rows
            #expect(Self.value(after, refused) - Self.value(before, refused) >= 1)
        }
    }

    @Test("one log line per request: route pattern, status, time and user id — never the search typed or an ID number")
    func requestLog() async throws {
        try await withTestApp { app in
            let captured = Captured()
            app.logger = Logger(label: "test") { _ in CaptureHandler(captured: captured) }
            _ = try await app.importSample()
            let admin = try await app.makeUser("log-admin", role: .admin, region: "41")
            let browser = try await signIn(app, admin.username)
            captured.lines.withLockedValue { $0.removeAll() }
            let id = validID("41168119700101101")
            try await app.testing().test(.GET, "/households?q=\(id)&name=张三", beforeRequest: { browser.apply(&$0) }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("张三"))
            }
            let lines = captured.lines.withLockedValue { $0 }
            let requests = lines.filter { $0.metadata["route"] != nil && $0.level >= .info }
            #expect(requests.count == 1)
            let line = try #require(requests.first)
            #expect(line.level == .info)
            #expect(line.metadata["route"] == "/households")
            #expect(line.metadata["status"] == "200")
            #expect(line.metadata["method"] == "GET")
            #expect(line.metadata["user"] == admin.id?.uuidString)
            #expect(Double(line.metadata["ms"] ?? "") != nil)
            // At the server's level (info; debug adds every SQL query with its values, and the server warns of that).
            for text in lines.filter({ $0.level >= .info }).map({ $0.message + " " + $0.metadata.values.joined(separator: " ") }) {
                #expect(!text.contains(id) && !text.contains(String(id.prefix(14))) && !text.contains("张三"), "personal data in a log line: \(text)")
            }
        }
    }

    @Test("a first start logs one line for the whole schema, not two per migration")
    func quietMigrations() async throws {
        let app = try await Application.make(.testing)
        let captured = Captured()
        app.logger = Logger(label: "test") { _ in CaptureHandler(captured: captured) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-quiet-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            try BottomlineApp.configure(app, AppConfiguration(database: .sqlite(path: path)))
            try await DatabaseSetup.migrate(app)
            try await DatabaseSetup.migrate(app)   // a second start: nothing to say
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        let loud = captured.lines.withLockedValue { $0 }.filter { $0.level >= .info }
        #expect(loud.count == 1)
        #expect(loud.first?.message.hasPrefix("数据库结构已升级：应用了") == true)
        // Each migration is still there for whoever asks for debug.
        #expect(captured.lines.withLockedValue { $0 }.filter { $0.message.contains("[Migrator]") }.count > 20)
    }

    @Test("--log-format json writes each line as one JSON object with its metadata")
    func jsonLines() throws {
        let out = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "bottomline") { label in JSONLineLogHandler(label: label, level: .info, write: { line in out.withLockedValue { $0.append(line) } }) }
        logger[metadataKey: "request-id"] = "r1"
        logger.info("GET /households 200", metadata: ["route": "/households", "status": .stringConvertible(200), "quote": "a\"b\nc"])
        logger.debug("not at info")
        let lines = out.withLockedValue { $0 }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == "GET /households 200")
        #expect(object["level"] == "info")
        #expect(object["route"] == "/households")
        #expect(object["status"] == "200")
        #expect(object["request-id"] == "r1")
        #expect(object["quote"] == "a\"b\nc")
        #expect(object["time"]?.hasSuffix("Z") == true)
    }
}

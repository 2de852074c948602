import BottomlineDomain
import BottomlinePersistence
import BottomlineWeb
import Fluent
import SQLKit
import Foundation
import Vapor
import VaporTesting

/// The day every test that runs an app lives on (`CivilDate.today` is pinned to it): the figures, deadlines and page
/// snapshots the tests compare do not move with the calendar, and a month's end never falls in the middle of a run.
public let testToday = CivilDate(year: 2026, month: 11, day: 16)!

/// Runs `body` against a freshly migrated database of its own: a new SQLite file per test, or, when
/// `BOTTOMLINE_TEST_DATABASE_URL` names a PostgreSQL database, a new schema in it per test (tests run in parallel).
/// On SQLite the migrations run once per test process, into a template file that each test copies (`TestDatabases`);
/// the copy's two identity tokens are then drawn anew, as a copy of a county's database would need. On PostgreSQL
/// each test migrates its own schema: a database per test copied from a template (`CREATE DATABASE … TEMPLATE`)
/// ran out of pooled connections for the copies when the whole suite started at once, so it waits for a change
/// that measures it at full load.
public func withTestApp<T>(_ body: (Application) async throws -> T) async throws -> T {
    CivilDate.pinToday(testToday)
    let app = try await Application.make(.testing)
    // A line per request is what a server logs; thousands of test requests would bury what a failure prints.
    app.logger.logLevel = .warning
    var file: String?
    var schema: String?
    do {
        if let url = TestDatabases.postgresURL {
            schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try BottomlineApp.configure(app, AppConfiguration(database: .postgres(url: url, schema: schema)))
            if let schema, let sql = app.db as? any SQLDatabase {
                try await sql.raw("CREATE SCHEMA \(unsafeRaw: schema)").run()
            }
        } else {
            file = try await TestDatabases.shared.copy()
            try BottomlineApp.configure(app, AppConfiguration(database: .sqlite(path: file!)))
            try await TestDatabases.renewTokens(app.db)
        }
        // On a copy nothing is left to apply; this is the check a server makes on every start.
        try await DatabaseSetup.migrate(app)
        let result = try await body(app)
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
        }
        try await app.asyncShutdown()
        if let file { TestDatabases.remove(file) }
        return result
    } catch {
        print("withTestApp: \(String(reflecting: error))")   // PostgreSQL errors hide their message otherwise
        try? await app.asyncShutdown()
        if let file { TestDatabases.remove(file) }
        throw error
    }
}

/// The SQLite template's path, removed when the test process ends.
nonisolated(unsafe) private var sqliteTemplate: String?

/// The migrated SQLite file every test's database is copied from, made once per process.
public actor TestDatabases {
    public static let shared = TestDatabases()

    private var template: Task<String, any Error>?

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["BOTTOMLINE_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new file holding a copy of the migrated template.
    func copy() async throws -> String {
        if template == nil { template = Task { try await Self.makeTemplate() } }
        let source = try await template!.value
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-test-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: source, toPath: path)
        return path
    }

    static func remove(_ file: String) {
        for suffix in ["", "-wal", "-shm", ".files"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }

    /// Migrates a new file and returns its path.
    private static func makeTemplate() async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-test-template-\(UUID().uuidString).sqlite").path
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try BottomlineApp.configure(app, AppConfiguration(database: .sqlite(path: path)))
            try await DatabaseSetup.migrate(app)
            // The copies are of the main file alone.
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        sqliteTemplate = path
        atexit { if let path = sqliteTemplate { unlink(path) } }
        return path
    }

    /// A copy would otherwise share its registry and policy tokens with every other copy, and the process-wide kept
    /// counts and policy books are keyed by them.
    static func renewTokens(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE registry_version SET token = \(bind: UUID().uuidString)").run()
        try await sql.raw("UPDATE policy_version SET token = \(bind: UUID().uuidString)").run()
    }
}

/// Builds a valid resident ID from its first 17 digits.
public func validID(_ first17: String) -> String { first17 + String(ResidentID.checkCharacter(for: first17)) }

/// A small registry file: two villages of 南顿镇 and one of 孙店镇, as an office would send it.
public func sampleRegistryCSV() -> String {
    """
    户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别,劳动能力,健康状况,残疾等级,在校生状况,参加基本医疗保险,住房安全等级,饮水安全,收入年度,工资性收入,生产经营性收入,转移性收入,生产经营性支出
    T001,411681101201,王庄村,张三,\(validID("41168119700101101")),户主,脱贫户,普通劳动力,健康,,非在校生,是,B,是,2025,20000,5000,1000,2000
    T001,411681101201,王庄村,李梅,\(validID("41168119720202102")),配偶,脱贫户,弱劳动力或半劳动力,长期慢性病,,非在校生,是,,,,,,,
    T001,411681101201,王庄村,张小,\(validID("41168120150303103")),之子,脱贫户,无劳动力,健康,,义务教育在校,是,,,,,,,
    T002,411681101202,李楼村,王五,\(validID("41168119500404104")),户主,一般农户,丧失劳动力,残疾,二级,非在校生,否,D,否,2025,0,1000,3000,0
    T003,411681102201,赵营村,赵六,\(validID("41168119800505105")),户主,一般农户,普通劳动力,健康,,非在校生,是,A,是,,,,,
    """
}

public extension Application {
    /// Creates a user and returns it.
    @discardableResult
    func makeUser(_ username: String, role: Role, region: String, password: String = "secret123") async throws -> UserRecord {
        let user = UserRecord(username: username, displayName: username, role: role, region: RegionCode(region)!,
                              passwordHash: try password.hash(self))
        try await user.create(on: db)
        // A department data officer in a test sends every kind of feed unless a test narrows it.
        if role == .department { try await UserStore.setFeedKinds(Set(FeedKind.allCases), of: user, on: db, actor: .system()) }
        return user
    }

    /// Imports the sample registry as the system.
    func importSample() async throws -> RegistryImporter.Report {
        try await RegistryImporter(db: db, actor: .system()).importFile(Data(sampleRegistryCSV().utf8), filename: "sample.csv")
    }
}

extension String {
    func hash(_ app: Application) throws -> String { try app.password.hash(self) }
}

import ArgumentParser
import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineWeb
import Foundation
import Vapor

typealias ValidationError = ArgumentParser.ValidationError

/// `bottomline`: one executable for the server and the jobs around it.
public struct BottomlineCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bottomline",
        abstract: "底线：防止返贫动态监测和帮扶系统",
        subcommands: [Serve.self, Demo.self, Migrate.self, Import.self, Export.self, Backup.self, Restore.self, UserCommand.self, TokenCommand.self],
        defaultSubcommand: Serve.self
    )
    public init() {}
}

struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "SQLite 数据库文件（默认 bottomline.sqlite）；设置 DATABASE_URL 则使用 PostgreSQL")
    var db: String?

    var location: DatabaseLocation { .resolve(sqlitePath: db) }
}

/// Starts an application with the database configured and migrated, runs `body`, and shuts it down.
func withApplication<T: Sendable>(_ options: DatabaseOptions, arguments: [String] = ["bottomline"],
                                  _ body: (Application) async throws -> T) async throws -> T {
    var env = try Environment.detect(arguments: arguments)
    if env.name == "testing" { env = .testing }
    let app = try await Application.make(env)
    do {
        try BottomlineApp.configure(app, .fromEnvironment(sqlitePath: options.db))
        try await DatabaseSetup.migrate(app)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动网页服务")
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .long, help: "监听地址") var hostname = "127.0.0.1"
    @ArgumentParser.Option(name: .long, help: "端口") var port = 8080
    @ArgumentParser.Flag(name: .long, help: "库中没有数据时生成演示县（项城市）") var demo = false
    @ArgumentParser.Option(name: .long, help: "每天几点（北京时间，0–23）自动运行疑点数据核查；off 为不自动运行") var nightlyChecks = "2"
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard nightlyChecks == "off" || Int(nightlyChecks).map({ (0...23).contains($0) }) == true else {
            throw ValidationError("--nightly-checks 应为 0 至 23 的整点（北京时间）或 off")
        }
    }

    func run() async throws {
        logging.bootstrap()
        let arguments = ["bottomline", "serve", "--hostname", hostname, "--port", String(port)]
        try await withApplication(database, arguments: arguments) { app in
            app.logger.notice("数据库：\(database.location.description)")
            if app.logger.logLevel <= .debug {
                app.logger.warning("日志级别 \(logging.logLevel) 会记录每条数据库查询及其参数（可能含身份证号、姓名），只宜短时排查，勿长期开启")
            }
            if demo {
                let count = try await HouseholdRecord.query(on: app.db).within(DemoCounty.county).count()
                if count == 0 {
                    app.logger.notice("正在生成演示县（约3万户、10万人），首次约需一分钟…")
                    let summary = try await DemoCounty().build(on: app.db) { try app.password.hash($0) }
                    app.logger.notice("演示县已生成：\(summary.villages.grouped)个村，\(summary.households.grouped)户，\(summary.persons.grouped)人")
                }
                // The demo's QR codes point at this server until an administrator sets the real public address.
                if ProcessInfo.processInfo.environment["BOTTOMLINE_PUBLIC_URL"]?.isEmpty ?? true, try await SiteSettings.publicURL(on: app.db) == nil {
                    try await SiteSettings.setPublicURL("http://\(hostname):\(port)", actor: .system(), on: app.db)
                }
                printDemoLogins()
            }
            // Imports the database shows as running were cut off when the server last stopped (rolled back whole).
            if try await ImportJobStore.interruptLeftovers(on: app.db) > 0 {
                app.logger.warning("上次停止时有导入未完成（未写入任何数据），已在导入页标为“已中断”")
            }
            // Bring the kept indicator tallies up to date in the background, so the first dashboard after an import
            // or an upgrade does not wait for the whole registry to be counted.
            let warm = Task.detached {
                let started = Date()
                do {
                    let system = Actor.system()
                    _ = try await IndicatorStore(ScopedRegistry(db: app.db, actor: system)).tallies(within: system.region, level: .township)
                    app.logger.info("指标缓存已更新（\(String(format: "%.1f", Date().timeIntervalSince(started))) 秒）")
                } catch {
                    app.logger.warning("指标缓存更新失败：\(String(describing: error))；首次打开首页时再统计")
                }
            }
            defer { warm.cancel() }
            // 疑点数据核查 every night for each county not checked that day (issue 18 §1); the run is the county's own.
            let nightly = Int(nightlyChecks).map { hour in
                Task.detached {
                    while !Task.isCancelled {
                        let next = NightlyRun.next(after: Date(), hour: hour)
                        do { try await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow))) } catch { break }
                        do {
                            for (county, run) in try await DataCheckStore.nightly(db: app.db) {
                                app.logger.notice("夜间疑点数据核查 \(county.digits)：\(run.households)户，疑点\(run.found)条（新发现\(run.newFound)条，已整改\(run.closed)条），用时\(String(format: "%.1f", run.seconds))秒")
                            }
                        } catch {
                            app.logger.warning("夜间疑点数据核查失败：\(String(describing: error))；明晚再试，或在“疑点核查”页立即核查")
                        }
                    }
                }
            }
            defer { nightly?.cancel() }
            print("底线已启动：http://\(hostname):\(port)/")
            // Shown at once even when the output goes to a log file rather than a terminal (nil flushes every stream).
            fflush(nil)
            try await app.execute()
        }
    }
}

/// How the server logs: plain lines (the default) or one JSON object per line, at a chosen level.
struct LogOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @ArgumentParser.Option(name: .long, help: "日志格式：text 或 json（每行一个 JSON 对象）") var logFormat: Format = .text
    @ArgumentParser.Option(name: .long, help: "日志级别：trace debug info notice warning error critical") var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("日志级别应为：trace debug info notice warning error critical") }
    }

    /// Sets every logger of the process; called once, before the application is made.
    func bootstrap() {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        switch logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLineLogHandler(label: label, level: level) }
        }
    }
}

func printDemoLogins() {
    let users = DemoCounty().demoUsers(villages: [])
    print("演示账号（密码均为 \(DemoCounty.password)）：")
    let width = users.map(\.username.count).max() ?? 8
    for user in users {
        print("  \(user.username.padding(toLength: width, withPad: " ", startingAt: 0)) \(user.role.label)（\(user.displayName)）")
    }
    print("  村级账号 cun 管辖南顿镇第一个村；zhucun 是该村驻村第一书记，在“驻村帮扶”打卡、请假、写日志")
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成演示县：项城市的真实乡镇、虚拟的村、户和人")
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .long, help: "户数") var households = 30_000
    @ArgumentParser.Option(name: .long, help: "随机种子（相同种子生成相同数据）") var seed: UInt64 = 1

    func validate() throws {
        guard (1...2_000_000).contains(households) else { throw ValidationError("户数应在1至2000000之间") }
    }

    func run() async throws {
        try await withApplication(database) { app in
            let started = Date()
            let summary = try await DemoCounty(households: households, seed: seed).build(on: app.db) { try app.password.hash($0) }
            print("演示县已生成：\(summary.villages.grouped)个村，\(summary.households.grouped)户，\(summary.persons.grouped)人，用时\(String(format: "%.1f", Date().timeIntervalSince(started)))秒")
            print("各步用时：" + summary.stages.map { "\($0.name) \(String(format: "%.1f", $0.seconds))秒" }.joined(separator: "，"))
            if summary.stages.contains(where: { $0.peakMB != nil }) {
                print("内存峰值（截至各步结束）：" + summary.stages.map { "\($0.name) \($0.peakMB.map { "\($0) MB" } ?? "—")" }.joined(separator: "，"))
            }
            printDemoLogins()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "建立或升级数据库结构")
    @OptionGroup var database: DatabaseOptions
    func run() async throws {
        try await withApplication(database) { _ in print("数据库结构已是最新：\(database.location.description)") }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导入农户名册（CSV：UTF-8 或 GBK；XLSX）")
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Argument(help: "文件路径") var file: String
    @ArgumentParser.Option(name: .long, help: "以此区划为辖区导入（默认河南省 41）") var region = "41"

    func run() async throws {
        guard let code = RegionCode(region) else { throw ValidationError("区划代码格式错误：\(region)") }
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("无法读取文件：\(file)") }
        let report = try await withApplication(database) { app in
            let report = try await RegistryImporter(db: app.db, actor: .system(region: code))
                .importFile(at: file, filename: URL(fileURLWithPath: file).lastPathComponent)
            if report.succeeded {
                // The villages it wrote are counted now, not by the first reader of a dashboard.
                print(report.summary)
                print("正在更新统计数字……")
                try await IndicatorStore(ScopedRegistry(db: app.db, actor: .system(region: code))).recountChanged(within: code)
            }
            return report
        }
        if !report.succeeded { print(report.summary) }
        for problem in report.problems.prefix(200) { print("  " + problem.description) }
        if report.problemTotal > 200 { print("  ……另有\(report.problemTotal - 200)处问题") }
        if !report.succeeded { throw ExitCode(2) }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出农户名册（按导入格式，每行一人）")
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .long, help: "区划代码") var region = "41"
    @ArgumentParser.Option(name: .shortAndLong, help: "输出文件（.csv 或 .xlsx）") var output: String

    func run() async throws {
        guard let code = RegionCode(region) else { throw ValidationError("区划代码格式错误：\(region)") }
        let count = try await withApplication(database) { app in
            let table = try await RegistryExport.table(ScopedRegistry(db: app.db, actor: .system(region: code)))
            let data = output.hasSuffix(".xlsx")
                ? try XLSXWorkbook.list(name: "农户名册", header: table.header, rows: table.rows.map { $0.map { .text($0) } }).data()
                : CSV.write(header: table.header, rows: table.rows)
            try data.write(to: URL(fileURLWithPath: output))
            return table.rows.count
        }
        print("已导出\(count)人到 \(output)")
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "备份数据库到一个文件（服务运行时也可备份）",
        discussion: "SQLite：VACUUM INTO，一致的副本，不需停止服务。PostgreSQL：调用 pg_dump --format=custom（需安装 postgresql-client），大对象中的附件一并备份。存放在文件夹中的附件复制到 <备份文件>.files/。"
    )
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Argument(help: "备份文件路径") var file: String

    func run() async throws {
        let started = Date()
        // A failure says what went wrong, without the usage text: the command itself was right.
        try await withApplication(database) { app in
            try await DatabaseBackup.backup(app.db, location: database.location, to: file)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("已备份数据库（\(database.location.description)）到 \(file)（\(String(format: "%.1f", Double(size) / 1_048_576)) MB，用时\(String(format: "%.1f", Date().timeIntervalSince(started)))秒）")
        if FileManager.default.fileExists(atPath: DatabaseBackup.filesFolder(of: file)) { print("附件文件复制到 \(DatabaseBackup.filesFolder(of: file))，恢复时须与备份文件放在一起") }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "用备份文件替换数据库（须先停止服务）",
        discussion: "SQLite：原数据库改名保留为 <文件>.before-restore-<时间>。PostgreSQL：调用 pg_restore --clean --single-transaction，要么全部恢复，要么不变。恢复后自动升级到本版本的数据库结构。"
    )
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Argument(help: "备份文件路径") var file: String
    @ArgumentParser.Flag(name: .long, help: "不再询问，直接恢复") var yes = false

    func run() async throws {
        if !yes {
            FileHandle.standardError.write(Data("将用 \(file) 替换数据库（\(database.location.description)）中的全部数据。请先停止服务。输入 yes 继续：".utf8))
            guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                throw DatabaseBackup.Failure("未恢复：没有确认")
            }
        }
        let kept = try DatabaseBackup.restore(from: file, into: database.location)
        let files = try DatabaseBackup.restoreFiles(from: file, into: database.location)
        let (households, persons) = try await withApplication(database) { app in
            (try await HouseholdRecord.query(on: app.db).count(), try await PersonRecord.query(on: app.db).count())
        }
        print("已从 \(file) 恢复数据库（\(database.location.description)）：\(households.grouped)户，\(persons.grouped)人")
        if let kept { print("原数据库保留为 \(kept)") }
        if let files { print("附件文件：\(files.copied)个补回到 \(files.folder)") }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "管理用户", subcommands: [Add.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新增用户")
        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Argument(help: "用户名") var username: String
        @ArgumentParser.Option(name: .long, help: "角色：admin county township village department leader") var role: String
        @ArgumentParser.Option(name: .long, help: "辖区区划代码") var region: String
        @ArgumentParser.Option(name: .long, help: "显示名称") var name = ""
        @ArgumentParser.Option(name: .long, help: "密码（不填则从标准输入读取一行）") var password: String?
        @ArgumentParser.Option(name: .long, help: ArgumentHelp(stringLiteral: "部门数据员的数据类型，逗号分隔：" + FeedKind.allCases.map(\.rawValue).joined(separator: ","))) var feeds = ""
        @ArgumentParser.Option(name: .long, help: "银行数据员所属银行（部门数据员，县级辖区），如：项城农商银行") var bank = ""

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("角色应为：" + Role.allCases.map(\.rawValue).joined(separator: " ")) }
            guard let code = RegionCode(region) else { throw ValidationError("区划代码格式错误：\(region)") }
            let kinds = try feeds.split(separator: ",").map { raw in
                guard let kind = FeedKind(rawValue: raw.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("未知的数据类型：\(raw)") }
                return kind
            }
            if role == .department, kinds.isEmpty, bank.isEmpty { throw ValidationError("部门数据员须用 --feeds 指定本部门的数据类型，或用 --bank 指定所属银行") }
            if role != .department, !kinds.isEmpty || !bank.isEmpty { throw ValidationError("只有部门数据员（department）需要 --feeds 或 --bank") }
            if !bank.isEmpty, code.level != .county { throw ValidationError("银行数据员的辖区应为县级区划代码") }
            let secret = try password ?? readSecret()
            try await withApplication(database) { app in
                let user = try await UserStore.add(username: username, displayName: name, role: role, region: code, password: secret,
                                                   hasher: { try app.password.hash($0) }, on: app.db, actor: .system())
                if role == .department { try await UserStore.setFeedKinds(Set(kinds), of: user, on: app.db, actor: .system()) }
                if !bank.isEmpty { try await UserStore.setBank(bank, of: user, on: app.db, actor: .system()) }
            }
            print("已新增用户 \(username)（\(role.label)，辖区 \(code.digits)）")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "修改用户密码")
        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Argument(help: "用户名") var username: String
        @ArgumentParser.Option(name: .long, help: "新密码（不填则从标准输入读取一行）") var password: String?

        func run() async throws {
            let secret = try password ?? readSecret()
            try await withApplication(database) { app in
                try await UserStore.setPassword(username: username, password: secret, hasher: { try app.password.hash($0) },
                                                on: app.db, actor: .system())
            }
            print("已修改用户 \(username) 的密码")
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "管理部门数据接口令牌", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "为一个部门新建令牌（只显示一次）")
        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Argument(help: "部门名称，例如 项城市医保局") var name: String
        @ArgumentParser.Option(name: .long, help: ArgumentHelp("可上传的数据类型，逗号分隔：medical,education,civil_affairs,disability,housing,emergency,employment,police,business,vehicle,property")) var kinds: String
        @ArgumentParser.Option(name: .long, help: "数据对应的辖区（县级区划代码）") var region: String

        func run() async throws {
            let list = kinds.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let parsed = list.compactMap(FeedKind.init(rawValue:))
            guard !parsed.isEmpty, parsed.count == list.count else {
                throw ValidationError("数据类型应为：" + FeedKind.allCases.map(\.rawValue).joined(separator: ","))
            }
            guard let code = RegionCode(region), code.level <= .county else { throw ValidationError("辖区应为省、市或县级区划代码：\(region)") }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 40 else { throw ValidationError("部门名称应为1至40个字") }
            var token = ""
            try await withApplication(database) { app in
                token = try await ScreeningStore.makeToken(name: trimmed, kinds: parsed, region: code, on: app.db)
            }
            print("已为 \(trimmed) 新建令牌（可上传：\(parsed.map(\.label).joined(separator: "、"))；辖区 \(code.digits)）。令牌只显示这一次：")
            print(token)
            print("用法：curl -H 'Authorization: Bearer \(token)' --data-binary @文件.csv http://服务器:8080/api/v1/feeds/\(parsed[0].rawValue)")
        }
    }
}

func readSecret() throws -> String {
    FileHandle.standardError.write(Data("请输入密码：".utf8))
    guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("没有读到密码") }
    return line
}

extension BottomlineCommand {
    /// Parses the process arguments and runs the chosen subcommand, asynchronously where it is.
    public static func runAsRoot(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

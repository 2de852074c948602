// What the page benchmarks share: the application on a demo-county database in bench/out/ (built on first use and
// kept), and requests sent through its full middleware stack, signed in, without the network.
import BottomlinePersistence
import BottomlineWeb
import Fluent
import Foundation
import NIOCore
import Vapor

public let benchOut = URL(fileURLWithPath: "bench/out", isDirectory: true)

/// The application on an SQLite file, migrated, logging only warnings.
public func benchApp(sqlite path: String) async throws -> Application {
    try await benchApp(.sqlite(path: path))
}

/// The application on a database, migrated, logging only warnings.
public func benchApp(_ location: DatabaseLocation) async throws -> Application {
    ProcessMemory.limitArenas()
    try FileManager.default.createDirectory(at: benchOut, withIntermediateDirectories: true)
    var env = Environment.production
    env.arguments = ["bench"]
    let app = try await Application.make(env)
    app.logger.logLevel = .warning
    try BottomlineApp.configure(app, AppConfiguration(database: location))
    try await DatabaseSetup.migrate(app)
    return app
}

/// `--database sqlite|postgres`: which database a benchmark runs on. PostgreSQL is a cluster the benchmark starts
/// itself in `bench/out/pg` (Debian's postgresql package, as `.ci/run` uses; settings as installed, fsync on), kept
/// between runs so a built demo county is built once; each named database is created on first use.
public enum BenchDatabase: Sendable {
    case sqlite
    case postgres(port: Int)

    public static let chosen: BenchDatabase = {
        let arguments = CommandLine.arguments
        guard let i = arguments.firstIndex(of: "--database"), i + 1 < arguments.count, arguments[i + 1] == "postgres" else { return .sqlite }
        do { return .postgres(port: try PostgresCluster.start()) } catch {
            print("could not start PostgreSQL: \(error)")
            exit(1)
        }
    }()

    public var name: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// The database called `name` (a file on SQLite, a database in the cluster on PostgreSQL), created if absent.
    public func location(_ name: String) throws -> DatabaseLocation {
        switch self {
        case .sqlite: return .sqlite(path: benchOut.appendingPathComponent("\(name).sqlite").path)
        case .postgres(let port):
            let db = name.replacingOccurrences(of: "-", with: "_")
            try PostgresCluster.createDatabase(db, port: port)
            return .postgres(url: "postgres://postgres@127.0.0.1:\(port)/\(db)?sslmode=disable")
        }
    }

    /// Removes the database called `name`.
    public func drop(_ name: String) throws {
        switch self {
        case .sqlite:
            let path = benchOut.appendingPathComponent("\(name).sqlite").path
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
        case .postgres(let port):
            try PostgresCluster.run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-qc", "SET client_min_messages = warning",
                                             "-qc", "DROP DATABASE IF EXISTS \(name.replacingOccurrences(of: "-", with: "_"))"])
        }
    }
}

public enum PostgresCluster {
    static let root = benchOut.appendingPathComponent("pg").path
    static let port = 55499

    static var bin: String {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        return "\(base)/\(versions.last ?? 15)/bin"
    }

    /// Starts the cluster (initialising it the first time) and returns its port.
    static func start() throws -> Int {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { try run("chown", ["-R", "postgres", root]) }
        func pg(_ tool: String, _ arguments: [String]) throws {
            if asRoot {
                let line = ([bin + "/" + tool] + arguments).map { "'\($0)'" }.joined(separator: " ")
                try spawnAndWait("/usr/bin/su", ["postgres", "-s", "/bin/sh", "-c", line])
            } else {
                try spawnAndWait(bin + "/" + tool, arguments)
            }
        }
        if !FileManager.default.fileExists(atPath: root + "/data/PG_VERSION") {
            try pg("initdb", ["-D", root + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        }
        if (try? run(bin + "/pg_isready", ["-h", "127.0.0.1", "-p", String(port)])) == nil {
            try pg("pg_ctl", ["-D", root + "/data", "-l", root + "/log", "-w", "-o",
                              "-c listen_addresses=127.0.0.1 -p \(port) -k \(root) -c max_connections=200 -c work_mem=64MB -c shared_buffers=1GB", "start"])
        }
        return port
    }

    static func createDatabase(_ name: String, port: Int) throws {
        let exists = try output("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-tAc",
                                         "SELECT 1 FROM pg_database WHERE datname = '\(name)'"])
        if !exists.contains("1") { try run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]) }
    }

    /// Runs `path` and waits for it, its output discarded, without Foundation's `Process`. On Linux `Process` learns
    /// that a child ended when a socket it gives the child is closed; `pg_ctl start`'s server inherits that socket
    /// from it and holds it open for as long as it runs, so `waitUntilExit` never returned and the benchmark hung
    /// with `su` a zombie beside a server that was ready.
    static func spawnAndWait(_ path: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = argv.withUnsafeBufferPointer { posix_spawn(&pid, path, &actions, nil, $0.baseAddress!, environ) }
        guard spawned == 0 else { throw Failure(description: "\(path): posix_spawn failed (\(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "\(path): waitpid failed (\(errno))") }
        }
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(path) \(arguments.prefix(3)) exited with status \(status)")
        }
    }

    /// Runs a tool, its output discarded.
    public static func run(_ tool: String, _ arguments: [String]) throws {
        _ = try output(tool, arguments, capture: false)
    }

    public static func output(_ tool: String, _ arguments: [String], stdin: String? = nil, capture: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        let out = Pipe()
        process.standardOutput = capture ? out : FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(tool) \(arguments.prefix(3)) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    struct Failure: Error, CustomStringConvertible { let description: String }
}

/// The process's resident memory now, in kB, by kind (/proc/self/status): VmRSS in all, RssAnon (the heap, SQLite's
/// cache and sorts), RssFile (mapped files: the program, a database file SQLite maps) and RssShmem (SQLite's `-shm`);
/// and VmHWM, the largest VmRSS so far.
public func residentMemoryKB() -> [String: Int] {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
    var now: [String: Int] = [:]
    for line in status.split(separator: "\n") {
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count >= 2, let kb = Int(parts[1]) else { continue }
        let key = String(parts[0].dropLast())
        if ["VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"].contains(key) { now[key] = kb }
    }
    return now
}

/// The largest anonymous memory (`RssAnon`) seen while it runs, sampled every 0.1 s on a thread of its own: what a
/// run took for itself, apart from the file pages a mapped database adds to VmHWM.
public final class AnonymousPeak: @unchecked Sendable {
    private let lock = NSLock()
    private var largest = 0
    public init() {
        let sampler = Thread { [weak self] in
            while let self {
                let kb = residentMemoryKB()["RssAnon"] ?? 0
                self.lock.withLock { self.largest = max(self.largest, kb) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        sampler.start()
    }
    public var megabytes: Double { lock.withLock { Double(largest) / 1024 } }
}

/// Peak resident memory of this process so far, in MB (VmHWM).
public func peakMemoryMB() -> Double {
    Double(residentMemoryKB()["VmHWM"] ?? 0) / 1024
}

/// The demo county (seed 1) at `households`, in the chosen database (`demo-N`), built there if empty.
public func demoApp(households: Int) async throws -> Application {
    let app = try await benchApp(try BenchDatabase.chosen.location("demo-\(households)"))
    if try await HouseholdRecord.query(on: app.db).count() == 0 {
        let started = Date()
        let summary = try await DemoCounty(households: households, seed: 1).build(on: app.db) { try app.password.hash($0) }
        print("built demo county: \(summary.villages) villages, \(summary.households) households, \(summary.persons) persons in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        fflush(nil)
    }
    return app
}

/// A signed-in user of the application, sending requests through its responder.
public struct BenchBrowser {
    public let app: Application
    public private(set) var cookie: String?

    /// Signs in as `username` with the demo password.
    public init(_ app: Application, username: String) async throws {
        self.app = app
        // A stranger's form token is the value of the form cookie the login page sets.
        let loginPage = try await Self.send(app, .GET, "/login", cookies: [:])
        let token = loginPage.headers.setCookie?["bottomline_csrf"]?.string ?? ""
        let login = try await Self.send(app, .POST, "/login", cookies: ["bottomline_csrf": token],
                                        body: "username=\(username)&password=\(DemoCounty.password)&_csrf=\(token)")
        cookie = login.headers.setCookie?["bottomline_session"]?.string
        guard login.status == .seeOther else { fatalError("login failed: \(login.status)") }
    }

    public func get(_ path: String) async throws -> Response { try await Self.send(app, .GET, path, cookies: cookie.map { ["bottomline_session": $0] } ?? [:]) }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, cookies: [String: String], body: String? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            var jar = HTTPCookies()
            for (name, value) in cookies { jar[name] = .init(string: value) }
            headers.cookie = jar
        }
        if body != nil { headers.contentType = .urlEncodedForm }
        let request = Request(application: app, method: method, url: URI(path: path), headers: headers,
                              collectedBody: body.map { ByteBuffer(string: $0) }, on: app.eventLoopGroup.next())
        return try await app.responder.respond(to: request).get()
    }
}

public func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

/// The whole number after `name` on the command line (`--rows 1000000`), or `fallback`.
public func benchOption(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}

/// The registry import of `file` into the database `name` by `bench-import ours` (`executable`), in a child process so
/// the peak it reports is the import's own; its output is printed, and its `OURS` line returned as fields (`seconds`,
/// `peak_mb`). Exits when the import fails.
public func importInChild(executable: URL, file: URL, name: String, database: BenchDatabase) throws -> [String: String] {
    let child = Process()
    child.executableURL = executable
    child.arguments = ["ours", file.path, name, "--database", database.name]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    print(printed, terminator: "")
    guard child.terminationStatus == 0, let line = printed.split(separator: "\n").first(where: { $0.hasPrefix("OURS ") }) else { exit(1) }
    return Dictionary(line.split(separator: " ").dropFirst().compactMap { pair -> (String, String)? in
        let kv = pair.split(separator: "=", maxSplits: 1)
        return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
    }, uniquingKeysWith: { a, _ in a })
}

/// The floor an importer is compared with: the seconds the database's own bulk loader takes to load `file` (a CSV with a
/// header row of `columns` names) into a bare table of text columns — `sqlite3 .import` on SQLite, `psql \copy` on
/// PostgreSQL — and the tool's name. The bare table (`bare-<label>`) is removed afterwards.
public func bareLoad(_ file: URL, columns count: Int, label: String, database: BenchDatabase) throws -> (tool: String, seconds: Double) {
    let columns = (0..<count).map { "c\($0) TEXT" }.joined(separator: ", ")
    let bare = "bare-\(label)"
    switch database {
    case .sqlite:
        let path = benchOut.appendingPathComponent("\(bare).sqlite").path
        try database.drop(bare)
        let started = Date()
        _ = try PostgresCluster.output("sqlite3", [path], stdin: "PRAGMA journal_mode=WAL;\nCREATE TABLE bare(\(columns));\n.import --csv --skip 1 \(file.path) bare\n")
        let seconds = Date().timeIntervalSince(started)
        try database.drop(bare)
        return ("sqlite3 .import", seconds)
    case .postgres:
        try database.drop(bare)
        guard case .postgres(let url, _) = try database.location(bare) else { exit(1) }
        _ = try PostgresCluster.output("psql", [url, "-qc", "CREATE TABLE bare(\(columns))"])
        let started = Date()
        _ = try PostgresCluster.output("psql", [url, "-qc", "\\copy bare FROM '\(file.path)' WITH (FORMAT csv, HEADER true)"])
        let seconds = Date().timeIntervalSince(started)
        try database.drop(bare)
        return ("psql \\copy", seconds)
    }
}

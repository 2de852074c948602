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
    try FileManager.default.createDirectory(at: benchOut, withIntermediateDirectories: true)
    var env = Environment.production
    env.arguments = ["bench"]
    let app = try await Application.make(env)
    app.logger.logLevel = .warning
    try BottomlineApp.configure(app, AppConfiguration(database: .sqlite(path: path)))
    try await DatabaseSetup.migrate(app)
    return app
}

/// The demo county (seed 1) at `households`, in `bench/out/demo-N.sqlite`, built there if empty.
public func demoApp(households: Int) async throws -> Application {
    let app = try await benchApp(sqlite: benchOut.appendingPathComponent("demo-\(households).sqlite").path)
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

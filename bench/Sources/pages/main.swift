// bench/pages: times the household list (plain, filtered, searched) and the household page on the demo county, as the
// county user sees them, through the application's full middleware stack (sessions, CSRF, scoping, HTML rendering),
// without the network. Run: swift run -c release bench-pages [--households 30000] [--repeat 50]
import BottomlineDomain
import BottomlinePersistence
import BottomlineWeb
import Fluent
import Foundation
import NIOCore
import Vapor

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let householdCount = option("--households", 30_000)
let repeats = option("--repeat", 50)
let outDir = URL(fileURLWithPath: "bench/out", isDirectory: true)
try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
let dbPath = outDir.appendingPathComponent("demo-\(householdCount).sqlite").path   // shared with bench/dashboard

var env = Environment.production
env.arguments = ["bench"]
let app = try await Application.make(env)
app.logger.logLevel = .warning
try BottomlineApp.configure(app, database: .sqlite(path: dbPath))
try await DatabaseSetup.migrate(app)
if try await HouseholdRecord.query(on: app.db).count() == 0 {
    let started = Date()
    let summary = try await DemoCounty(households: householdCount, seed: 1).build(on: app.db) { try app.password.hash($0) }
    print("built demo county: \(summary.households) households, \(summary.persons) persons in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
}

/// Sends a request through the application's responder, carrying the session cookie.
func send(_ method: HTTPMethod, _ path: String, cookie: String?, body: String? = nil) async throws -> Response {
    var headers = HTTPHeaders()
    if let cookie { headers.cookie = ["vapor-session": .init(string: cookie)] }
    if body != nil { headers.contentType = .urlEncodedForm }
    let request = Request(application: app, method: method, url: URI(path: path), headers: headers,
                          collectedBody: body.map { ByteBuffer(string: $0) }, on: app.eventLoopGroup.next())
    return try await app.responder.respond(to: request).get()
}

// Sign in as the county user.
let loginPage = try await send(.GET, "/login", cookie: nil)
var cookie = loginPage.headers.setCookie?["vapor-session"]?.string
let html = loginPage.body.string ?? ""
let token = html.range(of: "name=\"_csrf\" value=\"").map { String(html[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
let login = try await send(.POST, "/login", cookie: cookie, body: "username=xian&password=\(DemoCounty.password)&_csrf=\(token)")
if let renewed = login.headers.setCookie?["vapor-session"]?.string { cookie = renewed }
guard login.status == .seeOther else { fatalError("login failed: \(login.status)") }

let sample = try await HouseholdRecord.query(on: app.db).filter(\.$gapHousing == true).first()!
let name = sample.householderName
let pages: [(label: String, path: String)] = [
    ("list", "/households"),
    ("list_filtered", "/households?gap=any&category=alleviated"),
    ("list_page_200", "/households?page=200"),
    ("search", "/households?q=" + name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!),
    ("household", "/households/\(sample.id!.uuidString)"),
    ("home", "/"),
]
var result: [String] = []
for page in pages {
    var times: [Double] = []
    for _ in 0..<repeats {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await send(.GET, page.path, cookie: cookie)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        guard response.status == .ok else { fatalError("\(page.path) answered \(response.status)") }
    }
    times.sort()
    let mean = times.reduce(0, +) / Double(times.count)
    let p95 = times[min(times.count - 1, Int(Double(times.count) * 0.95))]
    print("\(page.label.padding(toLength: 14, withPad: " ", startingAt: 0)) mean=\(String(format: "%.4f", mean)) s  p95=\(String(format: "%.4f", p95)) s  (\(page.path))")
    result.append("\(page.label)_s=\(String(format: "%.4f", mean))")
}
try await app.asyncShutdown()
print("RESULT households=\(householdCount) " + result.joined(separator: " "))

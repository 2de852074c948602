// bench/dashboard: the county dashboard (the county user's home page, `/`) on the demo county at two sizes, through the
// application's full middleware stack (sessions, CSRF, scoping, HTML rendering) without the network. Issue 5 §4 asks
// that the page on a 1,000,000-household registry answer within 1.5× of the same page on the 30,000-household demo.
// Run: swift build -c release --product bench-dashboard && .build/release/bench-dashboard [--small 30000] [--large 1000000] [--repeat 30]
// The demo databases are built into bench/out/ on first use (the large one takes a while) and kept for later runs.
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
let small = option("--small", 30_000), large = option("--large", 1_000_000), repeats = option("--repeat", 30)
let outDir = URL(fileURLWithPath: "bench/out", isDirectory: true)
try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)

struct Timing { var first: Double; var mean: Double; var p95: Double; var township: Double; var afterWrite: Double; var households: String }

func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

func measure(households: Int) async throws -> Timing {
    let dbPath = outDir.appendingPathComponent("demo-\(households).sqlite").path
    var env = Environment.production
    env.arguments = ["bench"]
    let app = try await Application.make(env)
    app.logger.logLevel = .warning
    try BottomlineApp.configure(app, database: .sqlite(path: dbPath))
    try await DatabaseSetup.migrate(app)
    if try await HouseholdRecord.query(on: app.db).count() == 0 {
        let started = Date()
        let summary = try await DemoCounty(households: households, seed: 1).build(on: app.db) { try app.password.hash($0) }
        print("built demo county: \(summary.villages) villages, \(summary.households) households, \(summary.persons) persons in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
    func send(_ method: HTTPMethod, _ path: String, cookie: String?, body: String? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        if let cookie { headers.cookie = ["vapor-session": .init(string: cookie)] }
        if body != nil { headers.contentType = .urlEncodedForm }
        let request = Request(application: app, method: method, url: URI(path: path), headers: headers,
                              collectedBody: body.map { ByteBuffer(string: $0) }, on: app.eventLoopGroup.next())
        return try await app.responder.respond(to: request).get()
    }
    let loginPage = try await send(.GET, "/login", cookie: nil)
    var cookie = loginPage.headers.setCookie?["vapor-session"]?.string
    let form = loginPage.body.string ?? ""
    let token = form.range(of: "name=\"_csrf\" value=\"").map { String(form[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
    let login = try await send(.POST, "/login", cookie: cookie, body: "username=xian&password=\(DemoCounty.password)&_csrf=\(token)")
    if let renewed = login.headers.setCookie?["vapor-session"]?.string { cookie = renewed }
    guard login.status == .seeOther else { fatalError("login failed: \(login.status)") }

    // The first load after a build or an import counts whatever was noted as changed; reported, not averaged.
    var started = DispatchTime.now().uptimeNanoseconds
    let first = try await send(.GET, "/", cookie: cookie)
    let firstTime = seconds(since: started)
    guard first.status == .ok else { fatalError("/ answered \(first.status)") }
    let html = first.body.string ?? ""
    let shown = html.range(of: "</div><div class=\"l\">登记户数").map { r in String(html[..<r.lowerBound].reversed().prefix { $0 != ">" }.reversed()) } ?? "?"
    var times: [Double] = []
    for _ in 0..<repeats {
        started = DispatchTime.now().uptimeNanoseconds
        let response = try await send(.GET, "/", cookie: cookie)
        times.append(seconds(since: started))
        guard response.status == .ok else { fatalError("/ answered \(response.status)") }
    }
    var townshipTimes: [Double] = []
    for _ in 0..<max(1, repeats / 3) {
        started = DispatchTime.now().uptimeNanoseconds
        _ = try await send(.GET, "/regions/411681101", cookie: cookie)
        townshipTimes.append(seconds(since: started))
    }
    // A cadre records a visit (a household written) before each load: the load recounts that one village.
    var writeTimes: [Double] = []
    let visited = try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).limit(max(1, repeats / 3)).all()
    for household in visited {
        household.lastVisitOn = CivilDate.today.description
        try await household.save(on: app.db)
        started = DispatchTime.now().uptimeNanoseconds
        _ = try await send(.GET, "/", cookie: cookie)
        writeTimes.append(seconds(since: started))
    }
    try await app.asyncShutdown()
    times.sort()
    return Timing(first: firstTime, mean: times.reduce(0, +) / Double(times.count), p95: times[min(times.count - 1, Int(Double(times.count) * 0.95))],
                  township: townshipTimes.reduce(0, +) / Double(townshipTimes.count),
                  afterWrite: writeTimes.reduce(0, +) / Double(max(1, writeTimes.count)), households: shown)
}

var results: [Int: Timing] = [:]
for size in [small, large] {
    let t = try await measure(households: size)
    results[size] = t
    print("\(size) households (page shows 登记户数 \(t.households)): county home mean=\(String(format: "%.4f", t.mean)) s p95=\(String(format: "%.4f", t.p95)) s; first load \(String(format: "%.3f", t.first)) s; township page mean=\(String(format: "%.4f", t.township)) s; after a write mean=\(String(format: "%.4f", t.afterWrite)) s")
    fflush(nil)
}
let (s, l) = (results[small]!.mean, results[large]!.mean)
print("RESULT small_s=\(String(format: "%.4f", s)) large_s=\(String(format: "%.4f", l)) ratio=\(String(format: "%.2f", l / s))")

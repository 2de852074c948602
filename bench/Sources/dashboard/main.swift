// bench/dashboard: the county dashboard (the county user's home page, `/`) on the demo county at two sizes, through the
// application's full middleware stack (sessions, CSRF, scoping, HTML rendering) without the network. Issue 5 §4 asks
// that the page on a 1,000,000-household registry answer within 1.5× of the same page on the 30,000-household demo.
// Run: swift build -c release --product bench-dashboard && .build/release/bench-dashboard [--small 30000] [--large 1000000] [--repeat 30] [--database sqlite|postgres]
// The demo databases are built into bench/out/ on first use (the large one takes a while) and kept for later runs.
import BenchSupport
import BottomlineDomain
import BottomlinePersistence
import BottomlineWeb
import Fluent
import Foundation
import Vapor

let arguments = CommandLine.arguments
let small = benchOption("--small", 30_000), large = benchOption("--large", 1_000_000), repeats = benchOption("--repeat", 30)

struct Timing { var first: Double; var mean: Double; var p95: Double; var township: Double; var afterWrite: Double; var households: String }

func measure(households: Int) async throws -> Timing {
    let app = try await demoApp(households: households)
    let browser = try await BenchBrowser(app, username: "xian")

    // The first load after a build or an import counts whatever was noted as changed; reported, not averaged.
    var started = DispatchTime.now().uptimeNanoseconds
    let first = try await browser.get("/")
    let firstTime = seconds(since: started)
    guard first.status == .ok else { fatalError("/ answered \(first.status)") }
    let html = first.body.string ?? ""
    let shown = html.range(of: "</div><div class=\"l\">登记户数").map { r in String(html[..<r.lowerBound].reversed().prefix { $0 != ">" }.reversed()) } ?? "?"
    var times: [Double] = []
    for _ in 0..<repeats {
        started = DispatchTime.now().uptimeNanoseconds
        let response = try await browser.get("/")
        times.append(seconds(since: started))
        guard response.status == .ok else { fatalError("/ answered \(response.status)") }
    }
    var townshipTimes: [Double] = []
    for _ in 0..<max(1, repeats / 3) {
        started = DispatchTime.now().uptimeNanoseconds
        _ = try await browser.get("/regions/411681101")
        townshipTimes.append(seconds(since: started))
    }
    // A cadre records a visit (a household written) before each load: the load recounts that one village.
    var writeTimes: [Double] = []
    let visited = try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).limit(max(1, repeats / 3)).all()
    for household in visited {
        household.lastVisitOn = CivilDate.today.description
        try await household.save(on: app.db)
        started = DispatchTime.now().uptimeNanoseconds
        _ = try await browser.get("/")
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
print("RESULT database=\(BenchDatabase.chosen.name) small_s=\(String(format: "%.4f", s)) large_s=\(String(format: "%.4f", l)) ratio=\(String(format: "%.2f", l / s))")

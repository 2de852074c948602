// bench/dashboard: the county dashboard (the county user's home page, `/`) on the demo county at two sizes, through the
// application's full middleware stack (sessions, CSRF, scoping, HTML rendering) without the network. Issue 5 §4 asks
// that the page on a 1,000,000-household registry answer within 1.5× of the same page on the 30,000-household demo.
// Both sizes' home pages are loaded in turn (see below); mean and median are reported.
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

struct Timing { var first: Double; var mean: Double; var median: Double; var p95: Double; var township: Double; var afterWrite: Double; var households: String }

/// One demo county open, its county user signed in, and what its first load took and showed.
struct Site { let app: Application; let browser: BenchBrowser; let first: Double; let shown: String }

func open(households: Int) async throws -> Site {
    let app = try await demoApp(households: households)
    let browser = try await BenchBrowser(app, username: "xian")
    // The first load after a build or an import counts whatever was noted as changed; reported, not averaged.
    let started = DispatchTime.now().uptimeNanoseconds
    let first = try await browser.get("/")
    let firstTime = seconds(since: started)
    guard first.status == .ok else { fatalError("/ answered \(first.status)") }
    let html = first.body.string ?? ""
    let shown = html.range(of: "</div><div class=\"l\">登记户数").map { r in String(html[..<r.lowerBound].reversed().prefix { $0 != ">" }.reversed()) } ?? "?"
    return Site(app: app, browser: browser, first: firstTime, shown: shown)
}

func home(_ site: Site) async throws -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    let response = try await site.browser.get("/")
    guard response.status == .ok else { fatalError("/ answered \(response.status)") }
    return seconds(since: started)
}

/// The township page, then a load after each of a few writes; closes the site.
func rest(of site: Site, homes: [Double]) async throws -> Timing {
    var townshipTimes: [Double] = []
    for _ in 0..<max(1, repeats / 3) {
        let started = DispatchTime.now().uptimeNanoseconds
        _ = try await site.browser.get("/regions/411681101")
        townshipTimes.append(seconds(since: started))
    }
    // A cadre records a visit (a household written) before each load: the load recounts that one village.
    var writeTimes: [Double] = []
    let visited = try await HouseholdRecord.query(on: site.app.db).filter(\.$monitoringCategory != nil).limit(max(1, repeats / 3)).all()
    for household in visited {
        household.lastVisitOn = CivilDate.today.description
        try await household.save(on: site.app.db)
        writeTimes.append(try await home(site))
    }
    try await site.app.asyncShutdown()
    let times = homes.sorted()
    return Timing(first: site.first, mean: times.reduce(0, +) / Double(times.count), median: times[times.count / 2],
                  p95: times[min(times.count - 1, Int(Double(times.count) * 0.95))],
                  township: townshipTimes.reduce(0, +) / Double(townshipTimes.count),
                  afterWrite: writeTimes.reduce(0, +) / Double(max(1, writeTimes.count)), households: site.shown)
}

// Both counties are open at once and their home pages loaded in turn, small then large, so that whatever else the
// machine is doing falls on both sizes alike (measured one size after the other, the same build's ratio ranged from
// 1.00 to 1.23 between runs of a quiet machine).
let sizes = [small, large]
var sites: [Int: Site] = [:]
for size in sizes { sites[size] = try await open(households: size) }
var homes: [Int: [Double]] = [:]
for _ in 0..<repeats {
    for size in sizes { homes[size, default: []].append(try await home(sites[size]!)) }
}
var results: [Int: Timing] = [:]
for size in sizes {
    let t = try await rest(of: sites[size]!, homes: homes[size]!)
    results[size] = t
    print("\(size) households (page shows 登记户数 \(t.households)): county home mean=\(String(format: "%.4f", t.mean)) s median=\(String(format: "%.4f", t.median)) s p95=\(String(format: "%.4f", t.p95)) s; first load \(String(format: "%.3f", t.first)) s; township page mean=\(String(format: "%.4f", t.township)) s; after a write mean=\(String(format: "%.4f", t.afterWrite)) s")
    fflush(nil)
}
let (s, l) = (results[small]!, results[large]!)
print("RESULT database=\(BenchDatabase.chosen.name) small_s=\(String(format: "%.4f", s.mean)) large_s=\(String(format: "%.4f", l.mean)) ratio=\(String(format: "%.2f", l.mean / s.mean)) small_median_s=\(String(format: "%.4f", s.median)) large_median_s=\(String(format: "%.4f", l.median)) ratio_median=\(String(format: "%.2f", l.median / s.median))")

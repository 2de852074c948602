// bench/pages: times the household list (plain, filtered, searched) and the household page on the demo county, as the
// county user sees them, through the application's full middleware stack (sessions, CSRF, scoping, HTML rendering),
// without the network. Run: swift run -c release bench-pages [--households 30000] [--repeat 50] [--database sqlite|postgres]
import BenchSupport
import BottomlineDomain
import BottomlinePersistence
import BottomlineWeb
import Fluent
import Foundation
import Vapor

let arguments = CommandLine.arguments
let householdCount = benchOption("--households", 30_000)
let repeats = benchOption("--repeat", 50)
let app = try await demoApp(households: householdCount)
let browser = try await BenchBrowser(app, username: "xian")

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
        let response = try await browser.get(page.path)
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
print("RESULT database=\(BenchDatabase.chosen.name) households=\(householdCount) " + result.joined(separator: " "))

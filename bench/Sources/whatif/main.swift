// bench/whatif: 政策调整测算 over the demo county (issue 18 §2 asks for a 1,000,000-household county in under 5 s), as
// the page asks it — the line of the latest income year raised by 600 元 with a 50% 关注带: the grouped counts, the
// cadres and the measure profile — against the database's own command-line client running the same queries with the
// amounts written in (the floor), and the question as first written (every household grouped), in the same run.
// Run: swift build -c release --product bench-whatif && .build/release/bench-whatif [--households 30000] [--repeat 3] [--database sqlite|postgres]
// The demo county is built into bench/out/ on first use and kept for later runs (the quality benchmark shares it).
import BenchSupport
import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

let households = benchOption("--households", 30_000), repeats = benchOption("--repeat", 3)
let app = try await demoApp(households: households)
let county: UserRecord? = try await UserRecord.query(on: app.db).filter(\.$username == "xian").first()
guard let xian = county else { fatalError("no county user") }
let store = WhatIfStore(ScopedRegistry(db: app.db, actor: Actor(xian)))
let defaults = try await store.defaults(today: .today)
guard let year = defaults.incomeYear, let line = defaults.currentLine else { fatalError("the demo county has no income year with a line") }
let scenario = LineScenario(incomeYear: year, currentLine: line, proposedLine: line + Money(yuan: 600), bandPercent: 50)

var times: [Double] = []
var last: WhatIfStore.Result?
for _ in 0..<repeats {
    let started = DispatchTime.now().uptimeNanoseconds
    last = try await store.evaluate(scenario, today: .today)
    times.append(seconds(since: started))
}
let peak = peakMemoryMB()
try await app.asyncShutdown()

let t = scenario.thresholds.map(\.fen)
let net = "(i.wages + i.business + i.property + i.transfers - i.business_costs)"
let range = "h.village_code >= '411681' AND h.village_code < '411681:' AND h.status = 'active'"
// The question as first written: per-capita income worked out per row, compared four times, every household grouped.
let naive = """
    SELECT v, c, s, r, \((0..<4).map { "CASE WHEN pc IS NULL THEN -1 WHEN pc < \(t[$0]) THEN 1 ELSE 0 END" }.joined(separator: ", ")), COUNT(*), SUM(COALESCE(m, 0))
    FROM (SELECT h.village_code AS v, h.category AS c,
                 CASE WHEN h.monitoring_category IS NULL THEN 0 WHEN h.risk_eliminated_on IS NULL THEN 1 ELSE 2 END AS s,
                 COALESCE(h.risk_types, '') AS r, i.member_count AS m,
                 CASE WHEN i.member_count > 0 THEN CASE WHEN \(net) >= 0 THEN (2 * \(net) + i.member_count) / (2 * i.member_count)
                      ELSE -((2 * -\(net) + i.member_count) / (2 * i.member_count)) END END AS pc
          FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = \(year)
          WHERE \(range)) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    """
// What WhatIfStore sends (SQLite, a county that is the whole table): read straight through, flags without a division,
// only the households below some threshold grouped by village and risk, the rest by category and standing.
func flag(_ k: Int) -> String {
    "CASE WHEN i.member_count IS NULL OR i.member_count <= 0 THEN -1 WHEN \(net) < 0 OR 2 * \(net) < \(2 * t[k] - 1) * i.member_count THEN 1 ELSE 0 END"
}
let highest = t.indices.max { t[$0] < t[$1] }!
let from = "FROM households h NOT INDEXED LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = \(year) WHERE \(range)"
let same = """
    SELECT COUNT(*) FROM households WHERE status = 'active' AND village_code >= '411681' AND village_code < '411681:';
    SELECT h.village_code, h.category, CASE WHEN h.monitoring_category IS NULL THEN 0 WHEN h.risk_eliminated_on IS NULL THEN 1 ELSE 2 END,
           COALESCE(h.risk_types, ''), \((0..<4).map(flag).joined(separator: ", ")), COUNT(*), SUM(COALESCE(i.member_count, 0))
    \(from) AND \(flag(highest)) <> 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    SELECT h.category, CASE WHEN h.monitoring_category IS NULL THEN 0 WHEN h.risk_eliminated_on IS NULL THEN 1 ELSE 2 END, COUNT(*), SUM(i.member_count)
    \(from) AND \(flag(highest)) = 0 GROUP BY 1, 2;
    """
func client(_ script: String) throws -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    switch BenchDatabase.chosen {
    case .sqlite:
        _ = try PostgresCluster.output("sqlite3", [benchOut.appendingPathComponent("demo-\(households).sqlite").path], stdin: script)
    case .postgres(let port):
        _ = try PostgresCluster.output("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "demo_\(households)", "-qAt"],
                                       stdin: script.replacingOccurrences(of: " NOT INDEXED", with: ""))
    }
    return seconds(since: started)
}
let floorTimes = try (0..<repeats).map { _ in try client(same) }, naiveTimes = try (0..<repeats).map { _ in try client(naive) }
let database = BenchDatabase.chosen
func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
let ours = mean(times), floor = mean(floorTimes), naiveMean = mean(naiveTimes)
let total = last?.outcome.total
print("scenario: \(year) line \(line.yuanText) → \(scenario.proposedLine.yuanText), band 50%; entering \(total?.entering.households ?? 0) households, cases to open \(total?.casesToOpen.households ?? 0)")
print("runs: " + times.map { String(format: "%.2f", $0) }.joined(separator: " ") + " s; floor (the client, our queries): " + floorTimes.map { String(format: "%.2f", $0) }.joined(separator: " ")
      + " s; the client, the query as first written: " + naiveTimes.map { String(format: "%.2f", $0) }.joined(separator: " ") + " s")
print(String(format: "RESULT database=%@ households=%d judged=%d entering=%d ours_s=%.2f floor_s=%.2f ratio=%.2f naive_client_s=%.2f peak_mb=%.0f",
             database.name, households, total?.judged.households ?? 0, total?.entering.households ?? 0, ours, floor, ours / floor, naiveMean, peak))

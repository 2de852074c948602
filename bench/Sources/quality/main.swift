// bench/quality: all default 疑点数据 checks over the demo county (issue 18 §1 asks for a 1,000,000-household county in
// under 10 s on SQLite), as the county's 立即核查 runs them — reading the facts a township at a time, checking, and
// writing what changed in one transaction — against the database's own command-line client reading the same rows
// (the same joins and ranges, output thrown away) in the same run: the floor for any code that reads what the checks read.
// Run: swift build -c release --product bench-quality && .build/release/bench-quality [--households 30000] [--repeat 3] [--database sqlite|postgres]
// The demo county is built into bench/out/ on first use (its build runs the checks once) and kept for later runs.
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
let store = DataCheckStore(ScopedRegistry(db: app.db, actor: Actor(xian)))

var times: [Double] = []
var last: DataCheckStore.RunSummary?
let anonymous = AnonymousPeak()
for _ in 0..<repeats {
    let started = DispatchTime.now().uptimeNanoseconds
    last = try await store.run(today: CivilDate.today)
    times.append(seconds(since: started))
}
let peak = peakMemoryMB(), anonPeak = anonymous.megabytes
try await app.asyncShutdown()

// The floor: the same rows read by sqlite3 (with the memory-mapped reads the run's own connection uses) or psql. On
// SQLite the demo county is the whole file, so the run reads its households, persons and incomes straight through
// (CountyFacts) and so does the floor; psql reads by the county's range and lets the planner choose.
let code = "411681", upper = "411681:"
let range = "village_code >= '\(code)' AND village_code < '\(upper)'"
let hRange = "h.village_code >= '\(code)' AND h.village_code < '\(upper)'"
let sqlite = BenchDatabase.chosen.name == "sqlite"
let (straight, whole) = sqlite ? (" NOT INDEXED", "") : ("", " WHERE \(hRange)")
let script = (sqlite ? "PRAGMA mmap_size = 2147418112;\n" : "") + """
    SELECT id, number, village_code, category, monitoring_category, monitoring_since, risk_eliminated_on, risk_types, gap_housing, gap_education, gap_medical, gap_water, has_labour, phone, bank_account FROM households\(straight) WHERE \(range) AND status = 'active';
    SELECT p.id, p.household_id, p.id_number, p.name, p.sex, p.birth_date, p.relation, p.status, p.health, p.disability, p.education, p.employment FROM persons p\(straight)\(sqlite ? "" : " JOIN households h ON h.id = p.household_id")\(whole);
    SELECT i.household_id, i.year, i.wages, i.business, i.property, i.transfers, i.business_costs, i.member_count FROM household_incomes i\(straight)\(sqlite ? "" : " JOIN households h ON h.id = i.household_id")\(whole);
    SELECT household_id, category FROM measures WHERE \(range) AND status <> 'stopped';
    SELECT a.household_id FROM helper_assignments a JOIN households h ON h.id = a.household_id WHERE \(hRange) AND a.end_date IS NULL;
    SELECT person_id, end_month FROM work_spells WHERE \(range);
    SELECT person_id, end_on FROM public_posts WHERE \(range);
    SELECT household_id, issued_on, amount_fen, exception FROM loans WHERE \(range);
    SELECT e.household_id, e.other_household_id FROM membership_events e CROSS JOIN households h WHERE h.id = e.household_id AND \(hRange) AND e.other_household_id IS NOT NULL;
    """
var floorTimes: [Double] = []
let database = BenchDatabase.chosen
for _ in 0..<repeats {
    let started = DispatchTime.now().uptimeNanoseconds
    switch database {
    case .sqlite:
        _ = try PostgresCluster.output("sqlite3", [benchOut.appendingPathComponent("demo-\(households).sqlite").path], stdin: script)
    case .postgres(let port):
        _ = try PostgresCluster.output("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "demo_\(households)", "-qAt"], stdin: script)
    }
    floorTimes.append(seconds(since: started))
}
let ours = times.reduce(0, +) / Double(times.count), floor = floorTimes.reduce(0, +) / Double(floorTimes.count)
print("runs: " + times.map { String(format: "%.2f", $0) }.joined(separator: " ") + " s; floor: " + floorTimes.map { String(format: "%.2f", $0) }.joined(separator: " ") + " s")
print(String(format: "RESULT database=%@ households=%d checked=%d findings=%d ours_s=%.2f floor_s=%.2f ratio=%.2f peak_mb=%.0f anon_peak_mb=%.0f",
             database.name, households, last?.households ?? 0, last?.found ?? 0, ours, floor, ours / floor, peak, anonPeak))

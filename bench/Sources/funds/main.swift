// bench/funds: the money, project and asset figures of a province (issue 15 §4) — 下达, 对接, 支付, 产业占比, 开工率,
// 资产, 收益 per unit as of a day, as the indicator catalogue reads them for dashboards, rankings and month-end freezes —
// against the same aggregate queries run by the database's own command-line client (`sqlite3`, or `psql`) on the same
// database in the same run: the floor for any code that reads these ledgers.
// Run: swift build -c release --product bench-funds && .build/release/bench-funds [--counties 100] [--projects 300] [--repeat 5] [--database sqlite|postgres]
// The ledger is generated into bench/out/funds-<counties>x<projects> on first use (inserted as rows, not through the
// stores: this measures reading) and kept for later runs.
import BenchSupport
import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import SQLKit
import Vapor

let counties = benchOption("--counties", 100), perCounty = benchOption("--projects", 300), repeats = benchOption("--repeat", 5)
let today = CivilDate.today
let year = today.year
let name = "funds-\(counties)x\(perCounty)"
let location = try BenchDatabase.chosen.location(name)
let app = try await benchApp(location)
guard let sql = app.db as? any SQLDatabase else { fatalError("no SQL database") }

/// County codes of Henan's shape: 17 cities, counties numbered within each.
func countyCode(_ i: Int) -> String { "41" + Names2.two(1 + i % 17) + Names2.two(21 + i / 17) }
enum Names2 { static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" } }

struct Rows { var batches = 0, projects = 0, steps = 0, allocations = 0, payments = 0, assets = 0, incomes = 0 }

func generate() async throws -> Rows {
    var rng = SplitMix64(seed: 15)
    var rows = Rows()
    var pending: [String: [[any Encodable & Sendable]]] = [:]
    let columns: [String: [String]] = [
        "fund_batches": ["id", "county_code", "year", "level", "kind", "document", "issued_on", "amount_fen", "purpose"],
        "projects": ["id", "county_code", "region_code", "number", "name", "year", "category", "content", "goals", "linkage_fen", "integrated_fen", "other_fen",
                     "link_ways", "link_households", "link_alleviated", "link_monitored", "implementer", "responsible", "stage"],
        "project_steps": ["id", "project_id", "action", "from_stage", "to_stage", "on_date", "comment", "username", "at"],
        "fund_allocations": ["id", "batch_id", "project_id", "amount_fen", "on_date"],
        "fund_payments": ["id", "batch_id", "project_id", "paid_on", "amount_fen", "payee_kind", "payee_name", "retention_fen", "note"],
        "assets": ["id", "county_code", "region_code", "project_id", "number", "name", "class", "kind", "value_fen", "owner", "confirmed_on", "operator", "way",
                   "agreed_return", "caretaker", "jobs", "jobs_alleviated", "jobs_monitored"],
        "asset_incomes": ["id", "asset_id", "year", "month", "amount_fen", "kwh", "note"],
    ]
    let order = ["fund_batches", "projects", "project_steps", "fund_allocations", "fund_payments", "assets", "asset_incomes"]
    func flush(_ table: String? = nil) async throws {
        for t in order where table == nil || table == t {
            guard let list = pending[t], !list.isEmpty else { continue }
            for start in stride(from: 0, to: list.count, by: 400) {
                var insert = sql.insert(into: t).columns(columns[t]!)
                for row in list[start..<min(start + 400, list.count)] { insert = insert.values(row.map { SQLBind($0) }) }
                try await insert.run()
            }
            pending[t] = []
        }
    }
    func add(_ table: String, _ values: [any Encodable & Sendable]) { pending[table, default: []].append(values) }
    func day(_ d: Int) -> String { CivilDate(year: year, month: 1, day: 1)!.adding(days: min(d, today.dayNumber - CivilDate(year: year, month: 1, day: 1)!.dayNumber)).description }
    let stages: [ProjectStage] = [.proposed, .townshipReview, .appraisal, .countyApproval, .inLibrary, .planned, .underway, .built, .accepted, .settled]
    let categories = ProjectCategory.allCases
    for c in 0..<counties {
        let county = countyCode(c)
        var batches: [(UUID, Int64)] = []
        for b in 0..<8 {
            let id = UUID(), amount = Int64(3_000 + rng.next() % 8_000) * 1_000_000
            add("fund_batches", [id, county, year, (["central", "province", "city", "county"])[b % 4], b == 7 ? "integrated" : "linkage", "豫财农〔\(year)〕\(c * 8 + b)号", day(b * 20), amount, ""])
            batches.append((id, amount))
        }
        rows.batches += 8
        for p in 0..<perCounty {
            let id = UUID()
            let place = p % 10 == 0 ? county : county + "1\(Names2.two(1 + p % 20))" + (p % 10 == 1 ? "" : "2\(Names2.two(p % 30))")
            let category = categories[Int(rng.next() % UInt64(categories.count))]
            let target = stages[Int(rng.next() % UInt64(stages.count))]
            add("projects", [id, county, place, "XM\(year)-\(p)", "项目\(p)", year, category.rawValue, "建设内容", "绩效目标", Int64(100 + rng.next() % 900) * 10_000, Int64(0), Int64(0),
                             ",dividend,", 30, 20, 2, "合作社", "负责人", target.rawValue])
            rows.projects += 1
            var from = ProjectStage.proposed
            for (k, s) in stages.enumerated() where k > 0 && k <= stages.firstIndex(of: target)! {
                add("project_steps", [UUID(), id, "pass", from.rawValue, s.rawValue, day(k * 12), "", "bench", Date()])
                from = s
                rows.steps += 1
            }
            if stages.firstIndex(of: target)! >= stages.firstIndex(of: .inLibrary)! {
                let (batch, _) = batches[Int(rng.next() % 8)]
                let amount = Int64(50 + rng.next() % 500) * 1_000_000
                add("fund_allocations", [UUID(), batch, id, amount, day(60)])
                rows.allocations += 1
                if stages.firstIndex(of: target)! >= stages.firstIndex(of: .underway)! {
                    for k in 0..<3 {
                        add("fund_payments", [UUID(), batch, id, day(90 + k * 40), amount / 4, "contractor", "施工单位", Int64(0), ""])
                        rows.payments += 1
                    }
                }
                if target == .accepted || target == .settled, p % 3 == 0 {
                    let asset = UUID()
                    add("assets", [asset, county, place, id, "ZC\(p)", "资产\(p)", "operating", p % 2 == 0 ? "photovoltaic" : "workshop", amount, "village_collective",
                                   p % 5 == 0 ? nil as String? : day(100), "合作社", "lease", "", "", 30, 8, 1])
                    rows.assets += 1
                    for m in 1...today.month {
                        add("asset_incomes", [UUID(), asset, year, m, Int64(5_000 + rng.next() % 5_000) * 100, Int64(9_000 + rng.next() % 3_000), ""])
                        rows.incomes += 1
                    }
                }
            }
        }
        if c % 10 == 9 { try await flush() }
    }
    try await flush()
    return rows
}

let existing: Int = try await ProjectRecord.query(on: app.db).count()
if existing == 0 {
    let started = DispatchTime.now().uptimeNanoseconds
    let rows = try await generate()
    print("generated \(counties) counties: \(rows.batches) batches, \(rows.projects) projects, \(rows.steps) steps, \(rows.allocations) allocations, \(rows.payments) payments, \(rows.assets) assets, \(rows.incomes) income months in \(String(format: "%.1f", seconds(since: started))) s")
} else {
    print("using \(name): \(existing) projects")
}
fflush(nil)

// Ours: every unit's counts of the province as of today, as a province administrator's indicator pages read them.
let store = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(userID: nil, username: "bench", role: .admin, region: RegionCode("41")!)))
var ours: [Double] = []
var counts: [String: Counts] = [:]
for _ in 0..<repeats {
    let started = DispatchTime.now().uptimeNanoseconds
    counts = try await store.fundCounts(within: RegionCode("41")!, asOf: today, kept: false)
    ours.append(seconds(since: started))
}
let total = counts.values.reduce(Counts(), +)

// The floor: the same aggregates, by the database's own client, on the same database.
let date = today.description
let floorSQL = """
    SELECT county_code, level, kind, SUM(amount_fen) FROM fund_batches WHERE year = \(year) AND issued_on <= '\(date)' GROUP BY county_code, level, kind;
    SELECT p.region_code, p.category, b.county_code, b.level, b.kind, SUM(a.amount_fen) FROM fund_allocations a JOIN fund_batches b ON b.id = a.batch_id
      JOIN projects p ON p.id = a.project_id WHERE b.year = \(year) AND b.issued_on <= '\(date)' AND a.on_date <= '\(date)' GROUP BY p.region_code, p.category, b.county_code, b.level, b.kind;
    SELECT p.region_code, SUM(f.amount_fen) FROM fund_payments f JOIN fund_batches b ON b.id = f.batch_id JOIN projects p ON p.id = f.project_id
      WHERE b.year = \(year) AND b.issued_on <= '\(date)' AND f.paid_on <= '\(date)' GROUP BY p.region_code;
    SELECT place, COUNT(*), SUM(planned), SUM(started) FROM (SELECT p.region_code AS place,
      MAX(CASE WHEN s.to_stage IN ('planned','underway','built','accepted','settled') THEN 1 ELSE 0 END) AS planned,
      MAX(CASE WHEN s.to_stage IN ('underway','built','accepted','settled') THEN 1 ELSE 0 END) AS started
      FROM projects p JOIN project_steps s ON s.project_id = p.id WHERE p.year = \(year) AND s.on_date <= '\(date)' GROUP BY p.region_code, p.id) x GROUP BY place;
    SELECT region_code, kind, COUNT(*), SUM(value_fen) FROM assets WHERE disposed_on IS NULL OR disposed_on > '\(date)' GROUP BY region_code, kind;
    SELECT a.region_code, a.kind, SUM(i.amount_fen), SUM(i.kwh) FROM asset_incomes i JOIN assets a ON a.id = i.asset_id WHERE i.year = \(year) AND i.month <= \(today.month) GROUP BY a.region_code, a.kind;
    SELECT SUM(f.amount_fen) FROM fund_payments f JOIN fund_batches b ON b.id = f.batch_id WHERE b.year = \(year) AND b.issued_on <= '\(date)' AND f.paid_on <= '\(date)';
    """
var floor: [Double] = []
var floorPaid = ""
for _ in 0..<repeats {
    let started = DispatchTime.now().uptimeNanoseconds
    let out: String
    switch BenchDatabase.chosen {
    case .sqlite:
        out = try PostgresCluster.output("sqlite3", [benchOut.appendingPathComponent("\(name).sqlite").path], stdin: floorSQL)
    case .postgres(let port):
        out = try PostgresCluster.output("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", name.replacingOccurrences(of: "-", with: "_"), "-tA"], stdin: floorSQL)
    }
    floor.append(seconds(since: started))
    floorPaid = out.split(separator: "\n").last.map(String.init) ?? ""
}
try await app.asyncShutdown()

func median(_ list: [Double]) -> Double { list.sorted()[list.count / 2] }
let paid = total[.fundPaid]
guard String(paid) == floorPaid.trimmingCharacters(in: .whitespaces) else { fatalError("支付 differs: ours \(paid) 分, the client's \(floorPaid)") }
let catalogue = IndicatorCatalogue.self
print("province as of \(today): \(counts.count) units; 下达 \(catalogue.indicator("ZJ01")!.text(total))万元, 支付 \(catalogue.indicator("ZJ03")!.text(total))万元 (the client's sum agrees), "
      + "支付进度 \(catalogue.indicator("ZJ04")!.text(total)), 产业占比 \(catalogue.indicator("ZJ07")!.text(total)), 开工率 \(catalogue.indicator("XM02")!.text(total)), "
      + "资产 \(catalogue.indicator("ZC01")!.text(total)) 个 \(catalogue.indicator("ZC02")!.text(total))万元")
print("RESULT database=\(BenchDatabase.chosen.name) counties=\(counties) projects=\(counties * perCounty) ours_s=\(String(format: "%.3f", median(ours))) floor_s=\(String(format: "%.3f", median(floor))) ratio=\(String(format: "%.2f", median(ours) / median(floor))) peak_mb=\(String(format: "%.0f", peakMemoryMB()))")

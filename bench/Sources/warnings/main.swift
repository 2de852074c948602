// bench/warnings: a department's file screened through the product's store on a database: the registry index read
// from the database, the file streamed through the engine, the file kept, its bad rows and every new warning written —
// what a county's 医保 upload costs end to end, on SQLite or PostgreSQL.
//
//   swift build -c release --product bench-warnings
//   .build/release/bench-warnings [--households 30000] [--rows 1000000] [--database sqlite|postgres]
//
// A fresh copy of the demo county (`demo-N`, built on first use) takes each run, so every warning is new. The 医保
// settlement file has `--rows` rows: three in four about the county's people, the rest strangers; amounts spread so that
// the shipped rule YB01 (个人自付 over 12 months) warns a share of households. One RESULT line at the end.
import BenchSupport
import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import SQLKit
import Vapor

let arguments = CommandLine.arguments
let households = benchOption("--households", 30_000)
let rows = benchOption("--rows", 1_000_000)
let database = BenchDatabase.chosen
let asOf = CivilDate(year: 2026, month: 6, day: 30)!

// The county, then a copy of it for this run.
let demo = try await demoApp(households: households)
try await demo.asyncShutdown()
let copy = "warnings-\(households)"
try database.drop(copy)
switch database {
case .sqlite:
    try FileManager.default.copyItem(at: benchOut.appendingPathComponent("demo-\(households).sqlite"),
                                     to: benchOut.appendingPathComponent("\(copy).sqlite"))
case .postgres(let port):
    try PostgresCluster.run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-qc",
                                     "CREATE DATABASE \(copy.replacingOccurrences(of: "-", with: "_")) TEMPLATE demo_\(households)"])
}
let app = try await benchApp(try database.location(copy))
guard let sql = app.db as? any SQLDatabase else { exit(1) }
let ids = try await sql.raw("SELECT id_number FROM persons ORDER BY id_number").all().map { try $0.decode(column: "id_number", as: String.self) }

// The settlement file.
struct SplitMix { var state: UInt64; mutating func next() -> UInt64 { state &+= 0x9E3779B97F4A7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) } }
var rng = SplitMix(state: 20261204)
let file = benchOut.appendingPathComponent("medical-\(households)-\(rows).csv")
var text = "身份证号,姓名,结算日期,总费用,基本医保支付,大病保险支付,医疗救助支付,个人自付\n"
text.reserveCapacity(rows * 80)
let start = CivilDate(year: 2025, month: 7, day: 1)!.dayNumber
let span = asOf.dayNumber - start + 1
func yuan(_ f: Int) -> String { "\(f / 100).\(String(format: "%02d", f % 100))" }
for i in 0..<rows {
    let id: String
    if rng.unit() < 0.75 { id = ids[Int(rng.next() % UInt64(ids.count))] } else {
        let body = String(format: "440100%04d%02d%02d%03d", 1950 + i % 60, 1 + i % 12, 1 + i % 28, i % 1000)
        id = body + String(ResidentID.checkCharacter(for: body))
    }
    let date = CivilDate(dayNumber: start + Int(rng.next() % UInt64(span)))
    let u = rng.unit()
    let paid = 2_000 + Int(u * u * u * u * 300_000)
    let total = paid * 3 + Int(rng.next() % 100_000)
    text += "\(id),患者,\(date),\(yuan(total)),\(yuan(total - paid)),0.00,0.00,\(yuan(paid))\n"
}
try Data(text.utf8).write(to: file)
text = ""
print("file=\(file.path) rows=\(rows) size_mb=\(String(format: "%.1f", Double((try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) / 1_048_576))")

// The screening, as the 部门数据 page runs it.
let store = ScreeningStore(ScopedRegistry(db: app.db, actor: .system(region: RegionCode("411681")!)))
let started = Date()
let outcome = try await store.screen(try Data(contentsOf: file, options: .alwaysMapped), filename: file.lastPathComponent,
                                     kind: .medical, channel: "bench", asOf: asOf, today: .today)
let elapsed = Date().timeIntervalSince(started)
let stored: Int = try await WarningRecord.query(on: app.db).count()
try await app.asyncShutdown()
try database.drop(copy)
print(String(format: "screened %d rows in %.2f s: %d new warnings (%d in the database)", outcome.file.rowsRead, elapsed, outcome.newWarnings, stored))
print("RESULT database=\(database.name) households=\(households) rows=\(rows) seconds=\(String(format: "%.2f", elapsed)) new_warnings=\(outcome.newWarnings) rows_per_s=\(Int(Double(rows) / elapsed)) peak_mb=\(Int(peakMemoryMB()))")

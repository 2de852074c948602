// bench/import: times the registry import of 100,000 and 1,000,000 persons from CSV, and, in the same run, the
// database's own bulk load of the same file into a table of text columns (no validation, no indexes, no registry
// checks): `sqlite3 .import` on SQLite, `psql \copy` on PostgreSQL — the floor any importer can reach there. Then the
// same file imported again over what the first import wrote (a county's next month, unchanged), which must change nothing.
// Run: swift run -c release bench-import [--sizes 100000,1000000] [--database sqlite|postgres]

import BenchSupport
import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineWeb
import Foundation
import Vapor

let arguments = CommandLine.arguments
var sizes = [100_000, 1_000_000]
if let i = arguments.firstIndex(of: "--sizes"), i + 1 < arguments.count {
    sizes = arguments[i + 1].split(separator: ",").compactMap { Int($0) }
}
let outDir = URL(fileURLWithPath: "bench/out", isDirectory: true)
try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }

func seconds(_ start: Date) -> Double { Date().timeIntervalSince(start) }
func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

/// The import alone, in a child process (`bench-import ours FILE DATABASE-NAME`), so the peak memory it reports is the
/// import's own and not the generator's.
if arguments.count > 3, arguments[1] == "ours" {
    let file = URL(fileURLWithPath: arguments[2])
    let app = try await benchApp(try BenchDatabase.chosen.location(arguments[3]))
    let started = Date()
    // Where the time goes: when the first pass ended, and when the last batch was written (the rest is the end of
    // the write, the commit and the statistics).
    let phases = PhaseClock(started: started)
    let report = try await RegistryImporter(db: app.db, actor: .system(), progress: { phases.note($0) })
        .importFile(at: file.path, filename: file.lastPathComponent)
    let ours = seconds(started)
    print("phases: " + phases.summary(total: ours))
    print("memory: " + phases.memorySummary())
    try await app.asyncShutdown()
    guard report.succeeded else {
        print("import failed: \(report.problems.prefix(5))")
        exit(1)
    }
    print("ours: \(report.summary)")
    let changed = report.householdsAdded + report.householdsUpdated + report.personsAdded + report.personsUpdated + report.incomesChanged
    print("OURS seconds=\(fmt(ours)) peak_mb=\(Int(peakMemoryMB())) changed=\(changed)")
    exit(0)
}

final class PhaseClock: @unchecked Sendable {
    let started: Date
    let lock = NSLock()
    var checked: Double?
    var written: Double?
    /// Per phase (first pass, batches, end), the largest resident memory seen and what it was made of, in kB:
    /// anonymous (the heap, SQLite's cache and sorts), file-backed and shared (mapped files, SQLite's `-shm`).
    var peaks: [[String: Int]] = [[:], [:], [:]]
    init(started: Date) {
        self.started = started
        let sampler = Thread { [weak self] in
            while let self {
                self.sample()
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        sampler.start()
    }
    func note(_ progress: RegistryImporter.Progress) {
        lock.withLock {
            if progress.phase != .checking, checked == nil { checked = seconds(started) }
            if progress.phase == .writing, let total = progress.totalRows, progress.rowsWritten == total { written = seconds(started) }
        }
    }
    func sample() {
        let now = residentMemoryKB()
        guard !now.isEmpty else { return }
        lock.withLock {
            let phase = checked == nil ? 0 : written == nil ? 1 : 2
            if (now["VmRSS"] ?? 0) > (peaks[phase]["VmRSS"] ?? -1) { peaks[phase] = now }
        }
    }
    func memorySummary() -> String {
        lock.withLock {
            zip(["first pass", "batches", "end"], peaks).map { name, p in
                let mb = { (k: String) in (p[k] ?? 0) / 1024 }
                return "\(name) \(mb("VmRSS")) MB (anon \(mb("RssAnon")), file \(mb("RssFile")), shmem \(mb("RssShmem")))"
            }.joined(separator: "; ")
        }
    }
    func summary(total: Double) -> String {
        lock.withLock {
            let c = checked ?? 0, w = written ?? c
            return "first pass \(fmt(c)) s, batches written \(fmt(w - c)) s, indexes, commit and statistics \(fmt(total - w)) s"
        }
    }
}

/// The first pass alone (`bench-import check FILE`): reading and checking every row, no database.
if arguments.count > 2, arguments[1] == "check" {
    let started = Date()
    let (rows, problems) = try RegistryImporter.checkFile(at: arguments[2])
    print("CHECK rows=\(rows) problems=\(problems.count) seconds=\(fmt(seconds(started))) peak_mb=\(Int(peakMemoryMB()))")
    exit(0)
}

var result: [String] = []
for persons in sizes {
    // Households of about 3.35 people, as in the demo county.
    let county = DemoCounty(households: Int(Double(persons) / 3.35), seed: 1)
    let file = outDir.appendingPathComponent("registry-\(persons).csv")
    let header = RegistryFileWriter.table([]).header
    // A file this benchmark wrote before is used again (the county is the same for a seed); generating five million
    // persons takes longer than importing them.
    if let existing = try? FileHandle(forReadingFrom: file), let first = try existing.read(upToCount: 4096),
       String(decoding: first, as: UTF8.self).hasPrefix("\u{FEFF}" + header.joined(separator: ",")) {
        print("persons=\(persons) file=\(file.path) (written earlier)")
    } else {
        let (villages, households) = county.generate(townships: townships)
        let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let table = RegistryFileWriter.table(households, villageNames: names)
        let csv = CSV.write(header: table.header, rows: table.rows)
        try csv.write(to: file)
        print("persons=\(table.rows.count) households=\(households.count) file=\(file.path) size_mb=\(fmt(Double(csv.count) / 1_048_576))")
    }

    // Ours: read, validate, check against the registry, write in one transaction — in a child process.
    let database = BenchDatabase.chosen
    let name = "bench-\(persons)"
    try database.drop(name)
    _ = try database.location(name)
    let fields = try importInChild(executable: URL(fileURLWithPath: CommandLine.arguments[0]), file: file, name: name, database: database)
    let ours = Double(fields["seconds"] ?? "") ?? 0
    let peak = fields["peak_mb"] ?? "?"
    // The same file again, as a county imports each month's registry: every household is found registered as it is,
    // and nothing is written.
    let againFields = try importInChild(executable: URL(fileURLWithPath: CommandLine.arguments[0]), file: file, name: name, database: database)
    let again = Double(againFields["seconds"] ?? "") ?? 0
    let againPeak = againFields["peak_mb"] ?? "?"
    guard againFields["changed"] == "0" else {
        print("the same file imported again changed \(againFields["changed"] ?? "?") rows; it must change none")
        exit(1)
    }

    // The floor: the same file into a bare table of text columns, by the database's own bulk loader.
    let (tool, floor) = try bareLoad(file, columns: header.count, label: String(persons), database: database)
    print("\(tool): \(fmt(floor)) s; ratio ours/floor = \(fmt(ours / floor)); our peak \(peak) MB; the same file again \(fmt(again)) s, \(againPeak) MB")
    fflush(nil)
    let label = persons >= 1_000_000 ? "\(persons / 1_000_000)m" : "\(persons / 1_000)k"
    result += ["ours_\(label)_s=\(fmt(ours))", "floor_\(label)_s=\(fmt(floor))", "ratio_\(label)=\(fmt(ours / floor))", "peak_\(label)_mb=\(peak)",
               "again_\(label)_s=\(fmt(again))", "again_peak_\(label)_mb=\(againPeak)"]
    try database.drop(name)
}
print("RESULT database=\(BenchDatabase.chosen.name) " + result.joined(separator: " "))

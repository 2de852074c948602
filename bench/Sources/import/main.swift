// bench/import: times the registry import of 100,000 and 1,000,000 persons from CSV, and, in the same run, a bare
// `sqlite3 .import` of the same file into a table of text columns (no validation, no indexes, no registry checks): the
// floor any importer on SQLite can reach. Run: swift run -c release bench-import [--sizes 100000,1000000]

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
func remove(_ path: String) { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }

var result: [String] = []
for persons in sizes {
    // Households of about 3.35 people, as in the demo county.
    let county = DemoCounty(households: Int(Double(persons) / 3.35), seed: 1)
    let (villages, households) = county.generate(townships: townships)
    let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    let table = RegistryFileWriter.table(households, villageNames: names)
    let csv = CSV.write(header: table.header, rows: table.rows)
    let file = outDir.appendingPathComponent("registry-\(persons).csv")
    try csv.write(to: file)
    print("persons=\(table.rows.count) households=\(households.count) file=\(file.path) size_mb=\(fmt(Double(csv.count) / 1_048_576))")

    // Ours: read, validate, check against the registry, write in one transaction.
    let dbPath = outDir.appendingPathComponent("bench-\(persons).sqlite").path
    remove(dbPath)
    let app = try await benchApp(sqlite: dbPath)
    let data = try Data(contentsOf: file)
    let started = Date()
    let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(data, filename: file.lastPathComponent)
    let ours = seconds(started)
    try await app.asyncShutdown()
    guard report.succeeded else {
        print("import failed: \(report.problems.prefix(5))")
        exit(1)
    }
    print("ours: \(report.summary) in \(fmt(ours)) s")

    // sqlite3 .import of the same file into a bare table.
    let barePath = outDir.appendingPathComponent("bare-\(persons).sqlite").path
    remove(barePath)
    let columns = table.header.enumerated().map { "c\($0.offset) TEXT" }.joined(separator: ", ")
    let script = "PRAGMA journal_mode=WAL;\nCREATE TABLE bare(\(columns));\n.import --csv --skip 1 \(file.path) bare\n"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", barePath]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    let bareStart = Date()
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    let bare = seconds(bareStart)
    guard process.terminationStatus == 0 else {
        print("sqlite3 failed with status \(process.terminationStatus)")
        exit(1)
    }
    print("sqlite3 .import: \(fmt(bare)) s; ratio ours/sqlite3 = \(fmt(ours / bare))")
    let label = persons >= 1_000_000 ? "\(persons / 1_000_000)m" : "\(persons / 1_000)k"
    result += ["ours_\(label)_s=\(fmt(ours))", "sqlite_\(label)_s=\(fmt(bare))", "ratio_\(label)=\(fmt(ours / bare))"]
    remove(dbPath)
    remove(barePath)
}
print("RESULT " + result.joined(separator: " "))

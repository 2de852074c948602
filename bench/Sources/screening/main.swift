// bench/screening: the 医保 screening of issue 4 against DuckDB on the same files.
//
//   swift build -c release --product bench-screening && .build/release/bench-screening [--persons 2000000] [--rows 10000000]
//
// It writes a registry of `--persons` people (households of 1–6, a fifth 脱贫户, a twentieth 监测对象) and a 医保
// settlement file of `--rows` rows (three in four about registry people, the rest strangers; dates over 18 months;
// lowercase x in some IDs) to bench/out, then times, each in its own process:
//   ours:   read the registry file into the compact index and screen the settlement file with the shipped rule YB01
//           (个人自付 over the 12 months to 2026-06-30 ≥ 5,000 元 for 脱贫户/监测对象, ≥ 20,000 元 for others),
//           streaming it with the product's reader and engine;
//   duckdb: the same two files read with read_csv, joined on the upper-cased ID, grouped per household, same window
//           and thresholds (DuckDB from PyPI, installed for the benchmark only, using both cores).
// It checks both warn the same households and ends with one RESULT line.
import BottomlineDomain
import BottomlineInterchange
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let out = URL(fileURLWithPath: "bench/out", isDirectory: true)
try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
let asOf = CivilDate(year: 2026, month: 6, day: 30)!

/// Buffered writing of bytes to a file.
final class Writer {
    let file: UnsafeMutablePointer<FILE>
    var buffer: [UInt8] = []
    init(_ path: String) { file = fopen(path, "wb")!; buffer.reserveCapacity(1 << 20) }
    func write(_ s: String) { buffer.append(contentsOf: s.utf8); if buffer.count > 1 << 20 { flush() } }
    func flush() { _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }; buffer.removeAll(keepingCapacity: true) }
    func close() { flush(); fclose(file) }
}

struct SplitMix { var state: UInt64; mutating func next() -> UInt64 { state &+= 0x9E3779B97F4A7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) } 
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) } }

/// The i-th person's ID: unique for i below 97 × 27,000 × 1,000.
func personID(_ i: Int) -> String {
    let area = 411600 + i % 97
    let day = CivilDate(year: 1940, month: 1, day: 1)!.adding(days: (i / 97) % 27_000)
    let seq = (i / (97 * 27_000)) % 1000
    let body = String(format: "%06d%04d%02d%02d%03d", area, day.year, day.month, day.day, seq)
    return body + String(ResidentID.checkCharacter(for: body))
}

func generate(persons: Int, rows: Int, registry: String, medical: String) {
    var rng = SplitMix(state: 20261122)
    let reg = Writer(registry)
    reg.write("id,household,class\n")
    var i = 0
    var h = 0
    while i < persons {
        let size = 1 + Int(rng.next() % 6)
        let r = rng.unit()
        let cls = r < 0.05 ? "m" : r < 0.25 ? "a" : "o"
        for _ in 0..<min(size, persons - i) {
            reg.write("\(personID(i)),H\(h),\(cls)\n")
            i += 1
        }
        h += 1
    }
    reg.close()
    let med = Writer(medical)
    med.write("身份证号,姓名,结算日期,总费用,基本医保支付,大病保险支付,医疗救助支付,个人自付\n")
    let start = CivilDate(year: 2025, month: 1, day: 1)!.dayNumber
    let span = asOf.dayNumber - start + 1
    for _ in 0..<rows {
        let who = rng.unit() < 0.75 ? Int(rng.next() % UInt64(persons)) : persons + Int(rng.next() % UInt64(persons))
        var id = personID(who)
        if id.hasSuffix("X"), rng.next() % 2 == 0 { id = String(id.dropLast()) + "x" }
        let date = CivilDate(dayNumber: start + Int(rng.next() % UInt64(span)))
        let u = rng.unit()
        let paidFen = 2_000 + Int(u * u * u * u * u * u * 1_200_000)
        let totalFen = paidFen * 3 + Int(rng.next() % 100_000)
        let basic = totalFen - paidFen
        func yuan(_ f: Int) -> String { "\(f / 100).\(String(format: "%02d", f % 100))" }
        med.write("\(id),患者,\(date),\(yuan(totalFen)),\(yuan(basic)),0.00,0.00,\(yuan(paidFen))\n")
    }
    med.close()
}

/// Our side, run in a child process so its peak memory is its own.
func ours(registry: String, medical: String, result: String) throws {
    let t0 = Date()
    var index = RegistryIndex(expectedPersons: 2_100_000)
    var households: [String: Int] = [:]
    var names: [String] = []
    try FeedReader.read(path: registry, header: { _ in }, row: { _, fields in
        guard fields.count >= 3, case .success(let key) = ByteFields.idKey(fields[0]) else { return }
        let hh = String(decoding: fields[1], as: UTF8.self)
        let h: Int
        if let known = households[hh] { h = known } else {
            let c = fields[2].first
            h = index.add(.init(id: hh, village: "", classification: c == UInt8(ascii: "m") ? .monitored : c == UInt8(ascii: "a") ? .alleviated : .ordinary, labourers: 1))
            households[hh] = h
            names.append(hh)
        }
        index.add(person: key, household: h, labourer: true)
    })
    let t1 = Date()
    let rules = ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!).filter { $0.code == "YB01" }
    let outcome = try FeedScreening.run(path: medical, kind: .medical, rules: rules, index: index, asOf: asOf)
    print(String(format: "ours: registry index %.2f s, screening %.2f s", t1.timeIntervalSince(t0), Date().timeIntervalSince(t1)))
    let warned = outcome.hits.map { names[$0.household] }.sorted()
    try (warned.joined(separator: "\n") + "\n").write(toFile: result, atomically: true, encoding: .utf8)
    print("ours: \(outcome.summary.rowsRead) rows, \(outcome.summary.rowsMatched) matched, \(outcome.summary.rowsBad) bad (\(outcome.summary.rowsUnmatched) not in registry), \(warned.count) households warned")
}

func run(_ executable: String, _ args: [String]) throws -> (seconds: Double, status: Int32) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    let t0 = Date()
    try p.run()
    p.waitUntilExit()
    return (Date().timeIntervalSince(t0), p.terminationStatus)
}

let registryPath = out.appendingPathComponent("screening-registry.csv").path
let medicalPath = out.appendingPathComponent("screening-medical.csv").path
if arguments.count > 1, arguments[1] == "ours" {
    try ours(registry: arguments[2], medical: arguments[3], result: arguments[4])
    exit(0)
}

let persons = option("--persons", 2_000_000)
let rows = option("--rows", 10_000_000)
let stamp = out.appendingPathComponent("screening-\(persons)-\(rows).done").path
if !FileManager.default.fileExists(atPath: stamp) {
    print("generating \(persons) persons and \(rows) settlement rows…")
    let t0 = Date()
    generate(persons: persons, rows: rows, registry: registryPath, medical: medicalPath)
    FileManager.default.createFile(atPath: stamp, contents: nil)
    print(String(format: "generated in %.1f s", Date().timeIntervalSince(t0)))
}
let size = (try FileManager.default.attributesOfItem(atPath: medicalPath)[.size] as? Int) ?? 0
print(String(format: "settlement file: %.1f MB", Double(size) / 1e6))

let oursResult = out.appendingPathComponent("screening-ours.txt").path
let duckResult = out.appendingPathComponent("screening-duckdb.txt").path
let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
let (oursSeconds, oursStatus) = try run(me, ["ours", registryPath, medicalPath, oursResult])
guard oursStatus == 0 else { print("ours failed"); exit(1) }
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
let peakMB = Double(usage.ru_maxrss) / 1024

let python = ProcessInfo.processInfo.environment["PYTHON"] ?? "/usr/bin/env"
let script = "bench/screening_duckdb.py"
let (duckSeconds, duckStatus) = try run(python, (python == "/usr/bin/env" ? ["python3"] : []) + [script, registryPath, medicalPath, duckResult])
guard duckStatus == 0 else { print("duckdb failed (pip install duckdb)"); exit(1) }

let same = (try? String(contentsOfFile: oursResult, encoding: .utf8)) == (try? String(contentsOfFile: duckResult, encoding: .utf8))
print(String(format: "ours %.2f s, duckdb %.2f s (both including reading the registry file)", oursSeconds, duckSeconds))
print(String(format: "RESULT ours_s=%.2f duckdb_s=%.2f ratio=%.2f same_households=%@ peak_mb=%.0f", oursSeconds, duckSeconds, oursSeconds / duckSeconds,
             same ? "true" : "false", peakMB))

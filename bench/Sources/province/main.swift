// bench/province: a province on one database (issue 14 §2) — 10,000,000 persons (about 3,000,000 households) in 50 of
// Henan's counties: the registry file imported through the product's importer (against `psql \copy` of the same file
// into a bare table), the province's and a county's dashboards, a township page, the household list (plain, filtered,
// page 200, search) and a household page as the province's and the county's users see them, and one 医保 file of
// 10,000,000 rows screened with its warnings written. One RESULT line at the end.
//
// The product takes a department's file of up to 512 MB (`ScreeningStore.maximumBytes`: the file is kept in the
// database, where PostgreSQL's hard limit for one value is 1 GB); ten million settlements are about 700 MB, so the
// 医保 bureau sends them as its refusal asks, in parts of whole counties under 400 MB each, screened one after another.
//
//   swift build -c release --product bench-province --product bench-import
//   .build/release/bench-province --database postgres [--persons 10000000] [--counties 50] [--rows 10000000] [--repeat 10]
//
// The files are written to bench/out/ on first use and kept (province-P.csv, province-medical-P-R-N.csv); the database
// (`province-P`) is kept too, and a later run with the same size skips the import (pass --reimport to redo it). Each
// county is the demo county's generator run for that county's real townships (its own 户编号 and 身份证号 area code);
// an imported registry has no 监测对象 yet, so the run marks those the demo county would (income below the line) by
// one UPDATE, as the procedure would have, before the pages are read.
import BenchSupport
import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineWeb
import Fluent
import Foundation
import SQLKit
import Vapor

let arguments = CommandLine.arguments
let persons = benchOption("--persons", 10_000_000)
let countyCount = benchOption("--counties", 50)
let screeningRows = benchOption("--rows", persons)
let repeats = benchOption("--repeat", 10)
let database = BenchDatabase.chosen
let asOf = CivilDate(year: 2026, month: 6, day: 30)!
/// Prints a line at once (the output is a pipe when the benchmark is logged, and a crash would lose what was buffered).
func say(_ line: String) {
    print(line)
    fflush(nil)
}
func fmt(_ x: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", x) }
var result: [String] = ["database=\(database.name)", "persons=\(persons)", "counties=\(countyCount)"]

// The counties: Henan's 县 and county-level 市 with at least eight townships, in code order.
let catalog = try DivisionCatalog.henan()
let townshipsOf = Dictionary(grouping: catalog.filter { $0.code.digits.count == 9 }, by: { $0.parent?.digits ?? "" })
let counties = Array(catalog.filter { $0.code.digits.count == 6 && ($0.name.hasSuffix("县") || $0.name.hasSuffix("市"))
    && (townshipsOf[$0.code.digits]?.count ?? 0) >= 8 }.sorted { $0.code.digits < $1.code.digits }.prefix(countyCount))
let householdsPerCounty = Int(Double(persons) / 3.35 / Double(counties.count))

// The files: the registry, and the 医保 settlements — three in four about the province's people (drawn as they are
// written), the rest strangers; amounts spread so that YB01 (个人自付 over 12 months) warns a share of households.
let registryFile = benchOut.appendingPathComponent("province-\(persons).csv")
/// About 70 bytes a settlement: parts of whole counties, each under 400 MB.
let parts = max(1, min(counties.count, Int((Double(screeningRows) * 70 / 400_000_000).rounded(.up))))
let medicalFiles = (1...parts).map { benchOut.appendingPathComponent("province-medical-\(persons)-\(screeningRows)-\($0).csv") }
let filesDone = benchOut.appendingPathComponent("province-\(persons)-\(screeningRows)-\(parts).done")

/// Appends text to a file in pieces of a few megabytes.
final class Appender {
    let handle: FileHandle
    var buffer = Data()
    init(_ url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
    }
    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count > 8 << 20 { try flush() }
    }
    func write(_ text: String) throws { try write(Data(text.utf8)) }
    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
    func close() throws {
        try flush()
        try handle.close()
    }
}

if !FileManager.default.fileExists(atPath: filesDone.path) {
    let started = Date()
    let registry = try Appender(registryFile)
    let medicalParts = try medicalFiles.map(Appender.init)
    for part in medicalParts { try part.write("身份证号,姓名,结算日期,总费用,基本医保支付,大病保险支付,医疗救助支付,个人自付\n") }
    var medical = medicalParts[0]
    var rng = SplitMix64(seed: 20261207)
    let ours = min(1, 0.75 * Double(screeningRows) / Double(persons)), strangers = 0.25 * Double(screeningRows) / Double(persons)
    let first = CivilDate(year: 2025, month: 7, day: 1)!.dayNumber
    let span = UInt64(asOf.dayNumber - first + 1)
    var written = 0, settlements = 0
    func yuan(_ fen: Int) -> String { "\(fen / 100).\(fen % 100 < 10 ? "0" : "")\(fen % 100)" }
    func settlement(_ id: String, _ name: String) throws {
        guard settlements < screeningRows else { return }
        let date = CivilDate(dayNumber: first + Int(rng.next() % span))
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        let paid = 2_000 + Int(u * u * u * u * 300_000)
        let total = paid * 3 + Int(rng.next() % 100_000)
        try medical.write("\(id),\(name),\(date),\(yuan(total)),\(yuan(total - paid)),0.00,0.00,\(yuan(paid))\n")
        settlements += 1
    }
    func stranger() throws {
        let n = settlements
        let body = "440100" + String(1950 + n % 60) + (n % 12 < 9 ? "0" : "") + String(1 + n % 12) + (n % 28 < 9 ? "0" : "") + String(1 + n % 28)
            + String(repeating: "0", count: 3 - String(n % 1000).count) + String(n % 1000)
        try settlement(body + String(ResidentID.checkCharacter(for: body)), "患者")
    }
    for (index, county) in counties.enumerated() {
        medical = medicalParts[index * parts / counties.count]
        let demo = DemoCounty(households: householdsPerCounty, seed: UInt64(index + 1), code: county.code, accountBase: index * 10_000_000)
        let (villages, households) = demo.generate(townships: townshipsOf[county.code.digits]!.sorted { $0.code.digits < $1.code.digits })
        let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let table = RegistryFileWriter.table(households, villageNames: names)
        var data = CSV.write(header: table.header, rows: table.rows)
        if index > 0, let end = data.firstRange(of: Data("\r\n".utf8)) { data.removeSubrange(..<end.upperBound) }
        try registry.write(data)
        written += table.rows.count
        for household in households {
            for member in household.members {
                if Double(rng.next() >> 11) / Double(1 << 53) < ours { try settlement(member.id.value, member.name) }
                if Double(rng.next() >> 11) / Double(1 << 53) < strangers { try stranger() }
            }
        }
        say("county \(index + 1)/\(counties.count) \(county.code.digits) \(county.name): \(villages.count) villages, \(households.count) households, \(table.rows.count) persons")
        fflush(nil)
    }
    while settlements < screeningRows { try stranger() }
    try registry.close()
    for part in medicalParts { try part.close() }
    FileManager.default.createFile(atPath: filesDone.path, contents: Data())
    say("files written in \(fmt(Date().timeIntervalSince(started), 1)) s: \(written) persons, \(settlements) settlements")
}
func megabytes(_ url: URL) -> String { fmt(Double((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) / 1_048_576, 1) }
say("registry \(registryFile.path) \(megabytes(registryFile)) MB; 医保 " + medicalFiles.map { "\($0.lastPathComponent) \(megabytes($0)) MB" }.joined(separator: ", "))

// The import, in a child process so the peak it reports is its own (`bench-import ours`).
let name = "province-\(persons)"
var app = try await benchApp(try database.location(name))
let existing: Int = try await HouseholdRecord.query(on: app.db).count()
if existing == 0 || arguments.contains("--reimport") {
    try await app.asyncShutdown()
    try database.drop(name)
    _ = try database.location(name)
    let fields = try importInChild(executable: URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("bench-import"),
                                   file: registryFile, name: name, database: database)
    let ours = Double(fields["seconds"] ?? "") ?? 0

    // The floor: the same file into a bare table of text columns by the database's own loader.
    let (tool, floor) = try bareLoad(registryFile, columns: RegistryFileWriter.table([]).header.count, label: "province", database: database)
    say("import \(fmt(ours)) s, \(tool) \(fmt(floor)) s, ratio \(fmt(ours / floor)), peak \(fields["peak_mb"] ?? "?") MB")
    result += ["import_s=\(fmt(ours))", "floor_s=\(fmt(floor))", "import_ratio=\(fmt(ours / floor))", "import_peak_mb=\(fields["peak_mb"] ?? "?")"]
    app = try await benchApp(try database.location(name))
}
let households: Int = try await HouseholdRecord.query(on: app.db).count()
result.insert("households=\(households)", at: 2)

/// 监测对象: households whose income per head is below the demo's example line, as the demo county marks them. (A
/// function of the application it is given: read as the global `app`, Fluent's calls resolved to their future-returning
/// forms, which nothing awaited.)
func markMonitored(_ app: Application) async throws -> Int {
    let marked: Int = try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).count()
    guard marked == 0, let sql = app.db as? any SQLDatabase else { return marked }
    let started = Date()
    let year = DemoCounty().incomeYear
    try await sql.raw("""
        UPDATE households SET monitoring_category = CASE WHEN category = 'alleviated' THEN 'unstable' ELSE 'marginal' END,
               monitoring_since = '2025-06-01'
        WHERE id IN (SELECT household_id FROM household_incomes WHERE year = \(bind: year)
                     AND wages + business + property + transfers - business_costs - compliant_self_paid < \(bind: DemoCounty.exampleLine.fen) * member_count)
        """).run()
    say("监测对象 marked in \(fmt(Date().timeIntervalSince(started), 1)) s")
    return try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).count()
}
let monitored = try await markMonitored(app)
say("\(households) households, \(monitored) 监测对象")

// The users: the province's administrator, the first county's bureau and one of its townships.
/// Signs up the benchmark's users where absent and returns the county's sample household (one with a housing gap).
func prepare(_ app: Application, county: RegionCode) async throws -> HouseholdRecord {
    let sample = try await HouseholdRecord.query(on: app.db).within(county).filter(\.$gapHousing == true).sort(\.$number).first()!
    let township = RegionCode(String(sample.villageCode.prefix(9)))!
    for (username, role, region) in [("sheng", Role.admin, RegionCode("41")!), ("xian", .county, county), ("xiang", .township, township)] {
        let found: UserRecord? = try await UserRecord.query(on: app.db).filter(\.$username == username).first()
        if found == nil {
            let record = UserRecord(username: username, displayName: username, role: role, region: region,
                                    passwordHash: try app.password.hash(DemoCounty.password))
            try await record.create(on: app.db)
        }
    }
    try await DemoCounty().seedExampleLine(on: app.db)
    return sample
}
let county = counties[0].code
let sample = try await prepare(app, county: county)
let township = RegionCode(String(sample.villageCode.prefix(9)))!

/// The page's mean over the repeats, and for a home page the first load too: the first read after an import or a
/// change counts the villages noted as changed.
func timed(_ browser: BenchBrowser, _ label: String, _ path: String) async throws -> [String] {
    var started = DispatchTime.now().uptimeNanoseconds
    let first = try await browser.get(path)
    let firstTime = seconds(since: started)
    guard first.status == .ok else { fatalError("\(path) answered \(first.status)") }
    var times: [Double] = []
    for _ in 0..<repeats {
        started = DispatchTime.now().uptimeNanoseconds
        _ = try await browser.get(path)
        times.append(seconds(since: started))
    }
    let mean = times.reduce(0, +) / Double(max(1, times.count))
    say("\(label.padding(toLength: 26, withPad: " ", startingAt: 0)) first=\(fmt(firstTime, 3)) s mean=\(fmt(mean, 4)) s max=\(fmt(times.max() ?? 0, 4)) s  \(path)")
    fflush(nil)
    return ["\(label)_s=\(fmt(mean, 4))"] + (label.hasSuffix("home") ? ["\(label)_first_s=\(fmt(firstTime, 3))"] : [])
}
let search = "/households?q=" + sample.householderName.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
for (username, pages) in [
    ("sheng", [("province_home", "/"), ("province_list", "/households"), ("province_list_filtered", "/households?gap=any&category=alleviated"),
               ("province_list_page_200", "/households?page=200"), ("province_search", search), ("province_household", "/households/\(sample.id!.uuidString)")]),
    ("xian", [("county_home", "/"), ("township_page", "/regions/\(township.digits)"), ("county_list", "/households"),
              ("county_list_filtered", "/households?gap=any&category=alleviated"), ("county_list_page_200", "/households?page=200"),
              ("county_search", search), ("county_household", "/households/\(sample.id!.uuidString)")]),
    ("xiang", [("township_home", "/")]),
] {
    let browser = try await BenchBrowser(app, username: username)
    for (label, path) in pages { result += try await timed(browser, label, path) }
}

/// The province's page once every village with households is noted as changed, as after a province-wide import: the
/// first reader after it waits for every village's recount.
func firstAfterEveryVillageChanged(_ app: Application) async throws -> Double {
    guard let sql = app.db as? any SQLDatabase else { return 0 }
    try await sql.raw("INSERT INTO indicator_changes (village_code) SELECT DISTINCT village_code FROM households ON CONFLICT DO NOTHING").run()
    let browser = try await BenchBrowser(app, username: "sheng")
    let started = DispatchTime.now().uptimeNanoseconds
    let response = try await browser.get("/")
    guard response.status == .ok else { fatalError("/ answered \(response.status)") }
    return seconds(since: started)
}
let recounted = try await firstAfterEveryVillageChanged(app)
say("province home after every village changed: \(fmt(recounted, 2)) s")
result.append("province_home_recount_all_s=\(fmt(recounted, 2))")

// The screening: the 医保 file through the store as the 部门数据 page runs it, every new warning written, on a copy of the
// province so a later run finds the same work.
try await app.asyncShutdown()
let copy = "province-screening"
try database.drop(copy)
switch database {
case .sqlite:
    try FileManager.default.copyItem(at: benchOut.appendingPathComponent("\(name).sqlite"), to: benchOut.appendingPathComponent("\(copy).sqlite"))
case .postgres(let port):
    try PostgresCluster.run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-qc",
                                     "CREATE DATABASE \(copy.replacingOccurrences(of: "-", with: "_")) TEMPLATE \(name.replacingOccurrences(of: "-", with: "_"))"])
}
app = try await benchApp(try database.location(copy))
let peak = AnonymousPeak()
let store = ScreeningStore(ScopedRegistry(db: app.db, actor: .system(region: RegionCode("41")!)))
var rowsRead = 0, newWarnings = 0, elapsed = 0.0
for file in medicalFiles {
    let started = Date()
    let outcome = try await store.screen(try Data(contentsOf: file, options: .alwaysMapped), filename: file.lastPathComponent,
                                         kind: .medical, channel: "bench", asOf: asOf, today: .today)
    let seconds = Date().timeIntervalSince(started)
    say("screened \(file.lastPathComponent): \(outcome.file.rowsRead) rows in \(fmt(seconds)) s, \(outcome.newWarnings) new warnings")
    rowsRead += outcome.file.rowsRead
    newWarnings += outcome.newWarnings
    elapsed += seconds
}
try await app.asyncShutdown()
try database.drop(copy)
say("screened \(rowsRead) rows in \(fmt(elapsed)) s: \(newWarnings) new warnings; largest anonymous memory \(Int(peak.megabytes)) MB")
result += ["screening_files=\(parts)", "screening_rows=\(rowsRead)", "screening_s=\(fmt(elapsed))", "new_warnings=\(newWarnings)", "screening_peak_mb=\(Int(peak.megabytes))"]
say("RESULT " + result.joined(separator: " "))

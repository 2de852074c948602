import BottomlineDomain
import BottomlineInterchange
import Crypto
import Fluent
import Foundation
import SQLKit

/// The one import pipeline: read → validate the whole file → check it against the registry → write everything in one
/// transaction, in batches, or nothing at all. Re-importing the same file changes nothing (upsert by ID number).
public struct RegistryImporter: Sendable {
    public struct Report: Sendable {
        public var rows: Int
        public var householdsAdded = 0
        public var householdsUpdated = 0
        public var personsAdded = 0
        public var personsUpdated = 0
        public var personsUnchanged = 0
        public var villagesAdded = 0
        /// Income records added or changed (a file that changes only a year's income still changed the registry).
        public var incomesChanged = 0
        public var problems: [ImportProblem] = []
        /// Problems found beyond those listed (a report lists at most `RegistryImportValidator.maxProblems`).
        public var omittedProblems = 0
        public var problemTotal: Int { problems.count + omittedProblems }
        public var encoding: String?
        /// Written as a first load on SQLite (`SQLiteBulkLoad`): triggers' work and some indexes done once at the end.
        public internal(set) var loadedInBulk = false
        public var succeeded: Bool { problems.isEmpty }

        /// One line in Chinese for people and logs.
        public var summary: String {
            succeeded
                ? "导入成功：共\(rows.grouped)行；新增\(householdsAdded.grouped)户\(personsAdded.grouped)人，更新\(householdsUpdated.grouped)户\(personsUpdated.grouped)人，未变化\(personsUnchanged.grouped)人"
                    + (incomesChanged > 0 ? "；登记或更新收入\(incomesChanged.grouped)户" : "") + (villagesAdded > 0 ? "；新建村\(villagesAdded.grouped)个" : "")
                : "导入失败：发现\(problemTotal)处问题" + (omittedProblems > 0 ? "（列出前\(problems.count)处）" : "") + "，未写入任何数据"
        }
    }

    /// How far an import is, for a page that shows it while it runs.
    public struct Progress: Sendable, Equatable {
        /// `waiting`: checked, and waiting for another import (or another writer, on SQLite) to finish.
        public enum Phase: String, Sendable { case checking, waiting, writing }
        public var phase: Phase
        /// Rows read and checked by the first pass.
        public var rowsChecked: Int
        /// Rows (persons) whose households have been written, of `totalRows` (known once checking ends).
        public var rowsWritten: Int
        public var totalRows: Int?
        /// While writing: whether each batch is compared with what is registered. Not when the registry held no household
        /// and no person as the writing began (a first load), where there is nothing to compare with.
        public var comparing: Bool

        public init(phase: Phase, rowsChecked: Int, rowsWritten: Int, totalRows: Int?, comparing: Bool = true) {
            self.phase = phase
            self.rowsChecked = rowsChecked
            self.rowsWritten = rowsWritten
            self.totalRows = totalRows
            self.comparing = comparing
        }
    }

    public let db: any Database
    public let actor: Actor
    /// Told every `progressEvery` rows checked and after every batch written; called from the import's threads.
    public var progress: (@Sendable (Progress) -> Void)?
    static let progressEvery = 2_000
    /// Rows added after which the planner's statistics are refreshed.
    static let analyzeAfter = 5_000
    /// Rows from which a load that at least doubles the registry is written in bulk on SQLite (`SQLiteBulkLoad`).
    var bulkMinimumRows = SQLiteBulkLoad.minimumRows
    /// Whether households the file leaves exactly as registered are recognised from plain reads (`RegisteredAsIs`)
    /// rather than through models; off only for tests that compare the two ways.
    var recognizesUnchanged = true

    public init(db: any Database, actor: Actor, progress: (@Sendable (Progress) -> Void)? = nil) {
        self.db = db
        self.actor = actor
        self.progress = progress
    }

    /// Imports a file held in memory (a test, a small upload): kept in a temporary file and read like any other.
    public func importFile(_ data: Data, filename: String, today: CivilDate = .today) async throws -> Report {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            return Report(rows: 0, problems: [ImportProblem(row: 0, column: "", value: filename, reason: "无法暂存文件")])
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await importFile(at: path, filename: filename, today: today)
    }

    /// Imports the CSV (UTF-8 or GB18030) or XLSX file at `path`, never holding it whole: a first pass checks every
    /// row and the whole-file rules, a second reads the rows again, a batch of households at a time, and writes them
    /// inside one transaction while the next batch is read. A problem anywhere means nothing is written.
    public func importFile(at path: String, filename: String, today: CivilDate = .today) async throws -> Report {
        try await Telemetry.timed("registry_import", { try await streamImport(path: path, filename: filename, today: today) },
                                  describe: { ($0.succeeded ? "written" : "refused", $0.rows) })
    }

    /// What the first pass found: the check to assemble by, the file's digest and encoding.
    struct FirstPass: Sendable {
        var check: RegistryImportValidator.Check
        var problems: [ImportProblem]
        var sha256: String
        var encoding: String
    }

    struct HeaderRefused: Error { var problems: [ImportProblem] }
    struct ReadFailure: Error, CustomStringConvertible { var description: String }

    private func streamImport(path: String, filename: String, today: CivilDate) async throws -> Report {
        guard actor.role.canImport else {
            return Report(rows: 0, problems: [ImportProblem(row: 0, column: "", value: "", reason: "当前角色无权导入名册")])
        }
        // Of the first pass, only what the second needs is kept past this point (`Assembly`): the rest is freed
        // before the writing starts.
        let rowCount: Int, sha256: String, encoding: String
        let assemblyBox: Box<RegistryImportValidator.Assembly>
        do {
            let progress = self.progress
            let first = try await Background.run { try Self.firstPass(path: path, today: today, progress: progress) }
            guard first.problems.isEmpty else {
                var report = Report(rows: first.check.rows, problems: first.problems)
                report.omittedProblems = first.check.omittedProblems
                report.encoding = first.encoding
                return report
            }
            (rowCount, sha256, encoding) = (first.check.rows, first.sha256, first.encoding)
            assemblyBox = Box(RegistryImportValidator.Assembly(check: first.check))
        } catch let refused as HeaderRefused {
            return Report(rows: 0, problems: refused.problems)
        } catch {
            return Report(rows: 0, problems: [ImportProblem(row: 0, column: "", value: filename, reason: "\(error)")])
        }
        let handOff = HandOff<[HouseholdDraft]>(capacity: 2)
        // The second pass reads on a thread of its own and hands over whole households, a batch at a time. The thread
        // takes the assembly out of its box, so it is freed when the reading ends, not when the import does.
        let reader = Thread {
            guard let taken = assemblyBox.take() else { return handOff.finish() }
            let assembly = Held(taken)
            let parser = taken.parser
            var batch: [HouseholdDraft] = []
            var rows = 0
            var stopped = false
            do {
                _ = try ParsedRows.read(path: path, parallel: false, parser: { _ in parser }) { _, row, parsed in
                    rows += 1
                    guard let household = assembly.value.add(row: row, parsed: parsed) else { return true }
                    batch.append(household)
                    guard batch.count == Plan.flushEvery else { return true }
                    defer { batch.removeAll(keepingCapacity: true) }
                    stopped = !handOff.put(batch)
                    return !stopped
                }
                if stopped { return handOff.finish() }
                guard rows == rowCount, assembly.value.openHouseholds == 0 else { return handOff.finish(throwing: FileChanged()) }
                if !batch.isEmpty, !handOff.put(batch) { return handOff.finish() }
                handOff.finish()
            } catch {
                handOff.finish(throwing: error)
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        defer { handOff.cancel() }
        do {
            var report = try await write(rows: rowCount, filename: filename, sha256: sha256) { try await handOff.next() }
            report.encoding = encoding
            return report
        } catch is FileChanged {
            return Report(rows: rowCount, problems: [ImportProblem(row: 0, column: "", value: filename, reason: FileChanged.message)])
        }
    }

    /// A value changed in place by the closures of one thread (a pass over the file).
    final class Held<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// A value handed to another thread once: `take` gives it out and keeps nothing.
    final class Box<Value: Sendable>: @unchecked Sendable {
        private var value: Value?
        private let lock = NSLock()
        init(_ value: Value) { self.value = value }
        func take() -> Value? {
            lock.lock()
            defer { lock.unlock() }
            defer { value = nil }
            return value
        }
    }

    struct FileChanged: Error {
        static let message = "导入期间文件发生了变化，未写入任何数据，请重新导入"
    }

    /// What an import that ended in an error tells the county (its transaction was rolled back): the database was busy,
    /// the file could not be read (said in the reader's own Chinese words), or something else, which only the log names.
    public static func failureMessage(_ error: any Error) -> String {
        if DatabaseBusy.matches(error) { return DatabaseBusy.message }
        switch error {
        case let failure as FeedReader.Failure: return "导入未完成，未写入任何数据（\(failure)）"
        case let failure as CSV.Failure: return "导入未完成，未写入任何数据（\(failure)）"
        case let failure as XLSXReader.Failure: return "导入未完成，未写入任何数据（\(failure)）"
        case let failure as TextDecoding.Failure: return "导入未完成，未写入任何数据（\(failure)）"
        case let failure as ReadFailure: return "导入未完成，未写入任何数据（\(failure)）"
        default: return "导入未完成，未写入任何数据（服务器内部错误，详情见服务器日志）"
        }
    }

    /// Checks the file at `path` against the file's own rules without touching the database (the first pass alone):
    /// the rows read and the problems found.
    public static func checkFile(at path: String, today: CivilDate = .today) throws -> (rows: Int, problems: [ImportProblem]) {
        do {
            let pass = try firstPass(path: path, today: today)
            return (pass.check.rows, pass.problems)
        } catch let refused as HeaderRefused {
            return (0, refused.problems)
        }
    }

    /// Reads the file once: its digest, then every row through the check.
    static func firstPass(path: String, today: CivilDate, progress: (@Sendable (Progress) -> Void)? = nil) throws -> FirstPass {
        // The digest is taken beside the check (it reads the file again, but in the time the check's reading leaves
        // a core idle).
        let digesting = Digesting(path: path)
        progress?(Progress(phase: .checking, rowsChecked: 0, rowsWritten: 0, totalRows: nil))
        // Rows read on a thread of their own and parsed on every core (`ParsedRows`), then added in the file's order.
        // The check is changed in place inside a class, never through an optional: a `Check` changed through
        // `Optional` in place by `add(_:row:parsed:)` was found corrupted by a debug build (Swift 6.3).
        var checking: Held<RegistryImportValidator.Check>?
        let encoding = try ParsedRows.read(path: path, parser: { header in
            let (parser, problems) = RegistryRowParser.make(header: header, today: today)
            guard let parser else { throw HeaderRefused(problems: problems) }
            return parser
        }, start: { checking = Held(RegistryImportValidator.Check(parser: $0)) }) { cells, row, parsed in
            guard let checking else { return false }
            checking.value.add(cells, row: row, parsed: parsed)
            if let progress, checking.value.rows % progressEvery == 0 {
                progress(Progress(phase: .checking, rowsChecked: checking.value.rows, rowsWritten: 0, totalRows: nil))
            }
            return true
        }
        guard var check = checking?.value, let encoding else { throw ReadFailure(description: "文件是空的") }
        checking = nil
        let sha256 = try digesting.result()
        let problems = check.finish()
        let isWorkbook = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 2)) == Data([0x50, 0x4B])
        return FirstPass(check: check, problems: problems, sha256: sha256, encoding: isWorkbook ? "XLSX" : encoding.rawValue)
    }

    /// `digest(path:)` taken on a thread of its own.
    final class Digesting: @unchecked Sendable {
        private var outcome: Result<String, any Error>?
        private let done = DispatchSemaphore(value: 0)

        init(path: String) {
            DispatchQueue.global().async {
                self.outcome = Result { try RegistryImporter.digest(path: path) }
                self.done.signal()
            }
        }

        /// Waits for the digest.
        func result() throws -> String {
            done.wait()
            done.signal()
            return try outcome!.get()
        }
    }

    static func digest(path: String) throws -> String {
        guard let file = FileHandle(forReadingAtPath: path) else { throw ReadFailure(description: "无法读取文件") }
        defer { try? file.close() }
        var hasher = SHA256()
        while let chunk = try file.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Writes already validated households (generated by the demo) through the same checks and writer.
    public func importDrafts(_ drafts: [HouseholdDraft], rows: Int, filename: String = "", sha256: String = "") async throws -> Report {
        let batches = drafts.chunked(Plan.flushEvery)
        let cursor = Cursor(batches)
        return try await write(rows: rows, filename: filename, sha256: sha256) { cursor.next() }
    }

    final class Cursor<Item: Sendable>: @unchecked Sendable {
        private var items: [Item]
        private var index = 0
        init(_ items: [Item]) { self.items = items }
        func next() -> Item? {
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }

    /// The file refused while writing: the transaction is rolled back and this is the report.
    struct Refused: Error { var report: Report; var outside: Int }

    /// Checks each batch against the registry and writes it, all in one transaction; any problem in any batch rolls
    /// everything back (later batches are still checked, so the report lists them all).
    func write(rows: Int, filename: String, sha256: String,
               next: @escaping @Sendable () async throws -> [HouseholdDraft]?) async throws -> Report {
        let actor = self.actor
        let importer = self
        let progress = self.progress
        do {
            progress?(Progress(phase: .waiting, rowsChecked: rows, rowsWritten: 0, totalRows: rows))
            let written = try await db.writeTransaction(registry: true) { tx in
                var state = WriteState(report: Report(rows: rows))
                state.recognizesUnchanged = importer.recognizesUnchanged
                let sql = tx as? any SQLDatabase
                state.registryWasEmpty = try await Self.registryIsEmpty(on: tx)
                var bulk: SQLiteBulkLoad?
                if let sql, try await SQLiteBulkLoad.worthIt(rows: rows, minimum: importer.bulkMinimumRows, on: sql) {
                    bulk = try await SQLiteBulkLoad.begin(on: sql)
                }
                var written = 0
                let comparing = !state.registryWasEmpty
                progress?(Progress(phase: .writing, rowsChecked: rows, rowsWritten: 0, totalRows: rows, comparing: comparing))
                // A batch's new rows go to the database while the next batch is checked and its rows are built
                // (`Plan.PendingWrite`); nothing of the transaction ends before the last of them has.
                // At most one write runs and one waits while the next batch is built: the rows in memory stay a
                // few batches' however far the database falls behind.
                var pending: Plan.PendingWrite?, older: Plan.PendingWrite?
                do {
                    while let batch = try await next() {
                        try await older?.value
                        let plan = try await RegistryImporter(db: tx, actor: actor).makePlan(batch, state: &state)
                        written += batch.reduce(0) { $0 + $1.members.count }
                        if state.problemCount == 0 {
                            // Rows are counted as written when their write has ended, not when it is sent.
                            let count = written
                            older = pending
                            pending = try await plan.write(on: tx, actor: actor, report: &state.report, after: pending) {
                                progress?(Progress(phase: .writing, rowsChecked: rows, rowsWritten: count, totalRows: rows, comparing: comparing))
                            }
                        }
                    }
                    try await pending?.value
                } catch {
                    _ = try? await pending?.value
                    throw error
                }
                if state.problemCount > 0 { throw Refused(report: state.finishedReport, outside: state.outside) }
                if let bulk, let sql {
                    try await bulk.finish(on: sql)
                    state.report.loadedInBulk = true
                }
                try await Plan.finish(on: tx, actor: actor, filename: filename, sha256: sha256, report: state.report)
                return state.report
            }
            if written.householdsAdded + written.personsAdded >= Self.analyzeAfter, !db.inTransaction {
                try await DatabaseSetup.analyze(db)
            }
            return written
        } catch let refused as Refused {
            // Where existing households or people lie is said only inside the importer's region; that a file tried is
            // recorded (after the rollback, so the record stays).
            if refused.outside > 0 {
                try await AuditLog.record(on: importer.db, actor: actor, action: .denied, entity: "import",
                                          summary: "导入名册被拒：\(refused.outside)处户编号或身份证号已在辖区外登记")
            }
            return refused.report
        }
    }

    /// What the writer carries from batch to batch.
    struct WriteState: Sendable {
        var report: Report
        var problemCount = 0
        var outside = 0
        /// Villages the file creates, by code: a later household of the village need not repeat the name.
        var newVillageNames: [RegionCode: String] = [:]
        /// Villages and townships found registered by an earlier batch (regions are not removed while the import holds
        /// the registry's write claim), so each is looked up once per import, not once per batch.
        var knownRegions: Set<String> = []
        /// No household or person was registered when the transaction began. The first pass has made sure the file
        /// repeats no household number and no ID number, so no batch can meet a registered household or person, and
        /// the batches skip looking for them (a county's first import: those lookups waited behind each batch's
        /// write on the one connection).
        var registryWasEmpty = false
        var recognizesUnchanged = true

        mutating func problem(_ problem: ImportProblem) {
            problemCount += 1
            if report.problems.count < RegistryImportValidator.maxProblems { report.problems.append(problem) }
        }

        var finishedReport: Report {
            var finished = report
            finished.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            finished.omittedProblems = problemCount - finished.problems.count
            return finished
        }
    }

    /// What the file will do: new villages, new and changed households and people.
    struct Plan: @unchecked Sendable {
        var newVillages: [Region] = []
        var drafts: [HouseholdDraft] = []
        /// Members of the households the file leaves exactly as registered, which `drafts` no longer holds.
        var unchangedPersons = 0
        var existingHouseholds: [String: HouseholdRecord] = [:]
        var existingPersons: [String: PersonRecord] = [:]
        var existingIncomes: [UUID: [Int: IncomeRecord]] = [:]
        /// Every member of each existing household the file names, the instances in `existingPersons` where the same.
        var members: [UUID: [PersonRecord]] = [:]
    }

    /// Whether no household and no person is registered (in the whole database, every county's).
    static func registryIsEmpty(on db: any Database) async throws -> Bool {
        guard try await HouseholdRecord.query(on: db).first() == nil else { return false }
        return try await PersonRecord.query(on: db).first() == nil
    }

    func makePlan(_ drafts: [HouseholdDraft], state: inout WriteState) async throws -> Plan {
        var plan = Plan(drafts: drafts)
        // Villages: known, or new under a known township when the file names them; always inside the actor's region.
        let villageCodes = Set(drafts.map(\.villageCode))
        let regionCodes = villageCodes.map(\.digits) + villageCodes.compactMap(\.parent?.digits)
        let unseen = Array(Set(regionCodes).subtracting(state.knownRegions))
        for chunk in unseen.chunked() {
            state.knownRegions.formUnion(try await RegionRecord.query(on: db).filter(\.$id ~~ chunk).all().map { $0.id! })
        }
        for draft in drafts {
            let row = draft.members.first?.sourceRow ?? 0
            let code = draft.villageCode
            if !actor.region.contains(code) {
                state.problem(.init(row: row, column: RegistryColumn.villageCode.header, value: code.digits,
                                             reason: "该村不在您的管辖范围（\(actor.region.digits)）内"))
                continue
            }
            if state.knownRegions.contains(code.digits) { continue }
            guard let township = code.parent, state.knownRegions.contains(township.digits) else {
                state.problem(.init(row: row, column: RegistryColumn.villageCode.header, value: code.digits,
                                             reason: "村区划代码的前9位不是已知的乡镇"))
                continue
            }
            guard let name = draft.villageName ?? state.newVillageNames[code] else {
                state.problem(.init(row: row, column: RegistryColumn.villageName.header, value: "",
                                             reason: "系统中还没有村\(code.digits)，请填写“村名称”以新建该村"))
                continue
            }
            if state.newVillageNames[code] == nil {
                state.newVillageNames[code] = name
                plan.newVillages.append(Region(code: code, name: name, parent: township))
            }
        }

        if state.registryWasEmpty { return plan }
        // Households the file leaves exactly as registered are counted and go no further (`RegisteredAsIs`).
        let asIs = state.recognizesUnchanged ? try await RegisteredAsIs.numbers(in: drafts, on: db) : []
        if !asIs.isEmpty {
            plan.unchangedPersons = drafts.reduce(0) { $0 + (asIs.contains($1.number) ? $1.members.count : 0) }
            plan.drafts = drafts.filter { !asIs.contains($0.number) }
        }
        let drafts = plan.drafts
        let numbers = drafts.map(\.number)
        for chunk in numbers.chunked() {
            for household in try await HouseholdRecord.query(on: db).filter(\.$number ~~ chunk).all() {
                plan.existingHouseholds[household.number] = household
            }
        }
        let householdIDs = plan.existingHouseholds.values.compactMap(\.id)
        // Members read a few hundred households at a time, not one query per household (a re-import of 30,000
        // households took 137 s that way).
        for chunk in householdIDs.chunked() {
            for person in try await PersonRecord.query(on: db).filter(\.$householdID ~~ chunk).all() {
                plan.members[person.householdID, default: []].append(person)
                plan.existingPersons[person.idNumber] = person
            }
        }
        // Then, by ID number, only the people not found among those members: the new, and any registered in another
        // household (an ID number is registered once, so a member found above is the person this would find). Each
        // person read once rather than twice: a month's file spent 2.4 s reading its changed households' members again.
        let ids = drafts.flatMap { $0.members.map(\.id.value) }.filter { plan.existingPersons[$0] == nil }
        for chunk in ids.chunked() {
            for person in try await PersonRecord.query(on: db).filter(\.$idNumber ~~ chunk).all() {
                plan.existingPersons[person.idNumber] = person
            }
        }
        for chunk in householdIDs.chunked() {
            for income in try await IncomeRecord.query(on: db).filter(\.$householdID ~~ chunk).all() {
                plan.existingIncomes[income.householdID, default: [:]][income.year] = income
            }
        }
        var householdNumberByID: [UUID: String] = [:]
        var villageByHouseholdID: [UUID: String] = [:]
        for household in plan.existingHouseholds.values {
            householdNumberByID[household.id!] = household.number
            villageByHouseholdID[household.id!] = household.villageCode
        }
        // People already registered elsewhere need the household number of their current household.
        let foreignHouseholdIDs = Set(plan.existingPersons.values.map(\.householdID)).subtracting(householdNumberByID.keys)
        for chunk in Array(foreignHouseholdIDs).chunked() {
            for household in try await HouseholdRecord.query(on: db).filter(\.$id ~~ chunk).all() {
                householdNumberByID[household.id!] = household.number
                villageByHouseholdID[household.id!] = household.villageCode
            }
        }
        // Where an existing household or person lies is said only when it is inside the importer's region; a file
        // must not become a way to learn who is registered in other counties.
        let visibleVillage = { (code: String) in RegionCode(code).map(self.actor.region.contains) ?? false }
        for draft in drafts {
            if let existing = plan.existingHouseholds[draft.number], existing.villageCode != draft.villageCode.digits {
                let inside = visibleVillage(existing.villageCode)
                if !inside { state.outside += 1 }
                state.problem(.init(row: draft.members.first?.sourceRow ?? 0, column: inside ? RegistryColumn.villageCode.header : RegistryColumn.householdNumber.header,
                                             value: inside ? draft.villageCode.digits : draft.number,
                                             reason: inside ? "户\(draft.number)已登记在村\(existing.villageCode)，迁移须在系统中登记迁出、迁入"
                                                 : "户编号\(draft.number)不能在此使用；如有疑问，请联系县级管理员核实处理"))
            }
            for member in draft.members {
                guard let person = plan.existingPersons[member.id.value] else { continue }
                let current = householdNumberByID[person.householdID] ?? "?"
                if current != draft.number {
                    let inside = villageByHouseholdID[person.householdID].map(visibleVillage) ?? false
                    if !inside { state.outside += 1 }
                    state.problem(.init(row: member.sourceRow ?? 0, column: RegistryColumn.idNumber.header,
                                                 value: member.id.masked,
                                                 reason: inside ? "此人已登记在户\(current)，变更户籍须在系统中登记人口变动" : RegistryStore.idUnavailable))
                }
            }
        }
        return plan
    }
}

extension RegistryImporter.Plan {
    static let flushEvery = 2_000

    /// New rows on their way to the database, written by a task of their own while the writer goes on to the next
    /// batch: the database's work (SQLite stepping the inserts on a thread of the pool; PostgreSQL taking a COPY and
    /// updating its indexes) then runs beside the next batch's checks and rows rather than after them. Every write of
    /// the transaction still goes in the order it was made: a batch's rows wait for the write before them.
    typealias PendingWrite = Task<Void, any Error>

    /// Writes this batch's households, people, incomes and audit entries: changes to registered households at once,
    /// the new rows after `pending` (the batch before) has been written; answers those new rows' write, still going.
    /// Wait for it (or for the write of a later batch) before the transaction ends.
    /// `written` is called once every new row of the batch is in the database.
    func write(on db: any Database, actor: Actor, report: inout RegistryImporter.Report, after pending: PendingWrite?,
               written: @escaping @Sendable () -> Void = {}) async throws -> PendingWrite? {
        var pending = pending
        try await write(on: db, actor: actor, report: &report) { sql, rows in
            let before = pending
            pending = Task {
                try await before?.value
                try await Self.flush(rows, on: sql)
            }
        }
        guard let sent = pending else { written(); return nil }
        return Task {
            try await sent.value
            written()
        }
    }

    /// A flush's rows: new households, persons, incomes and audit entries, and registered households and persons
    /// changed in place.
    struct Rows: Sendable {
        var households: [BulkInsert.Row] = []
        var persons: [BulkInsert.Row] = []
        var incomes: [BulkInsert.Row] = []
        var audit: [BulkInsert.Row] = []
        var changedHouseholds: [BulkInsert.Row] = []
        var changedPersons: [BulkInsert.Row] = []
    }

    private static func flush(_ rows: Rows, on sql: any SQLDatabase) async throws {
        try await BulkInsert.households(rows.households, on: sql)
        try await BulkInsert.persons(rows.persons, on: sql)
        try await BulkInsert.incomes(rows.incomes, on: sql)
        try await BulkInsert.update("persons", columns: BulkInsert.personUpdateColumns, values: rows.changedPersons, on: sql)
        try await BulkInsert.update("households", columns: BulkInsert.householdUpdateColumns, values: rows.changedHouseholds, on: sql)
        try await BulkInsert.rows("audit_log", columns: BulkInsert.auditColumns, values: rows.audit, on: sql)
    }

    private func write(on db: any Database, actor: Actor, report: inout RegistryImporter.Report,
                       send: (any SQLDatabase, Rows) async throws -> Void) async throws {
        guard let sql = db as? any SQLDatabase else { fatalError("Bottomline needs an SQL database") }
        let now = CivilDate.now
        var audit: [BulkInsert.Row] = []
        report.personsUnchanged += unchangedPersons

        for chunk in newVillages.chunked() {
            try await chunk.map(RegionRecord.init).create(on: db)
        }
        report.villagesAdded = newVillages.count

        // New rows and audit entries are written every `flushEvery` households and then let go, so what the write
        // holds is a batch, not the file (issue 14: 752 MB at 100,000 persons when everything was written at the end).
        var newRows: [NewHouseholdRows] = []
        var ids = OrderedUUIDGenerator()
        var newPersons: [PersonRecord] = []
        var newIncomes: [IncomeRecord] = []
        // Registered households and persons this file changes, written with the batch's new rows rather than saved
        // one model at a time (`BulkInsert.update`).
        var changedHouseholds: [BulkInsert.Row] = []
        var changedPersons: [BulkInsert.Row] = []
        func flush() async throws {
            try await send(sql, Rows(households: newRows.map(\.household),
                                     persons: newRows.flatMap(\.persons) + newPersons.map { BulkInsert.row(person: $0, at: now) },
                                     incomes: newRows.compactMap(\.income) + newIncomes.map { BulkInsert.row(income: $0, at: now) },
                                     audit: audit, changedHouseholds: changedHouseholds, changedPersons: changedPersons))
            newRows.removeAll(keepingCapacity: true)
            newPersons.removeAll(keepingCapacity: true)
            newIncomes.removeAll(keepingCapacity: true)
            audit.removeAll(keepingCapacity: true)
            changedHouseholds.removeAll(keepingCapacity: true)
            changedPersons.removeAll(keepingCapacity: true)
        }
        for (n, draft) in drafts.enumerated() {
            if n > 0, n % Self.flushEvery == 0 { try await flush() }
            let household: HouseholdRecord
            var members: [PersonRecord]
            if let existing = existingHouseholds[draft.number] {
                household = existing
                let before = HouseholdSnapshot(existing)
                // The registry's members, with the instances this file updates swapped in.
                members = self.members[existing.id!] ?? []
                existing.apply(draft)
                var changed = HouseholdSnapshot(existing) != before
                for member in draft.members {
                    if let person = existingPersons[member.id.value] {
                        let old = PersonSnapshot(person)
                        person.apply(member)
                        if PersonSnapshot(person) != old {
                            changedPersons.append(BulkInsert.updateRow(person: person, at: now))
                            report.personsUpdated += 1
                            audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .update, entity: "person", entityID: person.id?.uuidString,
                                                        householdID: existing.id, region: existing.villageCode,
                                                        summary: "导入更新人员 \(person.name)", before: old, after: PersonSnapshot(person), at: now))
                        } else {
                            report.personsUnchanged += 1
                        }
                    } else {
                        let person = PersonRecord.new(member, household: existing.id!)
                        newPersons.append(person)
                        members.append(person)
                        report.personsAdded += 1
                        changed = true
                        audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .create, entity: "person", entityID: person.id?.uuidString,
                                                    householdID: existing.id, region: existing.villageCode,
                                                    summary: "导入新增人员 \(person.name)", after: PersonSnapshot(person), at: now))
                    }
                }
                let stored = DerivedFields.Stored(existing)
                let derived = DerivedFields(housingGrade: existing.housingGrade, waterSecure: existing.waterSecure,
                                            members: members.map(DerivedFields.Member.init))
                derived.apply(to: existing)
                // Saved only when something differs: an unchanged household keeps its record (and its updated_at).
                if changed || DerivedFields.Stored(existing) != stored {
                    changedHouseholds.append(BulkInsert.updateRow(household: existing, at: now))
                }
                if changed {
                    report.householdsUpdated += 1
                    audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .update, entity: "household", entityID: existing.id?.uuidString,
                                                householdID: existing.id, region: existing.villageCode,
                                                summary: "导入更新户 \(existing.number)", before: before, after: HouseholdSnapshot(existing), at: now))
                }
            } else {
                // New households, the bulk of a first import, go straight from the draft to SQL rows: no model objects.
                let id = ids.next()
                let rows = NewHouseholdRows(draft: draft, id: id, at: now, ids: &ids)
                newRows.append(rows)
                report.householdsAdded += 1
                report.personsAdded += draft.members.count
                var after = HouseholdSnapshot(draft)
                after.income = draft.income
                audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .create, entity: "household", entityID: SQLiteDirectInsert.uuidText(id),
                                            householdID: id, region: draft.villageCode.digits,
                                            summary: "导入新增户 \(draft.number)（\(draft.members.count)人）", after: after, at: now))
                continue
            }
            if let income = draft.income {
                if let record = existingIncomes[household.id!]?[income.year] {
                    let old = record.income
                    if old != income {
                        report.incomesChanged += 1
                        record.set(income)
                        try await record.save(on: db)
                        audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .income, entity: "income", entityID: record.id?.uuidString,
                                                    householdID: household.id, region: household.villageCode,
                                                    summary: "导入更新\(income.year)年收入", before: old, after: income, at: now))
                    }
                } else {
                    let record = IncomeRecord()
                    record.id = UUID()
                    record.householdID = household.id!
                    record.set(income)
                    record.memberCount = household.memberCount
                    newIncomes.append(record)
                    report.incomesChanged += 1
                    audit.append(BulkInsert.auditRow(id: ids.next(), actor: actor, action: .income, entity: "income", entityID: record.id?.uuidString,
                                                householdID: household.id, region: household.villageCode,
                                                summary: "导入登记\(income.year)年收入", after: income, at: now))
                }
            }
        }
        try await flush()
    }

    /// After the last batch: the import itself, recorded when it changed anything.
    static func finish(on db: any Database, actor: Actor, filename: String, sha256: String,
                       report: RegistryImporter.Report) async throws {
        let changedSomething = report.householdsAdded + report.householdsUpdated + report.personsAdded + report.personsUpdated > 0
            || report.incomesChanged > 0
        guard changedSomething else { return }
        let batch = ImportBatchRecord()
        batch.id = UUID()
        batch.filename = filename
        batch.sha256 = sha256
        batch.rows = report.rows
        batch.householdsAdded = report.householdsAdded
        batch.personsAdded = report.personsAdded
        batch.personsUpdated = report.personsUpdated
        batch.userID = actor.userID
        try await batch.create(on: db)
        let entry = AuditLog.entry(actor: actor, action: .importFile, entity: "import", entityID: batch.id?.uuidString,
                                   summary: "导入文件 \(filename)：" + report.summary, at: CivilDate.now)
        var ids = OrderedUUIDGenerator()
        entry.id = ids.next()
        guard let sql = db as? any SQLDatabase else { fatalError("Bottomline needs an SQL database") }
        try await BulkInsert.audit([entry], on: sql)
    }
}

extension PersonRecord {
    static func new(_ draft: PersonDraft, household: UUID) -> PersonRecord {
        let person = PersonRecord()
        person.id = UUID()
        person.householdID = household
        person.status = MemberStatus.present.rawValue
        person.apply(draft)
        return person
    }
}

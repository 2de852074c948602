import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// 疑点数据核查 (issue 18 §1): runs the checks over the actor's region and keeps what they find. A run reads the region a
/// township at a time, or a county that is most of an SQLite file straight through its tables (`CountyFacts`); the
/// checks across households (the same person, a shared phone) run over whole counties only,
/// so a township's or a village's run neither finds nor clears them. A finding found again keeps its row: an open one
/// takes the new values; an explained one stays explained while its values are those it was explained with, and is
/// raised again when they change; one not found again is closed (the data was fixed).
public struct DataCheckStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    public struct RunSummary: Sendable {
        public var households: Int
        public var found: Int
        public var newFound: Int
        public var closed: Int
        public var seconds: Double
    }

    public var mayRun: Bool { actor.role.readsRegistry && actor.role != .leader }

    /// The settings in force for `place` on `day`: for each check, the latest row dated on or before the day of the
    /// place's county or any region above it (the nearest wins on the same date).
    public static func settings(for place: RegionCode, on day: CivilDate, db: any Database) async throws -> DataCheckSettings {
        let codes = place.lineage.filter { $0.level <= .county }.map(\.digits)
        guard !codes.isEmpty else { return .defaults }
        let rows = try await DataCheckSettingRecord.query(on: db).filter(\.$regionCode ~~ codes).filter(\.$effectiveFrom <= day.description).all()
        var chosen: [String: DataCheckSettingRecord] = [:]
        for r in rows {
            if let c = chosen[r.code], (c.effectiveFrom, c.regionCode.count, c.createdAt ?? .distantPast) >= (r.effectiveFrom, r.regionCode.count, r.createdAt ?? .distantPast) { continue }
            chosen[r.code] = r
        }
        var settings = DataCheckSettings()
        for (code, r) in chosen {
            guard let c = DataCheckCode(rawValue: code) else { continue }
            if !r.enabled { settings.off.insert(c) }
            if let v = r.value { settings.values[c] = v }
        }
        return settings
    }

    /// What the checks find over the actor's region, written nowhere.
    struct Computed: Sendable {
        var found: [DataFinding] = []
        var households = 0
        /// The village of each household with a finding.
        var villageOf: [UUID: String] = [:]
        /// Findings a run leaves as they are: those of checks switched off in a county ("411681|YD01"), and the checks
        /// across households when the run covers less than a county ("YD06").
        var untouched = Set<String>()
    }

    /// Runs the checks over the actor's region with each county's settings in force, or as `adjust` changes them.
    /// `straight` chooses how a whole county is read (tests compare the two); nil leaves it to `CountyFacts.straight`.
    func compute(today: CivilDate, straight: Bool? = nil, adjust: @Sendable (inout DataCheckSettings) -> Void = { _ in }) async throws -> Computed {
        let book = try await PolicyStore.book(for: actor.region, on: db)
        return try await PlainReader.reading(db) { reader in try await compute(today: today, book: book, reader: reader, straight: straight, adjust: adjust) }
    }

    private func compute(today: CivilDate, book: PolicyBook, reader: PlainReader, straight: Bool?, adjust: @Sendable (inout DataCheckSettings) -> Void) async throws -> Computed {
        let region = actor.region
        var out = Computed()
        let wholeCounties = region.level <= .county
        if !wholeCounties { out.untouched = Set(DataCheck.all.filter(\.acrossHouseholds).map(\.code.rawValue)) }
        for county in try await counties(in: region) {
            var settings = try await Self.settings(for: county, on: today, db: db)
            adjust(&settings)
            for c in DataCheckCode.allCases where !settings.isOn(c, on: today) { out.untouched.insert("\(county.digits)|\(c.rawValue)") }
            // The line of each recent income year looked up once, not once a household.
            let recent = Dictionary(uniqueKeysWithValues: ((today.year - 10)...(today.year + 1)).map { ($0, book.incomeLine(forIncomeYear: $0, place: county)) })
            let lines = Self.lines(recent: recent, book: book, county: county)
            let across = (samePerson: wholeCounties && settings.isOn(.samePersonTwice, on: today), phone: wholeCounties && settings.isOn(.sharedPhone, on: today),
                          account: wholeCounties && settings.isOn(.sharedAccount, on: today))
            var whole = false
            if wholeCounties {
                if let straight { whole = straight } else { whole = try await CountyFacts.straight(county, reader: reader) }
            }
            if whole {
                try await reader.mapFile(false)
                let (households, found, villageOf) = try await Self.check(county, reader: reader, settings: settings, recent: recent, book: book, today: today, across: across)
                out.households += households
                out.found += found
                out.villageOf.merge(villageOf) { a, _ in a }
                continue
            }
            // The checks across households group the county's persons, phones and accounts as they are read: the
            // next township is being read meanwhile.
            var people = SamePersonGroups(), phones = SharedNumbers(.phone), accounts = SharedNumbers(.account)
            // The next township is read (on the thread pool) while this one is checked: two cores, one each.
            let ranges = try await pieces(of: county, within: region)
            func read(_ at: Int) -> Task<[Read], any Error>? {
                guard at < ranges.count else { return nil }
                let range = ranges[at]
                return Task { try await Self.facts(range, today: today, reader: reader) }
            }
            var next = read(0)
            defer { next?.cancel() }
            for at in ranges.indices {
                guard let reading = next else { break }
                let facts = try await reading.value
                next = read(at + 1)
                out.households += facts.count
                for f in facts {
                    let found = DataChecks.findings(f.facts, settings: settings, lines: lines, today: today)
                    if !found.isEmpty {
                        out.villageOf[f.facts.id] = f.facts.villageCode
                        out.found += found
                    }
                    if across.phone, let phone = f.phone { phones.add(household: f.facts.id, phone) }
                    if across.account, let account = f.account { accounts.add(household: f.facts.id, account) }
                    if across.samePerson {
                        for m in f.facts.members where m.present { people.add(household: f.facts.id, person: m.id, name: m.name, sex: m.sex, birthDate: m.birthDate) }
                    }
                }
            }
            var acrossFound: [DataFinding] = []
            if across.samePerson { acrossFound += people.findings() }
            if across.phone || across.account {
                let links = try await Self.familyLinks(county, reader: reader)
                if across.phone { acrossFound += phones.findings(links: links, minimum: settings.value(.sharedPhone)) }
                if across.account { acrossFound += accounts.findings(links: links, minimum: settings.value(.sharedAccount)) }
            }
            // The village of each household found is kept for the findings only, not for every household read.
            let unplaced = Set(acrossFound.map(\.householdID).filter { out.villageOf[$0] == nil })
            for chunk in Array(unplaced).chunked(500) {
                for (id, village) in try await reader.rows("SELECT id, village_code FROM households WHERE id IN (\(binds: chunk))", { r in (try r.uuid(0), try r.text(1)) }) {
                    out.villageOf[id] = village
                }
            }
            out.found += acrossFound
        }
        return out
    }

    /// The county's line of an income year: those of recent years looked up once (`recent`), not once a household.
    private static func lines(recent: [Int: Money?], book: PolicyBook, county: RegionCode) -> DataChecks.Lines {
        { year in
            if let line = recent[year] { return line }
            return book.incomeLine(forIncomeYear: year, place: county)
        }
    }

    /// Reads a county whole (`CountyFacts`) and checks it on every core: the shared phones and accounts are grouped
    /// while the persons are read, the persons while the rest is read, and the households are checked in pieces beside
    /// them. The findings come in the order of the households read, each piece's after the one before.
    private static func check(_ county: RegionCode, reader: PlainReader, settings: DataCheckSettings, recent: [Int: Money?], book: PolicyBook, today: CivilDate,
                              across: (samePerson: Bool, phone: Bool, account: Bool)) async throws -> (households: Int, found: [DataFinding], villageOf: [UUID: String]) {
        var facts = CountyFacts()
        try await facts.readHouseholds(county, reader: reader)
        let heads = facts.heads
        let numbers = Task {
            var phones = SharedNumbers(.phone), accounts = SharedNumbers(.account)
            if across.phone { phones.reserveCapacity(heads.count) }
            if across.account { accounts.reserveCapacity(heads.count) }
            for h in heads {
                if across.phone, let phone = h.phone { phones.add(household: h.id, phone) }
                if across.account, let account = h.account { accounts.add(household: h.id, account) }
            }
            return (phones, accounts)
        }
        defer { numbers.cancel() }
        try await facts.readPersons(reader: reader)
        let persons = facts.persons
        let people = Task {
            var people = SamePersonGroups()
            guard across.samePerson else { return [DataFinding]() }
            people.reserveCapacity(persons.id.count)
            for k in persons.id.indices where persons.present[k] {
                let who = persons.sameness(k)
                people.add(household: heads[Int(persons.household[k])].id, person: persons.id[k], name: who.name, sex: who.sex, birthDate: who.birthDate)
            }
            return people.findings()
        }
        defer { people.cancel() }
        try await facts.readRest(county, today: today, reader: reader)
        let links = across.phone || across.account ? try await familyLinks(county, reader: reader) : []
        let count = heads.count
        let pieces = max(1, min(16, count / 5_000))
        let checked = facts
        var (found, villageOf) = try await withThrowingTaskGroup(of: (at: Int, found: [DataFinding], villages: [(UUID, String)]).self) { group in
            for piece in 0..<pieces {
                group.addTask {
                    let lines = Self.lines(recent: recent, book: book, county: county)
                    var found: [DataFinding] = [], villages: [(UUID, String)] = []
                    for at in (count * piece / pieces) ..< (count * (piece + 1) / pieces) {
                        let read = checked.read(at)
                        let f = DataChecks.findings(read.facts, settings: settings, lines: lines, today: today)
                        if !f.isEmpty {
                            villages.append((read.facts.id, read.facts.villageCode))
                            found += f
                        }
                    }
                    return (piece, found, villages)
                }
            }
            var done = Array(repeating: (found: [DataFinding](), villages: [(UUID, String)]()), count: pieces)
            for try await piece in group { done[piece.at] = (piece.found, piece.villages) }
            var found: [DataFinding] = [], villageOf: [UUID: String] = [:]
            for piece in done {
                found += piece.found
                for (id, village) in piece.villages { villageOf[id] = village }
            }
            return (found, villageOf)
        }
        var acrossFound = try await people.value
        let (phones, accounts) = try await numbers.value
        if across.phone { acrossFound += phones.findings(links: links, minimum: settings.value(.sharedPhone)) }
        if across.account { acrossFound += accounts.findings(links: links, minimum: settings.value(.sharedAccount)) }
        // Those of a finding across households only are placed from the county read.
        for f in acrossFound where villageOf[f.householdID] == nil {
            if let at = checked.position[f.householdID] { villageOf[f.householdID] = heads[Int(at)].village }
        }
        found += acrossFound
        return (count, found, villageOf)
    }

    /// Runs every check in force over the actor's region and records what changed, in one transaction.
    @discardableResult
    public func run(today: CivilDate = .today) async throws -> RunSummary {
        guard mayRun else { throw FieldProblems(["_": "只读用户不能发起核查"]) }
        let started = Date()
        let region = actor.region
        let c = try await compute(today: today)
        let households = c.households
        var summary = try await record(c.found, villageOf: c.villageOf, leaving: c.untouched, today: today)
        summary.households = households
        summary.seconds = Date().timeIntervalSince(started)
        let run = DataCheckRunRecord()
        (run.id, run.regionCode, run.runAt, run.seconds, run.households) = (UUID(), region.digits, started, summary.seconds, households)
        (run.found, run.newFound, run.closed, run.runBy) = (summary.found, summary.newFound, summary.closed, actor.username)
        let actor = self.actor, done = summary
        try await db.writeTransaction { tx in
            try await run.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "data_check_run", entityID: run.id!.uuidString, region: region.digits,
                                      summary: "疑点数据核查：\(households)户，疑点\(done.found)条，新发现\(done.newFound)条，已整改\(done.closed)条")
        }
        return summary
    }

    // MARK: Settings

    /// A county officer (or an administrator) sets a check for their county or province from a date.
    public var maySet: Bool { (actor.role == .county || actor.role == .admin) && actor.region.level <= .county }

    public struct SettingChange: Sendable {
        public var code: DataCheckCode
        public var enabled: Bool
        public var value: Int?
        public var effectiveFrom: CivilDate
        public init(code: DataCheckCode, enabled: Bool, value: Int?, effectiveFrom: CivilDate) {
            (self.code, self.enabled, self.value, self.effectiveFrom) = (code, enabled, value, effectiveFrom)
        }
    }

    private func validate(_ change: SettingChange, today: CivilDate) throws {
        guard maySet else { throw FieldProblems(["_": "核查规则由县级设置"]) }
        var errors = FieldErrors()
        if let p = change.code.check.parameter {
            guard let v = change.value else { throw FieldProblems(["value": "请填写\(p.label)（\(p.allowed.lowerBound)至\(p.allowed.upperBound)\(p.unit)）"]) }
            if !p.allowed.contains(v) { errors["value"] = "\(p.label)应在\(p.allowed.lowerBound)至\(p.allowed.upperBound)\(p.unit)之间" }
        }
        if change.effectiveFrom < today.adding(days: -366) || change.effectiveFrom > today.adding(days: 366) { errors["effectiveFrom"] = "生效日期应在前后一年之内" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
    }

    /// 试算: what the change would find over the actor's region, against what the last run left standing; nothing written.
    /// Also who it would newly flag and no longer flag, by township, village and risk type (a finding is a check, a
    /// household and a subject).
    public func preview(_ change: SettingChange, today: CivilDate = .today) async throws -> (standing: Int, would: Int, shift: FlagShift) {
        try validate(change, today: today)
        let code = change.code
        let c = try await compute(today: today) { s in
            if change.enabled { s.off.remove(code) } else { s.off.insert(code) }
            if let v = change.value { s.values[code] = v }
        }
        let range = actor.region.codeRange
        let standing = try await DataFindingRecord.query(on: db).filter(\.$code == code.rawValue).filter(\.$state ~~ [DataFindingState.open.rawValue, DataFindingState.explained.rawValue])
            .filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).all()
        let found = c.found.filter { $0.code == code }
        let risks = try await FlagShift.risks(of: Set(standing.map(\.householdID)).union(found.map(\.householdID)), on: db)
        var now: [String: FlagShift.Place] = [:], tried: [String: FlagShift.Place] = [:]
        for f in standing { now[f.key] = .init(village: f.villageCode, risks: risks[f.householdID] ?? []) }
        for f in found { tried[f.key] = .init(village: c.villageOf[f.householdID] ?? "", risks: risks[f.householdID] ?? []) }
        return (now.count, tried.count, FlagShift(now: now, tried: tried))
    }

    public func set(_ change: SettingChange, today: CivilDate = .today) async throws {
        try validate(change, today: today)
        let r = DataCheckSettingRecord()
        (r.id, r.regionCode, r.code, r.enabled, r.value, r.effectiveFrom, r.setBy) = (UUID(), actor.region.digits, change.code.rawValue, change.enabled,
                                                                                       change.code.check.parameter == nil ? nil : change.value, change.effectiveFrom.description, actor.username)
        let actor = self.actor
        let p = change.code.check.parameter
        let text = "\(change.code.rawValue) \(change.code.check.name)：\(change.enabled ? "启用" : "停用")" + (p.map { "，\($0.label)\(change.value ?? $0.defaultValue)\($0.unit)" } ?? "") + "，\(change.effectiveFrom)起"
        try await db.writeTransaction { tx in
            try await r.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .policy, entity: "data_check_setting", entityID: r.id!.uuidString, region: actor.region.digits,
                                      summary: "设置疑点核查规则 " + text)
        }
    }

    /// Writes a run's findings against the kept ones of the region, in one transaction. The kept ones are read as
    /// plain rows (a county keeps tens of thousands); only those that change are loaded as models and saved.
    private func record(_ found: [DataFinding], villageOf: [UUID: String], leaving untouched: Set<String>, today: CivilDate) async throws -> RunSummary {
        let range = actor.region.codeRange
        let day = today.description
        struct Kept: Sendable { var id: UUID, code: String, village: String, valuesText: String, state: DataFindingState?, lastFoundOn: String, explainedValues: String? }
        struct Update { var raise: Bool, text: String, village: String? }
        return try await db.writeTransaction { tx -> RunSummary in
            var summary = RunSummary(households: 0, found: found.count, newFound: 0, closed: 0, seconds: 0)
            let rows = try await PlainReader.reading(tx) { reader in
                try await reader.rows("""
                    SELECT id, code, household_id, subject, village_code, values_text, state, last_found_on, explained_values
                    FROM data_findings WHERE village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
                    """) { r in
                    ("\(try r.text(1))|\(try r.uuid(2).uuidString)|\(try r.text(3))",
                     Kept(id: try r.uuid(0), code: try r.text(1), village: try r.text(4), valuesText: try r.text(5), state: DataFindingState(rawValue: try r.text(6)),
                          lastFoundOn: try r.text(7), explainedValues: try r.optionalText(8)))
                }
            }
            var kept: [String: Kept] = [:]
            kept.reserveCapacity(rows.count)
            for (key, k) in rows { kept[key] = k }
            var seen = Set<String>()
            var created: [DataFindingRecord] = []
            var updates: [UUID: Update] = [:]
            // Found again as they were: only the day moves, by one UPDATE a chunk (every finding, every night).
            var foundAgain: [UUID] = []
            for f in found {
                let key = f.key, text = String(f.valuesText.prefix(1_000))
                guard seen.insert(key).inserted else { continue }
                if let k = kept[key] {
                    var (raise, changed) = (false, false)
                    switch k.state {
                    case .explained? where k.explainedValues == text:
                        break
                    case .open?:
                        changed = k.valuesText != text
                    default:
                        // Closed and found again, or explained and its values changed: raised again.
                        (raise, changed) = (true, true)
                        summary.newFound += 1
                    }
                    let village = villageOf[f.householdID]
                    if changed || k.valuesText != text || k.village != village {
                        updates[k.id] = Update(raise: raise, text: text, village: village)
                    } else if k.lastFoundOn != day {
                        foundAgain.append(k.id)
                    }
                } else {
                    let r = DataFindingRecord()
                    (r.id, r.code, r.householdID, r.villageCode, r.subject) = (UUID(), f.code.rawValue, f.householdID, villageOf[f.householdID] ?? "", f.subject?.uuidString ?? "")
                    (r.valuesText, r.state, r.foundOn, r.lastFoundOn) = (text, DataFindingState.open.rawValue, day, day)
                    created.append(r)
                }
            }
            summary.newFound += created.count
            for chunk in created.chunked(200) { try await chunk.create(on: tx) }
            for chunk in Array(updates.keys).chunked(500) {
                for r in try await DataFindingRecord.query(on: tx).filter(\.$id ~~ chunk).all() {
                    guard let id = r.id, let u = updates[id] else { continue }
                    if u.raise {
                        (r.state, r.closedOn) = (DataFindingState.open.rawValue, nil)
                        (r.explanation, r.explainedValues, r.explainedBy, r.explainedOn) = (nil, nil, nil, nil)
                    }
                    (r.valuesText, r.lastFoundOn) = (u.text, day)
                    if let v = u.village { r.villageCode = v }
                    try await r.save(on: tx)
                }
            }
            for chunk in foundAgain.chunked(500) { try await DataFindingRecord.query(on: tx).filter(\.$id ~~ chunk).set(\.$lastFoundOn, to: day).update() }
            var fixed: [UUID] = []
            for (key, k) in kept where !seen.contains(key) && k.state != .closed {
                guard !untouched.contains(k.code), !untouched.contains("\(k.village.prefix(6))|\(k.code)") else { continue }
                fixed.append(k.id)
            }
            summary.closed = fixed.count
            for chunk in fixed.chunked(500) {
                try await DataFindingRecord.query(on: tx).filter(\.$id ~~ chunk).set(\.$state, to: DataFindingState.closed.rawValue).set(\.$closedOn, to: day).update()
            }
            return summary
        }
    }

    /// 说明: a finding checked and found right (an approved exemption, a real coincidence) is kept with the reason and
    /// not raised again while its values stay as they are.
    public func explain(_ finding: DataFindingRecord, reason: String, today: CivilDate = .today) async throws {
        guard mayRun else { throw FieldProblems(["reason": "只读用户不能说明疑点"]) }
        let text = reason.trimmingASCIISpaces()
        guard (4...300).contains(text.count) else { throw FieldProblems(["reason": "请填写核实情况（4至300字）"]) }
        guard !text.hasControlCharacter(allowingLineBreaks: true) else { throw FieldProblems(["reason": "核实情况含有控制字符"]) }
        guard finding.stateValue == .open else { throw FieldProblems(["reason": "该疑点\(finding.stateValue?.label ?? "已处理")"]) }
        (finding.state, finding.explanation, finding.explainedValues) = (DataFindingState.explained.rawValue, text, finding.valuesText)
        (finding.explainedBy, finding.explainedOn) = (actor.username, today.description)
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await finding.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "data_finding", entityID: finding.id!.uuidString,
                                      householdID: finding.householdID, region: finding.villageCode,
                                      summary: "说明疑点\(finding.code)（\(finding.codeValue?.check.name ?? "")）：\(text)")
        }
    }

    public func finding(_ id: UUID) async throws -> DataFindingRecord? {
        try await registry.scoped(DataFindingRecord.self).filter(\.$id == id).first()
    }

    /// The kept findings of `region` (inside the actor's), by check and state; at most `limit` rows, in place order.
    public func findings(within region: RegionCode, code: DataCheckCode? = nil, state: DataFindingState? = nil, limit: Int = 500, offset: Int = 0) async throws -> (rows: [DataFindingRecord], total: Int) {
        guard registry.canSee(region) else { return ([], 0) }
        let range = region.codeRange
        var q = registry.scoped(DataFindingRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
        if let code { q = q.filter(\.$code == code.rawValue) }
        if let state { q = q.filter(\.$state == state.rawValue) }
        let total = try await q.count()
        return (try await q.sort(\.$villageCode).sort(\.$code).sort(\.$foundOn).sort(\.$id).range(offset..<(offset + limit)).all(), total)
    }

    /// Counts by check and state for `region`.
    public func counts(within region: RegionCode) async throws -> [DataCheckCode: [DataFindingState: Int]] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let range = region.codeRange
        struct Row: Decodable { var code: String; var state: String; var n: Int }
        let rows = try await sql.raw("""
            SELECT code, state, COUNT(*) AS n FROM data_findings WHERE village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper) GROUP BY code, state
            """).all(decoding: Row.self)
        var out: [DataCheckCode: [DataFindingState: Int]] = [:]
        for r in rows {
            guard let c = DataCheckCode(rawValue: r.code), let s = DataFindingState(rawValue: r.state) else { continue }
            out[c, default: [:]][s] = r.n
        }
        return out
    }

    /// The nightly run (issue 18 §1: a county's checks nightly and on demand): every county with households, each as a
    /// run of its own by "夜间核查" (so its page shows it as the last run), unless the county was checked — on demand,
    /// or by a run of a region above it — within `freshFor` before `now`. Returns the counties run.
    public static func nightly(db: any Database, today: CivilDate = .today, now: Date = Date(), freshFor: TimeInterval = 20 * 3600) async throws -> [(county: RegionCode, summary: RunSummary)] {
        let level = RegionCode.Level.county.rawValue
        let counties = try await RegionRecord.query(on: db).filter(\.$level == level).sort(\.$id).all().compactMap { $0.id.flatMap(RegionCode.init) }
        var done: [(RegionCode, RunSummary)] = []
        for county in counties {
            guard try await HouseholdRecord.query(on: db).within(county).first() != nil else { continue }
            let recent = try await DataCheckRunRecord.query(on: db).filter(\.$regionCode ~~ county.lineage.map(\.digits))
                .filter(\.$runAt > now.addingTimeInterval(-freshFor)).first()
            guard recent == nil else { continue }
            let store = DataCheckStore(ScopedRegistry(db: db, actor: Actor(userID: nil, username: "夜间核查", role: .admin, region: county)))
            done.append((county, try await store.run(today: today)))
        }
        return done
    }

    /// The latest run that covered `region`: its own, or one of a region it lies in.
    public func lastRun(for region: RegionCode) async throws -> DataCheckRunRecord? {
        try await DataCheckRunRecord.query(on: db).filter(\.$regionCode ~~ region.lineage.map(\.digits)).sort(\.$runAt, .descending).first()
    }

    // MARK: Reading the registry

    /// The counties a run covers: the region's own, or those inside it.
    private func counties(in region: RegionCode) async throws -> [RegionCode] {
        if region.level >= .county { return [RegionCode(String(region.digits.prefix(6)))!] }
        let range = region.codeRange
        return try await RegionRecord.query(on: db).filter(\.$id >= range.lower).filter(\.$id < range.upper)
            .filter(\.$level == RegionCode.Level.county.rawValue).sort(\.$id).all().compactMap { $0.id.flatMap(RegionCode.init) }
    }

    /// The ranges a county is read in: its townships (inside the actor's region), or the region itself below a county.
    private func pieces(of county: RegionCode, within region: RegionCode) async throws -> [RegionCode] {
        if region.level > .county { return [region] }
        let range = county.codeRange
        let townships = try await RegionRecord.query(on: db).filter(\.$id >= range.lower).filter(\.$id < range.upper)
            .filter(\.$level == RegionCode.Level.township.rawValue).sort(\.$id).all().compactMap { $0.id.flatMap(RegionCode.init) }
        return townships.isEmpty ? [county] : townships
    }

    struct Read: Sendable {
        var facts: HouseholdFacts
        var phone: String?
        var account: String?
    }

    /// The columns of a household the checks read, as `Head` takes them.
    struct Head: Sendable {
        static let columns = """
            h.id, h.village_code, h.category, h.monitoring_category, h.monitoring_since, h.risk_eliminated_on, h.risk_types, \
            h.gap_housing, h.gap_education, h.gap_medical, h.gap_water, h.has_labour, h.phone, h.bank_account
            """
        var id: UUID, village: String, category: String, monitoringCategory: String?, monitoringSince: String?, eliminatedOn: String?, risks: String?
        var housing: Bool, education: Bool, medical: Bool, water: Bool, labour: Bool, phone: String?, account: String?

        init(_ r: PlainRow) throws {
            (id, village, category, monitoringCategory, monitoringSince) = (try r.uuid(0), try r.text(1), try r.text(2), try r.optionalText(3), try r.optionalText(4))
            (eliminatedOn, risks, housing, education, medical) = (try r.optionalText(5), try r.optionalText(6), try r.bool(7), try r.bool(8), try r.bool(9))
            (water, labour, phone, account) = (try r.bool(10), try r.bool(11), try r.optionalText(12), try r.optionalText(13))
        }
    }

    /// An income year of a household as the checks read it.
    struct Income: Sendable {
        var year: Int, perCapita: Money?, wages: Money
        static let columns = "i.household_id, i.year, i.wages, i.business, i.property, i.transfers, i.business_costs, i.member_count"

        /// From a row of `columns` (the household's id first, not read here).
        init(_ r: PlainRow) throws {
            let income = HouseholdIncome(year: Int(try r.int(1)), wages: Money(fen: try r.int(2)), business: Money(fen: try r.int(3)),
                                         property: Money(fen: try r.int(4)), transfers: Money(fen: try r.int(5)), businessCosts: Money(fen: try r.int(6)))
            (year, perCapita, wages) = (income.year, income.perCapitaNet(members: Int(try r.int(7))), income.wages)
        }
    }

    /// The latest two income years of a household, whatever the order they are read in.
    struct LatestIncomes: Sendable {
        var latest: Income?, previous: Income?

        mutating func add(_ i: Income) {
            if let l = latest, i.year <= l.year {
                if i.year < l.year, previous.map({ i.year > $0.year }) ?? true { previous = i }
            } else {
                (previous, latest) = (latest, i)
            }
        }
    }

    /// The smaller tables the checks read (measures, helpers, loans, work spells, public posts) for one range.
    struct SmallFacts: Sendable {
        var measures: [UUID: [MeasureCategory]] = [:]
        var helped = Set<UUID>()
        var loans: [UUID: [HouseholdFacts.Loan]] = [:]
        var spells = Set<UUID>()
        var posts = Set<UUID>()

        static func read(_ region: RegionCode, today: CivilDate, reader: PlainReader) async throws -> SmallFacts {
            let (lower, upper) = region.codeRange
            var out = SmallFacts()
            let lastYear = CivilMonth(year: today.year - 1, month: today.month)!.description
            out.spells = Set(try await reader.rows("""
                SELECT person_id FROM work_spells WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND (end_month IS NULL OR end_month >= \(bind: lastYear))
                """) { try $0.uuid(0) })
            let day = today.description
            out.posts = Set(try await reader.rows("""
                SELECT person_id FROM public_posts WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND start_on <= \(bind: day) AND (end_on IS NULL OR end_on >= \(bind: day))
                """) { try $0.uuid(0) })
            for (household, category) in try await reader.rows("""
                SELECT household_id, category FROM measures WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND status <> \(bind: MeasureStatus.stopped.rawValue)
                """, { r in (try r.uuid(0), try r.text(1)) }) {
                if let c = MeasureCategory(rawValue: category) { out.measures[household, default: []].append(c) }
            }
            out.helped = Set(try await reader.rows("""
                SELECT a.household_id FROM helper_assignments a JOIN households h ON h.id = a.household_id WHERE \(activeIn(region)) AND a.end_date IS NULL
                """) { try $0.uuid(0) })
            for (household, loan) in try await reader.rows("""
                SELECT id, household_id, issued_on, amount_fen, exception FROM loans WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper)
                """, { r -> (UUID, HouseholdFacts.Loan?) in
                guard let issued = CivilDate(parsing: try r.text(2)) else { return (try r.uuid(1), nil) }
                return (try r.uuid(1), HouseholdFacts.Loan(id: try r.uuid(0), issuedOn: issued, amount: Money(fen: try r.int(3)), exception: try r.text(4)))
            }) {
                if let loan { out.loans[household, default: []].append(loan) }
            }
            return out
        }
    }

    /// A household's facts from what was read of it.
    static func assemble(_ h: Head, members: [HouseholdFacts.Member], incomes: LatestIncomes, measures: [MeasureCategory], helped: Bool, loans: [HouseholdFacts.Loan]) -> Read {
        func perCapita(_ i: Income?) -> (year: Int, perCapita: Money)? { i.flatMap { r in r.perCapita.map { (r.year, $0) } } }
        var gaps: [String] = []
        for (open, name) in [(h.housing, "住房"), (h.education, "教育"), (h.medical, "医疗"), (h.water, "饮水")] where open { gaps.append(name) }
        let previous = incomes.previous.flatMap { p in incomes.latest.map(\.year) == p.year + 1 ? p : nil }
        let facts = HouseholdFacts(id: h.id, villageCode: h.village, category: HouseholdCategory(rawValue: h.category),
                                   monitoringCategory: h.monitoringCategory.flatMap(MonitoringCategory.init(rawValue:)),
                                   monitoringSince: h.monitoringSince.flatMap(CivilDate.init(parsing:)),
                                   riskEliminatedOn: h.eliminatedOn.flatMap(CivilDate.init(parsing:)),
                                   risks: RiskType.decode(h.risks), gaps: gaps, gapMedical: h.medical, hasLabour: h.labour,
                                   members: members, income: perCapita(incomes.latest), previousIncome: perCapita(previous),
                                   latestWages: incomes.latest?.wages ?? .zero, measures: measures, hasHelper: helped, loans: loans)
        return Read(facts: facts, phone: h.phone, account: h.account)
    }

    /// The active households (`h`) of a region's range of village codes.
    static func activeIn(_ region: RegionCode) -> SQLQueryString {
        let (lower, upper) = region.codeRange
        return "h.village_code >= \(bind: lower) AND h.village_code < \(bind: upper) AND h.status = \(bind: HouseholdStatus.active.rawValue)"
    }

    /// The facts of the active households of one range, read as plain rows (the columns the checks use, no models).
    static func facts(_ region: RegionCode, today: CivilDate, reader: PlainReader) async throws -> [Read] {
        let inRange = activeIn(region)
        let households = try await reader.rows("SELECT \(unsafeRaw: Head.columns) FROM households h WHERE \(inRange)", Head.init)
        guard !households.isEmpty else { return [] }
        let small = try await SmallFacts.read(region, today: today, reader: reader)
        var members: [UUID: [HouseholdFacts.Member]] = [:]
        let present = MemberStatus.present.rawValue
        for (household, member) in try await reader.rows("""
            SELECT p.household_id, p.id, p.name, p.id_number, p.sex, p.birth_date, p.relation, p.status, p.health, p.disability, p.education, p.employment
            FROM persons p JOIN households h ON h.id = p.household_id WHERE \(inRange)
            """, { r in
            (try r.uuid(0), HouseholdFacts.Member(id: try r.uuid(1), name: try r.text(2), idNumber: try r.text(3), sex: try r.text(4), birthDate: try r.text(5),
                                                  relation: try r.text(6), present: try r.text(7) == present, health: try r.optionalText(8),
                                                  disability: try r.optionalText(9), education: try r.optionalText(10), employment: try r.optionalText(11)))
        }) {
            var m = member
            (m.hasWorkSpell, m.holdsPublicPost) = (small.spells.contains(m.id), small.posts.contains(m.id))
            members[household, default: []].append(m)
        }
        var incomes: [UUID: LatestIncomes] = [:]
        for (household, income) in try await reader.rows("SELECT \(unsafeRaw: Income.columns) FROM household_incomes i JOIN households h ON h.id = i.household_id WHERE \(inRange)", { r in
            (try r.uuid(0), try Income(r))
        }) {
            incomes[household, default: .init()].add(income)
        }
        return households.map { h in
            assemble(h, members: members[h.id] ?? [], incomes: incomes[h.id] ?? .init(), measures: small.measures[h.id] ?? [], helped: small.helped.contains(h.id), loans: small.loans[h.id] ?? [])
        }
    }

    /// Households of a county joined by a 分户 or 并户: one family for the shared phone and account checks.
    /// The events are the outer loop (SQLite keeps a CROSS JOIN's order): a county has few 分户 and 并户, and SQLite
    /// would otherwise go through every household of the county for them (1.1 s at a million households for none).
    static func familyLinks(_ county: RegionCode, reader: PlainReader) async throws -> [(UUID, UUID)] {
        let (lower, upper) = county.codeRange
        return try await reader.rows("""
            SELECT e.household_id, e.other_household_id FROM membership_events e CROSS JOIN households h
            WHERE h.id = e.household_id AND h.village_code >= \(bind: lower) AND h.village_code < \(bind: upper) AND e.other_household_id IS NOT NULL
            """) { r in (try r.uuid(0), try r.uuid(1)) }
    }
}

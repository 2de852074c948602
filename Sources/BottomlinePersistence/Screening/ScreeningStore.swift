import BottomlineDomain
import BottomlineInterchange
import Crypto
import Fluent
import Foundation
import SQLKit

/// 部门筛查预警: files in, warnings out, dispositions recorded. Scoped like everything else: a file is screened against
/// the uploader's region only, and warnings are read through `ScopedRegistry.scoped(_:)`.
public struct ScreeningStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    /// The largest file taken through the web or the API.
    public static let maximumBytes = 512 * 1024 * 1024

    // MARK: Rules

    /// The rules in force for the actor's region on a day: per code, the most specific region's newest version.
    public func rules(on day: CivilDate) async throws -> [ScreeningRule] {
        let lineage = actor.region.lineage.map(\.digits)
        let records = try await ScreeningRuleRecord.query(on: db).filter(\.$regionCode ~~ lineage).all()
        var best: [String: (Int, String, ScreeningRule)] = [:]
        for r in records {
            guard let rule = r.rule, rule.effectiveFrom <= day else { continue }
            let rank = (r.regionCode.count, r.effectiveFrom)
            if let current = best[r.code], (current.0, current.1) >= rank { continue }
            best[r.code] = (rank.0, rank.1, rule)
        }
        return best.values.map(\.2).filter { $0.inEffect(on: day) }.sorted { $0.code < $1.code }
    }

    public var mayEditRules: Bool { [.admin, .county].contains(actor.role) && actor.region.level <= .county }

    /// Saves a new version of a rule for the actor's own region (a county's version wins over the province's there).
    public func saveRule(_ rule: ScreeningRule) async throws {
        guard mayEditRules else { throw FieldProblems(["_": "只有县级管理员和系统管理员可以修改筛查规则"]) }
        if try await ScreeningRuleRecord.query(on: db).filter(\.$code == rule.code).filter(\.$regionCode == actor.region.digits)
            .filter(\.$effectiveFrom == rule.effectiveFrom.description).first() != nil {
            throw FieldProblems(["effectiveFrom": "该日期已有本规则的版本；如需再改，请以新的生效日期保存"])
        }
        let record = ScreeningRuleRecord(rule, region: actor.region)
        record.createdBy = actor.userID
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .screening, entity: "screening_rule", entityID: record.id?.uuidString,
                                      region: actor.region.digits, summary: "筛查规则\(rule.code)自\(rule.effectiveFrom)起：\(rule.explanation)")
        }
    }

    /// What a rule change would do: the households the current and the proposed version would warn, screened on the
    /// region's kept files of that feed from the last twelve months (nothing is written).
    public struct DryRun: Sendable {
        public var files: Int
        public var rows: Int
        public var current: Int
        public var proposed: Int
        /// Who the change would newly warn and who it would no longer warn, by township, village, class and risk type.
        public var shift = FlagShift()
    }

    public func dryRun(current: ScreeningRule, proposed: ScreeningRule, today: CivilDate) async throws -> DryRun {
        let range = actor.region.codeRange
        let since = Date().addingTimeInterval(-366 * 86_400)
        let files = try await FeedFileRecord.query(on: db).filter(\.$kind == proposed.feed.rawValue)
            .filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper).filter(\.$createdAt >= since)
            .sort(\.$createdAt, .descending).limit(24).all()
        let (index, ids) = try await index()
        var warnedNow = Set<Int>(), warnedThen = Set<Int>()
        var rows = 0
        for f in files {
            guard let asOf = CivilDate(parsing: f.asOf) else { continue }
            let both = [current, proposed].enumerated().map { i, r in var copy = r; copy.code = "\(i)"; copy.effectiveFrom = CivilDate(year: 1900, month: 1, day: 1)!; copy.effectiveTo = nil; return copy }
            guard let outcome = try? FeedScreening.run(data: f.content, kind: proposed.feed, rules: both, index: index, asOf: asOf) else { continue }
            rows += outcome.summary.rowsRead
            for hit in outcome.hits { if outcome.rules[hit.rule].code == "0" { warnedNow.insert(hit.household) } else { warnedThen.insert(hit.household) } }
        }
        let risks = try await FlagShift.risks(of: Set(warnedNow.union(warnedThen).map { ids[$0] }), on: db)
        func places(_ set: Set<Int>) -> [Int: FlagShift.Place] {
            Dictionary(uniqueKeysWithValues: set.map { i in
                (i, FlagShift.Place(village: index.households[i].village, group: index.households[i].classification.label, risks: risks[ids[i]] ?? []))
            })
        }
        return DryRun(files: files.count, rows: rows, current: warnedNow.count, proposed: warnedThen.count, shift: FlagShift(now: places(warnedNow), tried: places(warnedThen)))
    }

    // MARK: Registry index

    /// Every present member of every active household in the actor's region, keyed by compact ID. Kept between
    /// uploads (`RegistryIndexCache`) until a person or household is written (`registry_version`, migration 021).
    public func index() async throws -> (RegistryIndex, [UUID]) {
        guard let sql = db as? any SQLDatabase else { throw FieldProblems(["_": "数据库不支持筛查"]) }
        let (version, token) = try await RegistryVersion.current(sql)
        let key = RegistryIndexCache.Key(database: token, region: actor.region.digits)
        if let kept = await RegistryIndexCache.shared.entry(key, version: version) { return kept }
        let built = try await buildIndex()
        await RegistryIndexCache.shared.keep(key, version: version, built)
        return built
    }

    /// Reads the region's persons a row at a time into the index (`PlainReader`): through SQLKit's `all()` every row
    /// was held at once, seven values each, before the index was built, and at a million households that was most of
    /// the demo build's 5 GB peak.
    func buildIndex() async throws -> (RegistryIndex, [UUID]) {
        let range = actor.region.codeRange
        let alleviated = Array(HouseholdCategory.alleviated.rawValue.utf8)
        struct Building: Sendable {
            var index = RegistryIndex()
            var ids: [UUID] = []
            var last: UUID?
            var current = -1
            var labourers = 0
        }
        let built = try await PlainReader.reading(db) { reader in
            // The region's every person: on a county's own file, most of it (`PlainReader.mapFile`).
            try await reader.mapFile(false)
            return try await reader.fold("""
                SELECT h.id AS hid, h.village_code AS village, h.category AS category,
                       h.monitoring_category IS NOT NULL AND h.risk_eliminated_on IS NULL AS monitored, p.id_number AS idn, p.labour AS labour
                FROM persons p JOIN households h ON h.id = p.household_id
                WHERE h.status = 'active' AND p.status = 'present' AND h.village_code >= \(bind: range.lower) AND h.village_code < \(bind: range.upper)
                ORDER BY h.id
                """, into: Building()) { b, row in
                let hid = try row.uuid(0)
                if hid != b.last {
                    if b.current >= 0 { b.index.setLabourers(b.labourers, of: b.current) }
                    b.last = hid
                    b.labourers = 0
                    let cls: HouseholdClass = try row.bool(3) ? .monitored : try row.isText(2, alleviated) ? .alleviated : .ordinary
                    b.current = b.index.add(.init(id: hid.uuidString, village: try row.text(1), classification: cls, labourers: 0))
                    b.ids.append(hid)
                }
                let labour = (try row.optionalText(5)).flatMap(LabourCapacity.init(rawValue:))?.isLabour ?? false
                if labour { b.labourers += 1 }
                if let key = ByteFields.idKey(try row.text(4)) { b.index.add(person: key, household: b.current, labourer: labour) }
            }
        }
        var index = built.index
        if built.current >= 0 { index.setLabourers(built.labourers, of: built.current) }
        return (index, built.ids)
    }

    // MARK: Files

    public struct Outcome: Sendable {
        public let file: FeedFileRecord
        /// The same file (same bytes, kind and region) was already screened: nothing new was made.
        public let duplicate: Bool
        public let newWarnings: Int
        public let repeatedWarnings: Int
    }

    public var mayUpload: Bool { [.admin, .county, .department].contains(actor.role) && actor.region.level <= .county }

    /// The feeds the actor sends and reads: a department data officer its own (assigned by an administrator; none
    /// until then), everyone else every one.
    public func feedKinds() async throws -> [FeedKind] {
        guard actor.role == .department else { return FeedKind.allCases }
        let own: Set<FeedKind>
        if let kinds = actor.feedKinds { own = kinds } else if let id = actor.userID { own = try await UserStore.feedKinds(of: id, on: db) } else { own = [] }
        return FeedKind.allCases.filter(own.contains)
    }

    public func mayUse(_ kind: FeedKind) async throws -> Bool {
        try await feedKinds().contains(kind)
    }

    /// Screens a file: keeps it, lists its bad rows, writes new warnings. The same file twice creates nothing new.
    public func screen(_ data: Data, filename: String, kind: FeedKind, channel: String, asOf: CivilDate, today: CivilDate) async throws -> Outcome {
        try await Telemetry.timed("screening", { try await screenFile(data, filename: filename, kind: kind, channel: channel, asOf: asOf, today: today) },
                                  describe: { ($0.duplicate ? "duplicate" : "written", $0.duplicate ? 0 : $0.file.rowsRead) })
    }

    private func screenFile(_ data: Data, filename: String, kind: FeedKind, channel: String, asOf: CivilDate, today: CivilDate) async throws -> Outcome {
        guard mayUpload else { throw FieldProblems(["_": "只有部门数据员、县级管理员可以上传部门数据（本人辖区须为县级或以上）"]) }
        guard try await mayUse(kind) else {
            let own = try await feedKinds().map(\.label).joined(separator: "、")
            throw FieldProblems(["kind": own.isEmpty ? "本账号尚未指定所属部门的数据类型，请联系系统管理员" : "本账号只能上传本部门的数据：\(own)"])
        }
        guard !data.isEmpty else { throw FieldProblems(["file": "文件是空的"]) }
        guard data.count <= Self.maximumBytes else { throw FieldProblems(["file": "文件超过\(Self.maximumBytes / 1024 / 1024)MB，请按月或按乡镇拆分后上传"]) }
        guard asOf <= today, asOf >= today.adding(days: -3660) else { throw FieldProblems(["asOf": "筛查基准日应在近十年内且不晚于今天"]) }
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        if let existing = try await FeedFileRecord.query(on: db).filter(\.$sha256 == hash).filter(\.$kind == kind.rawValue)
            .filter(\.$regionCode == actor.region.digits).first() {
            return Outcome(file: existing, duplicate: true, newWarnings: 0, repeatedWarnings: 0)
        }
        let rules = try await rules(on: asOf).filter { $0.feed == kind }
        let (index, householdIDs) = try await index()
        // Earlier files' monthly sums inside each sum rule's window (whole calendar months before this one back to the
        // window's start, and this month's from other files).
        var priors: [FeedScreening.Prior] = []
        let sumRules = Dictionary(rules.filter { if case .sum = $0.measure { true } else { false } }.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        if !sumRules.isEmpty {
            let positions = Dictionary(householdIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let asOfMonth = asOf.year * 12 + asOf.month - 1
            let longest = sumRules.values.map(\.windowMonths).max() ?? 12
            let earliest = asOfMonth - max(0, longest - 1)
            let earliestText = "\(earliest / 12)-\(earliest % 12 < 9 ? "0" : "")\(earliest % 12 + 1)"
            // Read as plain values a row at a time: after one province-wide file there are millions of sums, and as
            // models they took gigabytes (issue 14's province run).
            let range = actor.region.codeRange
            priors = try await PlainReader.reading(db) { reader in
                try await reader.fold("""
                    SELECT household_id, rule_code, month, "value", "rows" FROM feed_sums
                    WHERE feed = \(bind: kind.rawValue) AND month >= \(bind: earliestText)
                      AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
                    """, into: [FeedScreening.Prior]()) { priors, row in
                    let code = try row.text(1)
                    guard let rule = sumRules[code], let h = positions[try row.uuid(0)] else { return }
                    let month = try row.text(2)
                    let parts = month.split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 2 else { return }
                    let index = asOfMonth - (parts[0] * 12 + parts[1] - 1)
                    guard index >= 0, rule.windowMonths == 0 || index < rule.windowMonths else { return }
                    let end = CivilDate(year: parts[0], month: parts[1], day: CivilDate.daysIn(month: parts[1], year: parts[0]))!
                    priors.append(.init(household: h, ruleCode: code, value: try row.int(3), rows: Int(try row.int(4)), lastDay: min(end, asOf).dayNumber))
                }
            }
        }
        let outcome: FeedScreening.Outcome
        do {
            outcome = try FeedScreening.run(data: data, kind: kind, rules: rules, index: index, asOf: asOf, priors: priors)
        } catch let failure as FeedReader.Failure {
            throw FieldProblems(["file": failure.description])
        } catch let failure as XLSXReader.Failure {
            throw FieldProblems(["file": failure.description])
        }
        let days = try await LifecycleStore.parameter(.clueVerificationDays, village: actor.region.digits, on: today, db: db)
        let file = FeedFileRecord()
        file.id = UUID()
        file.kind = kind.rawValue
        file.sha256 = hash
        file.filename = String(filename.prefix(200))
        file.byteCount = data.count
        file.content = data
        file.regionCode = actor.region.digits
        file.uploadedBy = actor.username
        file.channel = channel
        file.encoding = outcome.encoding.rawValue
        file.asOf = asOf.description
        file.rowsRead = outcome.summary.rowsRead
        file.rowsBad = outcome.summary.rowsBad
        file.rowsUnmatched = outcome.summary.rowsUnmatched
        file.rowsMatched = outcome.summary.rowsMatched
        // Existing warnings of these rules for these households: open ones are not repeated, closed ones reopen only
        // on evidence newer than what closed them.
        let hitHouseholds = Array(Set(outcome.hits.map { householdIDs[$0.household] }))
        var latest: [String: WarningRecord] = [:]
        for chunk in hitHouseholds.chunked() {
            for w in try await WarningRecord.query(on: db).filter(\.$householdID ~~ chunk).filter(\.$feed == kind.rawValue).all() {
                let key = "\(w.householdID)|\(w.ruleCode)"
                if let other = latest[key], other.isOpen || other.raisedOn > w.raisedOn && !w.isOpen { continue }
                latest[key] = w
            }
        }
        var created: [WarningRecord] = []
        var repeated: [WarningRecord] = []
        for hit in outcome.hits {
            let rule = outcome.rules[hit.rule]
            let householdID = householdIDs[hit.household]
            let lastDay = CivilDate(dayNumber: hit.lastDay)
            if let previous = latest["\(householdID)|\(rule.code)"] {
                if previous.isOpen { previous.repeatCount += 1; repeated.append(previous); continue }
                if let seen = CivilDate(parsing: previous.lastEvidenceOn), lastDay <= seen { continue }
            }
            let w = WarningRecord()
            w.id = UUID()
            w.householdID = householdID
            w.villageCode = index.households[hit.household].village
            w.ruleCode = rule.code
            w.ruleName = rule.name
            w.feed = kind.rawValue
            w.fileID = file.id!
            w.value = hit.value
            if case .sum = rule.measure { w.isSum = true } else { w.isSum = false }
            w.lines = hit.lines.map(String.init).joined(separator: ",")
            w.rowsCounted = hit.rowsCounted
            w.priorRows = hit.priorRows
            w.lastEvidenceOn = lastDay.description
            w.riskType = rule.risk?.rawValue
            w.exclusion = rule.isExclusion
            w.status = "open"
            w.raisedOn = today.description
            w.dueOn = today.adding(days: days).description
            w.repeatCount = 0
            created.append(w)
        }
        file.warningsNew = created.count
        // A file's monthly sums (one row per household, rule and month: hundreds of thousands for a large file) and its bad
        // rows go by bulk insert (COPY on PostgreSQL): as Fluent models they were most of a large upload's time.
        var ids = OrderedUUIDGenerator()
        let sums: [BulkInsert.Row] = outcome.monthly.map { m in
            typealias B = BulkInsert
            return [B.bind(ids.next()), B.bind(file.id!), B.bind(kind.rawValue), B.bind(householdIDs[m.household]),
                    B.bind(index.households[m.household].village), B.bind(outcome.rules[m.rule].code), B.bind(m.month),
                    B.bind(m.value), B.bind(m.rows)]
        }
        let bad = outcome.summary.badRows
        let actor = self.actor
        let (createdCopy, repeatedCopy, sumRows) = (created, repeated, sums)
        try await db.writeTransaction { tx in
            try await file.create(on: tx)
            guard let sql = tx as? any SQLDatabase else { fatalError("Bottomline needs an SQL database") }
            try await BulkInsert.rows("feed_bad_rows", columns: ["id", "file_id", "line", "reason"],
                                      values: bad.map { [BulkInsert.bind(UUID()), BulkInsert.bind(file.id!), BulkInsert.bind($0.line), BulkInsert.bind($0.reason)] },
                                      on: sql)
            for part in createdCopy.chunked() { try await part.create(on: tx) }
            for w in repeatedCopy { try await w.save(on: tx) }
            try await BulkInsert.rows("feed_sums", columns: ["id", "file_id", "feed", "household_id", "village_code", "rule_code",
                                                             "month", "value", "rows"], values: sumRows, on: sql)
            try await AuditLog.record(on: tx, actor: actor, action: .screening, entity: "feed_file", entityID: file.id?.uuidString,
                                      region: actor.region.digits,
                                      summary: "\(kind.label)：\(file.filename)，读\(file.rowsRead)行，匹配\(file.rowsMatched)行，问题行\(file.rowsBad)行，新预警\(createdCopy.count)条")
        }
        return Outcome(file: file, duplicate: false, newWarnings: created.count, repeatedWarnings: repeated.count)
    }

    /// Files screened in the actor's region, newest first.
    public func files(limit: Int = 200) async throws -> [FeedFileRecord] {
        let range = actor.region.codeRange
        return try await FeedFileRecord.query(on: db)
            .field(\.$id).field(\.$kind).field(\.$sha256).field(\.$filename).field(\.$byteCount).field(\.$regionCode).field(\.$uploadedBy)
            .field(\.$channel).field(\.$encoding).field(\.$asOf).field(\.$rowsRead).field(\.$rowsBad).field(\.$rowsUnmatched)
            .field(\.$rowsMatched).field(\.$warningsNew).field(\.$createdAt)
            .group(.or) { $0.filter(\.$regionCode ~~ actor.region.lineage.map(\.digits)).group(.and) {
                $0.filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper) } }
            .filter(\.$kind ~~ (try await feedKinds()).map(\.rawValue))
            .sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// A file the actor may see: one screened for its region or a region inside it, of a feed the actor reads.
    public func file(_ id: UUID) async throws -> FeedFileRecord? {
        guard let f = try await FeedFileRecord.find(id, on: db), let code = RegionCode(f.regionCode), actor.region.contains(code),
              let kind = f.kindValue, try await mayUse(kind) else { return nil }
        return f
    }

    public func badRows(of file: FeedFileRecord, limit: Int? = nil) async throws -> [FeedBadRowRecord] {
        var q = FeedBadRowRecord.query(on: db).filter(\.$fileID == file.id!).sort(\.$line)
        if let limit { q = q.limit(limit) }
        return try await q.all()
    }

    public func badRowCount(of file: FeedFileRecord) async throws -> Int {
        try await FeedBadRowRecord.query(on: db).filter(\.$fileID == file.id!).count()
    }

    /// The problem rows with the rows as the file had them, so the sender can correct its own file and send it again:
    /// the file's header, then per row its line, the reason and its cells.
    public func badRowsWithOriginal(of file: FeedFileRecord) async throws -> (header: [String], rows: [(line: Int, reason: String, cells: [String])]) {
        let bad = try await badRows(of: file)
        var cells: [Int: [String]] = [:]
        let wanted = Set(bad.map(\.line))
        var header: [String] = []
        _ = try? FeedReader.read(data: file.content, header: { header = $0 }, row: { line, fields in
            guard wanted.contains(line) else { return }
            cells[line] = (0..<fields.count).map { String(decoding: fields[$0], as: UTF8.self) }
        })
        return (header, bad.map { (line: $0.line, reason: $0.reason, cells: cells[$0.line] ?? []) })
    }

    /// The evidence rows of a warning, read back from the kept file, as header and cells (ID numbers masked).
    public func evidence(of warning: WarningRecord) async throws -> (header: [String], rows: [(Int, [String])]) {
        guard let file = try await FeedFileRecord.find(warning.fileID, on: db) else { return ([], []) }
        let wanted = Set(warning.lineNumbers)
        var header: [String] = []
        var rows: [(Int, [String])] = []
        var idColumn: Int?
        _ = try? FeedReader.read(data: file.content, header: { names in
            header = names
            if let kind = file.kindValue, case .success(let columns) = kind.columns(in: names) { idColumn = columns["id"] }
        }, row: { line, fields in
            guard wanted.contains(line) else { return }
            var cells = (0..<fields.count).map { String(decoding: fields[$0], as: UTF8.self) }
            if let c = idColumn, c < cells.count { cells[c] = ResidentID.mask(cells[c].trimmingASCIISpaces()) }
            rows.append((line, cells))
        })
        return (header, rows)
    }

    // MARK: Warnings

    public func warning(_ id: UUID) async throws -> WarningRecord? {
        try await registry.scoped(WarningRecord.self).filter(\.$id == id).filter(\.$feed ~~ (try await feedKinds()).map(\.rawValue)).first()
    }

    /// Records what verification found, and closes the warning. 纳入监测 files the warning as a screening clue and
    /// starts identification with it; 已是监测对象 adds the suggested risk type; the other two need a reason.
    public func dispose(_ warning: WarningRecord, _ disposition: WarningDisposition, note raw: String, today: CivilDate) async throws {
        guard warning.isOpen else { throw FieldProblems(["_": "该预警已办结"]) }
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以核实预警"]) }
        guard let household = try await registry.household(warning.householdID) else { throw FieldProblems(["_": "该户不在您的管辖范围内"]) }
        let note = String(raw.trimmingASCIISpaces().prefix(500))
        var clueID: UUID?
        switch disposition {
        case .included:
            if household.isAtRisk { throw FieldProblems(["disposition": "该户已是监测对象，请选择“已是监测对象”"]) }
            let lifecycle = LifecycleStore(registry)
            let (clue, _) = try await lifecycle.openScreeningClue(household, risk: warning.risk ?? .other,
                                                                  description: "\(warning.ruleName)：\(warning.valueText)" + (note.isEmpty ? "" : "；\(note)"),
                                                                  sourceRef: "warning:\(warning.id!.uuidString)", today: today)
            if clue.statusValue == .open { _ = try await lifecycle.startIdentification(from: clue, today: today) }
            clueID = clue.id
        case .alreadyMonitored:
            guard household.isAtRisk else { throw FieldProblems(["disposition": "该户不是风险未消除的监测对象"]) }
            if let risk = warning.risk, !household.risks.contains(risk) {
                guard household.risks.count < RiskType.maximumPerHousehold else {
                    throw FieldProblems(["disposition": "该户已有\(RiskType.maximumPerHousehold)项风险类型，请先调整后再登记"])
                }
                household.riskTypes = RiskType.encode(household.risks + [risk])
            }
        case .noRisk, .excluded:
            if note.isEmpty { throw FieldProblems(["note": "请写明核实情况"]) }
        }
        warning.status = "closed"
        warning.disposition = disposition.rawValue
        warning.note = note.isEmpty ? nil : note
        warning.closedOn = today.description
        warning.closedBy = actor.username
        warning.clueID = clueID
        let actor = self.actor
        try await db.writeTransaction { tx in
            if disposition == .alreadyMonitored { try await household.save(on: tx) }
            try await warning.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .screening, entity: "warning", entityID: warning.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "预警“\(warning.ruleName)”核实：\(disposition.label)" + (note.isEmpty ? "" : "（\(note)）"))
        }
    }

    public struct WarningFilter: Sendable {
        public var open: Bool?
        public var feed: FeedKind?
        public var rule: String?
        /// Raised by this file.
        public var file: UUID?
        public var overdue = false
        public init(open: Bool? = true, feed: FeedKind? = nil, rule: String? = nil, file: UUID? = nil, overdue: Bool = false) {
            self.open = open
            self.feed = feed
            self.rule = rule
            self.file = file
            self.overdue = overdue
        }
    }

    public func warnings(_ filter: WarningFilter, today: CivilDate, limit: Int = 500, offset: Int = 0) async throws -> [WarningRecord] {
        try await warningQuery(filter, today: today).sort(\.$dueOn).sort(\.$villageCode).sort(\.$id).range(offset..<(offset + limit)).all()
    }

    /// How many warnings the filter finds (for a list's pages).
    public func warningCount(_ filter: WarningFilter, today: CivilDate) async throws -> Int {
        try await warningQuery(filter, today: today).count()
    }

    func warningQuery(_ filter: WarningFilter, today: CivilDate) async throws -> QueryBuilder<WarningRecord> {
        var q = registry.scoped(WarningRecord.self)
        if actor.role == .department { q = q.filter(\.$feed ~~ (try await feedKinds()).map(\.rawValue)) }
        if let open = filter.open { q = q.filter(\.$status == (open ? "open" : "closed")) }
        if let feed = filter.feed { q = q.filter(\.$feed == feed.rawValue) }
        if let rule = filter.rule { q = q.filter(\.$ruleCode == rule) }
        if let file = filter.file { q = q.filter(\.$fileID == file) }
        if filter.overdue { q = q.filter(\.$status == "open").filter(\.$dueOn < today.description) }
        return q
    }

    /// Per feed and rule: warnings raised, by disposition, and the share that became monitoring objects.
    public struct RuleFigures: Sendable {
        public var feed: String
        public var rule: String
        public var name: String
        public var raised = 0
        public var open = 0
        public var byDisposition: [WarningDisposition: Int] = [:]
        public var includedShare: Double? { raised == 0 ? nil : Double(byDisposition[.included] ?? 0) / Double(raised) }
    }

    public func statistics() async throws -> [RuleFigures] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let range = actor.region.codeRange
        let rows = try await sql.raw("""
            SELECT feed, rule_code, MAX(rule_name) AS name, status, disposition, COUNT(*) AS n FROM warnings
            WHERE village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY feed, rule_code, status, disposition
            """).all()
        var figures: [String: RuleFigures] = [:]
        for row in rows {
            let feed = try row.decode(column: "feed", as: String.self), rule = try row.decode(column: "rule_code", as: String.self)
            let name = try row.decode(column: "name", as: String.self)
            var f = figures[rule] ?? RuleFigures(feed: feed, rule: rule, name: name)
            let n = try row.decode(column: "n", as: Int.self)
            f.raised += n
            if try row.decode(column: "status", as: String.self) == "open" { f.open += n }
            if let d = (try row.decode(column: "disposition", as: String?.self)).flatMap(WarningDisposition.init(rawValue:)) { f.byDisposition[d, default: 0] += n }
            figures[rule] = f
        }
        return figures.values.sorted { ($0.feed, $0.rule) < ($1.feed, $1.rule) }
    }

    /// Makes a department token: returns the token itself (shown once) and keeps its hash.
    public static func makeToken(name: String, kinds: [FeedKind], region: RegionCode, on db: any Database) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let token = "bl_" + bytes.map { String(format: "%02x", $0) }.joined()
        let record = FeedTokenRecord()
        record.name = name
        record.kinds = kinds.map(\.rawValue).joined(separator: ",")
        record.regionCode = region.digits
        record.tokenHash = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
        record.active = true
        try await record.create(on: db)
        return token
    }
}

/// The screening's registry index per database and region, with the registry version it was built at. A version read
/// before building can only be older than the data read, so a write during a build makes the next upload rebuild.
actor RegistryIndexCache {
    static let shared = RegistryIndexCache()
    struct Key: Hashable { let database: String; let region: String }
    private var entries: [Key: (version: Int64, index: RegistryIndex, ids: [UUID])] = [:]

    func entry(_ key: Key, version: Int64) -> (RegistryIndex, [UUID])? {
        guard version >= 0, let e = entries[key], e.version == version else { return nil }
        return (e.index, e.ids)
    }

    func keep(_ key: Key, version: Int64, _ built: (RegistryIndex, [UUID])) {
        guard version >= 0 else { return }
        // Keep a few regions' indexes; a county's is tens of MB at most.
        if entries.count >= 8, entries[key] == nil, let oldest = entries.keys.first { entries[oldest] = nil }
        entries[key] = (version, built.0, built.1)
    }
}

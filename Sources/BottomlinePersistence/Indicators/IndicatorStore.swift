import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// Gathers the counts behind the indicators, per village of the actor's region, with one grouped query per table. A
/// unit's figures are its villages' counts added (`Counts.+`), so every level uses the same definitions.
public struct IndicatorStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }

    /// The day from which a visit counts as "in time" for the region on `today`.
    func visitedSince(_ region: RegionCode, today: CivilDate) async throws -> CivilDate {
        let book = try await PolicyStore.book(for: region, on: db)
        return today.adding(days: -(book.int(.visitIntervalDays, for: region, on: today) ?? 30))
    }

    /// Counts per village code for the region `within` (inside the actor's region), for the period `from`…`to`
    /// (new identifications) as of `today` (overdue items, visit coverage).
    public func countsByVillage(within region: RegionCode, from: CivilDate, to: CivilDate, today: CivilDate) async throws -> [String: Counts] {
        try await counts(within: region, level: .village, from: from, to: to, today: today)
    }

    /// Counts per kept unit of `level` (village or township) inside `region`.
    func counts(within region: RegionCode, level: RegionCode.Level, from: CivilDate, to: CivilDate, today: CivilDate) async throws -> [String: Counts] {
        guard registry.canSee(region) else { return [:] }
        let since = try await visitedSince(region, today: today)
        var units = try await tallies(within: region, level: level).mapValues { $0.counts(from: from, to: to, today: today, visitedSince: since) }
        Self.merge(try await fundCounts(within: region, asOf: min(to, today), level: level), into: &units, level: level)
        return units
    }

    /// Figures for each child unit of `region` (townships of a county, villages of a township) and their total, from
    /// the kept tallies: a county reads one row per township, a township one per village.
    public func byChild(of region: RegionCode, from: CivilDate, to: CivilDate, today: CivilDate, ownRow: Bool = false) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        try await rollUp(try await counts(within: region, level: Self.keptLevel(under: region), from: from, to: to, today: today), to: region, ownRow: ownRow)
    }

    /// What a dashboard shows, from one read of the kept tallies: each child unit's figures for the period and their
    /// total, and month by month for the last `months` months up to `today` the counts dated within each month (newly
    /// identified, identifications completed and in time), oldest first, labelled "2026-10".
    public func overview(of region: RegionCode, from: CivilDate, to: CivilDate, today: CivilDate, months: Int = 12) async throws
        -> (children: [(RegionRecord, Counts)], total: Counts, monthly: [(period: String, counts: Counts)]) {
        guard registry.canSee(region) else { return ([], Counts(), []) }
        let kept = try await tallies(within: region, level: Self.keptLevel(under: region))
        let since = try await visitedSince(region, today: today)
        var units = kept.mapValues { $0.counts(from: from, to: to, today: today, visitedSince: since) }
        let level = Self.keptLevel(under: region)
        Self.merge(try await fundCounts(within: region, asOf: min(to, today), level: level), into: &units, level: level)
        let (children, total) = try await rollUp(units, to: region)
        var periods: [(label: String, from: CivilDate, to: CivilDate)] = []
        var day = today
        for _ in 0..<max(1, months) {
            let label = Self.label(day)
            let (start, end) = Self.period(label)!
            periods.append((label, start, min(end, today)))
            day = start.adding(days: -1)
        }
        let figures = Tally.counts(of: kept.values, periods: periods.map { ($0.from, $0.to) }, today: today, visitedSince: since)
        return (children, total, zip(periods, figures).map { ($0.label, $1) }.reversed())
    }

    // MARK: Month-end snapshots

    /// The kept units a region's figures are read from: its villages for a township or village, else its townships.
    public static func keptLevel(under region: RegionCode) -> RegionCode.Level { region.level >= .township ? .village : .township }

    /// The month of a day as periods are named: "2026-10".
    public static func label(_ day: CivilDate) -> String { "\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)" }

    /// The frozen totals of `region` for the newest `last` frozen months, oldest first (for month-end trends and the
    /// figure printed under a live one).
    public func frozenTotals(of region: RegionCode, last: Int = 12) async throws -> [(period: String, counts: Counts)] {
        var out: [(String, Counts)] = []
        for period in try await frozenPeriods().prefix(last).reversed() {
            out.append((period, try await snapshot(period, within: region, level: Self.keptLevel(under: region)).values.reduce(Counts(), +)))
        }
        return out
    }

    /// "2026-10" → its first and last day.
    public static func period(_ text: String) -> (from: CivilDate, to: CivilDate)? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, let from = CivilDate(year: parts[0], month: parts[1], day: 1) else { return nil }
        return (from, CivilDate(year: parts[0], month: parts[1], day: CivilDate.daysIn(month: parts[1], year: parts[0]))!)
    }

    /// The counts of every village inside `region` (within the actor's region) as the registry stood at the end of
    /// `day`, China time: the versions of the counted records in force then, whatever was recorded since.
    public func countsAsOf(_ day: CivilDate, within region: RegionCode) async throws -> [String: Tally] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        return try await Self.compute(sql, range: region.codeRange, lines: try await Lines.load(on: db, today: day), asOf: RecordedMoment(endOf: day))
    }

    /// Freezes a month's figures for every village and township of the actor's region that has not been frozen for
    /// it: county and system administrators, once the month has ended or on its last day. The figures are the
    /// registry's as it stood at the month's last moment, however late the freeze (`countsAsOf`). Townships are kept
    /// too, so a county's frozen months read one row per township. Returns how many villages were frozen.
    public func freeze(period text: String, today: CivilDate) async throws -> Int {
        guard [.admin, .county].contains(registry.actor.role) else { throw FieldProblems(["_": "只有县级管理员和系统管理员可以冻结月末数据"]) }
        guard let (from, to) = Self.period(text) else { throw FieldProblems(["period": "期间应为“年-月”，例如 2026-10"]) }
        guard to <= today else { throw FieldProblems(["period": "\(text)尚未到月末，不能冻结"]) }
        let region = registry.actor.region
        if let earlier = try await freezeRecord(of: text) {
            throw FieldProblems(["period": "\(text)月末数据已于\(Self.stamp(earlier.createdAt))冻结，冻结后不再改变"])
        }
        let since = try await visitedSince(region, today: to)
        var villages = try await countsAsOf(to, within: region).mapValues { $0.counts(from: from, to: to, today: to, visitedSince: since) }
        Self.merge(try await fundCounts(within: region, asOf: to), into: &villages, level: .village)
        var townships: [String: Counts] = [:]
        if region.level < .township {
            for (code, c) in villages { townships[String(code.prefix(9)), default: Counts()] += c }
        }
        let done = Set(try await registry.scoped(IndicatorSnapshotRecord.self).filter(\.$period == text).all().map(\.villageCode))
        let records = villages.merging(townships) { a, _ in a }.filter { !done.contains($0.key) }.sorted { $0.key < $1.key }.map { code, c -> IndicatorSnapshotRecord in
            let r = IndicatorSnapshotRecord()
            r.period = text
            r.villageCode = code
            r.counts = IndicatorSnapshotRecord.encode(c)
            r.frozenBy = registry.actor.username
            return r
        }
        let newVillages = records.filter { $0.villageCode.count == 12 && !Self.isOwnUnit($0.villageCode) }.count
        guard newVillages > 0 else {
            throw FieldProblems(["period": done.isEmpty ? "\(text)月末时本辖区尚无登记数据，无可冻结" : "\(text)月末数据已冻结，冻结后不再改变"])
        }
        let actor = registry.actor
        let freeze = IndicatorFreezeRecord()
        (freeze.period, freeze.regionCode, freeze.villages, freeze.frozenBy) = (text, region.digits, newVillages, actor.username)
        try await db.writeTransaction { tx in
            for part in records.chunked() { try await part.create(on: tx) }
            try await freeze.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "indicator_snapshot", region: region.digits,
                                      summary: "冻结\(text)月末指标数据（\(newVillages)个村）")
        }
        return newVillages
    }

    /// The freeze that covers the actor's whole region for a month: its own, or one by a region above it.
    public func freezeRecord(of period: String) async throws -> IndicatorFreezeRecord? {
        try await IndicatorFreezeRecord.query(on: db).filter(\.$period == period)
            .filter(\.$regionCode ~~ registry.actor.region.lineage.map(\.digits)).sort(\.$createdAt).first()
    }

    /// A moment as China reads it: "2026-12-03 09:15".
    public static func stamp(_ date: Date?) -> String {
        guard let date else { return "" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = .chinaStandard
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// Periods frozen for the actor's region: by a region above it or its own, or inside it; newest first.
    public func frozenPeriods() async throws -> [String] {
        let region = registry.actor.region
        let freezes = try await IndicatorFreezeRecord.query(on: db).group(.or) {
            $0.filter(\.$regionCode ~~ region.lineage.map(\.digits)).group(.and) { $0.filter(\.$regionCode >= region.codeRange.lower).filter(\.$regionCode < region.codeRange.upper) }
        }.all()
        return Array(Set(freezes.map(\.period))).sorted(by: >)
    }

    /// A frozen month's counts per unit of `level` (village or township) within `region`. Months frozen before
    /// townships were kept are read from their villages.
    public func snapshot(_ period: String, within region: RegionCode, level: RegionCode.Level = .village) async throws -> [String: Counts] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        var rows: [any SQLRow] = []
        if level == .township {
            // By the townships' codes: a county's frozen month is twenty rows, not a scan of its villages'.
            rows = try await inBatches(try await townshipCodes(within: region), sql: sql) {
                "SELECT village_code, counts FROM indicator_snapshots WHERE period = \(bind: period) AND village_code IN (\(binds: $0))"
            }
        } else {
            let range = region.codeRange
            rows = try await sql.raw("""
                SELECT village_code, counts FROM indicator_snapshots WHERE period = \(bind: period)
                  AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper) AND length(village_code) = \(literal: level.significantDigits)
                """).all()
        }
        var out: [String: Counts] = [:]
        for row in rows {
            out[try row.decode(column: "village_code", as: String.self)] = IndicatorSnapshotRecord.decode(try row.decode(column: "counts", as: String.self))
        }
        if out.isEmpty && level == .township { return try await snapshot(period, within: region, level: .village) }
        return out
    }

    /// A frozen month's figures for the children of `region`.
    public func frozen(_ period: String, of region: RegionCode, ownRow: Bool = false) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        try await rollUp(try await snapshot(period, within: region, level: Self.keptLevel(under: region)), to: region, ownRow: ownRow)
    }

    /// Adds unit counts (villages or townships) up to the children of `region`. Counts of the region's own (a county's
    /// own projects, assets and 下达; see `unit(of:)`) are one more row after its children, named "…本级", so the rows
    /// add up to the total wherever a table prints both.
    /// Only tables that print money ask for that row (`ownRow`); a monitoring dashboard or a township score has none.
    public func rollUp(_ units: [String: Counts], to region: RegionCode, ownRow: Bool = false) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        let children = try await registry.children(of: region)
        var byChild: [String: Counts] = [:]
        if let level = region.level.child {
            for (code, c) in units { byChild[String(code.prefix(level.significantDigits)), default: Counts()] += c }
        }
        var rows = children.map { ($0, byChild.removeValue(forKey: $0.id!) ?? Counts()) }
        let own = byChild.values.reduce(Counts(), +)
        if ownRow, region.level.child != nil, own.values.values.contains(where: { $0 != 0 }) {
            let record = RegionRecord()
            record.id = region.digits
            record.name = (try await RegionRecord.find(region.digits, on: db)?.name ?? region.digits) + "本级"
            record.level = region.level.rawValue
            rows.append((record, own))
        }
        return (rows, units.values.reduce(Counts(), +))
    }

    // MARK: Quarterly score

    /// The weights in force for `region` on a day: the most specific region's latest version, or the shipped default.
    public func scoreCard(for region: RegionCode, on day: CivilDate) async throws -> (card: ScoreCard, source: String) {
        let lineage = region.lineage.map(\.digits)
        let best = try await ScoreWeightsRecord.query(on: db).filter(\.$regionCode ~~ lineage).filter(\.$effectiveFrom <= day.description).all()
            .max { ($0.regionCode.count, $0.effectiveFrom) < ($1.regionCode.count, $1.effectiveFrom) }
        if let best, case .success(let w) = ScoreCard.parse(best.weights) { return (ScoreCard(weights: w), "\(best.source)（\(best.effectiveFrom)起）") }
        return (ScoreCard(weights: try ScoreCard.parse(ScoreCard.defaultText).get()), "系统默认权重")
    }

    /// Records new weights for the actor's own region (county or system administrators), from a date.
    public func setScoreWeights(_ text: String, effectiveFrom: CivilDate, source raw: String) async throws {
        let actor = registry.actor
        guard [.admin, .county].contains(actor.role) else { throw FieldProblems(["_": "只有县级管理员和系统管理员可以调整考评权重"]) }
        var errors = FieldErrors()
        let weights = errors.take("weights", ScoreCard.parse(String(text.prefix(2000))))
        let source = String(raw.trimmingASCIISpaces().prefix(100))
        if source.isEmpty { errors["source"] = "请注明依据（文件文号或说明）" }
        if try await ScoreWeightsRecord.query(on: db).filter(\.$regionCode == actor.region.digits).filter(\.$effectiveFrom == effectiveFrom.description).first() != nil {
            errors["effectiveFrom"] = "该日期已有权重；如需调整，请以新的生效日期登记"
        }
        guard errors.isEmpty, let weights else { throw FieldProblems(errors) }
        let record = ScoreWeightsRecord()
        record.regionCode = actor.region.digits
        record.effectiveFrom = effectiveFrom.description
        record.weights = ScoreCard(weights: weights).text
        record.source = source
        record.createdBy = actor.username
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .policy, entity: "score_weights", region: actor.region.digits,
                                      summary: "乡镇考评权重自\(effectiveFrom)起：\(record.weights.replacingOccurrences(of: "\n", with: "，"))（\(source)）")
        }
    }

    // MARK: Saved bulletins

    /// Bulletins of the reader's region and the regions above it, newest first.
    public func bulletins() async throws -> [BulletinRecord] {
        try await BulletinRecord.query(on: db).filter(\.$regionCode ~~ registry.actor.region.lineage.map(\.digits)).sort(\.$createdAt, .descending).all()
    }

    public func bulletin(_ id: UUID) async throws -> BulletinRecord? {
        guard let b = try await BulletinRecord.find(id, on: db), let code = RegionCode(b.regionCode), code.contains(registry.actor.region) else { return nil }
        return b
    }

    /// Saves a bulletin for the actor's region (county or system administrators).
    public func saveBulletin(_ d: BulletinDefinition) async throws -> BulletinRecord {
        let actor = registry.actor
        guard [.admin, .county].contains(actor.role) else { throw FieldProblems(["_": "只有县级管理员和系统管理员可以制定通报"]) }
        let record = BulletinRecord()
        record.regionCode = actor.region.digits
        record.title = d.title
        record.columns = d.columns.joined(separator: ",")
        record.rankCode = d.rank
        record.footnote = d.footnote
        record.createdBy = actor.username
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "bulletin", entityID: record.id?.uuidString,
                                      region: actor.region.digits, summary: "新建通报“\(d.title)”")
        }
        return record
    }
}

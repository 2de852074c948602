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

    /// Counts per village code for the region `within` (inside the actor's region), for the period `from`…`to`
    /// (new identifications) as of `today` (overdue items, visit coverage).
    public func countsByVillage(within region: RegionCode, from: CivilDate, to: CivilDate, today: CivilDate) async throws -> [String: Counts] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let range = region.codeRange
        var out: [String: Counts] = [:]
        func add(_ village: String, _ key: CountKey, _ n: Int) { if n != 0 { out[village, default: Counts()][key] += n } }

        let book = try await PolicyStore.book(for: region, on: db)
        let visitedSince = today.adding(days: -(book.int(.visitIntervalDays, for: region, on: today) ?? 30))
        // Sums are cast: PostgreSQL sums a BIGINT column as NUMERIC.
        // Households: size, class, monitoring, elimination, new in the period, 三保障/饮水 gaps.
        var categoryColumns = ""
        for c in MonitoringCategory.allCases {
            categoryColumns += ", CAST(SUM(CASE WHEN monitoring_category = '\(c.rawValue)' THEN 1 ELSE 0 END) AS BIGINT) AS h_\(c.rawValue)"
            categoryColumns += ", CAST(SUM(CASE WHEN monitoring_category = '\(c.rawValue)' THEN member_count ELSE 0 END) AS BIGINT) AS p_\(c.rawValue)"
        }
        let rows = try await sql.raw("""
            SELECT village_code, COUNT(*) AS households, CAST(SUM(member_count) AS BIGINT) AS persons,
                CAST(SUM(CASE WHEN category = 'alleviated' THEN 1 ELSE 0 END) AS BIGINT) AS alleviated,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS mh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL THEN member_count ELSE 0 END) AS BIGINT) AS mp,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS rh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN member_count ELSE 0 END) AS BIGINT) AS rp,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS eh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NOT NULL THEN member_count ELSE 0 END) AS BIGINT) AS ep,
                CAST(SUM(CASE WHEN monitoring_since >= \(bind: from.description) AND monitoring_since <= \(bind: to.description) THEN 1 ELSE 0 END) AS BIGINT) AS nh,
                CAST(SUM(CASE WHEN monitoring_since >= \(bind: from.description) AND monitoring_since <= \(bind: to.description) THEN member_count ELSE 0 END) AS BIGINT) AS np,
                CAST(SUM(CASE WHEN gap_housing OR gap_education OR gap_medical OR gap_water THEN 1 ELSE 0 END) AS BIGINT) AS gaps,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL AND last_visit_on >= \(bind: visitedSince.description) THEN 1 ELSE 0 END) AS BIGINT) AS visited
                \(unsafeRaw: categoryColumns)
            FROM households WHERE status = 'active' AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code
            """).all()
        for row in rows {
            let v = try row.decode(column: "village_code", as: String.self)
            func n(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
            add(v, .households, try n("households"))
            add(v, .persons, try n("persons"))
            add(v, .alleviatedHouseholds, try n("alleviated"))
            add(v, .monitoredHouseholds, try n("mh"))
            add(v, .monitoredPersons, try n("mp"))
            add(v, .atRiskHouseholds, try n("rh"))
            add(v, .atRiskPersons, try n("rp"))
            add(v, .eliminatedHouseholds, try n("eh"))
            add(v, .eliminatedPersons, try n("ep"))
            add(v, .newHouseholds, try n("nh"))
            add(v, .newPersons, try n("np"))
            add(v, .basicNeedGaps, try n("gaps"))
            add(v, .visitedInTime, try n("visited"))
            for c in MonitoringCategory.allCases {
                add(v, .monitoredHouseholds(c), try n("h_" + c.rawValue))
                add(v, .monitoredPersons(c), try n("p_" + c.rawValue))
            }
        }
        // Risk types of households still at risk.
        for row in try await sql.raw("""
            SELECT village_code, risk_types FROM households WHERE status = 'active' AND monitoring_category IS NOT NULL
              AND risk_eliminated_on IS NULL AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            for r in RiskType.decode(try row.decode(column: "risk_types", as: String?.self)) { add(v, .riskHouseholds(r), 1) }
        }
        // Measures of monitoring objects, not stopped.
        for row in try await sql.raw("""
            SELECT m.village_code AS village_code, COUNT(*) AS n FROM measures m JOIN households h ON h.id = m.household_id
            WHERE h.status = 'active' AND h.monitoring_category IS NOT NULL AND m.status <> 'stopped'
              AND m.village_code >= \(bind: range.lower) AND m.village_code < \(bind: range.upper)
            GROUP BY m.village_code
            """).all() {
            add(try row.decode(column: "village_code", as: String.self), .measures, try row.decode(column: "n", as: Int.self))
        }
        // 帮扶责任人: 脱贫户 and monitoring objects, and those with a current pairing.
        for row in try await sql.raw("""
            SELECT h.village_code AS village_code, COUNT(*) AS targets,
                CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM helper_assignments a WHERE a.household_id = h.id AND a.end_date IS NULL) THEN 1 ELSE 0 END) AS BIGINT) AS helped
            FROM households h WHERE h.status = 'active' AND (h.category = 'alleviated' OR h.monitoring_category IS NOT NULL)
              AND h.village_code >= \(bind: range.lower) AND h.village_code < \(bind: range.upper)
            GROUP BY h.village_code
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            add(v, .helpTargets, try row.decode(column: "targets", as: Int.self))
            add(v, .helpedHouseholds, try row.decode(column: "helped", as: Int?.self) ?? 0)
        }
        // Identifications completed in the period, and those within their deadline.
        for row in try await sql.raw("""
            SELECT village_code, COUNT(*) AS n, CAST(SUM(CASE WHEN completed_on <= deadline_on THEN 1 ELSE 0 END) AS BIGINT) AS on_time FROM cases
            WHERE kind = 'identification' AND stage = 'completed' AND completed_on >= \(bind: from.description) AND completed_on <= \(bind: to.description)
              AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            add(v, .identified, try row.decode(column: "n", as: Int.self))
            add(v, .identifiedInTime, try row.decode(column: "on_time", as: Int?.self) ?? 0)
        }
        // Clues and warnings past their verification date.
        for (table, key) in [("clues", CountKey.overdueClues), ("warnings", .overdueWarnings)] {
            for row in try await sql.raw("""
                SELECT village_code, COUNT(*) AS n FROM \(unsafeRaw: table) WHERE status = 'open' AND due_on < \(bind: today.description)
                  AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper) GROUP BY village_code
                """).all() {
                add(try row.decode(column: "village_code", as: String.self), key, try row.decode(column: "n", as: Int.self))
            }
        }
        // Income bands: each household's latest income year against that year's line.
        var seen = Set<UUID>()
        for row in try await sql.raw("""
            SELECT h.village_code AS village_code, i.household_id AS hid, i.year AS year,
                   i.wages + i.business + i.property + i.transfers - i.business_costs AS net, i.member_count AS members
            FROM household_incomes i JOIN households h ON h.id = i.household_id
            WHERE h.status = 'active' AND h.village_code >= \(bind: range.lower) AND h.village_code < \(bind: range.upper)
            ORDER BY i.household_id, i.year DESC
            """).all() {
            let hid = try row.decode(column: "hid", as: UUID.self)
            guard seen.insert(hid).inserted else { continue }
            let members = try row.decode(column: "members", as: Int.self)
            guard members > 0, let line = book.incomeLine(forIncomeYear: try row.decode(column: "year", as: Int.self), place: region) else { continue }
            let v = try row.decode(column: "village_code", as: String.self)
            let perCapita = try row.decode(column: "net", as: Int64.self) / Int64(members)
            add(v, .incomeKnown, 1)
            add(v, perCapita < line.fen ? .incomeBelow : perCapita * 10 <= line.fen * 11 ? .incomeNear : .incomeAbove, 1)
        }
        return out
    }

    /// Figures for each child unit of `region` (townships of a county, villages of a township) and their total.
    public func byChild(of region: RegionCode, from: CivilDate, to: CivilDate, today: CivilDate) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        try await rollUp(try await countsByVillage(within: region, from: from, to: to, today: today), to: region)
    }

    // MARK: Month-end snapshots

    /// "2026-10" → its first and last day.
    public static func period(_ text: String) -> (from: CivilDate, to: CivilDate)? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, let from = CivilDate(year: parts[0], month: parts[1], day: 1) else { return nil }
        return (from, CivilDate(year: parts[0], month: parts[1], day: CivilDate.daysIn(month: parts[1], year: parts[0]))!)
    }

    /// Freezes a month's figures for every village of the actor's region that has not been frozen for it: county and
    /// system administrators, once the month has ended or on its last day. Returns how many villages were frozen.
    public func freeze(period text: String, today: CivilDate) async throws -> Int {
        guard [.admin, .county].contains(registry.actor.role) else { throw FieldProblems(["_": "只有县级管理员和系统管理员可以冻结月末数据"]) }
        guard let (from, to) = Self.period(text) else { throw FieldProblems(["period": "期间应为“年-月”，例如 2026-10"]) }
        guard to <= today else { throw FieldProblems(["period": "\(text)尚未到月末，不能冻结"]) }
        let region = registry.actor.region
        let counts = try await countsByVillage(within: region, from: from, to: to, today: to)
        let done = Set(try await registry.scoped(IndicatorSnapshotRecord.self).filter(\.$period == text).all().map(\.villageCode))
        let records = counts.filter { !done.contains($0.key) }.map { village, c -> IndicatorSnapshotRecord in
            let r = IndicatorSnapshotRecord()
            r.period = text
            r.villageCode = village
            r.counts = IndicatorSnapshotRecord.encode(c)
            r.frozenBy = registry.actor.username
            return r
        }
        guard !records.isEmpty else { throw FieldProblems(["period": "\(text)的数据已冻结"]) }
        let actor = registry.actor
        try await db.transaction { tx in
            for start in stride(from: 0, to: records.count, by: 500) { try await Array(records[start..<min(start + 500, records.count)]).create(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "indicator_snapshot", region: region.digits,
                                      summary: "冻结\(text)月末指标数据（\(records.count)个村）")
        }
        return records.count
    }

    /// Periods frozen somewhere in the actor's region, newest first.
    public func frozenPeriods() async throws -> [String] {
        Array(Set(try await registry.scoped(IndicatorSnapshotRecord.self).field(\.$period).field(\.$villageCode).all().map(\.period))).sorted(by: >)
    }

    /// A frozen month's counts per village, within `region`.
    public func snapshot(_ period: String, within region: RegionCode) async throws -> [String: Counts] {
        guard registry.canSee(region) else { return [:] }
        let range = region.codeRange
        var out: [String: Counts] = [:]
        for r in try await registry.scoped(IndicatorSnapshotRecord.self).filter(\.$period == period)
            .filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).all() {
            out[r.villageCode] = r.countsValue
        }
        return out
    }

    /// A frozen month's figures for the children of `region`.
    public func frozen(_ period: String, of region: RegionCode) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        try await rollUp(try await snapshot(period, within: region), to: region)
    }

    /// Adds village counts up to the children of `region`.
    public func rollUp(_ villages: [String: Counts], to region: RegionCode) async throws -> (children: [(RegionRecord, Counts)], total: Counts) {
        let children = try await registry.children(of: region)
        var result: [(RegionRecord, Counts)] = []
        for child in children {
            var sum = Counts()
            for (v, c) in villages where v.hasPrefix(child.id!) { sum += c }
            result.append((child, sum))
        }
        return (result, villages.values.reduce(Counts(), +))
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
        try await db.transaction { tx in
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
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "bulletin", entityID: record.id?.uuidString,
                                      region: actor.region.digits, summary: "新建通报“\(d.title)”")
        }
        return record
    }
}

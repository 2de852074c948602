import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// 衔接资金, 项目 and 项目资产 as counts of the indicator catalogue (issue 15 §4), so money flows into the same
/// dashboards, rankings, 提示函, saved bulletins and month-end freezes as the monitoring counts.
///
/// They are read from the ledgers (kept between views only until a ledger or the registry is written, `LedgerCountCache`), not kept in tallies: the ledgers are a county's few thousand rows, and
/// every row is dated (batches by 下达, allocations by 对接, payments by 支付 with corrections as reversing rows, steps
/// by their day), so the counts as of any day are a filter on those dates — the figure of a past 15th is the same
/// whenever it is asked. Assets are counted as registered now, less those disposed of by the day; incomes by the
/// months they were booked for.
///
/// A count belongs to the place of its project or asset: a village's under its code, a township's or a county's own
/// under the township's or county's code padded with zeros to a village's length (`unit(of:)`; no village is numbered
/// 000), so it adds into its township's or county's total and into no village's or township's row. 下达 is the county's.
extension IndicatorStore {
    /// The unit a place's counts are kept under: "411681101" → "411681101000", "411681" → "411681000000".
    public static func unit(of place: String) -> String {
        place.count >= 12 ? place : place + String(repeating: "0", count: 12 - place.count)
    }

    /// Whether a unit code stands for a township's or county's own records rather than a village.
    public static func isOwnUnit(_ code: String) -> Bool { code.count == 12 && code.hasSuffix("000") }

    /// The money, project, asset, loan, job and insurance counts of every unit inside `region` (within the actor's),
    /// for the year of `day` as of that day.
    ///
    /// Kept between calls until a ledger or the registry is next written (`LedgerCountCache`): every dashboard view
    /// asks for them, and they are a dozen grouped queries. `kept: false` always reads the ledgers (bench/funds).
    ///
    /// `level: .township` gives them added up by township (a county's own records under its padded code, as `merge`
    /// adds them), kept that way too: a county's dashboard adds them into its township rows on every view, and adding
    /// the counts of every village of a million-household county (over 10,000 units of dictionaries) was most of
    /// that view's time (39 ms against 8 ms at 30,000 households, bench/dashboard).
    public func fundCounts(within region: RegionCode, asOf day: CivilDate, kept: Bool = true, level: RegionCode.Level = .village) async throws -> [String: Counts] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let range = region.codeRange
        func atLevel(_ counts: [String: Counts]) -> [String: Counts] {
            guard level == .township else { return counts }
            var townships: [String: Counts] = [:]
            Self.merge(counts, into: &townships, level: .township)
            return townships
        }
        func ledgers() async throws -> [String: Counts] { atLevel(try await Self.fundCounts(sql, db: db, range: range, asOf: day)) }
        func jobs() async throws -> [String: Counts] {
            var out: [String: Counts] = [:]
            try await Self.jobCounts(db: db, range: range, asOf: day, into: &out)
            return atLevel(out)
        }
        func combined(_ ledgers: [String: Counts], _ jobs: [String: Counts]) -> [String: Counts] {
            var all = ledgers
            for (unit, counts) in jobs { all[unit, default: Counts()] += counts }
            return all
        }
        // Inside a transaction the versions may count writes that are later rolled back, and be reached again by
        // other writes: nothing read there is kept.
        guard kept, !db.inTransaction else { return combined(try await ledgers(), try await jobs()) }
        let versions = try await LedgerCountCache.versions(sql)
        let key = LedgerCountCache.Key(database: versions.token, lower: range.lower, upper: range.upper, day: day.description,
                                       byTownship: level == .township)
        if let counts = await LedgerCountCache.shared.counts(key, versions: versions.numbers) { return counts }
        // Only the job figures read the registry. A registry write (a visit recorded, any household saved) re-reads
        // them alone; the rest is kept by the ledgers' version. At a million households re-reading the rest after
        // each write was most of a dashboard view's 0.23 s (the 疑点 findings alone are 24,000 groups).
        var ledgerKey = key
        ledgerKey.ledgersOnly = true
        let ledgerVersions = [versions.numbers[0]]
        let ledgerPart: [String: Counts]
        if let counts = await LedgerCountCache.shared.counts(ledgerKey, versions: ledgerVersions) {
            ledgerPart = counts
        } else {
            ledgerPart = try await ledgers()
            await LedgerCountCache.shared.keep(ledgerKey, versions: ledgerVersions, counts: ledgerPart)
        }
        let counts = combined(ledgerPart, try await jobs())
        await LedgerCountCache.shared.keep(key, versions: versions.numbers, counts: counts)
        return counts
    }

    static func fundCounts(_ sql: any SQLDatabase, db: any Database, range: (lower: String, upper: String), asOf day: CivilDate) async throws -> [String: Counts] {
        var out: [String: Counts] = [:]
        let (year, date) = (day.year, day.description)
        func add(_ place: String, _ key: CountKey, _ n: Int) { if n != 0 { out[Self.unit(of: place), default: Counts()][key] += n } }
        func int(_ row: any SQLRow, _ column: String) throws -> Int { try row.decode(column: column, as: Int?.self) ?? 0 }

        // The 产业占比 base of each county's rule for the year, from that rule's settings read once (a province has a
        // hundred counties; one book per county would be two hundred queries).
        let settings = try await PolicySettingRecord.query(on: db)
            .filter(\.$parameter ~~ [PolicyParameter.industryShareMinimum.rawValue, PolicyParameter.industryShareBase.rawValue]).all()
        let book = PolicyBook(settings.compactMap(\.setting))
        var bases: [String: IndustryShareBase] = [:]
        func counted(_ county: String, _ level: String, _ kind: String) -> Bool {
            let base = bases[county] ?? {
                let place = RegionCode(county) ?? RegionCode("41")!
                let b = book.industryShareRule(for: place, on: CivilDate(year: year, month: 12, day: 31)!)?.base ?? .allLinkage
                bases[county] = b
                return b
            }()
            return base.counts(FundLevel(rawValue: level) ?? .county, FundKind(rawValue: kind) ?? .linkage)
        }

        // 下达: the county's batches of the year issued by the day.
        for row in try await sql.raw("""
            SELECT county_code, level, kind, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM fund_batches
            WHERE year = \(bind: year) AND issued_on <= \(bind: date) AND county_code >= \(bind: range.lower) AND county_code < \(bind: range.upper)
            GROUP BY county_code, level, kind
            """).all() {
            let county = try row.decode(column: "county_code", as: String.self)
            let fen = try int(row, "fen")
            add(county, .fundIssued, fen)
            if counted(county, try row.decode(column: "level", as: String.self), try row.decode(column: "kind", as: String.self)) {
                add(county, .fundIndustryBase, fen)
            }
        }
        // 对接 and 支付 of those batches by the day, at their projects' places.
        for row in try await sql.raw("""
            SELECT p.region_code AS place, p.category AS category, b.county_code AS county, b.level AS level, b.kind AS kind,
                   CAST(SUM(a.amount_fen) AS BIGINT) AS fen
            FROM fund_allocations a JOIN fund_batches b ON b.id = a.batch_id JOIN projects p ON p.id = a.project_id
            WHERE b.year = \(bind: year) AND b.issued_on <= \(bind: date) AND a.on_date <= \(bind: date)
              AND p.region_code >= \(bind: range.lower) AND p.region_code < \(bind: range.upper)
            GROUP BY p.region_code, p.category, b.county_code, b.level, b.kind
            """).all() {
            let place = try row.decode(column: "place", as: String.self), fen = try int(row, "fen")
            add(place, .fundAllocated, fen)
            if ProjectCategory(rawValue: try row.decode(column: "category", as: String.self))?.countsAsIndustry == true,
               counted(try row.decode(column: "county", as: String.self), try row.decode(column: "level", as: String.self),
                       try row.decode(column: "kind", as: String.self)) {
                add(place, .fundIndustry, fen)
            }
        }
        for row in try await sql.raw("""
            SELECT p.region_code AS place, CAST(SUM(f.amount_fen) AS BIGINT) AS fen
            FROM fund_payments f JOIN fund_batches b ON b.id = f.batch_id JOIN projects p ON p.id = f.project_id
            WHERE b.year = \(bind: year) AND b.issued_on <= \(bind: date) AND f.paid_on <= \(bind: date)
              AND p.region_code >= \(bind: range.lower) AND p.region_code < \(bind: range.upper)
            GROUP BY p.region_code
            """).all() {
            add(try row.decode(column: "place", as: String.self), .fundPaid, try int(row, "fen"))
        }

        // Projects of the year by the furthest step taken by the day; refused ones are not counted.
        let planned = [ProjectStage.planned, .underway, .built, .accepted, .settled].map { "'\($0.rawValue)'" }.joined(separator: ",")
        let started = [ProjectStage.underway, .built, .accepted, .settled].map { "'\($0.rawValue)'" }.joined(separator: ",")
        let built = [ProjectStage.built, .accepted, .settled].map { "'\($0.rawValue)'" }.joined(separator: ",")
        for row in try await sql.raw("""
            SELECT place, COUNT(*) AS n, CAST(SUM(planned) AS BIGINT) AS planned, CAST(SUM(started) AS BIGINT) AS started,
                   CAST(SUM(built) AS BIGINT) AS built
            FROM (SELECT p.region_code AS place,
                         MAX(CASE WHEN s.to_stage IN (\(unsafeRaw: planned)) THEN 1 ELSE 0 END) AS planned,
                         MAX(CASE WHEN s.to_stage IN (\(unsafeRaw: started)) THEN 1 ELSE 0 END) AS started,
                         MAX(CASE WHEN s.to_stage IN (\(unsafeRaw: built)) THEN 1 ELSE 0 END) AS built,
                         MAX(CASE WHEN s.to_stage = '\(unsafeRaw: ProjectStage.rejected.rawValue)' THEN 1 ELSE 0 END) AS refused
                  FROM projects p JOIN project_steps s ON s.project_id = p.id
                  WHERE p.year = \(bind: year) AND s.on_date <= \(bind: date)
                    AND p.region_code >= \(bind: range.lower) AND p.region_code < \(bind: range.upper)
                  GROUP BY p.region_code, p.id) x
            WHERE refused = 0
            GROUP BY place
            """).all() {
            let place = try row.decode(column: "place", as: String.self)
            add(place, .projects, try int(row, "n"))
            add(place, .projectsPlanned, try int(row, "planned"))
            add(place, .projectsStarted, try int(row, "started"))
            add(place, .projectsBuilt, try int(row, "built"))
        }

        // Assets in the ledger, less those disposed of by the day.
        for row in try await sql.raw("""
            SELECT region_code AS place, kind, COUNT(*) AS n, CAST(SUM(value_fen) AS BIGINT) AS fen,
                   CAST(SUM(CASE WHEN confirmed_on IS NOT NULL AND confirmed_on <= \(bind: date) THEN 1 ELSE 0 END) AS BIGINT) AS confirmed,
                   CAST(SUM(COALESCE(jobs, 0)) AS BIGINT) AS jobs,
                   CAST(SUM(COALESCE(jobs_alleviated, 0) + COALESCE(jobs_monitored, 0)) AS BIGINT) AS targets
            FROM assets WHERE region_code >= \(bind: range.lower) AND region_code < \(bind: range.upper)
              AND (disposed_on IS NULL OR disposed_on > \(bind: date))
            GROUP BY region_code, kind
            """).all() {
            let place = try row.decode(column: "place", as: String.self)
            add(place, .assets, try int(row, "n"))
            add(place, .assetValue, try int(row, "fen"))
            add(place, .assetsConfirmed, try int(row, "confirmed"))
            if try row.decode(column: "kind", as: String.self) == AssetKind.workshop.rawValue {
                add(place, .workshopJobs, try int(row, "jobs"))
                add(place, .workshopJobsTargets, try int(row, "targets"))
            }
        }
        // The year's income booked for months up to the day's (an asset disposed of later in the year keeps what it earned).
        for row in try await sql.raw("""
            SELECT a.region_code AS place, a.kind AS kind, CAST(SUM(i.amount_fen) AS BIGINT) AS fen, CAST(SUM(COALESCE(i.kwh, 0)) AS BIGINT) AS kwh
            FROM asset_incomes i JOIN assets a ON a.id = i.asset_id
            WHERE i.year = \(bind: year) AND i.month <= \(bind: day.month)
              AND a.region_code >= \(bind: range.lower) AND a.region_code < \(bind: range.upper)
            GROUP BY a.region_code, a.kind
            """).all() {
            let place = try row.decode(column: "place", as: String.self), fen = try int(row, "fen")
            add(place, .assetIncome, fen)
            if try row.decode(column: "kind", as: String.self) == AssetKind.photovoltaic.rawValue {
                add(place, .solarIncome, fen)
                add(place, .solarKWh, try int(row, "kwh"))
            }
        }
        try await ledgerCounts(db: db, range: range, asOf: day, into: &out)
        return out
    }

    /// Adds the money counts into units kept at `level` (villages as they are; townships by their first nine digits).
    static func merge(_ money: [String: Counts], into units: inout [String: Counts], level: RegionCode.Level) {
        for (code, c) in money {
            units[level == .township ? String(code.prefix(9)) : code, default: Counts()] += c
        }
    }
}

/// The ledger counts of a place as of a day, kept until a ledger or the registry is next written: the version of each
/// (`ledger_version`, migration 036; `registry_version`, migration 021), read before counting, so counts are never
/// kept for a later version than the one they saw. Bench/load, eleventh session: the dashboard served 87 requests a
/// second on SQLite, from 192 before the ledgers' dozen queries joined every view.
actor LedgerCountCache {
    static let shared = LedgerCountCache()
    /// `ledgersOnly`: the counts without the job figures, kept by the ledgers' version alone.
    struct Key: Hashable { let database: String; let lower: String; let upper: String; let day: String; var byTownship = false; var ledgersOnly = false }
    private var entries: [Key: (versions: [Int64], counts: [String: Counts])] = [:]
    /// Units kept over all entries: a province's counts are tens of thousands of villages, so the cache is bounded by
    /// units (about 100 MB at most), not by entries alone.
    private var units = 0
    static let maximumUnits = 200_000
    /// Counts answered from the cache (tests read it).
    private(set) var hits = 0

    /// Both versions and the token that tells this database from others a process may open.
    static func versions(_ sql: any SQLDatabase) async throws -> (numbers: [Int64], token: String) {
        let row = try await sql.raw("""
            SELECT l.version AS ledger, r.version AS registry, r.token AS token FROM ledger_version l, registry_version r WHERE l.id = 1 AND r.id = 1
            """).first()
        guard let row else { return ([-1], "") }
        return ([try row.decode(column: "ledger", as: Int64.self), try row.decode(column: "registry", as: Int64.self)],
                try row.decode(column: "token", as: String.self))
    }

    /// Counts answered from the cache, by key (tests read it: keys name their database, so tests running side by side
    /// do not count each other's).
    private var keyHits: [Key: Int] = [:]

    func counts(_ key: Key, versions: [Int64]) -> [String: Counts]? {
        guard !versions.contains(-1), let e = entries[key], e.versions == versions else { return nil }
        hits += 1
        keyHits[key, default: 0] += 1
        return e.counts
    }

    func hits(for key: Key) -> Int { keyHits[key] ?? 0 }

    /// Whether counts are kept for `key`, at whatever versions (tests read it).
    func isKept(_ key: Key) -> Bool { entries[key] != nil }

    func keep(_ key: Key, versions: [Int64], counts: [String: Counts]) {
        guard !versions.contains(-1), counts.count <= Self.maximumUnits else { return }
        units -= entries[key]?.counts.count ?? 0
        if entries.count >= 500 || units + counts.count > Self.maximumUnits {
            entries.removeAll(keepingCapacity: true)
            keyHits.removeAll(keepingCapacity: true)
            units = 0
        }
        entries[key] = (versions, counts)
        units += counts.count
    }
}

import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// Indicator counts kept current as data changes (issue 5 §4).
///
/// Every village's tally (`Tally`) is kept in `indicator_tallies`, and every township's as the sum of its villages', so
/// a county dashboard reads one row per township whatever the size of the registry. Database triggers (migration 015)
/// note the village of every row written to the tables the counts read — households, incomes, 帮扶责任人, measures,
/// cases, clues, warnings — in `indicator_changes`, whichever code path or import wrote it. Before reading, the changed
/// villages (and their townships) inside the region asked are recomputed and their notes removed, in one transaction.
/// A note written while a tally is being computed survives it, so the next reader recomputes again: a kept tally is
/// never newer than a note it has not seen. Tallies also record the income lines they were counted against; when the
/// monitoring line changes, a township's tallies no longer match and are recomputed.
extension IndicatorStore {
    /// The monitoring lines by county, read once per request (only that parameter's settings, a few rows).
    struct Lines {
        let book: PolicyBook
        let years: ClosedRange<Int>

        static func load(on db: any Database, today: CivilDate) async throws -> Lines {
            let settings = try await PolicySettingRecord.query(on: db).filter(\.$parameter == PolicyParameter.monitoringIncomeLine.rawValue).all()
            return Lines(book: PolicyBook(settings.compactMap(\.setting)), years: 2015...(today.year + 1))
        }

        static func county(of code: String) -> RegionCode { RegionCode(String(code.prefix(6))) ?? RegionCode("41")! }

        func line(year: Int, village: String) -> Int64? { book.incomeLine(forIncomeYear: year, place: Self.county(of: village))?.fen }

        /// What a tally was counted against: the line of each income year, for the village's county.
        func key(for code: String) -> String {
            let county = Self.county(of: code)
            return years.map { "\($0):\(book.incomeLine(forIncomeYear: $0, place: county)?.fen ?? -1)" }.joined(separator: ",")
        }
    }

    /// Kept tallies of one level (village or township) inside `region`, recomputing what has changed first. A kept
    /// tally that cannot be read is never trusted: its township is recounted.
    public func tallies(within region: RegionCode, level: RegionCode.Level, today: CivilDate = .today) async throws -> [String: Tally] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let lines = try await Lines.load(on: db, today: today)
        for attempt in 0..<2 {
            try await refresh(within: region, lines: lines, sql: sql)
            var out: [String: Tally] = [:]
            var unreadable = Set<String>()
            for row in try await keptRows(within: region, level: level, columns: "region_code, tally", sql: sql) {
                let code = try row.decode(column: "region_code", as: String.self)
                if let tally = Tally(bytes: try row.decode(column: "tally", as: Data.self)) { out[code] = tally } else { unreadable.insert(String(code.prefix(9))) }
            }
            if unreadable.isEmpty || attempt == 1 { return out }
            for township in unreadable.sorted() {
                try await sql.raw("UPDATE indicator_tallies SET policy = '' WHERE region_code = \(bind: township)").run()
            }
        }
        return [:]
    }

    /// Recounts now what is noted as changed inside `region`, so that the next reader of a page does not: after an
    /// import, which notes every village it wrote (the first province page after a ten-million-person import waited
    /// 70 s for it, BENCHMARKS.md bench/province). A reader who comes while it runs recounts the same villages beside
    /// it, to the same figures.
    public func recountChanged(within region: RegionCode, today: CivilDate = .today) async throws {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return }
        try await refresh(within: region, lines: try await Lines.load(on: db, today: today), sql: sql)
    }

    /// Township codes inside `region`, found down the regions' parent index: a county's twenty townships, never a
    /// scan of its ten thousand villages. Each county's own unit ("411681000", its own projects and money, see
    /// `unit(of:)`) is listed after its townships.
    func townshipCodes(within region: RegionCode) async throws -> [String] {
        if region.level >= .township { return [String(region.digits.prefix(9))] }
        var frontier = [region.digits]
        var counties: [String] = []
        while let first = frontier.first, first.count < 9 {
            if first.count == 6 { counties += frontier }
            var next: [String] = []
            for chunk in frontier.chunked() {
                next += try await RegionRecord.query(on: db).filter(\.$parentCode ~~ chunk).all().compactMap(\.id)
            }
            frontier = next
        }
        return frontier.filter { $0.count == 9 } + counties.map { String(Self.unit(of: $0).prefix(9)) }
    }

    /// Runs a statement naming many keys (`IN (…)`) in batches of 500, within the databases' limits on binds.
    func inBatches<Key: Encodable & Sendable>(_ keys: [Key], sql: any SQLDatabase, _ statement: ([any Encodable & Sendable]) -> SQLQueryString) async throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        for chunk in keys.chunked() {
            rows += try await sql.raw(statement(chunk.map { $0 as any Encodable & Sendable })).all()
        }
        return rows
    }

    /// Kept rows of one level inside `region`: townships by their codes, villages by the region's code range.
    func keptRows(within region: RegionCode, level: RegionCode.Level, columns: String, sql: any SQLDatabase) async throws -> [any SQLRow] {
        if level == .township {
            return try await inBatches(try await townshipCodes(within: region), sql: sql) {
                "SELECT \(unsafeRaw: columns) FROM indicator_tallies WHERE region_code IN (\(binds: $0))"
            }
        }
        let range = region.codeRange
        return try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM indicator_tallies
            WHERE region_code >= \(bind: range.lower) AND region_code < \(bind: range.upper) AND length(region_code) = \(literal: level.significantDigits)
            """).all()
    }

    /// Counts every village of `region` afresh, ignoring what is kept: to check the kept tallies against.
    public func recount(within region: RegionCode, today: CivilDate = .today) async throws -> [String: Tally] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        return try await Self.compute(sql, range: region.codeRange, lines: try await Lines.load(on: db, today: today))
    }

    /// Recomputes the villages noted as changed inside `region`, the townships they belong to, and any township whose
    /// tally was counted against other income lines.
    func refresh(within region: RegionCode, lines: Lines, sql: any SQLDatabase) async throws {
        let range = region.codeRange
        var noteIDs: [Int] = []
        var changed: [String: Set<String>] = [:]   // township → villages
        for row in try await sql.raw("""
            SELECT id, village_code FROM indicator_changes WHERE village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            """).all() {
            noteIDs.append(try row.decode(column: "id", as: Int.self))
            let village = try row.decode(column: "village_code", as: String.self)
            guard village.count == 12 else { continue }
            changed[String(village.prefix(9)), default: []].insert(village)
        }
        // Townships kept under other lines are recomputed whole. (The lines are the same for a county's townships.)
        var keys: [String: String] = [:]
        func key(_ code: String) -> String {
            let county = String(code.prefix(6))
            if let k = keys[county] { return k }
            let k = lines.key(for: county)
            keys[county] = k
            return k
        }
        var whole = Set<String>()
        for row in try await keptRows(within: region, level: .township, columns: "region_code, policy", sql: sql) {
            let code = try row.decode(column: "region_code", as: String.self)
            if try row.decode(column: "policy", as: String.self) != key(code) { whole.insert(code) }
        }
        for (township, villages) in changed where villages.count > 8 { whole.insert(township) }
        guard !noteIDs.isEmpty || !whole.isEmpty else { return }

        // Compute: whole townships by their range, otherwise each changed village by its own.
        let clock = ContinuousClock()
        let started = clock.now
        var fresh: [String: Tally] = [:]
        for township in whole.sorted() {
            fresh.merge(try await Self.compute(sql, range: (township, township + ":"), lines: lines)) { $1 }
        }
        for (township, villages) in changed where !whole.contains(township) {
            for village in villages.sorted() {
                fresh[village] = try await Self.compute(sql, range: (village, village + ":"), lines: lines)[village] ?? Tally()
            }
        }
        // Each affected township's tally is its villages' added: kept ones, replaced by the fresh.
        let townships = whole.union(changed.keys).sorted()
        var sums: [String: Tally] = [:]
        for township in townships {
            var villages: [String: Tally] = [:]
            if !whole.contains(township) {
                for row in try await sql.raw("""
                    SELECT region_code, tally FROM indicator_tallies
                    WHERE region_code >= \(bind: township) AND region_code < \(bind: township + ":") AND length(region_code) = 12
                    """).all() {
                    villages[try row.decode(column: "region_code", as: String.self)] = Tally(bytes: try row.decode(column: "tally", as: Data.self)) ?? Tally()
                }
            }
            for (v, t) in fresh where v.hasPrefix(township) { villages[v] = t }
            sums[township] = villages.values.reduce(Tally(), +)
        }
        let rows = fresh.merging(sums) { $1 }.sorted { $0.key < $1.key }.map { (code: $0.key, policy: key($0.key), tally: Data($0.value.bytes)) }
        let (wholeTownships, ids) = (whole.sorted(), noteIDs)
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            for township in wholeTownships {
                try await sql.raw("""
                    DELETE FROM indicator_tallies WHERE region_code >= \(bind: township) AND region_code < \(bind: township + ":") AND length(region_code) = 12
                    """).run()
            }
            for start in stride(from: 0, to: rows.count, by: 200) {
                var insert = sql.insert(into: "indicator_tallies").columns("region_code", "policy", "tally", "computed_on")
                for row in rows[start..<min(start + 200, rows.count)] {
                    insert = insert.values(SQLBind(row.code), SQLBind(row.policy), SQLBind(row.tally), SQLBind(CivilDate.today.description))
                }
                try await insert.onConflict(with: ["region_code"]) {
                    $0.set(excludedValueOf: "policy").set(excludedValueOf: "tally").set(excludedValueOf: "computed_on")
                }.run()
            }
            _ = try await inBatches(ids, sql: sql) { "DELETE FROM indicator_changes WHERE id IN (\(binds: $0))" }
        }
        Telemetry.job("tally_recount", outcome: "written", rows: fresh.count, duration: clock.now - started)
    }

    /// Counts every village in a code range from the registry and the lifecycle tables: the definitions behind the
    /// indicators, one grouped query per table.
    static func compute(_ sql: any SQLDatabase, range: (lower: String, upper: String), lines: Lines, asOf moment: RecordedMoment? = nil) async throws -> [String: Tally] {
        var out: [String: Tally] = [:]
        /// A counted table as it is now, or as recorded at `moment` (its versions then in force, under the table's name).
        func t(_ table: String, _ alias: String? = nil) -> String {
            guard let moment else { return alias.map { "\(table) \($0)" } ?? table }
            return "(SELECT * FROM \(table)_history WHERE valid_from <= '\(moment.text)' AND (valid_to IS NULL OR valid_to > '\(moment.text)')) \(alias ?? table)"
        }
        func day(_ row: any SQLRow, _ column: String) throws -> CivilDate? {
            try row.decode(column: column, as: String?.self).flatMap(CivilDate.init(parsing:))
        }
        // Sums are cast: PostgreSQL sums a BIGINT column as NUMERIC.
        var categoryColumns = ""
        for c in MonitoringCategory.allCases {
            categoryColumns += ", CAST(SUM(CASE WHEN monitoring_category = '\(c.rawValue)' THEN 1 ELSE 0 END) AS BIGINT) AS h_\(c.rawValue)"
            categoryColumns += ", CAST(SUM(CASE WHEN monitoring_category = '\(c.rawValue)' THEN member_count ELSE 0 END) AS BIGINT) AS p_\(c.rawValue)"
        }
        for row in try await sql.raw("""
            SELECT village_code, COUNT(*) AS households, CAST(SUM(member_count) AS BIGINT) AS persons,
                CAST(SUM(CASE WHEN category = 'alleviated' THEN 1 ELSE 0 END) AS BIGINT) AS alleviated,
                CAST(SUM(CASE WHEN has_labour THEN 0 ELSE 1 END) AS BIGINT) AS no_labour,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS mh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL THEN member_count ELSE 0 END) AS BIGINT) AS mp,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS rh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN member_count ELSE 0 END) AS BIGINT) AS rp,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS eh,
                CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NOT NULL THEN member_count ELSE 0 END) AS BIGINT) AS ep,
                CAST(SUM(CASE WHEN gap_housing OR gap_education OR gap_medical OR gap_water THEN 1 ELSE 0 END) AS BIGINT) AS gaps,
                CAST(SUM(CASE WHEN category = 'alleviated' OR (monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL) THEN 1 ELSE 0 END) AS BIGINT) AS lb
                \(unsafeRaw: categoryColumns)
            FROM \(unsafeRaw: t("households")) WHERE status = 'active' AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            func n(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
            var t = out[v] ?? Tally()
            for (key, column) in [(CountKey.households, "households"), (.persons, "persons"), (.alleviatedHouseholds, "alleviated"),
                                  (.noLabourHouseholds, "no_labour"), (.monitoredHouseholds, "mh"), (.monitoredPersons, "mp"),
                                  (.atRiskHouseholds, "rh"), (.atRiskPersons, "rp"), (.eliminatedHouseholds, "eh"),
                                  (.eliminatedPersons, "ep"), (.basicNeedGaps, "gaps"), (.loanBase, "lb")] {
                t.add(key, try n(column))
            }
            for c in MonitoringCategory.allCases {
                t.add(.monitoredHouseholds(c), try n("h_" + c.rawValue))
                t.add(.monitoredPersons(c), try n("p_" + c.rawValue))
            }
            out[v] = t
        }
        // Entered monitoring, by day (newly identified in a period).
        for row in try await sql.raw("""
            SELECT village_code, monitoring_since AS d, COUNT(*) AS h, CAST(SUM(member_count) AS BIGINT) AS p FROM \(unsafeRaw: t("households"))
            WHERE status = 'active' AND monitoring_since IS NOT NULL AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code, monitoring_since
            """).all() {
            guard let d = try day(row, "d") else { continue }
            let v = try row.decode(column: "village_code", as: String.self)
            out[v, default: Tally()].add(.newHouseholds, on: d, try row.decode(column: "h", as: Int.self))
            out[v, default: Tally()].add(.newPersons, on: d, try row.decode(column: "p", as: Int?.self) ?? 0)
        }
        // Households still at risk, by the day of their last visit, and by risk type.
        for row in try await sql.raw("""
            SELECT village_code, last_visit_on AS d, COUNT(*) AS n FROM \(unsafeRaw: t("households"))
            WHERE status = 'active' AND monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL AND last_visit_on IS NOT NULL
              AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code, last_visit_on
            """).all() {
            guard let d = try day(row, "d") else { continue }
            out[try row.decode(column: "village_code", as: String.self), default: Tally()].add(.visitedInTime, on: d, try row.decode(column: "n", as: Int.self))
        }
        for row in try await sql.raw("""
            SELECT village_code, risk_types FROM \(unsafeRaw: t("households")) WHERE status = 'active' AND monitoring_category IS NOT NULL
              AND risk_eliminated_on IS NULL AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            for r in RiskType.decode(try row.decode(column: "risk_types", as: String?.self)) { out[v, default: Tally()].add(.riskHouseholds(r), 1) }
        }
        // Measures of monitoring objects, not stopped.
        for row in try await sql.raw("""
            SELECT m.village_code AS village_code, COUNT(*) AS n FROM \(unsafeRaw: t("measures", "m")) JOIN \(unsafeRaw: t("households", "h")) ON h.id = m.household_id
            WHERE h.status = 'active' AND h.monitoring_category IS NOT NULL AND m.status <> 'stopped'
              AND m.village_code >= \(bind: range.lower) AND m.village_code < \(bind: range.upper)
            GROUP BY m.village_code
            """).all() {
            out[try row.decode(column: "village_code", as: String.self), default: Tally()].add(.measures, try row.decode(column: "n", as: Int.self))
        }
        // 帮扶责任人: 脱贫户 and monitoring objects, and those with a current pairing.
        for row in try await sql.raw("""
            SELECT h.village_code AS village_code, COUNT(*) AS targets,
                CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM \(unsafeRaw: t("helper_assignments", "a")) WHERE a.household_id = h.id AND a.end_date IS NULL) THEN 1 ELSE 0 END) AS BIGINT) AS helped
            FROM \(unsafeRaw: t("households", "h")) WHERE h.status = 'active' AND (h.category = 'alleviated' OR h.monitoring_category IS NOT NULL)
              AND h.village_code >= \(bind: range.lower) AND h.village_code < \(bind: range.upper)
            GROUP BY h.village_code
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            out[v, default: Tally()].add(.helpTargets, try row.decode(column: "targets", as: Int.self))
            out[v, default: Tally()].add(.helpedHouseholds, try row.decode(column: "helped", as: Int?.self) ?? 0)
        }
        // Identifications completed, by the day of completion, and those within their deadline.
        for row in try await sql.raw("""
            SELECT village_code, completed_on AS d, COUNT(*) AS n, CAST(SUM(CASE WHEN completed_on <= deadline_on THEN 1 ELSE 0 END) AS BIGINT) AS on_time
            FROM \(unsafeRaw: t("cases")) WHERE kind = 'identification' AND stage = 'completed' AND completed_on IS NOT NULL
              AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code, completed_on
            """).all() {
            guard let d = try day(row, "d") else { continue }
            let v = try row.decode(column: "village_code", as: String.self)
            out[v, default: Tally()].add(.identified, on: d, try row.decode(column: "n", as: Int.self))
            out[v, default: Tally()].add(.identifiedInTime, on: d, try row.decode(column: "on_time", as: Int?.self) ?? 0)
        }
        // Open clues and warnings, by the day they are due (overdue once that day has passed).
        for (table, key) in [("clues", CountKey.overdueClues), ("warnings", .overdueWarnings)] {
            for row in try await sql.raw("""
                SELECT village_code, due_on AS d, COUNT(*) AS n FROM \(unsafeRaw: t(table)) WHERE status = 'open'
                  AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper) GROUP BY village_code, due_on
                """).all() {
                guard let d = try day(row, "d") else { continue }
                out[try row.decode(column: "village_code", as: String.self), default: Tally()].add(key, on: d, try row.decode(column: "n", as: Int.self))
            }
        }
        // Income bands: each household's latest income year against that year's line for its county.
        var seen = Set<UUID>()
        for row in try await sql.raw("""
            SELECT h.village_code AS village_code, i.household_id AS hid, i.year AS year,
                   i.wages + i.business + i.property + i.transfers - i.business_costs AS net, i.member_count AS members
            FROM \(unsafeRaw: t("household_incomes", "i")) JOIN \(unsafeRaw: t("households", "h")) ON h.id = i.household_id
            WHERE h.status = 'active' AND h.village_code >= \(bind: range.lower) AND h.village_code < \(bind: range.upper)
            ORDER BY i.household_id, i.year DESC
            """).all() {
            let hid = try row.decode(column: "hid", as: UUID.self)
            guard seen.insert(hid).inserted else { continue }
            let members = try row.decode(column: "members", as: Int.self)
            let v = try row.decode(column: "village_code", as: String.self)
            guard members > 0, let line = lines.line(year: try row.decode(column: "year", as: Int.self), village: v) else { continue }
            let perCapita = try row.decode(column: "net", as: Int64.self) / Int64(members)
            out[v, default: Tally()].add(.incomeKnown, 1)
            out[v, default: Tally()].add(perCapita < line ? .incomeBelow : perCapita * 10 <= line * 11 ? .incomeNear : .incomeAbove, 1)
        }
        return out
    }
}

/// A moment as the history tables record it (UTC text, "2026-11-30 16:00:00.000"), for reading the registry as it stood
/// then (`IndicatorStore.countsAsOf`).
public struct RecordedMoment: Sendable, Equatable {
    public let text: String

    /// The last moment of `day` in China, on the clock the database stamps versions with. When tests pin the day
    /// (`CivilDate.pinToday`), records are stamped by the database's real clock while the program lives on the
    /// pinned day, so the moment is moved by the same distance.
    public init(endOf day: CivilDate) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .chinaStandard
        let next = day.adding(days: 1)
        let end = calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day))!
        self.init(end.addingTimeInterval(Date().timeIntervalSince(CivilDate.now)).addingTimeInterval(-0.001))
    }

    public init(_ date: Date) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        text = f.string(from: date)
    }
}

public enum RecordedHistory {
    /// Makes the records as they stand now the ones every past day reads: earlier versions are dropped and the current
    /// ones dated before the history began. For a registry that stands for records kept before this system — the demo
    /// county, and tests that set up such a registry before the days they freeze.
    public static func treatAsLongRecorded(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            for (table, _) in CreateRecordedHistory.tables {
                try await sql.raw("DELETE FROM \(unsafeRaw: table)_history WHERE valid_to IS NOT NULL").run()
                try await sql.raw("UPDATE \(unsafeRaw: table)_history SET valid_from = '' WHERE valid_from <> ''").run()
            }
        }
        _ = sql
    }
}

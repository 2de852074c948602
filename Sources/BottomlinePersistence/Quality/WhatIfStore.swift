import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// 政策调整测算 (issue 18 §2): a new monitoring line (or 关注带) tried over the actor's region, side by side with the
/// line in force, from the income records of a year. It only reads.
///
/// The households are counted in the database, grouped by what the what-if reads (village, category, standing, risks,
/// and whether the 人均纯收入 is below each of the scenario's thresholds), so a county of a million households comes
/// back as a few thousand groups. The per-capita income is worked out there as `HouseholdIncome.perCapitaNet` does
/// (net income ÷ members, half a fen away from zero) and compared with `LineWhatIf.isWithin`'s `<`; `WhatIfStoreTests`
/// holds the two together at the line and a fen either side, on SQLite and PostgreSQL.
public struct WhatIfStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var region: RegionCode { registry.region }

    /// County, city and province staff (and leaders reading them) try a policy change; a township or village applies one.
    public var mayTry: Bool { registry.actor.region.level <= .county && registry.actor.role.readsRegistry }

    /// What the page opens with: the latest income year on record, its line, and the line entered for
    /// the year after when there is one (the province's announced next line).
    public struct Defaults: Sendable, Equatable {
        public var incomeYear: Int?
        public var years: [Int]
        public var currentLine: Money?
        public var nextLine: Money?
    }

    public func defaults(today: CivilDate) async throws -> Defaults {
        let book = try await PolicyStore.book(for: region, on: db)
        guard let sql = db as? any SQLDatabase else { return Defaults(incomeYear: nil, years: [], currentLine: nil, nextLine: nil) }
        // The latest income year on record, read straight through the income table (0.09 s at a million households).
        // Probing year by year through the households of the region cost 9.6 s for a year with no records yet.
        let latest: Int? = try await sql.raw("SELECT MAX(year) AS y FROM household_incomes").first().flatMap { try $0.decode(column: "y", as: Int?.self) }
        let years = Array(stride(from: (latest ?? today.year - 1), through: (latest ?? today.year - 1) - 5, by: -1))
        let line = latest.flatMap { book.incomeLine(forIncomeYear: $0, place: region) }
        let next = latest.flatMap { book.incomeLine(forIncomeYear: $0 + 1, place: region) }
        return Defaults(incomeYear: latest, years: years, currentLine: line, nextLine: next == line ? nil : next)
    }

    /// The line in force for an income year in the region.
    public func line(forIncomeYear year: Int) async throws -> Money? {
        try await PolicyStore.book(for: region, on: db).incomeLine(forIncomeYear: year, place: region)
    }

    /// Everything the page shows for a scenario.
    public struct Result: Sendable {
        public var scenario: LineScenario
        public var outcome: LineWhatIf.Outcome
        /// Cadres on record by township code: township and village staff accounts, and 驻村 cadres serving today.
        public var cadres: [String: Int]
        /// 识别纳入时限 in days, from the policy book (nil while not entered).
        public var identificationDays: Int?
        public var measures: LineWhatIf.MeasureProfile
        public var seconds: Double
    }

    /// The scenario over the actor's region, or a part of it (`within`: a township of the county, say).
    public func evaluate(_ scenario: LineScenario, within part: RegionCode? = nil, today: CivilDate) async throws -> Result {
        let started = Date()
        guard let sql = db as? any SQLDatabase else { throw FieldProblems(["_": "数据库不支持测算"]) }
        let part = part ?? region
        guard region.contains(part) else { throw FieldProblems(["unit": "只能测算本辖区"]) }
        let (lower, upper) = part.codeRange
        let thresholds = scenario.thresholds
        guard thresholds.allSatisfy({ $0.fen > 0 }) else { throw FieldProblems(["line": "监测标准应大于0"]) }
        let active = HouseholdStatus.active.rawValue
        // On SQLite a region that is much of the table is read straight through: reaching its rows through the village
        // index jumps about the file (a million households: 12 s through the index, under 1 s straight through).
        var from: SQLQueryString = "households h"
        if sql.dialect.name == "sqlite" {
            let inRange = try await sql.raw("""
                SELECT COUNT(*) AS n FROM households WHERE status = \(bind: active) AND village_code >= \(bind: lower) AND village_code < \(bind: upper)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let all = try await sql.raw("SELECT COUNT(*) AS n FROM households").first()?.decode(column: "n", as: Int.self) ?? 0
            if inRange * 4 >= all { from = "households h NOT INDEXED" }
        }
        // Below a threshold t: 人均纯收入 = net ÷ members rounded half a fen away from zero (HouseholdIncome.perCapitaNet)
        // is below t exactly when the net income is negative or 2 × net < (2t − 1) × members (t > 0); no income
        // recorded (or no members) is −1. Written without a division, so each flag is a few additions.
        let net = "(i.wages + i.business + i.property + i.transfers - i.business_costs)"
        func flag(_ k: Int) -> SQLQueryString {
            "CASE WHEN i.member_count IS NULL OR i.member_count <= 0 THEN -1 WHEN \(unsafeRaw: net) < 0 OR 2 * \(unsafeRaw: net) < \(bind: 2 * thresholds[k].fen - 1) * i.member_count THEN 1 ELSE 0 END"
        }
        let join: SQLQueryString = """
            FROM \(from) LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = \(bind: scenario.incomeYear)
            WHERE h.village_code >= \(bind: lower) AND h.village_code < \(bind: upper) AND h.status = \(bind: active)
            """
        // Where a household stood: today, or on the scenario's day from the registry's dates (identified after it: not
        // yet monitored; eliminated after it: still monitored), as `HouseholdRecord.standing(on:)` reads them: without a
        // start date on record a household was not monitored on a past day.
        let standing: SQLQueryString
        if let day = scenario.standingOn?.description {
            standing = """
                CASE WHEN h.monitoring_since IS NULL OR h.monitoring_since > \(bind: day) THEN 0 \
                WHEN h.risk_eliminated_on IS NULL OR h.risk_eliminated_on > \(bind: day) THEN 1 ELSE 2 END
                """
        } else {
            standing = "CASE WHEN h.monitoring_category IS NULL THEN 0 WHEN h.risk_eliminated_on IS NULL THEN 1 ELSE 2 END"
        }
        // The households below some threshold (or without income), grouped by all the what-if reads; the band's top is
        // the highest threshold.
        let highest = thresholds.indices.max { thresholds[$0] < thresholds[$1] }!
        let rows = try await sql.raw("""
            SELECT h.village_code AS v, h.category AS c, \(standing) AS s, COALESCE(h.risk_types, '') AS r,
                   \(flag(0)) AS b0, \(flag(1)) AS b1, \(flag(2)) AS b2, \(flag(3)) AS b3,
                   COUNT(*) AS n, CAST(SUM(COALESCE(i.member_count, 0)) AS BIGINT) AS p
            \(join) AND \(flag(highest)) <> 0
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """).all()
        var groups: [LineWhatIf.Group] = []
        groups.reserveCapacity(rows.count + 6)
        for row in rows {
            let flags = try (0..<4).map { try row.decode(column: "b\($0)", as: Int.self) }
            let standing = LineWhatIf.Standing(rawValue: try row.decode(column: "s", as: Int.self)) ?? .none
            groups.append(.init(villageCode: try row.decode(column: "v", as: String.self),
                                category: (try row.decode(column: "c", as: String?.self)).flatMap(HouseholdCategory.init(rawValue:)), standing: standing,
                                risks: RiskType.decode(try row.decode(column: "r", as: String.self)),
                                below: flags.contains(-1) ? nil : flags.map { $0 == 1 },
                                households: try row.decode(column: "n", as: Int.self), persons: try row.decode(column: "p", as: Int.self)))
        }
        // The rest, above every threshold, count only in the totals.
        for row in try await sql.raw("""
            SELECT h.category AS c, \(standing) AS s, COUNT(*) AS n, CAST(SUM(i.member_count) AS BIGINT) AS p
            \(join) AND \(flag(highest)) = 0
            GROUP BY 1, 2
            """).all() {
            groups.append(.init(villageCode: "", category: (try row.decode(column: "c", as: String?.self)).flatMap(HouseholdCategory.init(rawValue:)),
                                standing: LineWhatIf.Standing(rawValue: try row.decode(column: "s", as: Int.self)) ?? .none, risks: [],
                                below: [false, false, false, false], households: try row.decode(column: "n", as: Int.self), persons: try row.decode(column: "p", as: Int.self)))
        }
        let book = try await PolicyStore.book(for: region, on: db)
        return Result(scenario: scenario, outcome: LineWhatIf.evaluate(groups), cadres: try await cadres(within: part, today: today),
                      identificationDays: book.int(.identificationDeadlineDays, for: part, on: today),
                      measures: try await measureProfile(within: part, identified: groups.filter { $0.standing != .none }.reduce(0) { $0 + $1.households }),
                      seconds: Date().timeIntervalSince(started))
    }

    /// Cadres on record by township: active township and village staff accounts, and 驻村 cadres serving on the day
    /// (one who signs in is counted once).
    func cadres(within part: RegionCode, today: CivilDate) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let (lower, upper) = part.codeRange
        var byTownship: [String: Int] = [:]
        var accounts = Set<UUID>()
        for row in try await sql.raw("""
            SELECT id, region_code FROM users WHERE active = \(bind: true) AND role IN ('township', 'village')
            AND region_code >= \(bind: lower) AND region_code < \(bind: upper)
            """).all() {
            let code = try row.decode(column: "region_code", as: String.self)
            guard code.count >= 9 else { continue }
            accounts.insert(try row.decode(column: "id", as: UUID.self))
            byTownship[String(code.prefix(9)), default: 0] += 1
        }
        let day = today.description
        for row in try await sql.raw("""
            SELECT user_id, village_code FROM dispatch_members WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper)
            AND started_on <= \(bind: day) AND (ended_on IS NULL OR ended_on >= \(bind: day))
            """).all() {
            if let user = try row.decode(column: "user_id", as: UUID?.self), accounts.contains(user) { continue }
            byTownship[String(try row.decode(column: "village_code", as: String.self).prefix(9)), default: 0] += 1
        }
        return byTownship
    }

    /// Measures and amounts recorded for the households of the part tried that were ever identified (`identified` of
    /// them, counted with the what-if's own groups).
    func measureProfile(within part: RegionCode, identified households: Int) async throws -> LineWhatIf.MeasureProfile {
        guard let sql = db as? any SQLDatabase else { return .init(households: 0, categories: [:]) }
        let (lower, upper) = part.codeRange
        let active = HouseholdStatus.active.rawValue
        var categories: [MeasureCategory: LineWhatIf.MeasureProfile.Line] = [:]
        for row in try await sql.raw("""
            SELECT m.category, COUNT(*) AS n, CAST(SUM(COALESCE(m.amount_fen, 0)) AS BIGINT) AS a
            FROM measures m JOIN households h ON h.id = m.household_id
            WHERE m.village_code >= \(bind: lower) AND m.village_code < \(bind: upper) AND h.status = \(bind: active) AND h.monitoring_category IS NOT NULL
            GROUP BY m.category
            """).all() {
            guard let c = MeasureCategory(rawValue: try row.decode(column: "category", as: String.self)) else { continue }
            categories[c] = .init(measures: try row.decode(column: "n", as: Int.self), amount: Money(fen: try row.decode(column: "a", as: Int64.self)))
        }
        return .init(households: households, categories: categories)
    }
}

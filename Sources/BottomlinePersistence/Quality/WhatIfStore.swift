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

    /// What the page opens with: the latest income year with records in the region, its line, and the line entered for
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
        // Income years are few; the latest is looked up year by year from this one down (each an index probe).
        var latest: Int?
        let (lower, upper) = region.codeRange
        for year in stride(from: today.year, through: today.year - 6, by: -1) {
            let row = try await sql.raw("""
                SELECT 1 AS x FROM household_incomes i JOIN households h ON h.id = i.household_id
                WHERE i.year = \(bind: year) AND h.village_code >= \(bind: lower) AND h.village_code < \(bind: upper) LIMIT 1
                """).first()
            if row != nil { latest = year; break }
        }
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
        let t = scenario.thresholds.map(\.fen)
        let active = HouseholdStatus.active.rawValue
        // 人均纯收入 as Money.divided(by:) has it: net ÷ members, a remainder of half or more taking it a fen away from zero.
        let rows = try await sql.raw("""
            SELECT v, c, s, r, \(unsafeRaw: (0..<4).map { "CASE WHEN pc IS NULL THEN -1 WHEN pc < t\($0) THEN 1 ELSE 0 END AS b\($0)" }.joined(separator: ", ")),
                   COUNT(*) AS n, CAST(SUM(COALESCE(m, 0)) AS BIGINT) AS p
            FROM (
                SELECT h.village_code AS v, h.category AS c,
                       CASE WHEN h.monitoring_category IS NULL THEN 0 WHEN h.risk_eliminated_on IS NULL THEN 1 ELSE 2 END AS s,
                       COALESCE(h.risk_types, '') AS r, i.member_count AS m,
                       CASE WHEN i.member_count > 0 THEN
                           CASE WHEN i.wages + i.business + i.property + i.transfers - i.business_costs >= 0
                                THEN (2 * (i.wages + i.business + i.property + i.transfers - i.business_costs) + i.member_count) / (2 * i.member_count)
                                ELSE -((2 * -(i.wages + i.business + i.property + i.transfers - i.business_costs) + i.member_count) / (2 * i.member_count)) END
                       END AS pc,
                       \(bind: t[0]) AS t0, \(bind: t[1]) AS t1, \(bind: t[2]) AS t2, \(bind: t[3]) AS t3
                FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = \(bind: scenario.incomeYear)
                WHERE h.village_code >= \(bind: lower) AND h.village_code < \(bind: upper) AND h.status = \(bind: active)
            ) x
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """).all()
        var groups: [LineWhatIf.Group] = []
        groups.reserveCapacity(rows.count)
        for row in rows {
            let flags = try (0..<4).map { try row.decode(column: "b\($0)", as: Int.self) }
            let standing = LineWhatIf.Standing(rawValue: try row.decode(column: "s", as: Int.self)) ?? .none
            groups.append(.init(villageCode: try row.decode(column: "v", as: String.self),
                                category: (try row.decode(column: "c", as: String?.self)).flatMap(HouseholdCategory.init(rawValue:)), standing: standing,
                                risks: RiskType.decode(try row.decode(column: "r", as: String.self)),
                                below: flags.contains(-1) ? nil : flags.map { $0 == 1 },
                                households: try row.decode(column: "n", as: Int.self), persons: try row.decode(column: "p", as: Int.self)))
        }
        let book = try await PolicyStore.book(for: region, on: db)
        return Result(scenario: scenario, outcome: LineWhatIf.evaluate(groups), cadres: try await cadres(within: part, today: today),
                      identificationDays: book.int(.identificationDeadlineDays, for: part, on: today),
                      measures: try await measureProfile(), seconds: Date().timeIntervalSince(started))
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

    /// Measures and amounts recorded for the region's households ever identified (the whole region's rates, also when
    /// a part of it is tried).
    func measureProfile() async throws -> LineWhatIf.MeasureProfile {
        guard let sql = db as? any SQLDatabase else { return .init(households: 0, categories: [:]) }
        let (lower, upper) = region.codeRange
        let active = HouseholdStatus.active.rawValue
        let households = try await sql.raw("""
            SELECT COUNT(*) AS n FROM households WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper)
            AND status = \(bind: active) AND monitoring_category IS NOT NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
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

import BottomlineDomain
import Fluent
import Foundation
import SQLKit

extension QueryBuilder where Model == HouseholdRecord {
    /// Counts by the indexed village column, which the list index covers; Fluent's own `count()` counts ids and so
    /// reads every row of a million-household county.
    public func countHouseholds() async throws -> Int {
        try await count(\.$villageCode)
    }
}

/// The household list's filters, shared by the page, the API and exports.
public struct HouseholdFilter: Sendable, Codable, Equatable {
    public var region: String?
    public var category: String?
    public var monitored: Bool?
    public var noLabour: Bool?
    /// One of `BasicNeed` raw values, or "any".
    public var gap: String?
    /// Name, ID number or household number.
    public var q: String?

    public init(region: String? = nil, category: String? = nil, monitored: Bool? = nil, noLabour: Bool? = nil,
                gap: String? = nil, q: String? = nil) {
        self.region = region
        self.category = category
        self.monitored = monitored
        self.noLabour = noLabour
        self.gap = gap
        self.q = q
    }
}

extension ScopedRegistry {
    /// Households matching the filter inside the actor's region. Unknown filter values match nothing rather than
    /// everything, so a typo never widens a list.
    public func search(_ filter: HouseholdFilter) async throws -> QueryBuilder<HouseholdRecord> {
        var query = households().filter(\.$status == HouseholdStatus.active.rawValue)
        if let raw = filter.region?.trimmingASCIISpaces(), !raw.isEmpty {
            guard let code = RegionCode(raw) else { return query.filter(\.$id == UUID()) }
            query = query.within(code)
        }
        if let raw = filter.category, !raw.isEmpty {
            query = query.filter(\.$category == (HouseholdCategory(rawValue: raw)?.rawValue ?? "-"))
        }
        if filter.monitored == true { query = query.filter(\.$monitoringCategory != nil) }
        if filter.noLabour == true { query = query.filter(\.$hasLabour == false) }
        if let gap = filter.gap, !gap.isEmpty {
            switch BasicNeed(rawValue: gap) {
            case .housing: query = query.filter(\.$gapHousing == true)
            case .education: query = query.filter(\.$gapEducation == true)
            case .medical: query = query.filter(\.$gapMedical == true)
            case .water: query = query.filter(\.$gapWater == true)
            case nil where gap == "any":
                query = query.group(.or) {
                    $0.filter(\.$gapHousing == true).filter(\.$gapEducation == true).filter(\.$gapMedical == true).filter(\.$gapWater == true)
                }
            case nil: query = query.filter(\.$id == UUID())
            }
        }
        if let q = filter.q?.trimmingASCIISpaces(), !q.isEmpty {
            let text = String(q.prefix(40))
            let upper = text.uppercased()
            if upper.count >= 15, upper.allSatisfy({ $0.isASCIIDigit || $0 == "X" }) {
                // An ID number: normalise a 15-digit or lowercase one, then find its household.
                let id = (try? ResidentID(validating: upper))?.value ?? upper
                let ids = try await PersonRecord.query(on: db).filter(\.$idNumber == id).all().map(\.householdID)
                query = query.filter(\.$id ~~ ids)
            } else if text.allSatisfy({ $0.isASCII }) {
                query = query.filter(\.$number == text)
            } else {
                // A name: the householder's, or any member's. Candidates come from the two name indexes first, so the
                // region and status filters then only check those few rows.
                let members = try await PersonRecord.query(on: db).filter(\.$name == text).limit(500).all().map(\.householdID)
                let heads = try await HouseholdRecord.query(on: db).filter(\.$householderName == text).field(\.$id).limit(500).all()
                    .compactMap(\.id)
                query = query.filter(\.$id ~~ (members + heads))
            }
        }
        return query
    }
}

/// Counts for a region: what the home page and the region pages show.
public struct RegionCounts: Sendable, Codable {
    public var households = 0
    public var persons = 0
    public var alleviated = 0
    public var monitored = 0
    public var noLabour = 0
    public var gaps = 0
}

extension ScopedRegistry {
    /// Counts for a region and, grouped by the next level's code prefix, for each child region: one scan of the
    /// village-code range, the same SQL on SQLite and PostgreSQL (sums cast so both return integers).
    private func grouped(in code: RegionCode, byPrefix length: Int?) async throws -> [String: RegionCounts] {
        guard canSee(code), let sql = db as? any SQLDatabase else { return [:] }
        let range = code.codeRange
        let key: SQLQueryString = length.map { "substr(village_code, 1, \(literal: $0))" } ?? "''"
        let query: SQLQueryString = """
            SELECT \(key) AS k, CAST(COUNT(*) AS BIGINT) AS households,
              CAST(COALESCE(SUM(member_count), 0) AS BIGINT) AS persons,
              CAST(COALESCE(SUM(CASE WHEN category = \(bind: HouseholdCategory.alleviated.rawValue) THEN 1 ELSE 0 END), 0) AS BIGINT) AS alleviated,
              CAST(COALESCE(SUM(CASE WHEN monitoring_category IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS monitored,
              CAST(COALESCE(SUM(CASE WHEN has_labour THEN 0 ELSE 1 END), 0) AS BIGINT) AS no_labour,
              CAST(COALESCE(SUM(CASE WHEN gap_housing OR gap_education OR gap_medical OR gap_water THEN 1 ELSE 0 END), 0) AS BIGINT) AS gaps
            FROM households WHERE village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
              AND status = \(bind: HouseholdStatus.active.rawValue)
            \(unsafeRaw: length == nil ? "" : "GROUP BY 1")
            """
        var result: [String: RegionCounts] = [:]
        for row in try await sql.raw(query).all() {
            var c = RegionCounts()
            c.households = Int(try row.decode(column: "households", as: Int64.self))
            c.persons = Int(try row.decode(column: "persons", as: Int64.self))
            c.alleviated = Int(try row.decode(column: "alleviated", as: Int64.self))
            c.monitored = Int(try row.decode(column: "monitored", as: Int64.self))
            c.noLabour = Int(try row.decode(column: "no_labour", as: Int64.self))
            c.gaps = Int(try row.decode(column: "gaps", as: Int64.self))
            result[try row.decode(column: "k", as: String.self)] = c
        }
        return result
    }

    public func counts(in code: RegionCode) async throws -> RegionCounts {
        try await grouped(in: code, byPrefix: nil).values.first ?? RegionCounts()
    }

    /// Counts for each child region of `code`.
    public func childCounts(of code: RegionCode) async throws -> [(region: RegionRecord, counts: RegionCounts)] {
        let children = try await self.children(of: code)
        guard let childLevel = code.level.child else { return [] }
        let totals = try await grouped(in: code, byPrefix: childLevel.significantDigits)
        return children.map { ($0, totals[$0.id!] ?? RegionCounts()) }
    }
}

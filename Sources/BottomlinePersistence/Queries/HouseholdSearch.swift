import BottomlineDomain
import Fluent
import Foundation

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
        var query = households()
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
                // A name: the householder's, or any member's.
                let ids = try await PersonRecord.query(on: db).filter(\.$name == text).limit(500).all().map(\.householdID)
                query = query.group(.or) { $0.filter(\.$householderName == text).filter(\.$id ~~ ids) }
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
    public func counts(in code: RegionCode) async throws -> RegionCounts {
        guard canSee(code) else { return RegionCounts() }
        let base = { HouseholdRecord.query(on: self.db).within(code) }
        var counts = RegionCounts()
        counts.households = try await base().count()
        counts.persons = try await base().sum(\.$memberCount) ?? 0
        counts.alleviated = try await base().filter(\.$category == HouseholdCategory.alleviated.rawValue).count()
        counts.monitored = try await base().filter(\.$monitoringCategory != nil).count()
        counts.noLabour = try await base().filter(\.$hasLabour == false).count()
        counts.gaps = try await base().group(.or) {
            $0.filter(\.$gapHousing == true).filter(\.$gapEducation == true).filter(\.$gapMedical == true).filter(\.$gapWater == true)
        }.count()
        return counts
    }

    /// Household and person counts for each child region, in one grouped query.
    public func childCounts(of code: RegionCode) async throws -> [(RegionRecord, households: Int, persons: Int, monitored: Int)] {
        let children = try await self.children(of: code)
        guard let childLevel = code.level.child else { return [] }
        let rows = try await HouseholdRecord.query(on: db).within(code).field(\.$villageCode).field(\.$memberCount)
            .field(\.$monitoringCategory).all()
        var totals: [String: (Int, Int, Int)] = [:]
        for row in rows {
            let key = String(row.villageCode.prefix(childLevel.significantDigits))
            var t = totals[key] ?? (0, 0, 0)
            t.0 += 1
            t.1 += row.memberCount
            if row.monitoringCategory != nil { t.2 += 1 }
            totals[key] = t
        }
        return children.map { child in
            let t = totals[child.id!] ?? (0, 0, 0)
            return (child, t.0, t.1, t.2)
        }
    }
}

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
public struct HouseholdFilter: Sendable, Codable, Hashable {
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

/// The number every write of a person or household changes (`registry_version`, migration 021), and the token that
/// tells this database from others a process may open: what is read from the registry can be kept until it changes.
enum RegistryVersion {
    static func current(_ sql: any SQLDatabase) async throws -> (version: Int64, token: String) {
        let row = try await sql.raw("SELECT version, token FROM registry_version WHERE id = 1").first()
        return (try row?.decode(column: "version", as: Int64.self) ?? -1, try row?.decode(column: "token", as: String.self) ?? "")
    }
}

/// How many households a list matches, per database, place and filter, kept until the registry is next written. At a
/// million households the count reads a million index entries (0.17 s on SQLite); a county paging through its list,
/// or fifty officers opening it, count once per change of the registry, exactly.
actor HouseholdCountCache {
    static let shared = HouseholdCountCache()
    struct Key: Hashable { let database: String; let region: String; let filter: HouseholdFilter }
    private var entries: [Key: (version: Int64, count: Int)] = [:]
    /// Counts answered from the cache (tests read it).
    private(set) var hits = 0

    func count(_ key: Key, version: Int64) -> Int? {
        guard version >= 0, let e = entries[key], e.version == version else { return nil }
        hits += 1
        return e.count
    }

    func keep(_ key: Key, version: Int64, count: Int) {
        guard version >= 0 else { return }
        if entries.count >= 2_000, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
        entries[key] = (version, count)
    }
}

extension ScopedRegistry {
    /// How many active households inside the actor's region match `filter` (the total above the list): counted once
    /// per change of the registry. The version is read before counting, so a count is never kept for a later version
    /// than the one it saw.
    public func countHouseholds(matching filter: HouseholdFilter) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return try await search(filter).countHouseholds() }
        let (version, token) = try await RegistryVersion.current(sql)
        let key = HouseholdCountCache.Key(database: token, region: region.digits, filter: filter)
        if let kept = await HouseholdCountCache.shared.count(key, version: version) { return kept }
        let counted = try await search(filter).countHouseholds()
        await HouseholdCountCache.shared.keep(key, version: version, count: counted)
        return counted
    }

    /// At most this many households answer one name inside the place searched.
    static let nameMatches = 5000

    /// Households matching the filter inside the actor's region. Unknown filter values match nothing rather than
    /// everything, so a typo never widens a list.
    public func search(_ filter: HouseholdFilter) async throws -> QueryBuilder<HouseholdRecord> {
        var query = households().filter(\.$status == HouseholdStatus.active.rawValue)
        // The narrowest place asked for: the name look-up below searches only there.
        var place = region
        if let raw = filter.region?.trimmingASCIISpaces(), !raw.isEmpty {
            guard let code = RegionCode(raw) else { return query.filter(\.$id == UUID()) }
            query = query.within(code)
            if region.contains(code) { place = code }
        }
        if let raw = filter.category, !raw.isEmpty {
            query = query.filter(\.$category == (HouseholdCategory(rawValue: raw)?.rawValue ?? "-"))
        }
        if filter.monitored == true { query = query.filter(\.$monitoringCategory != nil) }
        if filter.noLabour == true { query = query.filter(\.$hasLabour == false) }
        if let gap = filter.gap, !gap.isEmpty {
            // Every gap filter states "some gap" in the partial index's own words (implied by any one gap), so both
            // databases answer from that index; then the gap asked for.
            if gap == "any" || BasicNeed(rawValue: gap) != nil {
                query = query.filter(.sql(unsafeRaw: "(" + CreateGapIndex.condition + ")"))
            }
            switch BasicNeed(rawValue: gap) {
            case .housing: query = query.filter(\.$gapHousing == true)
            case .education: query = query.filter(\.$gapEducation == true)
            case .medical: query = query.filter(\.$gapMedical == true)
            case .water: query = query.filter(\.$gapWater == true)
            case nil where gap == "any": break
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
                // A name: the householder's, or any member's, looked up inside the place first and only then limited,
                // so a common name elsewhere in the province cannot crowd out the user's own households.
                let range = place.codeRange
                let members = try await PersonRecord.query(on: db).filter(\.$name == text)
                    .join(HouseholdRecord.self, on: \PersonRecord.$householdID == \HouseholdRecord.$id)
                    .filter(HouseholdRecord.self, \.$villageCode >= range.lower).filter(HouseholdRecord.self, \.$villageCode < range.upper)
                    .limit(Self.nameMatches).all().map(\.householdID)
                let heads = try await HouseholdRecord.query(on: db).filter(\.$householderName == text).within(place).field(\.$id)
                    .limit(Self.nameMatches).all().compactMap(\.id)
                query = query.filter(\.$id ~~ (members + heads))
            }
        }
        return query
    }
}

import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// Who is acting, and over which region. Every read and write of the registry goes through `ScopedRegistry`, which
/// takes one of these: there is no other way to reach a household from the web layer.
public struct Actor: Sendable {
    public let userID: UUID?
    public let username: String
    public let role: Role
    public let region: RegionCode
    /// For a department data officer: the feeds it sends and reads (none until an administrator assigns them).
    /// Nil for every other role, which is not limited by feed.
    public var feedKinds: Set<FeedKind>?
    /// For a bank's data officer: the bank whose 小额信贷 files it sends.
    public var bank: String?

    public init(userID: UUID?, username: String, role: Role, region: RegionCode) {
        self.userID = userID
        self.username = username
        self.role = role
        self.region = region
    }

    public init(_ user: UserRecord) {
        self.init(userID: user.id, username: user.username, role: user.roleValue, region: user.region)
        if user.roleValue == .department { bank = user.bank }
    }

    /// The command line acts as a system administrator over the whole province.
    public static func system(region: RegionCode = RegionCode("41")!) -> Actor {
        Actor(userID: nil, username: "system", role: .admin, region: region)
    }
}

extension QueryBuilder where Model == HouseholdRecord {
    /// Households whose village lies in `region`: a half-open range on the indexed `village_code`.
    public func within(_ region: RegionCode) -> Self {
        let range = region.codeRange
        return filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
    }
}

extension QueryBuilder where Model == RegionRecord {
    public func within(_ region: RegionCode) -> Self {
        let range = region.codeRange
        return filter(\.$id >= range.lower).filter(\.$id < range.upper)
    }
}

/// The registry as one actor may see it.
public struct ScopedRegistry: Sendable {
    public let db: any Database
    public let actor: Actor

    public init(db: any Database, actor: Actor) {
        self.db = db
        self.actor = actor
    }

    public var region: RegionCode { actor.region }

    public func households() -> QueryBuilder<HouseholdRecord> {
        HouseholdRecord.query(on: db).within(actor.region)
    }

    /// A household by id, or nil when it does not exist or lies outside the actor's region (the caller answers 404
    /// either way, so a guessed id tells nothing).
    public func household(_ id: UUID) async throws -> HouseholdRecord? {
        try await households().filter(\.$id == id).first()
    }

    /// Households by id, those inside the actor's region only, read 500 at a time.
    public func households(_ ids: Set<UUID>) async throws -> [UUID: HouseholdRecord] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: HouseholdRecord] = [:]
        let all = Array(ids)
        for chunk in all.chunked() {
            for h in try await households().filter(\.$id ~~ chunk).all() { out[h.id!] = h }
        }
        return out
    }

    public func household(number: String) async throws -> HouseholdRecord? {
        try await households().filter(\.$number == number).first()
    }

    /// A person by id, only if their household is inside the actor's region.
    public func person(_ id: UUID) async throws -> (PersonRecord, HouseholdRecord)? {
        guard let person = try await PersonRecord.find(id, on: db),
              let household = try await household(person.householdID) else { return nil }
        return (person, household)
    }

    public func members(of household: HouseholdRecord, includingFormer: Bool = true) async throws -> [PersonRecord] {
        var query = PersonRecord.query(on: db).filter(\.$householdID == household.id!)
        if !includingFormer { query = query.filter(\.$status == MemberStatus.present.rawValue) }
        return try await query.all().sorted(by: PersonRecord.familyOrder)
    }

    public func region(_ code: RegionCode) async throws -> RegionRecord? {
        guard actor.region.contains(code) || code.contains(actor.region) else { return nil }
        return try await RegionRecord.find(code.digits, on: db)
    }

    /// Whether the actor may see a region (its own, one inside it, or one of its parents for breadcrumbs).
    public func canSee(_ code: RegionCode) -> Bool { actor.region.contains(code) }

    /// The villages of the user's region, each named with its township ("南顿镇 王庄村"), in code order.
    public func villageChoices() async throws -> [(value: String, label: String)] {
        let villages = try await RegionRecord.query(on: db).within(region).filter(\.$level == RegionCode.Level.village.rawValue)
            .sort(\.$id).limit(5000).all()
        let townships = try await RegionStore.names(for: Set(villages.compactMap(\.parentCode)), on: db)
        return villages.map { ($0.id!, "\(townships[$0.parentCode ?? ""] ?? "") \($0.name)") }
    }

    public func children(of code: RegionCode) async throws -> [RegionRecord] {
        guard canSee(code) else { return [] }
        return try await RegionRecord.query(on: db).filter(\.$parentCode == code.digits).sort(\.$id).all()
    }
}

extension PersonRecord {
    /// Householder first, then by relation order, then by birth date.
    public static func familyOrder(_ a: PersonRecord, _ b: PersonRecord) -> Bool {
        let order = Relation.allCases.map(\.rawValue)
        let ra = order.firstIndex(of: a.relation) ?? order.count, rb = order.firstIndex(of: b.relation) ?? order.count
        return (a.isMember ? 0 : 1, ra, a.birthDate) < (b.isMember ? 0 : 1, rb, b.birthDate)
    }
}

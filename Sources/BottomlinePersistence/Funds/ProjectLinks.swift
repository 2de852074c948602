import BottomlineDomain
import Fluent
import Foundation

/// 联农带农 (issue 15 §2): the registry households a project links, so its 脱贫户 and 监测对象 are counted from the
/// registry rather than typed, and a household's page lists the projects it gains from. A user links households of
/// their own region to a project they see; each link carries the household's village, moves with it (it is one of
/// `RegistryStore.householdOwnedTables`), and is read back only inside the reader's region.
extension ProjectStore {
    /// The counts a project's links give, over every linked household (figures, no names).
    public struct LinkCounts: Sendable, Equatable {
        public var households = 0, alleviated = 0, monitored = 0
        public init() {}
    }

    /// A village, township or county user acting at their own level, on a project placed in their region that was
    /// not refused.
    public func mayLink(_ project: ProjectRecord) -> Bool {
        [.village, .township, .county].contains(actor.role) && actor.role.stepLevel == actor.region.level
            && actor.region.contains(project.place) && project.stageValue != .rejected
    }

    /// Links households by number, all or none: each must be a household of the actor's region in the project's county,
    /// and `way` one of the project's ways. Households already linked are left as they are. Returns how many were added.
    @discardableResult
    public func link(_ project: ProjectRecord, numbers: [String], way: FarmerLinkWay, today: CivilDate) async throws -> Int {
        guard mayLink(project) else { throw FieldProblems(["_": "联农带农农户由项目所在村、乡镇或县级关联"]) }
        guard project.draft.linkWays.contains(way) else {
            throw FieldProblems(["way": "项目的联农带农方式不含“\(way.label)”；请先变更项目或选择项目已有的方式"])
        }
        guard !numbers.isEmpty else { throw FieldProblems(["numbers": "请填写要关联的户编号"]) }
        var found: [HouseholdRecord] = []
        var missing: [String] = []
        for number in numbers {
            if let h = try await registry.household(number: number), h.villageCode.hasPrefix(project.countyCode), h.status == "active" {
                found.append(h)
            } else {
                missing.append(number)
            }
        }
        guard missing.isEmpty else {
            throw FieldProblems(["numbers": "在您的辖区内没有找到这些在册户编号：\(missing.prefix(10).joined(separator: "、"))\(missing.count > 10 ? "等\(missing.count)户" : "")"])
        }
        let projectID = project.id!
        var seen = Set<UUID>()
        found = found.filter { seen.insert($0.id!).inserted }
        let already = Set(try await ProjectHouseholdRecord.query(on: db).filter(\.$projectID == projectID).filter(\.$householdID ~~ found.map { $0.id! }).all().map(\.householdID))
        let fresh = found.filter { !already.contains($0.id!) }
        guard !fresh.isEmpty else { return 0 }
        let actor = self.actor
        let records = fresh.map { h -> ProjectHouseholdRecord in
            let r = ProjectHouseholdRecord()
            (r.projectID, r.householdID, r.villageCode, r.way, r.linkedOn, r.username) = (projectID, h.id!, h.villageCode, way.rawValue, today.description, actor.username)
            return r
        }
        try await db.writeTransaction { tx in
            for part in records.chunked() { try await part.create(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: .project, entity: "project_households", entityID: projectID.uuidString, region: project.regionCode,
                                      summary: "项目\(project.number)联农带农（\(way.label)）关联\(records.count)户：\(fresh.prefix(20).map(\.number).joined(separator: "、"))\(fresh.count > 20 ? "等" : "")")
        }
        return records.count
    }

    /// Removes one household's link (a household of the actor's region).
    public func unlink(_ project: ProjectRecord, household id: UUID) async throws {
        guard mayLink(project) else { throw FieldProblems(["_": "联农带农农户由项目所在村、乡镇或县级关联"]) }
        guard let link = try await registry.scoped(ProjectHouseholdRecord.self).filter(\.$projectID == project.id!).filter(\.$householdID == id).first(),
              let household = try await registry.household(id) else {
            throw FieldProblems(["_": "该户未关联本项目，或不在您的辖区"])
        }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await link.delete(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .project, entity: "project_households", entityID: project.id!.uuidString,
                                      householdID: id, region: household.villageCode, summary: "项目\(project.number)取消关联户\(household.number)")
        }
    }

    /// The linked households the reader sees, by village and number, with their link.
    public func linked(_ project: ProjectRecord) async throws -> [(link: ProjectHouseholdRecord, household: HouseholdRecord)] {
        let links = try await registry.scoped(ProjectHouseholdRecord.self).filter(\.$projectID == project.id!).all()
        var households: [UUID: HouseholdRecord] = [:]
        for chunk in links.map(\.householdID).chunked() {
            for h in try await registry.households().filter(\.$id ~~ chunk).all() { households[h.id!] = h }
        }
        return links.compactMap { l in households[l.householdID].map { (l, $0) } }.sorted { ($0.household.villageCode, $0.household.number) < ($1.household.villageCode, $1.household.number) }
    }

    /// What every link of the project counts, whoever reads it: households, of which 脱贫户 and 监测对象 as the registry
    /// has them now.
    public static func linkCounts(_ project: ProjectRecord, on db: any Database) async throws -> LinkCounts {
        let ids = try await ProjectHouseholdRecord.query(on: db).filter(\.$projectID == project.id!).all().map(\.householdID)
        var out = LinkCounts()
        for chunk in ids.chunked() {
            for h in try await HouseholdRecord.query(on: db).filter(\.$id ~~ chunk).all() {
                out.households += 1
                if h.category == HouseholdCategory.alleviated.rawValue { out.alleviated += 1 }
                if h.monitoringCategory != nil { out.monitored += 1 }
            }
        }
        return out
    }
}

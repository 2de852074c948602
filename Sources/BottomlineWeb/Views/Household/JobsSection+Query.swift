import BottomlineDomain
import BottomlinePersistence
import Fluent

extension JobsSection.Model {
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, today: CivilDate) async throws -> Self {
        let db = registry.db, id = household.id!
        let people = try await PersonRecord.query(on: db).filter(\.$householdID == id).sort(\.$birthDate).all()
        let name = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        let home = RegionCode(String(household.villageCode.prefix(6)))!
        let spells = try await WorkSpellRecord.query(on: db).filter(\.$householdID == id).sort(\.$startMonth, .descending).all().map { r -> JobsSection.Line in
            let s = r.spell
            let scope = s.map { WorkPlaceScope.of(place: $0.place, home: home).label } ?? ""
            return .init(id: r.id!.uuidString, person: name[r.personID] ?? "", cells: [s?.period ?? r.startMonth, "\(scope)（\(r.placeCode)）", r.employer,
                                                                                      WorkChannel(rawValue: r.channel)?.label ?? r.channel,
                                                                                      r.monthlyIncomeFen.map { Money(fen: $0).yuanText } ?? ""], open: r.endMonth == nil)
        }
        let posts = try await PublicPostRecord.query(on: db).filter(\.$householdID == id).sort(\.$startOn, .descending).all().map { r -> JobsSection.Line in
            .init(id: r.id!.uuidString, person: name[r.personID] ?? "", cells: [PublicPostType(rawValue: r.postType)?.label ?? r.postType, r.employer,
                                                                              r.post?.period ?? r.startOn, Money(fen: r.monthlyPayFen).yuanText], open: r.endOn == nil)
        }
        let yulu = try await YuluPaymentRecord.query(on: db).filter(\.$householdID == id).sort(\.$termStart, .descending).all().map { r -> JobsSection.Line in
            .init(id: r.id!.uuidString, person: name[r.personID] ?? "", cells: [r.school, VocationalSchoolType(rawValue: r.schoolType)?.label ?? r.schoolType,
                                                                              r.termStart, Money(fen: r.amountFen).yuanText, r.paidOn], open: false)
        }
        let skills = try await SkillRecord.query(on: db).filter(\.$householdID == id).sort(\.$onDate, .descending).all().map { r -> JobsSection.Line in
            .init(id: r.id!.uuidString, person: name[r.personID] ?? "", cells: [SkillRecordKind(rawValue: r.kind)?.label ?? r.kind, r.name, r.onDate], open: false)
        }
        let transport = try await TransportSubsidyRecord.query(on: db).filter(\.$householdID == id).sort(\.$year, .descending).all().map { r -> JobsSection.Line in
            .init(id: r.id!.uuidString, person: name[r.personID] ?? "", cells: [String(r.year), Money(fen: r.amountFen).yuanText, r.paidOn, r.reason], open: false)
        }
        let claims = try await InsuranceClaimRecord.query(on: db).filter(\.$householdID == id).sort(\.$openedOn, .descending).all().map { r -> JobsSection.Line in
            .init(id: r.id!.uuidString, person: r.triggerValue?.label ?? r.trigger, cells: [Money(fen: r.costFen).yuanText, Money(fen: r.amountFen).yuanText, r.arithmetic,
                                                                                          (r.statusValue?.label ?? r.status) + (r.paidOn.map { " \($0)" } ?? "")], open: false)
        }
        let insured = try await InsuranceSchemeRecord.query(on: db).filter(\.$countyCode == String(household.villageCode.prefix(6))).filter(\.$year == today.year).first() != nil
        let mayRecord = registry.actor.role.stepLevel != nil && household.isActive
        let present = people.filter { $0.status == MemberStatus.present.rawValue }
        return Self(householdID: id.uuidString, today: today, mayRecord: mayRecord,
                    members: mayRecord ? present.map { (id: $0.id!.uuidString, name: "\($0.name)（\(Relation(rawValue: $0.relation)?.label ?? $0.relation)）") } : [],
                    spells: spells, posts: posts, yulu: yulu, skills: skills, transport: transport,
                    claims: claims, insured: insured)
    }
}

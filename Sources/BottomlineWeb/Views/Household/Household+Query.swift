import BottomlineDomain
import BottomlinePersistence
import Fluent

extension HouseholdPage.Model {
    /// `revealed`: the person whose full ID number was just shown (and logged), if any.
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, names: CodeNames, revealed: String?,
                      context: PageContext, today: CivilDate) async throws -> Self {
        let db = registry.db
        let id = household.id!
        let members = try await registry.members(of: household)
        let incomes = try await IncomeRecord.query(on: db).filter(\.$householdID == id).sort(\.$year, .descending).all()
        let events = try await MembershipEventRecord.query(on: db).filter(\.$householdID == id).sort(\.$eventDate, .descending).all()
        let history = try await AuditLog.forHousehold(id, on: db)
        let people = try await UserStore.displayNames(history.prefix(200).map(\.username), on: db)
        let village = try await RegionRecord.find(household.villageCode, on: db)
        let needs = household.basicNeeds(members: members, on: today)
        let canEdit = registry.actor.role.canEditRegistry
        // Township › village › 农户名册, as far up as the user may see.
        var crumbs: [Layout.Crumb] = [("农户名册", "\(SitePath.households)?region=\(household.villageCode)")]
        if let village {
            crumbs.insert((village.name, "\(SitePath.region(.value(village.id!)))"), at: 0)
            if let townshipCode = village.parentCode.flatMap(RegionCode.init), registry.canSee(townshipCode),
               let township = try await RegionRecord.find(townshipCode.digits, on: db) {
                crumbs.insert((township.name, "\(SitePath.region(.value(townshipCode.digits)))"), at: 0)
            }
        }
        return Self(
            context: context, id: id.uuidString, householderName: household.householderName, crumbs: crumbs, isActive: household.isActive,
            canEdit: canEdit, number: household.number, villageName: village?.name ?? "", villageCode: household.villageCode,
            category: household.categoryValue?.label ?? household.category, tags: HouseholdTags(household, names: names),
            monitoring: household.monitoringValue.map { "\(names($0))（\(household.monitoringSince ?? "")纳入）" } ?? "否",
            address: household.address, phone: (revealed == "phone:" + id.uuidString ? household.phone : household.phone.map(Format.maskedPhone)) ?? "",
            phoneRevealed: revealed == "phone:" + id.uuidString && household.phone != nil,
            account: (revealed == "account:" + id.uuidString ? household.bankAccount : household.bankAccount.map(Format.maskedAccount)) ?? "",
            accountRevealed: revealed == "account:" + id.uuidString && household.bankAccount != nil, relocated: household.relocated,
            housingGrade: household.housingGrade.flatMap(HousingGrade.init(rawValue:))?.label ?? "未采集",
            water: household.waterSecure.map { $0 ? "安全" : "不安全" } ?? "未采集",
            needs: BasicNeed.allCases.map { need in
                if let gap = needs.gaps.first(where: { $0.need == need }) { return .init(label: need.label, state: "gap", reason: gap.reason) }
                return .init(label: need.label, state: needs.unknown.contains(need) ? "unknown" : "met", reason: "")
            },
            monitoringSection: try await MonitoringSection.Model.query(registry, household: household, names: names, today: today),
            eligibility: try await EligibilityPanel.Model.query(registry, household: household, members: members, incomes: incomes, today: today),
            helper: try await HelperPanel.Model.query(registry, household: household, canEdit: canEdit && household.isActive, today: today),
            memberCount: household.memberCount,
            members: members.map { p in
                .init(id: p.id!.uuidString, name: p.name, relation: Format.label(Relation.self, p.relation),
                      fullID: revealed == p.id?.uuidString ? p.idNumber : nil, maskedID: ResidentID.mask(p.idNumber),
                      sex: Sex(rawValue: p.sex)?.label ?? "", age: p.birth.map { String($0.age(on: today)) } ?? "",
                      labour: Format.label(LabourCapacity.self, p.labour),
                      health: Format.label(HealthStatus.self, p.health) + (p.disability.flatMap(DisabilityGrade.init(rawValue:)).map { "（\($0.label)）" } ?? ""),
                      education: Format.label(EducationStage.self, p.education), insured: p.medicalInsured.map { $0 ? "已参保" : "未参保" } ?? "",
                      employment: Format.label(EmploymentStatus.self, p.employment) + (p.workPlace.map { "（\($0)）" } ?? ""),
                      status: Format.label(MemberStatus.self, p.status))
            },
            incomeFields: IncomeField.allCases.map(\.label),
            incomes: incomes.map { r in
                let i = r.income
                return .init(year: r.year, fields: IncomeField.allCases.map { i[$0].yuanText }, net: i.netIncome.yuanText,
                             perCapita: i.perCapitaNet(members: max(1, r.memberCount))?.yuanText ?? "")
            },
            events: events.map { .init(date: $0.eventDate, kind: Format.label(MembershipEventKind.self, $0.kind), note: $0.note) },
            history: history.prefix(200).map { a in
                .init(at: Format.time(a.at), username: people[a.username] ?? a.username, action: AuditLog.Action(rawValue: a.action)?.label ?? a.action, summary: a.summary)
            })
    }
}

extension HouseholdTags {
    init(_ h: HouseholdRecord, names: CodeNames) {
        self.init(monitoring: h.monitoringValue.map { names($0) }, housing: h.gapHousing, education: h.gapEducation, medical: h.gapMedical,
                  water: h.gapWater, noLabour: !h.hasLabour)
    }
}

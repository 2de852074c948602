import BottomlineDomain
import BottomlinePersistence
import Fluent

extension EligibilityPanel.Model {
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, members: [PersonRecord], incomes: [IncomeRecord],
                      today: CivilDate) async throws -> Self {
        let place = RegionCode(household.villageCode) ?? registry.region
        let book = try await PolicyStore.book(for: place, on: registry.db)
        let latest = incomes.max { $0.year < $1.year }
        let eligibility = EligibilityAssessment(.init(
            category: household.categoryValue ?? .ordinary, income: latest?.income, members: household.memberCount,
            needs: household.basicNeeds(members: members, on: today), hasLabour: household.hasLabour,
            line: latest.flatMap { book.incomeLine(forIncomeYear: $0.year, place: place) }))
        return Self(objectName: book.text(.monitoringObjectName, for: place, on: today) ?? "监测对象",
                    suggestion: eligibility.suggestion?.label, reasons: eligibility.reasons)
    }

    /// The panel for a household, reading its members and incomes.
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, today: CivilDate) async throws -> Self {
        let members = try await registry.members(of: household)
        let incomes = try await IncomeRecord.query(on: registry.db).filter(\.$householdID == household.id!).all()
        return try await query(registry, household: household, members: members, incomes: incomes, today: today)
    }
}

extension HouseholdRecord {
    /// 两不愁三保障及饮水安全 from the household's record and its current members.
    func basicNeeds(members: [PersonRecord], on today: CivilDate) -> BasicNeedsAssessment {
        BasicNeedsAssessment(
            housing: housingGrade.flatMap(HousingGrade.init(rawValue:)), waterSecure: waterSecure,
            members: members.filter(\.isMember).map {
                .init(name: $0.name, birthDate: $0.birth ?? today, education: $0.education.flatMap(EducationStage.init(rawValue:)),
                      medicalInsured: $0.medicalInsured)
            }, on: today)
    }
}

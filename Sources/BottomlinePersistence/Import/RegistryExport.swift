import BottomlineDomain
import Fluent
import Foundation

/// The registry as an import file: the same columns, so an export can be edited and imported back.
public enum RegistryExport {
    public static func table(_ registry: ScopedRegistry) async throws -> Table {
        let households = try await registry.households().sort(\.$villageCode).sort(\.$number).all()
        var villages: [RegionCode: String] = [:]
        for village in try await RegionRecord.query(on: registry.db).within(registry.region).filter(\.$level == 5).all() {
            villages[village.code] = village.name
        }
        var members: [UUID: [PersonRecord]] = [:]
        var incomes: [UUID: IncomeRecord] = [:]
        for chunk in households.compactMap(\.id).chunked() {
            for person in try await PersonRecord.query(on: registry.db).filter(\.$householdID ~~ chunk)
                .filter(\.$status == MemberStatus.present.rawValue).all() {
                members[person.householdID, default: []].append(person)
            }
            // The latest year's income of each household.
            for income in try await IncomeRecord.query(on: registry.db).filter(\.$householdID ~~ chunk).all()
            where (incomes[income.householdID]?.year ?? 0) < income.year {
                incomes[income.householdID] = income
            }
        }
        let drafts = households.map { h in
            HouseholdDraft(number: h.number, villageCode: RegionCode(h.villageCode)!, address: h.address, phone: h.phone,
                           category: h.categoryValue ?? .ordinary, relocated: h.relocated,
                           housingGrade: h.housingGrade.flatMap(HousingGrade.init(rawValue:)), waterSecure: h.waterSecure,
                           income: incomes[h.id!]?.income,
                           members: (members[h.id!] ?? []).sorted(by: PersonRecord.familyOrder).map(\.draft))
        }
        return RegistryFileWriter.table(drafts, villageNames: villages)
    }
}

extension PersonRecord {
    /// The stored person as a draft, for exports.
    var draft: PersonDraft {
        PersonDraft(name: name, id: residentID, relation: Relation(rawValue: relation) ?? .other,
                    labour: labour.flatMap(LabourCapacity.init(rawValue:)), health: health.flatMap(HealthStatus.init(rawValue:)),
                    disability: disability.flatMap(DisabilityGrade.init(rawValue:)),
                    education: education.flatMap(EducationStage.init(rawValue:)), medicalInsured: medicalInsured,
                    employment: employment.flatMap(EmploymentStatus.init(rawValue:)), workPlace: workPlace)
    }
}

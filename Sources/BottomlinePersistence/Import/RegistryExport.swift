import BottomlineDomain
import Fluent

/// The registry as an import file: the same columns, so an export can be edited and imported back.
public enum RegistryExport {
    public static func table(_ registry: ScopedRegistry) async throws -> Table {
        let columns: [RegistryColumn] = [.householdNumber, .villageCode, .villageName, .name, .idNumber, .relation, .category,
                                         .labour, .health, .disability, .education, .medicalInsured, .employment, .workPlace,
                                         .phone, .relocated, .address, .housingGrade, .waterSecure]
        let households = try await registry.households().sort(\.$villageCode).sort(\.$number).all()
        let villages = Dictionary(try await RegionRecord.query(on: registry.db).within(registry.region).filter(\.$level == 5).all()
            .map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        var members: [UUID: [PersonRecord]] = [:]
        for chunk in households.compactMap(\.id).chunked(500) {
            for person in try await PersonRecord.query(on: registry.db).filter(\.$householdID ~~ Array(chunk))
                .filter(\.$status == MemberStatus.present.rawValue).all() {
                members[person.householdID, default: []].append(person)
            }
        }
        func label<L: CodeList>(_ type: L.Type, _ raw: String?) -> String { raw.flatMap(L.init(rawValue:))?.label ?? "" }
        var rows: [[String]] = []
        for h in households {
            for p in (members[h.id!] ?? []).sorted(by: PersonRecord.familyOrder) {
                rows.append([h.number, h.villageCode, villages[h.villageCode] ?? "", p.name, p.idNumber,
                             label(Relation.self, p.relation), label(HouseholdCategory.self, h.category),
                             label(LabourCapacity.self, p.labour), label(HealthStatus.self, p.health),
                             label(DisabilityGrade.self, p.disability), label(EducationStage.self, p.education),
                             p.medicalInsured.map(YesNo.label) ?? "", label(EmploymentStatus.self, p.employment), p.workPlace ?? "",
                             h.phone ?? "", YesNo.label(h.relocated), h.address, h.housingGrade ?? "", h.waterSecure.map(YesNo.label) ?? ""])
            }
        }
        return Table(header: columns.map(\.header), rows: rows)
    }
}

/// The inverse of `RegistryImportValidator`: households as rows of the import file (one row per person), so an export
/// can be edited in a spreadsheet and imported back unchanged.
public enum RegistryFileWriter {
    public static let columns: [RegistryColumn] = [
        .householdNumber, .villageCode, .villageName, .name, .idNumber, .relation, .category, .labour, .health, .disability,
        .education, .medicalInsured, .employment, .workPlace, .phone, .bankAccount, .relocated, .address, .housingGrade, .waterSecure,
        .incomeYear, .wages, .business, .property, .transfers, .businessCosts, .compliantSelfPaid,
    ]

    public static func table(_ households: [HouseholdDraft], villageNames: [RegionCode: String] = [:]) -> Table {
        var rows: [[String]] = []
        rows.reserveCapacity(households.count * 4)
        for h in households {
            for (index, p) in h.members.enumerated() {
                // Household fields and income go on the first row; later rows leave them blank, which the importer reads
                // as "same as above".
                let first = index == 0
                let income = first ? h.income : nil
                var row = [h.number, h.villageCode.digits, first ? (villageNames[h.villageCode] ?? h.villageName ?? "") : "", p.name, p.id.value,
                           p.relation.label, h.category.label, p.labour?.label ?? "", p.health?.label ?? "", p.disability?.label ?? "",
                           p.education?.label ?? "", p.medicalInsured.map(YesNo.label) ?? "", p.employment?.label ?? "", p.workPlace ?? "",
                           first ? (h.phone ?? "") : "", first ? (h.bankAccount ?? "") : "", first ? YesNo.label(h.relocated) : "", first ? h.address : "",
                           first ? (h.housingGrade?.rawValue ?? "") : "", first ? (h.waterSecure.map(YesNo.label) ?? "") : ""]
                row.append(income.map { String($0.year) } ?? "")
                for field in IncomeField.allCases { row.append(income.map { $0[field].description } ?? "") }
                rows.append(row)
            }
        }
        return Table(header: columns.map(\.header), rows: rows)
    }
}

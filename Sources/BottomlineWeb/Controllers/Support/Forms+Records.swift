import BottomlineDomain
import BottomlinePersistence

/// Edit forms filled from the stored records.
extension PersonForm {
    init(_ p: PersonRecord) {
        self.init()
        name = p.name
        idNumber = p.idNumber
        relation = p.relation
        labour = p.labour ?? ""
        health = p.health ?? ""
        disability = p.disability ?? ""
        education = p.education ?? ""
        medicalInsured = p.medicalInsured.map(YesNo.label) ?? ""
        employment = p.employment ?? ""
        workPlace = p.workPlace ?? ""
    }
}

extension HouseholdForm {
    init(_ h: HouseholdRecord) {
        self.init()
        number = h.number
        villageCode = h.villageCode
        address = h.address
        phone = h.phone ?? ""
        category = h.category
        relocated = h.relocated ? "true" : ""
        housingGrade = h.housingGrade ?? ""
        waterSecure = h.waterSecure.map(YesNo.label) ?? ""
    }
}

extension RegistryForms.Household {
    init(_ h: HouseholdRecord) {
        self.init(id: h.id!.uuidString, number: h.number, householderName: h.householderName, villageCode: h.villageCode, memberCount: h.memberCount)
    }
}

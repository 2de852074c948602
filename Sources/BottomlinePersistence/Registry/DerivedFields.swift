import BottomlineDomain
import Foundation

/// What a household record stores about its members: size, householder, labour and 三保障 gaps. Computed in one place
/// for forms, events and imports alike.
struct DerivedFields {
    var memberCount: Int
    var householderID: UUID?
    var householderName: String
    var hasLabour: Bool
    var needs: BasicNeedsAssessment

    struct Member {
        var id: UUID
        var name: String
        var relation: String
        var birthDate: CivilDate
        var labour: String?
        var education: String?
        var insured: Bool?
        var present: Bool
    }

    init(housingGrade: String?, waterSecure: Bool?, members: [Member], on date: CivilDate = .today) {
        let present = members.filter(\.present)
        memberCount = present.count
        let head = present.first { $0.relation == Relation.householder.rawValue }
        householderID = head?.id
        householderName = head?.name ?? present.first?.name ?? ""
        hasLabour = present.contains { LabourCapacity(rawValue: $0.labour ?? "")?.isLabour ?? false }
        needs = BasicNeedsAssessment(
            housing: housingGrade.flatMap(HousingGrade.init(rawValue:)), waterSecure: waterSecure,
            members: present.map {
                .init(name: $0.name, birthDate: $0.birthDate, education: $0.education.flatMap(EducationStage.init(rawValue:)),
                      medicalInsured: $0.insured)
            }, on: date)
    }

    /// Writes the derived values (`Stored`, the one list of them) into a household record.
    func apply(to household: HouseholdRecord) {
        let stored = Stored(self)
        household.memberCount = stored.memberCount
        household.householderID = stored.householderID
        household.householderName = stored.householderName
        household.hasLabour = stored.hasLabour
        (household.gapHousing, household.gapEducation, household.gapMedical, household.gapWater) = (stored.gaps[0], stored.gaps[1], stored.gaps[2], stored.gaps[3])
    }
}

extension DerivedFields {
    /// The derived values a household record holds, to tell whether writing them would change anything (Fluent marks a
    /// field changed whenever it is assigned, even to the value it had).
    struct Stored: Equatable {
        let memberCount: Int, householderID: UUID?, householderName: String, hasLabour: Bool
        let gaps: [Bool]
    }
}

extension DerivedFields.Stored {
    /// The values `apply(to:)` writes: size, householder, labour and the four gaps in the order the record holds them.
    init(_ derived: DerivedFields) {
        self.init(memberCount: derived.memberCount, householderID: derived.householderID, householderName: derived.householderName,
                  hasLabour: derived.hasLabour,
                  gaps: [derived.needs.has(.housing), derived.needs.has(.education), derived.needs.has(.medical), derived.needs.has(.water)])
    }

    init(_ h: HouseholdRecord) {
        memberCount = h.memberCount
        householderID = h.householderID
        householderName = h.householderName
        hasLabour = h.hasLabour
        gaps = [h.gapHousing, h.gapEducation, h.gapMedical, h.gapWater]
    }
}

extension DerivedFields.Member {
    /// The birth date taken for a stored date that does not parse.
    static let unknownBirth = CivilDate(year: 1900, month: 1, day: 1)!

    init(_ p: PersonRecord) {
        self.init(id: p.id!, name: p.name, relation: p.relation, birthDate: p.birth ?? Self.unknownBirth,
                  labour: p.labour, education: p.education, insured: p.medicalInsured, present: p.isMember)
    }
}

extension PersonRecord {
    /// Copies a draft's fields (status and household are the caller's).
    func apply(_ draft: PersonDraft) {
        idNumber = draft.id.value
        name = draft.name
        sex = draft.sex.rawValue
        birthDate = draft.birthDate.description
        relation = draft.relation.rawValue
        labour = draft.labour?.rawValue
        health = draft.health?.rawValue
        disability = draft.disability?.rawValue
        education = draft.education?.rawValue
        medicalInsured = draft.medicalInsured
        employment = draft.employment?.rawValue
        workPlace = draft.workPlace
    }
}

extension HouseholdRecord {
    /// Copies a draft's household fields (derived fields are set by `DerivedFields`).
    func apply(_ draft: HouseholdDraft) {
        number = draft.number
        villageCode = draft.villageCode.digits
        address = draft.address
        phone = draft.phone
        // A file without the account (most exports of the national system have none) keeps the one on record; the
        // household's form removes one.
        if let account = draft.bankAccount { bankAccount = account }
        category = draft.category.rawValue
        relocated = draft.relocated
        housingGrade = draft.housingGrade?.rawValue
        waterSecure = draft.waterSecure
    }
}

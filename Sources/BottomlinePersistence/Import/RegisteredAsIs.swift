import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// A county imports its registry again and again (each month's 名册 from the national system), and most of each file is
/// households exactly as registered. Finding that out through Fluent's models — every household, every member twice
/// (by ID number, then by household), every income, each decoded by reflection — made a re-import of an unchanged
/// million-person file take 139 s against 27 s for its first import (perf: half the samples in `Fields.output`).
///
/// Here a batch's registered households, their members and incomes are read as plain values, and each draft is
/// compared with what is registered by the importer's own measures of change (`HouseholdSnapshot`, `PersonSnapshot`,
/// `DerivedFields.Stored`, the income): a household the file leaves exactly as it is needs nothing more. Every other
/// draft — new, changed, moved, with a member registered elsewhere — goes the way it went before, models and all.
enum RegisteredAsIs {
    struct Household {
        var id: UUID
        var snapshot: HouseholdSnapshot
        var derived: DerivedFields.Stored
    }

    struct Member {
        var idNumber: String
        var snapshot: PersonSnapshot
        var derived: DerivedFields.Member
    }

    /// The numbers of the drafts whose household is registered and which would change nothing of it: not its fields,
    /// not a member's, not the figures derived from its members, not the year's income. A draft naming a member who is
    /// not registered in that household is not among them.
    ///
    /// Inside the import's transaction the rows may be read as last committed (on SQLite, by a connection of the
    /// reader's own, stepped with SQLite's C interface: through SQLKit these reads were 16 of a re-import's 17 s of
    /// batches). The transaction has not written them: the first pass has made sure no household number and no ID
    /// number comes twice in the file, so each household, with its members and incomes, is met by one batch only, and
    /// an earlier batch writes only its own households (a person it names from another household is a problem, which
    /// stops every write).
    static func numbers(in drafts: [HouseholdDraft], today: CivilDate = .today, on db: any Database) async throws -> Set<String> {
        try await PlainReader.reading(db, committed: true) { reader in
            var households: [String: Household] = [:]
            for chunk in drafts.map(\.number).chunked() {
                for household in try await reader.rows("""
                    SELECT id, number, village_code, address, phone, bank_account, category, relocated, housing_grade,
                           water_secure, status, member_count, householder_id, householder_name, has_labour,
                           gap_housing, gap_education, gap_medical, gap_water
                    FROM households WHERE number IN (\(binds: chunk))
                    """, household) {
                    households[household.snapshot.number] = household
                }
            }
            guard !households.isEmpty else { return [] }
            let ids = households.values.map(\.id)
            // Each chunk's households are its own, so its rows are folded into a dictionary of their own and merged
            // (folding into the one before would copy it whole for every chunk).
            var members: [UUID: [Member]] = [:]
            for chunk in ids.chunked() {
                members.merge(try await reader.fold("""
                    SELECT household_id, id, id_number, name, birth_date, relation, labour, health, disability, education,
                           medical_insured, employment, work_place, status
                    FROM persons WHERE household_id IN (\(binds: chunk))
                    """, into: [:]) { members, row in
                    members[try row.uuid(0), default: []].append(try member(row))
                }, uniquingKeysWith: { a, _ in a })
            }
            var incomes: [UUID: [Int: HouseholdIncome]] = [:]
            for chunk in ids.chunked() {
                incomes.merge(try await reader.fold("""
                    SELECT household_id, year, wages, business, property, transfers, business_costs, compliant_self_paid
                    FROM household_incomes WHERE household_id IN (\(binds: chunk))
                    """, into: [:]) { incomes, row in
                    let year = Int(try row.int(1))
                    incomes[try row.uuid(0), default: [:]][year] = HouseholdIncome(
                        year: year, wages: Money(fen: try row.int(2)), business: Money(fen: try row.int(3)),
                        property: Money(fen: try row.int(4)), transfers: Money(fen: try row.int(5)),
                        businessCosts: Money(fen: try row.int(6)), compliantSelfPaid: Money(fen: try row.int(7)))
                }, uniquingKeysWith: { a, _ in a })
            }
            var unchanged: Set<String> = []
            for draft in drafts {
                guard let household = households[draft.number] else { continue }
                if leavesAsIs(draft, household, members: members[household.id] ?? [], incomes: incomes[household.id] ?? [:], today: today) {
                    unchanged.insert(draft.number)
                }
            }
            return unchanged
        }
    }

    /// Whether importing `draft` would leave `household` exactly as registered, by the same measures the importer's
    /// write uses to decide what to save and what to audit.
    static func leavesAsIs(_ draft: HouseholdDraft, _ household: Household, members: [Member], incomes: [Int: HouseholdIncome],
                           today: CivilDate = .today) -> Bool {
        let after = household.snapshot.applying(draft)
        guard after == household.snapshot else { return false }
        var members = members
        for person in draft.members {
            guard let at = members.firstIndex(where: { $0.idNumber == person.id.value }),
                  members[at].snapshot.applying(person) == members[at].snapshot else { return false }
            // The write sets the birth date from the ID number whether or not anything else changed.
            members[at].derived.birthDate = person.birthDate
        }
        let derived = DerivedFields(housingGrade: after.housingGrade, waterSecure: after.waterSecure,
                                    members: members.map(\.derived), on: today)
        guard DerivedFields.Stored(derived) == household.derived else { return false }
        if let income = draft.income, incomes[income.year] != income { return false }
        return true
    }

    private static func household(_ row: PlainRow) throws -> Household {
        let snapshot = HouseholdSnapshot(
            number: try row.text(1), villageCode: try row.text(2), address: try row.text(3), phone: try row.optionalText(4),
            bankAccount: try row.optionalText(5), category: try row.text(6), relocated: try row.bool(7),
            housingGrade: try row.optionalText(8), waterSecure: try row.isNull(9) ? nil : try row.bool(9), status: try row.text(10))
        let derived = DerivedFields.Stored(
            memberCount: Int(try row.int(11)), householderID: try row.isNull(12) ? nil : try row.uuid(12),
            householderName: try row.text(13), hasLabour: try row.bool(14),
            gaps: [try row.bool(15), try row.bool(16), try row.bool(17), try row.bool(18)])
        return Household(id: try row.uuid(0), snapshot: snapshot, derived: derived)
    }

    private static func member(_ row: PlainRow) throws -> Member {
        let idNumber = try row.text(2)
        let snapshot = PersonSnapshot(
            name: try row.text(3), idNumber: ResidentID.mask(idNumber), relation: try row.text(5), labour: try row.optionalText(6),
            health: try row.optionalText(7), disability: try row.optionalText(8), education: try row.optionalText(9),
            medicalInsured: try row.isNull(10) ? nil : try row.bool(10), employment: try row.optionalText(11),
            workPlace: try row.optionalText(12), status: try row.text(13))
        let derived = DerivedFields.Member(
            id: try row.uuid(1), name: snapshot.name, relation: snapshot.relation,
            birthDate: CivilDate(parsing: try row.text(4)) ?? DerivedFields.Member.unknownBirth,
            labour: snapshot.labour, education: snapshot.education, insured: snapshot.medicalInsured,
            present: snapshot.status == MemberStatus.present.rawValue)
        return Member(idNumber: idNumber, snapshot: snapshot, derived: derived)
    }
}

extension HouseholdSnapshot {
    /// The household as `HouseholdRecord.apply(draft)` leaves it: the draft's fields, the account on record when the
    /// file has none, its own status.
    func applying(_ draft: HouseholdDraft) -> HouseholdSnapshot {
        var after = HouseholdSnapshot(draft)
        after.bankAccount = draft.bankAccount ?? bankAccount
        after.status = status
        after.income = income
        return after
    }
}

extension PersonSnapshot {
    /// The person as `PersonRecord.apply(draft)` leaves them (their status is their own).
    func applying(_ draft: PersonDraft) -> PersonSnapshot {
        PersonSnapshot(name: draft.name, idNumber: draft.id.masked, relation: draft.relation.rawValue,
                       labour: draft.labour?.rawValue, health: draft.health?.rawValue, disability: draft.disability?.rawValue,
                       education: draft.education?.rawValue, medicalInsured: draft.medicalInsured,
                       employment: draft.employment?.rawValue, workPlace: draft.workPlace, status: status)
    }
}

import BottomlineDomain
import BottomlineInterchange
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

/// A re-import recognises the households it leaves exactly as registered from plain reads (`RegisteredAsIs`) instead of
/// models. That is only a way of going faster: every change, refusal, audit entry and kept figure must come out as
/// they do without it.
@Suite("重复导入：与登记相同的户不经模型认出，结果与逐户比较相同", .serialized)
struct RegisteredAsIsTests {
    /// What an import left behind, by natural keys (a household's number, a person's ID number), so that two databases
    /// whose ids differ can be compared.
    struct Outcome: Equatable, CustomStringConvertible {
        var report: [String]
        var households: [String]
        var persons: [String]
        var incomes: [String]
        var audit: [String]
        /// Households whose record the re-import saved (their last-changed time moved).
        var saved: [String]

        var description: String {
            ([report, households, persons, incomes, audit, saved].map { $0.joined(separator: "\n") }).joined(separator: "\n--\n")
        }
    }

    static func table(_ drafts: [HouseholdDraft]) -> Data {
        let table = RegistryFileWriter.table(drafts)
        return CSV.write(header: table.header, rows: table.rows)
    }

    /// Imports `base`, applies `stale` to the database, then imports `edited` with the quick look on or off; answers
    /// what came of it and which households the quick look finds as registered just before the second import.
    static func run(quick: Bool, base: Table, edited: [HouseholdDraft], stale: [SQLQueryString]) async throws -> (Outcome, Set<String>) {
        try await withTestApp { app in
            let first = try await RegistryImporter(db: app.db, actor: .system())
                .importFile(CSV.write(header: base.header, rows: base.rows), filename: "base.csv")
            #expect(first.succeeded, "\(first.problems)")
            let sql = try #require(app.db as? any SQLDatabase)
            for statement in stale { try await sql.raw(statement).run() }
            let auditBefore = Set(try await AuditRecord.query(on: app.db).all().compactMap(\.id))
            let stamps = Dictionary(uniqueKeysWithValues: try await HouseholdRecord.query(on: app.db).all().map { ($0.number, $0.updatedAt) })
            let recognised = try await RegisteredAsIs.numbers(in: edited, on: app.db)

            var importer = RegistryImporter(db: app.db, actor: .system())
            importer.recognizesUnchanged = quick
            let report = try await importer.importFile(table(edited), filename: "again.csv")

            let persons = try await PersonRecord.query(on: app.db).all()
            let idNumber = Dictionary(uniqueKeysWithValues: persons.map { ($0.id!, $0.idNumber) })
            let households = try await HouseholdRecord.query(on: app.db).all()
            let number = Dictionary(uniqueKeysWithValues: households.map { ($0.id!, $0.number) })
            var outcome = Outcome(report: [], households: [], persons: [], incomes: [], audit: [], saved: [])
            outcome.report = ["added \(report.householdsAdded)/\(report.personsAdded) updated \(report.householdsUpdated)/\(report.personsUpdated)",
                              "unchanged \(report.personsUnchanged) incomes \(report.incomesChanged) villages \(report.villagesAdded)"]
                + report.problems.map { "problem \($0.row) \($0.column) \($0.value) \($0.reason)" }
            outcome.households = households.map { h in
                let derived = DerivedFields.Stored(h)
                return "\(HouseholdSnapshot(h)) \(derived.memberCount) \(derived.householderID.flatMap { idNumber[$0] } ?? "-") \(derived.householderName) \(derived.hasLabour) \(derived.gaps)"
            }.sorted()
            outcome.persons = persons.map { "\($0.idNumber) \(number[$0.householdID] ?? "?") \(PersonSnapshot($0)) \($0.sex) \($0.birthDate)" }.sorted()
            outcome.incomes = try await IncomeRecord.query(on: app.db).all().map { "\(number[$0.householdID] ?? "?") \($0.income) \($0.memberCount)" }.sorted()
            outcome.audit = try await AuditRecord.query(on: app.db).all().filter { !auditBefore.contains($0.id!) }
                .map { "\($0.action) \($0.entity) \($0.summary) \($0.before ?? "-") \($0.after ?? "-")" }.sorted()
            outcome.saved = households.filter { stamps[$0.number] != $0.updatedAt }.map(\.number).sorted()
            return (outcome, recognised)
        }
    }

    @Test("a re-import with one change of every kind (each field of a household and of a person, a new member, an income, stale derived figures) writes, counts and audits exactly what comparing every household through its models does, and recognises just the households left as they are")
    func everyKindOfChange() async throws {
        let (drafts, base) = try StreamedImportTests.county(80, seed: 11)
        var edited = drafts
        var changed: Set<String> = []
        var used: Set<Int> = []
        /// Edits the first household not yet edited that `fits`; `changes` says whether the edit changes it.
        func edit(_ what: String, changes: Bool = true, where fits: (HouseholdDraft) -> Bool, _ change: (inout HouseholdDraft) -> Void) throws {
            let at = try #require(edited.indices.first { !used.contains($0) && fits(edited[$0]) }, "no household for \(what)")
            used.insert(at)
            change(&edited[at])
            #expect(edited[at] != drafts[at], "\(what)")
            if changes { changed.insert(edited[at].number) }
        }
        /// Edits the first member (of a household not yet edited) that `fits`.
        func member(_ what: String, where fits: (PersonDraft) -> Bool, _ change: (inout PersonDraft) -> Void) throws {
            try edit(what, where: { $0.members.contains(where: fits) }) { household in
                let at = household.members.firstIndex(where: fits)!
                change(&household.members[at])
            }
        }
        try edit("address", where: { _ in true }) { $0.address += "东" }
        try edit("phone", where: { $0.phone != nil }) { $0.phone = "13900001111" }
        try edit("phone removed", where: { $0.phone != nil }) { $0.phone = nil }
        try edit("bank account", where: { _ in true }) { $0.bankAccount = "6228480000000000001" }
        try edit("keeps the account on record when the file has none", changes: false, where: { $0.bankAccount != nil }) { $0.bankAccount = nil }
        try edit("category", where: { $0.category == .ordinary }) { $0.category = .alleviated }
        try edit("relocated", where: { !$0.relocated }) { $0.relocated = true }
        try edit("housing grade", where: { $0.housingGrade != .d }) { $0.housingGrade = .d }
        try edit("water", where: { $0.waterSecure == true }) { $0.waterSecure = false }
        try edit("income", where: { $0.income != nil }) { $0.income!.wages = Money(fen: $0.income!.wages.fen + 100) }
        try edit("another year's income", where: { $0.income != nil }) { $0.income!.year -= 3 }
        try edit("keeps the income when the file has none", changes: false, where: { $0.income != nil }) { $0.income = nil }
        try edit("keeps a member the file leaves out", changes: false, where: { $0.members.count >= 3 }) { $0.members.removeLast() }
        try edit("new member", where: { _ in true }) {
            $0.members.append(PersonDraft(name: "新成员", id: ResidentID(trusted: validID("41168119900707551")), relation: .other,
                                          labour: .ordinary, health: .healthy, education: .notInSchool, medicalInsured: true))
        }
        try member("name", where: { $0.relation != .householder }) { $0.name += "某" }
        try member("relation", where: { $0.relation == .spouse }) { $0.relation = .sibling }
        try member("labour", where: { $0.labour == .ordinary }) { $0.labour = .skilled }
        try member("health", where: { $0.health == .healthy && $0.labour != LabourCapacity.none }) { $0.health = .chronic }
        try member("disability", where: { $0.disability == .fourth }) { $0.disability = .third }
        try member("education", where: { $0.education == .compulsory }) { $0.education = .dropout }
        try member("insurance", where: { $0.medicalInsured == true }) { $0.medicalInsured = false }
        try member("employment", where: { $0.employment == .withinCounty }) { $0.employment = .withinProvince }
        try member("work place", where: { $0.workPlace != nil }) { $0.workPlace! += "二厂" }
        // Figures derived from the members that the database holds stale (an older rule, a hand edit): the file is the
        // same, the record is saved, nothing is audited.
        var stale: [SQLQueryString] = []
        for (column, change) in [("member_count", "member_count + 5"), ("householder_name", "'某某'"),
                                 ("gap_education", "NOT gap_education"), ("has_labour", "NOT has_labour")] {
            let at = try #require(edited.indices.first { !used.contains($0) })
            used.insert(at)
            changed.insert(edited[at].number)
            stale.append("UPDATE households SET \(unsafeRaw: column) = \(unsafeRaw: change) WHERE number = \(bind: edited[at].number)")
        }
        #expect(used.count < edited.count - 20, "households left as they are, for the quick look to find")

        let (quick, recognised) = try await Self.run(quick: true, base: base, edited: edited, stale: stale)
        let (models, _) = try await Self.run(quick: false, base: base, edited: edited, stale: stale)
        #expect(quick == models)
        #expect(recognised == Set(edited.map(\.number)).subtracting(changed))
        // Households updated: eight by a field of their own, one by its new member; the nine members' own changes.
        #expect(quick.report.first == "added 0/1 updated 9/9", "\(quick.report)")
        #expect(quick.report.dropFirst().first?.hasSuffix("incomes 2 villages 0") == true, "\(quick.report)")
    }

    @Test("a re-import naming a person registered in another household, or a household in another village, is refused the same whichever way it is compared, and writes nothing")
    func refusals() async throws {
        let (drafts, base) = try StreamedImportTests.county(30, seed: 12)
        var edited = drafts
        let from = try #require(edited.indices.first { edited[$0].members.count >= 2 })
        let to = try #require(edited.indices.first { $0 != from })
        let moved = edited[from].members.removeLast()
        edited[to].members.append(moved)
        let elsewhere = try #require(edited.indices.first { $0 != from && $0 != to && edited[$0].villageCode != edited[from].villageCode })
        edited[elsewhere].villageCode = edited[from].villageCode

        let (quick, recognised) = try await Self.run(quick: true, base: base, edited: edited, stale: [])
        let (models, _) = try await Self.run(quick: false, base: base, edited: edited, stale: [])
        #expect(quick == models)
        #expect(quick.report.count == 4, "two problems: \(quick.report)")
        #expect(quick.audit.isEmpty && quick.saved.isEmpty)
        #expect(!recognised.contains(edited[to].number) && !recognised.contains(edited[elsewhere].number))
        #expect(recognised.contains(edited[from].number), "a household a member left in the file keeps them as registered")
    }
}

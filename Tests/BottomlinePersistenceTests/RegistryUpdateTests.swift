import BottomlineDomain
import BottomlineInterchange
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

/// A re-import writes the registered households and persons it changes by one UPDATE a row, every column it may change
/// set from the model (`BulkInsert.update`), rather than each model's `save`. Whoever reads the registry afterwards —
/// a page, an as-of-date count, the audit — must not be able to tell the two apart.
@Suite("导入修改已登记的户和人：逐行UPDATE，与模型保存的结果相同")
struct RegistryUpdateTests {
    /// Every column an import may change, as read back.
    static func columns(_ h: HouseholdRecord) -> [String] {
        [h.number, h.villageCode, h.address, h.phone ?? "nil", h.bankAccount ?? "nil", h.category, "\(h.relocated)",
         h.housingGrade ?? "nil", h.waterSecure.map { "\($0)" } ?? "nil", "\(h.memberCount)", h.householderID?.uuidString ?? "nil",
         h.householderName, "\(h.hasLabour)", "\(h.gapHousing)", "\(h.gapEducation)", "\(h.gapMedical)", "\(h.gapWater)",
         h.monitoringCategory ?? "nil", h.status]
    }

    static func columns(_ p: PersonRecord) -> [String] {
        [p.householdID.uuidString, p.idNumber, p.name, p.sex, p.birthDate, p.relation, p.labour ?? "nil", p.health ?? "nil",
         p.disability ?? "nil", p.education ?? "nil", p.medicalInsured.map { "\($0)" } ?? "nil", p.employment ?? "nil",
         p.workPlace ?? "nil", p.status]
    }

    /// The same change, made to any household and one of its members: fields the file gives, fields derived from the
    /// members, a value set to nothing and one to text SQL would choke on if it were not bound.
    static func change(_ h: HouseholdRecord, _ p: PersonRecord) {
        h.address += "东'); DROP TABLE households; --"
        h.phone = nil
        h.relocated.toggle()
        h.waterSecure = nil
        h.memberCount += 1
        h.householderName += "某"
        h.gapWater.toggle()
        h.hasLabour.toggle()
        p.name += "某"
        p.labour = nil
        p.medicalInsured = false
        p.workPlace = "郑州\"二厂\""
    }

    /// The open and closed versions a household has in the registry's history, in order.
    static func versions(_ id: UUID, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("""
            SELECT member_count, has_labour, gap_water, valid_to IS NULL AS open FROM households_history WHERE id = \(bind: id) ORDER BY valid_from
            """).all().map { row in
            "\(try row.decode(column: "member_count", as: Int.self)) \(try row.decode(column: "has_labour", as: Bool.self)) \(try row.decode(column: "gap_water", as: Bool.self)) \(try row.decode(column: "open", as: Bool.self))"
        }
    }

    @Test("a household and a member changed by the import's UPDATE read back, in their history and their village's queue as a model's save leaves them; on SQLite by one prepared statement on the transaction's connection")
    func sameAsModelSave() async throws {
        let (_, base) = try StreamedImportTests.county(6, seed: 21)
        try await withTestApp { app in
            let first = try await RegistryImporter(db: app.db, actor: .system()).importFile(CSV.write(header: base.header, rows: base.rows), filename: "base.csv")
            #expect(first.succeeded, "\(first.problems)")
            let sql = try #require(app.db as? any SQLDatabase)
            let households = try await HouseholdRecord.query(on: app.db).sort(\.$number).all()
            let (saved, updated) = (households[0], households[1])
            let member = { (h: HouseholdRecord) in try #require(try await PersonRecord.query(on: app.db).filter(\.$householdID == h.id!).first()) }
            let (savedMember, updatedMember) = (try await member(saved), try await member(updated))
            try await sql.raw("DELETE FROM indicator_changes").run()
            let now = CivilDate.now

            Self.change(saved, savedMember)
            try await savedMember.save(on: app.db)
            try await saved.save(on: app.db)
            Self.change(updated, updatedMember)
            let (expected, expectedMember) = (Self.columns(updated), Self.columns(updatedMember))
            let direct = try await app.db.transaction { tx in
                let sql = tx as! any SQLDatabase
                let persons = try await BulkInsert.update("persons", columns: BulkInsert.personUpdateColumns,
                                                          values: [BulkInsert.updateRow(person: updatedMember, at: now)], on: sql)
                let households = try await BulkInsert.update("households", columns: BulkInsert.householdUpdateColumns,
                                                             values: [BulkInsert.updateRow(household: updated, at: now)], on: sql)
                return persons && households
            }
            #expect(direct == (sql.dialect.name == "sqlite"))

            let readSaved = try #require(try await HouseholdRecord.find(saved.id, on: app.db))
            let readUpdated = try #require(try await HouseholdRecord.find(updated.id, on: app.db))
            #expect(Self.columns(readUpdated) == expected)
            #expect(Self.columns(try #require(try await PersonRecord.find(updatedMember.id, on: app.db))) == expectedMember)
            #expect(readUpdated.address.hasSuffix("东'); DROP TABLE households; --"))
            // Both went from the same kind of row to the same kind of change: a closed version and an open one each,
            // the change's figures in the open one.
            let (savedVersions, updatedVersions) = (try await Self.versions(saved.id!, on: sql), try await Self.versions(updated.id!, on: sql))
            #expect(savedVersions.count == 2 && updatedVersions.count == 2, "\(savedVersions) \(updatedVersions)")
            #expect(updatedVersions.last == "\(updated.memberCount) \(updated.hasLabour) \(updated.gapWater) true")
            #expect(updatedVersions.first?.hasSuffix("false") == true)
            // The village is queued for its kept counts, as after a save.
            let queued = try await sql.raw("SELECT village_code FROM indicator_changes").all().map { try $0.decode(column: "village_code", as: String.self) }
            #expect(Set(queued) == Set([readSaved.villageCode, readUpdated.villageCode]))
            // Last changed at the moment the import gave (the same as its new rows'), created when it was.
            #expect(abs(try #require(readUpdated.updatedAt).timeIntervalSince(now)) < 0.001)
            #expect(readUpdated.createdAt == households[1].createdAt)
        }
    }
}

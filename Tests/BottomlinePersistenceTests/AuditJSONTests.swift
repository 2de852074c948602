import BottomlineDomain
@testable import BottomlinePersistence
import Foundation
import SQLiteNIO
import Testing

/// The import writes a household's audited snapshot by hand; the log must read exactly as `JSONEncoder` wrote it
/// before, so old and new entries compare as text and decode the same.
@Suite("审计快照：手写的JSON与编码器逐字相同")
struct AuditJSONTests {
    static func encoded(_ snapshot: HouseholdSnapshot) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(snapshot), as: UTF8.self)
    }

    @Test("every household of a generated county, with and without income, phone, account, housing grade and water")
    func generatedCounty() throws {
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let (_, drafts) = DemoCounty(households: 400, seed: 31).generate(townships: townships)
        var variants = 0
        for draft in drafts {
            var snapshot = HouseholdSnapshot(draft)
            snapshot.income = draft.income
            #expect(snapshot.json == (try Self.encoded(snapshot)))
            snapshot.income = nil
            snapshot.phone = nil
            snapshot.bankAccount = nil
            snapshot.housingGrade = nil
            snapshot.waterSecure = nil
            #expect(snapshot.json == (try Self.encoded(snapshot)))
            variants += 2
        }
        #expect(variants == 800)
    }

    @Test("an audit row the import makes directly is the row of the entry `AuditLog.entry` makes, value for value")
    func directRowSameAsEntry() throws {
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let draft = try #require(DemoCounty(households: 1, seed: 33).generate(townships: townships).households.first)
        var snapshot = HouseholdSnapshot(draft)
        snapshot.income = draft.income
        let (id, household, at) = (UUID(), UUID(), Date(timeIntervalSince1970: 1_790_000_000.25))
        for actor in [Actor.system(), Actor(userID: UUID(), username: "xian", role: .county, region: RegionCode("411681")!)] {
            let entry = AuditLog.entry(actor: actor, action: .create, entity: "household", entityID: household.uuidString,
                                       householdID: household, region: draft.villageCode.digits,
                                       summary: "导入新增户 \(draft.number)", after: snapshot, at: at)
            entry.id = id
            let direct = BulkInsert.auditRow(id: id, actor: actor, action: .create, entity: "household",
                                             entityID: SQLiteDirectInsert.uuidText(household), householdID: household,
                                             region: draft.villageCode.digits, summary: "导入新增户 \(draft.number)",
                                             after: snapshot, at: at)
            let viaEntry = try #require(SQLiteValues.rows(BulkInsert.auditRows([entry])))
            #expect(try #require(SQLiteValues.rows([direct])) == viaEntry)
            #expect(viaEntry.count == BulkInsert.auditColumns.count)
            #expect(CopyText.rows([direct]) == CopyText.rows(BulkInsert.auditRows([entry])))
        }
    }

    @Test("text with quotes, backslashes, slashes, every control character, DEL, line separators, emoji and Chinese")
    func hostileText() throws {
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let draft = try #require(DemoCounty(households: 1, seed: 32).generate(townships: townships).households.first)
        var snapshot = HouseholdSnapshot(draft)
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let texts = [controls, "\"引号\" \\反斜杠\\ /斜杠/ </script>", "\u{7F}\u{2028}\u{2029}\u{FEFF}", "👨‍👩‍👧 家", "", "a\r\nb\tc"]
        for text in texts {
            snapshot.address = text
            snapshot.phone = text
            snapshot.bankAccount = text
            snapshot.number = text
            #expect(snapshot.json == (try Self.encoded(snapshot)), "\(text.unicodeScalars.map(\.value))")
            let back = try JSONDecoder().decode(HouseholdSnapshot.self, from: Data(snapshot.json.utf8))
            #expect(back == snapshot)
        }
        snapshot.income = HouseholdIncome(year: 2025, wages: Money(fen: -5), business: Money(fen: Int64.max), property: .zero,
                                          transfers: Money(fen: 123_456), businessCosts: Money(fen: 1), compliantSelfPaid: Money(fen: Int64.min))
        #expect(snapshot.json == (try Self.encoded(snapshot)))
    }
}

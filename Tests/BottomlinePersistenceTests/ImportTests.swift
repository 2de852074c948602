import BottomlineDomain
import BottomlineInterchange
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import NIOCore
import SQLKit
import SQLiteNIO
import Foundation
import Testing

@Suite("名册导入：全部校验、一次写入、重复导入无变化", .serialized)
struct ImportTests {
    @Test("a good file creates its households, people, income and derived 三保障 flags")
    func goodFile() async throws {
        try await withTestApp { app in
            let report = try await app.importSample()
            #expect(report.succeeded, "\(report.problems)")
            #expect(report.householdsAdded == 3)
            #expect(report.personsAdded == 5)
            #expect(report.villagesAdded == 3)
            let t002 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            #expect(t002.gapHousing && t002.gapMedical && t002.gapWater && !t002.hasLabour)
            let t001 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            #expect(t001.memberCount == 3 && t001.householderName == "张三" && !t001.gapHousing)
            let income = try #require(try await IncomeRecord.query(on: app.db).filter(\.$householdID == t001.id!).first())
            #expect(income.income.netIncome == Money(yuan: 24_000))
            #expect(income.income.perCapitaNet(members: income.memberCount) == Money(yuan: 8_000))
        }
    }

    @Test("a file with bad rows writes nothing and reports every bad row")
    func badRows() async throws {
        try await withTestApp { app in
            var lines = sampleRegistryCSV().split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "李梅", with: "")               // empty name
            lines[4] = lines[4].replacingOccurrences(of: "二级", with: "")               // disabled without grade
            lines[5] = lines[5].replacingOccurrences(of: "411681102201", with: "411681999201")  // unknown township
            let report = try await RegistryImporter(db: app.db, actor: .system())
                .importFile(Data(lines.joined(separator: "\n").utf8), filename: "bad.csv")
            #expect(!report.succeeded)
            #expect(Set(report.problems.map(\.row)) == [3, 5])
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
            // Fixing those two rows leaves the registry check, which finds the unknown township.
            lines[2] = sampleRegistryCSV().split(separator: "\n").map(String.init)[2]
            lines[4] = sampleRegistryCSV().split(separator: "\n").map(String.init)[4]
            let second = try await RegistryImporter(db: app.db, actor: .system())
                .importFile(Data(lines.joined(separator: "\n").utf8), filename: "bad.csv")
            #expect(second.problems.map(\.row) == [6])
            #expect(second.problems.first?.reason.contains("乡镇") == true)
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
            #expect(try await RegionRecord.query(on: app.db).filter(\.$level == 5).count() == 0)
        }
    }

    @Test("a GBK file, as Excel saves CSV, imports the same as UTF-8")
    func gbkFile() async throws {
        try await withTestApp { app in
            let data = try TextDecoding.gb18030(sampleRegistryCSV())
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(data, filename: "gbk.csv")
            #expect(report.succeeded, "\(report.problems)")
            #expect(report.encoding == "GB18030")
            let names = try await PersonRecord.query(on: app.db).all().map(\.name).sorted()
            #expect(names == ["张三", "张小", "李梅", "王五", "赵六"].sorted())
        }
    }

    @Test("re-importing the same file changes nothing and writes no audit rows; a changed value updates only that person")
    func reimport() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let auditBefore = try await AuditRecord.query(on: app.db).count()
            let stamps = try await HouseholdRecord.query(on: app.db).sort(\.$number).all().map { "\($0.number) \(String(describing: $0.updatedAt))" }
            let again = try await app.importSample()
            #expect(again.succeeded)
            #expect(again.householdsAdded == 0 && again.personsAdded == 0 && again.personsUpdated == 0 && again.householdsUpdated == 0)
            #expect(again.personsUnchanged == 5)
            #expect(try await AuditRecord.query(on: app.db).count() == auditBefore)
            #expect(try await PersonRecord.query(on: app.db).count() == 5)
            // Not even a household's last-changed time moves.
            #expect(try await HouseholdRecord.query(on: app.db).sort(\.$number).all().map { "\($0.number) \(String(describing: $0.updatedAt))" } == stamps)

            #expect(again.summary == "导入成功：共5行；新增0户0人，更新0户0人，未变化5人")

            // A new year's income for one household, nothing else: the message says so rather than "nothing changed".
            let income = sampleRegistryCSV().replacingOccurrences(of: "是,A,是,,,,,", with: "是,A,是,2025,30000,0,0,0")
            let incomeOnly = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(income.utf8), filename: "income.csv")
            #expect(incomeOnly.incomesChanged == 1 && incomeOnly.personsUnchanged == 5)
            #expect(incomeOnly.summary == "导入成功：共5行；新增0户0人，更新0户0人，未变化5人；登记或更新收入1户", "\(incomeOnly.summary) \(incomeOnly.problems)")

            let edited = sampleRegistryCSV().replacingOccurrences(of: "张小,\(validID("41168120150303103")),之子,脱贫户,无劳动力,健康,,义务教育在校",
                                                                  with: "张小,\(validID("41168120150303103")),之子,脱贫户,无劳动力,健康,,义务教育阶段辍学")
            let third = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(edited.utf8), filename: "edit.csv")
            #expect(third.personsUpdated == 1 && third.personsUnchanged == 4)
            let t001 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            #expect(t001.gapEducation)
            let audit = try await AuditLog.forHousehold(t001.id!, on: app.db)
            let update = try #require(audit.first { $0.entity == "person" && $0.action == "update" })
            #expect(update.before?.contains("compulsory") == true && update.after?.contains("dropout") == true)
            #expect(update.after?.contains(validID("41168120150303103")) == false)  // IDs are masked in the log
        }
    }

    @Test("a person already in another household is refused: moving people is a dated event, not an import")
    func personInOtherHousehold() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let lines = sampleRegistryCSV().split(separator: "\n")
            let moved = lines[0] + "\n" + lines[1] + "\nT001,411681101201,王庄村,赵六,\(validID("41168119800505105")),其他,脱贫户,普通劳动力,健康,,非在校生,是,,,,,,,\n"
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(moved.utf8), filename: "m.csv")
            #expect(report.problems.contains { $0.reason.contains("已登记在户T003") })
        }
    }

    @Test("another county's import is told only that a number cannot be used there: no household number, village or name of ours")
    func noOracleAcrossCounties() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let other = Actor(userID: nil, username: "shangshui", role: .county, region: RegionCode("411623")!)
            let file = "户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别\nT002,411623001201,新村,王五,\(validID("41168119500404104")),户主,一般农户\nS001,411623001201,新村,张三,\(validID("41168119700101101")),户主,一般农户\n"
            let report = try await RegistryImporter(db: app.db, actor: other).importFile(Data(file.utf8), filename: "x.csv")
            #expect(!report.succeeded)
            let text = report.problems.map { "\($0.column) \($0.value) \($0.reason)" }.joined(separator: "\n")
            #expect(text.contains(RegistryStore.idUnavailable) && text.contains("户编号T002不能在此使用"), "\(text)")
            for leak in ["T001", "T003", "王庄", "李楼", "411681101", "已登记在"] { #expect(!text.contains(leak), "\(leak) in \(text)") }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "denied").count() == 1)
        }
    }

    @Test("an importer can only import villages inside its own region")
    func importScope() async throws {
        try await withTestApp { app in
            let report = try await RegistryImporter(db: app.db, actor: .init(userID: nil, username: "nandun", role: .county,
                                                                              region: RegionCode("411681101")!))
                .importFile(Data(sampleRegistryCSV().utf8), filename: "s.csv")
            #expect(report.problems.map(\.row) == [6])
            #expect(report.problems.first?.reason.contains("管辖范围") == true)
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("the audit log is append-only: the database refuses to change or delete a row")
    func auditAppendOnly() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let entry = try #require(try await AuditRecord.query(on: app.db).first())
            entry.summary = "篡改"
            await #expect(throws: (any Error).self) { try await entry.save(on: app.db) }
            await #expect(throws: (any Error).self) { try await AuditRecord.query(on: app.db).delete() }
        }
    }
}

@Suite("大文件分批写入")
struct BatchedImportTests {
    @Test("a file of more households than one write batch is written whole, each household audited once, and re-imported changes nothing")
    func severalBatches() async throws {
        try await withTestApp { app in
            let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
            let (villages, households) = DemoCounty(households: 2_500, seed: 3).generate(townships: townships)
            let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let table = RegistryFileWriter.table(households, villageNames: names)
            let csv = CSV.write(header: table.header, rows: table.rows)
            let importer = RegistryImporter(db: app.db, actor: .system())
            let report = try await importer.importFile(csv, filename: "county.csv")
            #expect(report.succeeded, "\(report.problems.prefix(3))")
            #expect(report.householdsAdded == households.count && report.personsAdded == table.rows.count)
            #expect(try await HouseholdRecord.query(on: app.db).count() == households.count)
            #expect(try await PersonRecord.query(on: app.db).count() == table.rows.count)
            let created = try await AuditRecord.query(on: app.db).filter(\.$entity == "household").filter(\.$action == "create").all()
            #expect(created.count == households.count)
            #expect(Set(created.compactMap(\.entityID)).count == households.count)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "import").count() == 1)

            let audit = try await AuditRecord.query(on: app.db).count()
            let again = try await importer.importFile(csv, filename: "county.csv")
            #expect(again.succeeded && again.householdsAdded == 0 && again.householdsUpdated == 0 && again.personsUpdated == 0)
            #expect(again.personsUnchanged == table.rows.count)
            #expect(try await AuditRecord.query(on: app.db).count() == audit)
        }
    }
}

@Suite("名册导入：两遍读取、分批写入")
struct StreamedImportTests {
    static func county(_ households: Int, seed: UInt64) throws -> (households: [HouseholdDraft], table: Table) {
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let (villages, drafts) = DemoCounty(households: households, seed: seed).generate(townships: townships)
        let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return (drafts, RegistryFileWriter.table(drafts, villageNames: names))
    }

    /// `drafts` as the rows an import writes for new households, their ids from one generator.
    static func rows(_ drafts: some Sequence<HouseholdDraft>, at now: Date = Date()) -> [NewHouseholdRows] {
        var ids = OrderedUUIDGenerator()
        return drafts.map { NewHouseholdRows(draft: $0, id: ids.next(), at: now, ids: &ids) }
    }

    @Test("a problem found in the last batch, after earlier batches were written, leaves the registry as it was")
    func lateProblemRollsBack() async throws {
        try await withTestApp { app in
            let (households, table) = try Self.county(2_500, seed: 5)
            // The last household's head is already registered, in a household of another number in the same village.
            var already = try #require(households.last)
            already.number = "PRE0001"
            already.members = [already.members[0]]
            let names = [already.villageCode: "先建村"]
            let importer = RegistryImporter(db: app.db, actor: .system())
            let first = RegistryFileWriter.table([already], villageNames: names)
            #expect(try await importer.importFile(CSV.write(header: first.header, rows: first.rows), filename: "pre.csv").succeeded)
            let audit = try await AuditRecord.query(on: app.db).count()

            let report = try await importer.importFile(CSV.write(header: table.header, rows: table.rows), filename: "county.csv")
            #expect(!report.succeeded)
            #expect(report.problems.count == 1)
            #expect(report.problems.first?.reason.contains("此人已登记在户PRE0001") == true)
            #expect(report.problems.first?.row == table.rows.count + 1 - (households.last!.members.count - 1))
            #expect(try await HouseholdRecord.query(on: app.db).count() == 1)
            #expect(try await PersonRecord.query(on: app.db).count() == 1)
            #expect(try await RegionRecord.query(on: app.db).filter(\.$level == 5).count() == 1)
            #expect(try await ImportBatchRecord.query(on: app.db).count() == 1)
            #expect(try await AuditRecord.query(on: app.db).count() == audit)
        }
    }

    @Test("the database refusing a batch's rows while later batches are checked fails the import whole: nothing written, no row ever shown as written, and the database takes the next import")
    func databaseRefusesEarlyBatch() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }
            let (households, table) = try Self.county(5_000, seed: 12)
            // A rule of the database's own that the file's checks know nothing of, broken by one person of the first
            // batch: that batch's rows are still on their way while the second and third are checked and built.
            let victim = households[10].members[0].id.value
            try await sql.raw("CREATE TRIGGER refuse_one BEFORE INSERT ON persons WHEN NEW.id_number = \(unsafeRaw: "'\(victim)'") BEGIN SELECT RAISE(ABORT, '拒绝此人'); END").run()
            // The page shows rows as written only once the database has taken them: none of this file's ever was.
            let shown = ProgressLog()
            let importer = RegistryImporter(db: app.db, actor: .system(), progress: { shown.add($0) })
            let file = CSV.write(header: table.header, rows: table.rows)
            await #expect(throws: (any Error).self) { try await importer.importFile(file, filename: "county.csv") }
            #expect(shown.all.contains { $0.phase == .writing })
            #expect(shown.all.map(\.rowsWritten).max() == 0)
            #expect(try await HouseholdRecord.query(on: app.db).count() == 0)
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "household").count() == 0)
            try await sql.raw("DROP TRIGGER refuse_one").run()
            let report = try await importer.importFile(file, filename: "county.csv")
            #expect(report.succeeded && report.householdsAdded == 5_000)
            let written = shown.all.filter { $0.phase == .writing }.map(\.rowsWritten)
            #expect(written == written.sorted() && written.last == table.rows.count)
            // Into an empty registry nothing is compared, and the page is told so; the same file again is compared.
            #expect(shown.all.filter { $0.phase == .writing }.allSatisfy { !$0.comparing })
            let again = ProgressLog()
            _ = try await RegistryImporter(db: app.db, actor: .system(), progress: { again.add($0) }).importFile(file, filename: "county.csv")
            let comparing = again.all.filter { $0.phase == .writing }
            #expect(!comparing.isEmpty && comparing.allSatisfy(\.comparing))
        }
    }

    /// What an import told its page, in order.
    final class ProgressLog: @unchecked Sendable {
        private var items: [RegistryImporter.Progress] = []
        private let lock = NSLock()
        func add(_ progress: RegistryImporter.Progress) { lock.withLock { items.append(progress) } }
        var all: [RegistryImporter.Progress] { lock.withLock { items } }
    }

    @Test("a file checked with its rows parsed on several cores gets the problems a check of one row after another finds, duplicates across blocks included, in the same order")
    func parallelCheckSameAsSequential() throws {
        let (_, table) = try Self.county(3_000, seed: 14)
        #expect(table.rows.count > ParsedRows.block + 1_000)
        var rows = table.rows
        let id = try #require(table.header.firstIndex(of: RegistryColumn.idNumber.header))
        let village = try #require(table.header.firstIndex(of: RegistryColumn.villageCode.header))
        let relation = try #require(table.header.firstIndex(of: RegistryColumn.relation.header))
        rows[9_000][id] = rows[100][id]             // a duplicate found in the second block, of a row in the first
        rows[8_191][id] = rows[8_192][id]           // and one across the blocks' border, the later row refused
        rows[300][id] = "41168119800101001X"        // a wrong check character
        rows[5_000][village] = "4116811"            // too short
        rows[7_777][relation] = "邻居"              // not a relation
        let damaged = Table(header: table.header, rows: rows)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: CSV.write(header: damaged.header, rows: damaged.rows)))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let sequential = RegistryImportValidator.validate(damaged)
        let checked = try RegistryImporter.checkFile(at: path)
        #expect(checked.rows == rows.count)
        #expect(checked.problems.count >= 5)
        #expect(checked.problems == sequential.problems)
        #expect(checked.problems.contains { $0.row == 9_002 && $0.reason == "与第102行身份证号重复" })
        #expect(checked.problems.contains { $0.row == 8_194 && $0.reason == "与第8193行身份证号重复" })
    }

    @Test("a household whose rows are scattered through the file is put together whole, and the sorted file then changes nothing")
    func scatteredRows() async throws {
        try await withTestApp { app in
            let (households, table) = try Self.county(300, seed: 6)
            // Deal the rows out like cards: each household's members end up far apart.
            var dealt: [[String]] = []
            for start in 0..<7 { dealt += stride(from: start, to: table.rows.count, by: 7).map { table.rows[$0] } }
            let importer = RegistryImporter(db: app.db, actor: .system())
            let report = try await importer.importFile(CSV.write(header: table.header, rows: dealt), filename: "dealt.csv")
            #expect(report.succeeded, "\(report.problems.prefix(3))")
            #expect(report.householdsAdded == households.count && report.personsAdded == table.rows.count)
            let stored = try await HouseholdRecord.query(on: app.db).all()
            let sizes = Dictionary(stored.map { ($0.number, $0.memberCount) }, uniquingKeysWith: { a, _ in a })
            #expect(households.allSatisfy { sizes[$0.number] == $0.members.count })
            let heads = Dictionary(stored.map { ($0.number, $0.householderName) }, uniquingKeysWith: { a, _ in a })
            #expect(households.allSatisfy { heads[$0.number] == $0.members.first { $0.relation == .householder }?.name })
            let incomes = try await IncomeRecord.query(on: app.db).count()
            #expect(incomes == households.filter { $0.income != nil }.count)

            let again = try await importer.importFile(CSV.write(header: table.header, rows: table.rows), filename: "sorted.csv")
            #expect(again.succeeded && again.householdsUpdated == 0 && again.personsUpdated == 0 && again.incomesChanged == 0)
        }
    }

    @Test("补贴发放账号 (一卡通) from a file: kept as digits; a later file without the column keeps them and changes nothing; a malformed one is named by row and column and nothing is written; a county run then finds one account on two households")
    func bankAccounts() async throws {
        try await withTestApp { app in
            let (households, table) = try Self.county(60, seed: 9)
            let column = try #require(table.header.firstIndex(of: "补贴发放账号"))
            var rows = table.rows
            // Typed as people type them: spaced in fours.
            for i in rows.indices where !rows[i][column].isEmpty {
                rows[i][column] = stride(from: 0, to: rows[i][column].count, by: 4).map { String(Array(rows[i][column])[$0..<min($0 + 4, rows[i][column].count)]) }.joined(separator: " ")
            }
            let importer = RegistryImporter(db: app.db, actor: .system())
            #expect(try await importer.importFile(CSV.write(header: table.header, rows: rows), filename: "accounts.csv").succeeded)
            let stored = Dictionary(uniqueKeysWithValues: try await HouseholdRecord.query(on: app.db).all().map { ($0.number, $0.bankAccount) })
            #expect(households.allSatisfy { stored[$0.number] == .some($0.bankAccount) })
            #expect(households.contains { $0.bankAccount == nil } && households.contains { $0.bankAccount != nil })

            let without = Table(header: table.header.enumerated().filter { $0.offset != column }.map(\.element),
                                rows: table.rows.map { $0.enumerated().filter { $0.offset != column }.map(\.element) })
            let again = try await importer.importFile(CSV.write(header: without.header, rows: without.rows), filename: "no-accounts.csv")
            #expect(again.succeeded && again.householdsUpdated == 0)
            #expect(try await HouseholdRecord.query(on: app.db).all().allSatisfy { stored[$0.number] == .some($0.bankAccount) })

            var bad = table.rows
            let first = try #require(bad.indices.first { !bad[$0][column].isEmpty })
            bad[first][column] = "6230-ABCD"
            let refused = try await importer.importFile(CSV.write(header: table.header, rows: bad), filename: "bad.csv")
            #expect(!refused.succeeded && refused.problems.count == 1)
            #expect(refused.problems.first.map { ($0.row, $0.column, $0.reason) } ?? (0, "", "") == (first + 2, "补贴发放账号", "银行账号应为8至30位数字（可含空格或“-”）"))

            // The county's checks: the second household of another village entered with the first one's account.
            let (a, b) = (try #require(households.first { $0.bankAccount != nil }), try #require(households.last { $0.bankAccount != nil }))
            var shared = table.rows
            let number = try #require(table.header.firstIndex(of: "户编号"))
            for i in shared.indices where shared[i][number] == b.number && !shared[i][column].isEmpty { shared[i][column] = a.bankAccount! }
            #expect(try await importer.importFile(CSV.write(header: table.header, rows: shared), filename: "shared.csv").householdsUpdated == 1)
            let xian = try await app.makeUser("xian", role: .county, region: "411681")
            try await DataCheckStore(ScopedRegistry(db: app.db, actor: Actor(xian))).run(today: CivilDate(year: 2026, month: 11, day: 16)!)
            let found = try await DataFindingRecord.query(on: app.db).filter(\.$code == "YD17").all()
            let ids = Set(try await HouseholdRecord.query(on: app.db).filter(\.$number ~~ [a.number, b.number]).all().map(\.id!))
            #expect(Set(found.map(\.householdID)) == ids && found.count == 2)
        }
    }

    @Test("a file with more problems than a report lists says how many there were, lists the first thousand, and writes nothing")
    func manyProblems() async throws {
        try await withTestApp { app in
            let (_, table) = try Self.county(500, seed: 7)
            let phone = try #require(table.header.firstIndex(of: "联系电话"))
            var rows = table.rows
            for i in rows.indices { rows[i][phone] = "12345" }
            let report = try await RegistryImporter(db: app.db, actor: .system())
                .importFile(CSV.write(header: table.header, rows: rows), filename: "phones.csv")
            #expect(report.problemTotal == rows.count)
            #expect(report.problems.count == min(rows.count, RegistryImportValidator.maxProblems))
            #expect(report.omittedProblems == rows.count - report.problems.count)
            #expect(report.summary == "导入失败：发现\(rows.count)处问题" + (report.omittedProblems > 0 ? "（列出前1000处）" : "") + "，未写入任何数据")
            #expect(report.problems.map(\.row) == report.problems.map(\.row).sorted())
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
        }
    }
}

@Suite("批量写入的 COPY 文本")
struct CopyTextTests {
    @Test("every row the import writes has a COPY text form (PostgreSQL loads it by COPY, not by INSERT)")
    func everyRowHasText() throws {
        let (households, _) = try StreamedImportTests.county(20, seed: 8)
        var ids = OrderedUUIDGenerator()
        let now = Date()
        for draft in households {
            let rows = NewHouseholdRows(draft: draft, id: ids.next(), at: now, ids: &ids)
            #expect(CopyText.rows([rows.household]) != nil)
            #expect(CopyText.rows(rows.persons) != nil)
            if let income = rows.income { #expect(CopyText.rows([income]) != nil) }
            // SQLite takes the same rows as its own values, not through SQLKit's encoder.
            #expect(SQLiteValues.rows([rows.household]) != nil)
            #expect(SQLiteValues.rows(rows.persons) != nil)
            if let income = rows.income { #expect(SQLiteValues.rows([income]) != nil) }
        }
        let entry = AuditLog.entry(actor: .system(), action: .create, entity: "household", entityID: "x", summary: "s",
                                   after: HouseholdSnapshot(households[0]), at: now)
        entry.id = ids.next()
        let audit = BulkInsert.auditRows([entry])
        #expect(CopyText.rows(audit) != nil)
        #expect(SQLiteValues.rows(audit) != nil)
        // A value of a type without a known form sends the rows the slow, general way rather than guessing.
        #expect(SQLiteValues.rows([[.other(SQLBind([1, 2]))]]) == nil)
        #expect(SQLiteValues.value(SQLBind(true)) == .integer(1) && SQLiteValues.value(SQLLiteral.null) == .null)
    }

    @Test("text with a backslash, tab or line break, and a NULL, come back from the database as they went in")
    func escapes() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let tricky = "C:\\目录\t制表\n换行\r回车 \\N"
            let entry = AuditLog.entry(actor: .system(), action: .create, entity: "test", entityID: nil, summary: tricky, at: Date())
            var ids = OrderedUUIDGenerator()
            entry.id = ids.next()
            try await BulkInsert.audit([entry], on: sql)
            let back = try #require(try await AuditRecord.find(entry.id, on: app.db))
            #expect(back.summary == tricky)
            #expect(back.entityID == nil)
            #expect(abs(back.at.timeIntervalSince(entry.at)) < 0.001)
        }
        var buffer = ByteBuffer()
        #expect(CopyText.append(SQLBind("a\\b\tc\nd"), to: &buffer))
        #expect(buffer.readString(length: buffer.readableBytes) == "a\\\\b\\tc\\nd")
        #expect(CopyText.timestamp(Date(timeIntervalSince1970: 1_764_816_000.25)) == "2025-12-04 02:40:00.250000+00")
    }
}

@Suite("读写交接")
struct HandOffTests {
    @Test("a reader ahead of the writer waits with at most `capacity` batches queued, and stops when the writer gives up")
    func boundedAndCancelled() async throws {
        let handOff = HandOff<Int>(capacity: 2)
        let done = DispatchSemaphore(value: 0)
        final class Counts: @unchecked Sendable { var put = 0; var refused = false }
        let counts = Counts()
        Thread {
            for i in 0..<1_000 {
                guard handOff.put(i) else { counts.refused = true; break }
                counts.put += 1
            }
            handOff.finish()
            done.signal()
        }.start()
        #expect(try await handOff.next() == 0)
        #expect(try await handOff.next() == 1)
        // The reader can be at most `capacity` ahead of what was taken, plus the one it is handing over.
        #expect(counts.put <= 2 + 2 + 1)
        handOff.cancel()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(counts.refused && counts.put < 1_000)
    }

    @Test("the writer sees the reader's error, and the end")
    func errorsAndEnd() async throws {
        struct Broken: Error {}
        let failing = HandOff<Int>()
        Thread { _ = failing.put(1); failing.finish(throwing: Broken()) }.start()
        #expect(try await failing.next() == 1)
        await #expect(throws: Broken.self) { try await failing.next() }
        let ending = HandOff<Int>()
        ending.finish()
        #expect(try await ending.next() == nil)
    }
}

@Suite("导出再导入", .serialized)
struct ExportRoundTripTests {
    @Test("an export of the registry, imported back, changes nothing")
    func exportReimport() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let table = try await RegistryExport.table(ScopedRegistry(db: app.db, actor: .system()))
            #expect(table.rows.count == 5)
            let csv = CSV.write(header: table.header, rows: table.rows)
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(csv, filename: "export.csv")
            #expect(report.succeeded, "\(report.problems)")
            #expect(report.personsUnchanged == 5 && report.personsUpdated == 0 && report.householdsUpdated == 0 && report.householdsAdded == 0)
        }
    }
}

@Suite("演示县")
struct DemoCountyTests {
    @Test("the same seed gives the same county; every generated ID is valid and unique; shares are plausible")
    func deterministic() throws {
        // No app here, so pin the day as `withTestApp` does: the county is generated and its IDs checked on one day.
        CivilDate.pinToday(testToday)
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let a = DemoCounty(households: 2_000, seed: 42).generate(townships: townships)
        let b = DemoCounty(households: 2_000, seed: 42).generate(townships: townships)
        let c = DemoCounty(households: 2_000, seed: 43).generate(townships: townships)
        #expect(a.households == b.households && a.villages == b.villages)
        #expect(a.households != c.households)
        #expect(a.villages.count == 21 * 19)
        let people = a.households.flatMap(\.members)
        #expect(Set(people.map(\.id.value)).count == people.count)
        #expect(people.allSatisfy { (try? ResidentID(validating: $0.id.value)) != nil })
        let perHousehold = Double(people.count) / Double(a.households.count)
        #expect((3.0...3.7).contains(perHousehold))
        let alleviated = Double(a.households.filter { $0.category == .alleviated }.count) / Double(a.households.count)
        #expect((0.2...0.35).contains(alleviated))
        #expect(a.households.allSatisfy { $0.members.filter { $0.relation == .householder }.count == 1 })
    }
}

@Suite("演示身份证号")
struct DemoIDTests {
    @Test("more people born on one day than the day has numbers still get valid, unique numbers (generation ends)")
    func saturatedDay() throws {
        var rng = SplitMix64(seed: 9)
        var used: Set<UInt64> = []
        let day = CivilDate(year: 2025, month: 12, day: 1)!
        let ids = (0..<1_200).map { _ in Names.residentID(birth: day, male: true, rng: &rng, used: &used) }
        #expect(Set(ids.map(\.value)).count == 1_200)
        #expect(ids.allSatisfy { $0.sex == .male && (try? ResidentID(validating: $0.value)) != nil })
        #expect(ids.filter { $0.birthDate == day }.count == 500)
    }
}

@Suite("按时间排序的 UUID")
struct OrderedUUIDTests {
    @Test("ids from one generator are version 7 and strictly increasing, even many within a millisecond, and their random tails (fetched in blocks) all differ")
    func ordered() {
        var generator = OrderedUUIDGenerator()
        let made = (0..<20_000).map { _ in generator.next() }
        let ids = made.map(\.uuidString)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ids.allSatisfy { Array($0)[14] == "7" })
        #expect(Set(ids).count == ids.count)
        // The last eight bytes are the RFC's variant and 62 random bits, drawn from blocks of 256 numbers: twenty
        // thousand ids span many blocks, and no two tails alike means no block came back unfilled or repeated.
        let tails = made.map { id in withUnsafeBytes(of: id.uuid) { Array($0[8...]) } }
        #expect(tails.allSatisfy { $0[0] >> 6 == 0b10 })
        #expect(Set(tails).count == tails.count)
    }

    @Test("a copied generator and its original, drawn in turn within the same milliseconds, never make the same id")
    func copiesDoNotRepeat() {
        var original = OrderedUUIDGenerator()
        _ = original.next()
        var copy = original
        var made: [UUID] = []
        for _ in 0..<2_000 { made.append(original.next()); made.append(copy.next()) }
        #expect(Set(made).count == made.count)
    }
}

@Suite("演示县写入数据库", .serialized)
struct DemoBuildTests {
    @Test("the demo county writes its villages, households and one user per role, and refuses a second run")
    func build() async throws {
        try await withTestApp { app in
            let summary = try await DemoCounty(households: 600, seed: 3).build(on: app.db) { try app.password.hash($0) }
            #expect(summary.households == 600 && summary.villages == 399)
            #expect(try await HouseholdRecord.query(on: app.db).count() == 600)
            let roles = Set(try await UserRecord.query(on: app.db).all().map(\.role))
            #expect(roles == Set(Role.allCases.map(\.rawValue)))
            let cadre = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "cun").first())
            #expect(cadre.region.level == .village)
            await #expect(throws: (any Error).self) {
                _ = try await DemoCounty(households: 10, seed: 3).build(on: app.db) { try app.password.hash($0) }
            }
        }
    }
}

@Suite("演示县的疑点数据")
struct DemoQualityTests {
    @Test("the demo county opens 疑点核查 on findings of every shipped check, all in 南顿镇, each with the values that triggered it")
    func everyCheck() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 4_000, seed: 1).build(on: app.db) { try app.password.hash($0) }
            let open = try await DataFindingRecord.query(on: app.db).filter(\.$state == DataFindingState.open.rawValue).all()
            #expect(Set(open.map(\.code)) == Set(DataCheckCode.allCases.map(\.rawValue)))
            let nandun = try #require(RegionCode("411681101"))
            for code in DataCheckCode.allCases {
                let of = open.filter { $0.code == code.rawValue }
                #expect(of.contains { nandun.contains(RegionCode($0.villageCode)!) && !$0.valuesText.isEmpty }, "\(code.rawValue)")
            }
        }
    }

    @Test("every demo household has last year's income too, a little lower, and last year's line: 收入大幅波动 finds only the household made to swing, and a what-if of last year judges every household")
    func lastYear() async throws {
        try await withTestApp { app in
            let demo = DemoCounty(households: 2_000, seed: 3)
            _ = try await demo.build(on: app.db) { try app.password.hash($0) }
            let households = try await HouseholdRecord.query(on: app.db).filter(\.$status == HouseholdStatus.active.rawValue).count()
            let earlier = try await IncomeRecord.query(on: app.db).filter(\.$year == demo.incomeYear - 1).count()
            #expect(earlier == households)
            let swings = try await DataFindingRecord.query(on: app.db).filter(\.$code == DataCheckCode.incomeSwing.rawValue).all()
            #expect(swings.count == 1 && swings[0].valuesText.contains("\(demo.incomeYear - 1)年"), "\(swings.map(\.valuesText))")
            let year = demo.incomeYear - 1
            let book = try await PolicyStore.book(for: DemoCounty.county, on: app.db)
            #expect(book.incomeLine(forIncomeYear: year, place: DemoCounty.county) == DemoCounty.exampleEarlierLine)
            let actor = Actor(userID: nil, username: "xian", role: .county, region: DemoCounty.county)
            let scenario = LineScenario(incomeYear: year, currentLine: DemoCounty.exampleEarlierLine, proposedLine: DemoCounty.exampleEarlierLine + Money(yuan: 300),
                                        standingOn: LineScenario.standingDay(forPastIncomeYear: year))
            let result = try await WhatIfStore(ScopedRegistry(db: app.db, actor: actor)).evaluate(scenario, today: CivilDate(year: 2026, month: 11, day: 16)!)
            #expect(result.outcome.total.judged.households == households && result.outcome.total.noIncome.households == 0)
            #expect(result.outcome.total.entering.households > 0)
        }
    }
}

@Suite("统计信息与计数队列")
struct AnalyzeTests {
    @Test("after statistics are taken with the recount queue nearly empty, a row written still finds its village in the queue by index, not by scanning it")
    func queueStaysIndexed() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "sqlite" else { return }  // PostgreSQL re-plans as autovacuum analyzes the queue
            // One village waiting to be recounted when statistics are taken (empty, SQLite keeps no statistics at all);
            // on one connection, which then plans with what it took.
            let plan = try await app.db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.raw("DELETE FROM indicator_changes").run()
                try await sql.raw("INSERT INTO indicator_changes (village_code) VALUES ('411681101200')").run()
                try await DatabaseSetup.analyze(tx)
                return try await sql.raw("EXPLAIN QUERY PLAN SELECT 1 FROM indicator_changes WHERE village_code = '411681101201'").all()
                    .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: " ")
            }
            #expect(plan.contains("indicator_changes_village"), "plan: \(plan)")
            // Other tables keep their statistics.
            let stats = try await sql.raw("SELECT count(*) AS n FROM sqlite_stat1").first()?.decode(column: "n", as: Int.self) ?? 0
            #expect(stats > 0)
        }
    }
}

@Suite("演示县直接写入的行")
struct DemoRowsTests {
    @Test("monitored demo households come with their measures, visits and helpers as rows; the build is one audit entry, not one per household")
    func monitoredRows() async throws {
        try await withTestApp { app in
            let summary = try await DemoCounty(households: 3_000, seed: 11).build(on: app.db) { try app.password.hash($0) }
            let monitored = try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).all()
            // About 3% are monitored (the poorest under the example line, a few others).
            #expect(monitored.count > 30 && monitored.count < 300)
            let measures = Dictionary(grouping: try await MeasureRecord.query(on: app.db).all(), by: \.householdID)
            let visits = Dictionary(grouping: try await VisitRecord.query(on: app.db).all(), by: \.householdID)
            // Households brought in by the demo's identification cases wait for their measures, as in a real county.
            let throughCases = Set(try await CaseRecord.query(on: app.db).all().map(\.householdID))
            for h in monitored where !throughCases.contains(h.id!) {
                #expect(!(measures[h.id!] ?? []).isEmpty, "monitored household \(h.number) without measures")
                #expect(measures[h.id!, default: []].allSatisfy { $0.villageCode == h.villageCode })
                // The household's last visit is its latest visit on record.
                #expect(h.lastVisitOn == visits[h.id!]?.map(\.visitedOn).max())
                #expect(h.monitoringSince.flatMap(CivilDate.init(parsing:)) != nil)
            }
            let cadre = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "cun").first())
            let helpers = try await HelperAssignmentRecord.query(on: app.db).all()
            for h in monitored where h.villageCode == cadre.regionCode {
                #expect(helpers.contains { $0.householdID == h.id && $0.userID == cadre.id })
            }
            // Every person's ID number is valid and unique, and each household has exactly one householder.
            let persons = try await PersonRecord.query(on: app.db).all()
            #expect(persons.count == summary.persons)
            #expect(Set(persons.map(\.idNumber)).count == persons.count)
            #expect(persons.allSatisfy { (try? ResidentID(validating: $0.idNumber)) != nil })
            #expect(persons.filter { $0.relation == Relation.householder.rawValue }.count == summary.households)
            let entries = try await AuditRecord.query(on: app.db).filter(\.$entity == "demo").all()
            #expect(entries.count == 1 && entries[0].summary.contains("\(summary.households)户"))
        }
    }
}

@Suite("大规模演示县的村")
struct LargeDemoVillageTests {
    @Test("hundreds of villages per township get unique names and codes; streets keep to community codes 001–199")
    func manyVillages() throws {
        let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
        let county = DemoCounty(households: 100, seed: 5, villagesPerTownship: 700).generate(townships: townships)
        for township in townships {
            let villages = county.villages.filter { $0.parent == township.code }
            #expect(Set(villages.map(\.name)).count == villages.count)
            if township.name.hasSuffix("街道") {
                #expect(villages.count == 199 && villages.allSatisfy { Int($0.code.digits.suffix(3))! <= 199 })
            } else {
                #expect(villages.count == 700)
            }
        }
        #expect(Set(county.villages.map(\.code)).count == county.villages.count)
        #expect(Names.numeral(2) == "二" && Names.numeral(11) == "十一" && Names.numeral(25) == "二十五")
    }
}

@Suite("同时写入：两项导入与其他写入")
struct ConcurrentWriteTests {
    @Test("two imports started together and a setting saved meanwhile all complete: the later writer waits for the earlier, nothing is refused or lost")
    func importsWaitForEachOther() async throws {
        try await withTestApp { app in
            let townships = try DivisionCatalog.henan().filter { $0.parent?.digits == "411681" }
            let (villages, households) = DemoCounty(households: 3_000, seed: 11).generate(townships: townships)
            let names = Dictionary(villages.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            // Two files of different households, many of them in the same villages: both imports create villages.
            let halves = [households.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                          households.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)]
            let files = halves.map { half -> Data in
                let table = RegistryFileWriter.table(half, villageNames: names)
                return CSV.write(header: table.header, rows: table.rows)
            }
            let officer = try await app.makeUser("yibao", role: .department, region: "411681")
            async let first = RegistryImporter(db: app.db, actor: .system()).importFile(files[0], filename: "a.csv")
            async let second = RegistryImporter(db: app.db, actor: .system()).importFile(files[1], filename: "b.csv")
            // A store that reads before it writes, while the imports write.
            try await Task.sleep(for: .milliseconds(50))
            try await UserStore.setFeedKinds([.medical], of: officer, on: app.db, actor: .system())
            let reports = try await [first, second]
            for report in reports { #expect(report.succeeded, "\(report.problems.prefix(3))") }
            #expect(reports.map(\.householdsAdded).reduce(0, +) == households.count)
            #expect(try await HouseholdRecord.query(on: app.db).count() == households.count)
            #expect(try await PersonRecord.query(on: app.db).count() == households.reduce(0) { $0 + $1.members.count })
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "import").count() == 2)
            #expect(try await UserStore.feedKinds(of: officer.requireID(), on: app.db) == [.medical])
        }
    }
}

import BottomlineDomain
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// `bottomline backup` and `bottomline restore` (issue 14 §3): a restored backup holds every table exactly as it was,
/// triggers included, on whichever database the tests run.
@Suite("备份与恢复")
struct BackupTests {
    /// A registry with the lifecycle tables, history and audit filled, as a county's would be.
    static func populate(_ app: Application) async throws {
        _ = try await app.importSample()
        let county = Actor(userID: nil, username: "xian", role: .county, region: RegionCode("411681")!)
        let store = LifecycleStore(ScopedRegistry(db: app.db, actor: county))
        let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
        _ = try await store.recordClue(household, CadreClue(difficulty: .illness, description: "住院", foundOn: .today), today: .today)
        try await app.makeUser("backup-cun", role: .village, region: "411681101202")
    }

    /// A photo attached to a problem of the sample village, kept where this database keeps files; its bytes and key.
    static func attachPhoto(_ app: Application, location: DatabaseLocation) async throws -> (bytes: Data, key: String) {
        let township = Actor(userID: nil, username: "zhen", role: .township, region: RegionCode("411681101")!)
        let registry = ScopedRegistry(db: app.db, actor: township)
        let problem = try await ProblemStore(registry).register(ProblemDraft(
            source: .inspection, foundOn: .today, householdNumber: "T001", category: "档案资料不全", text: "缺少评议记录", leadUnit: "王庄村委会",
            responsible: "村支书", measures: "补齐评议记录", deadline: CivilDate.today.adding(days: 10)), today: .today)
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + (0..<50_000).map { UInt8($0 % 251) })
        let upload = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-photo-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: upload, contents: bytes)
        defer { try? FileManager.default.removeItem(atPath: upload) }
        let record = try await AttachmentStore(registry, storage: .resolve(location)).attach(to: "problem", problem.id!, filename: "整改照片.png", path: upload)
        return (bytes, record.storageKey)
    }

    @Test("a backup restored gives every table and trigger back as it was when the backup was made")
    func roundTrip() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withTestApp { app in
            try await Self.populate(app)
            let location = try #require(app.databaseLocation)
            // The attachments are part of the backup: a large object in the dump, or a file copied beside it.
            let photo = try await Self.attachPhoto(app, location: location)
            defer { try? FileManager.default.removeItem(atPath: DatabaseBackup.filesFolder(of: file)) }
            let before = try await DatabaseContents.dump(app.db)
            #expect((before["households"]?.count ?? 0) == 3)
            #expect((before["households_history"]?.count ?? 0) >= 3)
            #expect((before["(triggers)"]?.count ?? 0) > 10)

            try await DatabaseBackup.backup(app.db, location: location, to: file)
            // Work goes on after the backup: none of it is in the copy.
            try await app.makeUser("after-backup", role: .county, region: "411681")

            switch location {
            case .postgres:
                // The photo's large object is lost after the backup: only the backup can bring it back.
                #expect(photo.key.hasPrefix("lo:"))
                try await (app.db as! any SQLDatabase).raw("SELECT lo_unlink(\(bind: Int64(photo.key.dropFirst(3))!)::oid)").run()
                #expect(try await AttachmentStorage.largeObjects.read(photo.key, on: app.db) == nil)
                // Restored over the live schema: pg_restore drops and recreates every table in one transaction.
                try DatabaseBackup.restore(from: file, into: location)
                let after = try await DatabaseContents.dump(app.db)
                #expect(after.keys.sorted() == before.keys.sorted())
                for table in before.keys.sorted() { #expect(after[table] == before[table], "table \(table) differs after restore") }
                #expect(try await AttachmentStorage.largeObjects.read(photo.key, on: app.db) == photo.bytes)
                #expect(try DatabaseBackup.restoreFiles(from: file, into: location) == nil)
            case .sqlite(let path):
                // A server is stopped before a restore; the test restores beside the live file and opens the result.
                let restored = path + "-restored.sqlite"
                FileManager.default.createFile(atPath: restored, contents: Data("an older database".utf8))
                let kept = try #require(try DatabaseBackup.restore(from: file, into: .sqlite(path: restored)))
                #expect(FileManager.default.contents(atPath: kept) == Data("an older database".utf8))
                defer { for p in [restored, kept] { for s in ["", "-wal", "-shm", ".files"] { try? FileManager.default.removeItem(atPath: p + s) } } }
                // The files come back into the restored database's folder, which did not have them.
                #expect(photo.key.hasPrefix("file:"))
                #expect(try DatabaseBackup.restoreFiles(from: file, into: .sqlite(path: restored))?.copied == 1)
                #expect(try DatabaseBackup.restoreFiles(from: file, into: .sqlite(path: restored))?.copied == 0)
                let other = try await Application.make(.testing)
                do {
                    try DatabaseSetup.configure(other, location: .sqlite(path: restored))
                    let after = try await DatabaseContents.dump(other.db)
                    #expect(after.keys.sorted() == before.keys.sorted())
                    for table in before.keys.sorted() { #expect(after[table] == before[table], "table \(table) differs after restore") }
                    #expect(!(after["users"] ?? []).contains { $0.contains("after-backup") })
                    #expect(try await AttachmentStorage.resolve(.sqlite(path: restored)).read(photo.key, on: other.db) == photo.bytes)
                } catch {
                    try? await other.asyncShutdown()
                    throw error
                }
                try await other.asyncShutdown()
            }
        }
    }

    @Test("a file that is not a backup of this kind of database is refused and the database is left as it was")
    func wrongFile() async throws {
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-junk-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: junk, contents: Data("户编号,姓名\nT001,张三\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: junk) }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-target-\(UUID().uuidString).sqlite").path
        FileManager.default.createFile(atPath: target, contents: Data("the database".utf8))
        defer { try? FileManager.default.removeItem(atPath: target) }
        #expect(throws: DatabaseBackup.Failure.self) { try DatabaseBackup.restore(from: junk, into: .sqlite(path: target)) }
        #expect(FileManager.default.contents(atPath: target) == Data("the database".utf8))
        #expect(throws: DatabaseBackup.Failure.self) { try DatabaseBackup.restore(from: junk + "-missing", into: .sqlite(path: target)) }
        let error = #expect(throws: DatabaseBackup.Failure.self) {
            try DatabaseBackup.restore(from: junk, into: .postgres(url: "postgres://nobody@127.0.0.1:1/none"))
        }
        #expect(error?.description.contains("不是 pg_dump") == true)
    }
}

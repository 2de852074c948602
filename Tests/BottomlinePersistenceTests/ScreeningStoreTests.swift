import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// Department files through the store: kept, de-duplicated, warnings scoped and disposed of.
@Suite("部门筛查预警：文件、预警与核实")
struct ScreeningStoreTests {
    static let zhang = validID("41168119700101101"), wang = validID("41168119500404104"), zhao = validID("41168119800505105")
    static let today = CivilDate(year: 2026, month: 6, day: 30)!

    struct World {
        let app: Application
        let yibao: Actor, county: Actor, cun: Actor, otherCun: Actor, township: Actor
        func store(_ a: Actor) -> ScreeningStore { ScreeningStore(ScopedRegistry(db: app.db, actor: a)) }
    }

    static func world(_ app: Application) async throws -> World {
        _ = try await app.importSample()
        func actor(_ name: String, _ role: Role, _ region: String) async throws -> Actor { Actor(try await app.makeUser(name, role: role, region: region)) }
        return World(app: app, yibao: try await actor("yibao", .department, "411681"), county: try await actor("xian", .county, "411681"),
                     cun: try await actor("cun", .village, "411681101201"), otherCun: try await actor("cun2", .village, "411681101202"),
                     township: try await actor("zhen", .township, "411681101"))
    }

    static func medical(_ rows: [(String, String, String)]) -> Data {
        Data(("身份证号,姓名,结算日期,个人自付\n" + rows.map { "\($0.0),某,\($0.1),\($0.2)" }.joined(separator: "\n")).utf8)
    }

    @Test("the registry index is kept between uploads and follows the registry: a person added, a household closed or moved between two uploads is matched, dropped or placed as the registry now says")
    func indexFollowsTheRegistry() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let newcomer = validID("41168119900707107")
            let before = try await w.store(w.yibao).screen(Self.medical([(newcomer, "2026-03-01", "30000"), (Self.zhao, "2026-03-01", "100")]),
                                                           filename: "3月.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(before.file.rowsMatched == 1 && before.file.rowsUnmatched == 1)
            // The newcomer joins the registry in 王庄村; 赵六's household (赵营村) is closed.
            let header = sampleRegistryCSV().components(separatedBy: "\n")[0]
            let extra = header + "\nT004,411681101201,王庄村,钱八,\(newcomer),户主,一般农户,普通劳动力,健康,,非在校生,是,A,是,2025,1000,0,0,0\n"
            #expect(try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(extra.utf8), filename: "补录.csv").succeeded)
            let t3 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
            t3.status = HouseholdStatus.merged.rawValue
            try await t3.save(on: app.db)
            let after = try await w.store(w.yibao).screen(Self.medical([(newcomer, "2026-04-01", "30000"), (Self.zhao, "2026-04-01", "100")]),
                                                          filename: "4月.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(after.file.rowsMatched == 1 && after.file.rowsUnmatched == 1)
            let warning = try #require(try await WarningRecord.query(on: app.db).filter(\.$fileID == after.file.id!).first())
            #expect(warning.villageCode == "411681101201")
            // Moved to 李楼村 after that: the next upload places the household's warning there.
            let t4 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T004").first()!
            try await RegistryStore(ScopedRegistry(db: app.db, actor: w.county)).moveVillage(t4, to: RegionCode("411681101202")!, date: Self.today, note: "")
            try await WarningRecord.query(on: app.db).delete()
            let moved = try await w.store(w.yibao).screen(Self.medical([(newcomer, "2026-05-01", "30000")]),
                                                          filename: "5月.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(moved.newWarnings == 1)
            #expect(try await WarningRecord.query(on: app.db).filter(\.$fileID == moved.file.id!).first()?.villageCode == "411681101202")
        }
    }

    @Test("a 医保 file makes warnings for the households over the line; the same file again makes nothing; a second file does not repeat an open warning")
    func sameFileTwice() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let file = Self.medical([(Self.zhang, "2026-03-01", "6000"), (Self.wang, "2026-03-01", "6000"), (Self.zhao, "2026-03-01", "25000"),
                                     ("12345", "2026-03-01", "1")])
            let first = try await w.store(w.yibao).screen(file, filename: "医保2026年3月.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(!first.duplicate && first.newWarnings == 2)   // 张三 (脱贫户 ≥ 5,000) and 赵六 (一般农户 ≥ 20,000); 王五's 6,000 is under 20,000
            #expect(first.file.rowsRead == 4 && first.file.rowsBad == 1 && first.file.rowsMatched == 3)
            #expect(try await FeedBadRowRecord.query(on: app.db).count() == 1)
            let again = try await w.store(w.yibao).screen(file, filename: "重复.csv", kind: .medical, channel: "api", asOf: Self.today, today: Self.today)
            #expect(again.duplicate && again.newWarnings == 0 && again.file.id == first.file.id)
            let next = Self.medical([(Self.zhang, "2026-04-01", "100")])
            let second = try await w.store(w.yibao).screen(next, filename: "医保2026年4月.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(second.newWarnings == 0)
            #expect(try await WarningRecord.query(on: app.db).count() == 2)
            #expect(try await FeedFileRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("warnings are scoped: a village cadre sees its own village's only, a township its villages; a department cannot screen a village's registry")
    func scoping() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            _ = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-03-01", "6000"), (Self.zhao, "2026-03-01", "25000")]),
                                                  filename: "a.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(try await w.store(w.cun).warnings(.init(), today: Self.today).count == 1)
            #expect(try await w.store(w.otherCun).warnings(.init(), today: Self.today).isEmpty)
            #expect(try await w.store(w.township).warnings(.init(), today: Self.today).count == 1)
            #expect(try await w.store(w.county).warnings(.init(), today: Self.today).count == 2)
            let zhaoWarning = try await w.store(w.county).warnings(.init(), today: Self.today).first { $0.villageCode == "411681102201" }!
            #expect(try await w.store(w.cun).warning(zhaoWarning.id!) == nil)
            await #expect(throws: FieldProblems.self) {
                try await w.store(w.cun).screen(Self.medical([]), filename: "x.csv", kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            }
        }
    }

    @Test("纳入监测 opens an identification case with the warning as its clue; 核实无风险 needs a reason; a closed warning reopens only on newer evidence")
    func dispositions() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            _ = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-03-01", "6000")]), filename: "a.csv", kind: .medical,
                                                  channel: "web", asOf: Self.today, today: Self.today)
            let warning = try await w.store(w.cun).warnings(.init(), today: Self.today).first!
            #expect(warning.dueOn == Self.today.adding(days: 7).description)
            await #expect(throws: FieldProblems.self) { try await w.store(w.cun).dispose(warning, .noRisk, note: "  ", today: Self.today) }
            #expect(try await w.store(w.cun).warning(warning.id!)?.isOpen == true)
            try await w.store(w.cun).dispose(warning, .included, note: "入户核实属实", today: Self.today)
            let closed = try await w.store(w.cun).warning(warning.id!)!
            #expect(!closed.isOpen && closed.dispositionValue == .included && closed.clueID != nil)
            let clue = try await ClueRecord.find(closed.clueID!, on: app.db)!
            #expect(clue.sourceValue == .screening && clue.statusValue == .inCase && clue.sourceRef == "warning:\(warning.id!.uuidString)")
            let record = try await CaseRecord.find(clue.caseID!, on: app.db)!
            #expect(record.kindValue == .identification && record.stageValue == .verification)
            // The same evidence again: nothing new. Newer evidence: a new warning.
            _ = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-03-01", "6000"), (Self.zhang, "2026-02-01", "1")]), filename: "b.csv",
                                                  kind: .medical, channel: "web", asOf: Self.today, today: Self.today)
            #expect(try await WarningRecord.query(on: app.db).count() == 1)
            _ = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-05-01", "6000")]), filename: "c.csv", kind: .medical,
                                                  channel: "web", asOf: Self.today, today: Self.today)
            #expect(try await WarningRecord.query(on: app.db).filter(\.$status == "open").count() == 1)
            let stats = try await w.store(w.county).statistics()
            let yb = try #require(stats.first { $0.rule == "YB01" })
            #expect(yb.raised == 2 && yb.open == 1 && yb.byDisposition[.included] == 1 && yb.includedShare == 0.5)
        }
    }

    @Test("a warning waits in the village's and the township's work lists; past its 7 days the township supervises it, past 14 the county")
    func escalation() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            _ = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-03-01", "6000")]), filename: "a.csv", kind: .medical,
                                                  channel: "web", asOf: Self.today, today: Self.today)
            func items(_ a: Actor, _ offset: Int) async throws -> [WorkItem] {
                try await LifecycleStore(ScopedRegistry(db: app.db, actor: a)).workList(today: Self.today.adding(days: offset)).filter { $0.kind == .warning }
            }
            #expect(try await items(w.cun, 0).count == 1)
            #expect(try await items(w.otherCun, 0).isEmpty)
            #expect(try await items(w.township, 7).first?.title == "筛查预警待村核实")
            #expect(try await items(w.township, 8).first?.title.contains("督办") == true)
            #expect(try await items(w.county, 14).isEmpty)
            #expect(try await items(w.county, 15).count == 1)
            #expect(try await items(w.cun, 15).first?.isOverdue(on: Self.today.adding(days: 15)) == true)
        }
    }

    @Test("a rolling 12-month sum spans monthly files: two bills under the line in two months warn on the second; months outside the window do not count")
    func rollingAcrossFiles() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let march = CivilDate(year: 2026, month: 3, day: 31)!, april = CivilDate(year: 2026, month: 4, day: 30)!
            let first = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-03-10", "3000")]), filename: "3月.csv", kind: .medical,
                                                          channel: "web", asOf: march, today: Self.today)
            #expect(first.newWarnings == 0)
            #expect(try await FeedSumRecord.query(on: app.db).all().map { ($0.month, $0.value) }.first! == ("2026-03", 300_000))
            let second = try await w.store(w.yibao).screen(Self.medical([(Self.zhang, "2026-04-02", "2500")]), filename: "4月.csv", kind: .medical,
                                                           channel: "web", asOf: april, today: Self.today)
            #expect(second.newWarnings == 1)
            let warning = try await WarningRecord.query(on: app.db).first()!
            #expect(warning.value == 550_000 && warning.rowsCounted == 2 && warning.priorRows == 1 && warning.lineNumbers == [2])
            // A year on, March 2026 is outside the window: 2,600 元 alone is under the line.
            let later = try await w.store(w.yibao).screen(Self.medical([(Self.wang, "2027-03-30", "100"), (Self.zhang, "2027-03-30", "2600")]),
                                                          filename: "次年3月.csv", kind: .medical, channel: "web",
                                                          asOf: CivilDate(year: 2027, month: 3, day: 31)!, today: CivilDate(year: 2027, month: 4, day: 1)!)
            #expect(later.newWarnings == 0)
        }
    }

    @Test("a file missing a required column is refused with its name and stores nothing")
    func refusedFile() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            do {
                _ = try await w.store(w.yibao).screen(Data("身份证号,结算日期\n\(Self.zhang),2026-01-01\n".utf8), filename: "a.csv", kind: .medical,
                                                      channel: "web", asOf: Self.today, today: Self.today)
                Issue.record("accepted")
            } catch let p as FieldProblems {
                #expect(p.errors["file"]?.contains("个人自付") == true)
            }
            #expect(try await FeedFileRecord.query(on: app.db).count() == 0)
        }
    }
}

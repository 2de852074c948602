import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

/// The lifecycle as the policy states it: clues in 7 days, identification in 15, step owners, 公示 days, elimination
/// criteria. Every test runs on its own database (SQLite, or PostgreSQL when configured).
@Suite("监测帮扶全流程")
struct LifecycleTests {
    static let wang = "411681101201", li = "411681101202"

    struct World {
        let app: Application
        let cun: Actor, otherCun: Actor, township: Actor, county: Actor
        let household: HouseholdRecord
        func store(_ a: Actor) -> LifecycleStore { LifecycleStore(ScopedRegistry(db: app.db, actor: a)) }
        func refreshed() async throws -> HouseholdRecord { try await HouseholdRecord.find(household.id!, on: app.db)! }
    }

    static func world(_ app: Application) async throws -> World {
        _ = try await app.importSample()
        func actor(_ name: String, _ role: Role, _ region: String) async throws -> Actor {
            Actor(try await app.makeUser(name, role: role, region: region))
        }
        _ = try await PolicyStore.add(.monitoringIncomeLine, value: "7000", region: RegionCode("41")!, effectiveFrom: CivilDate(year: 2025, month: 1, day: 1)!,
                                      source: "测试用标准", actor: .system(), on: app.db)
        let household = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
        return World(app: app, cun: try await actor("cun", .village, wang), otherCun: try await actor("cun2", .village, li),
                     township: try await actor("zhen", .township, "411681101"), county: try await actor("xian", .county, "411681"),
                     household: household)
    }

    static let day0 = CivilDate(year: 2026, month: 3, day: 2)!

    /// Runs identification of T001 from a cadre's clue on `day0`, finishing on `day0 + finish` days.
    static func identify(_ w: World, finish: Int) async throws -> CaseRecord {
        let record = try await toNotice(w, w.household, from: day0, spacing: 1)
        let steps: [(Actor, Int, FormValues)] = [
            (w.cun, 8, ["comment": "公示无异议"]),
            (w.township, 9, [:]),
            (w.county, 10, ["category": "marginal", "risk_01": "on"]),
            (w.cun, finish, [:]),
        ]
        for (actor, offset, values) in steps {
            try await w.store(actor).act(on: record, .advance, values: values, today: day0.adding(days: offset))
        }
        return record
    }

    /// Takes a household's identification from a cadre's clue on `day` to 公示: 入户核实, 信息比对 and 民主评议 on the
    /// following days, `spacing` days apart (0: all on `day`).
    static func toNotice(_ w: World, _ h: HouseholdRecord, from day: CivilDate, spacing: Int) async throws -> CaseRecord {
        let (clue, _) = try await w.store(w.cun).recordClue(h, CadreClue(difficulty: .illness, description: "妻子住院", foundOn: day), today: day)
        let record = try await w.store(w.cun).startIdentification(from: clue, today: day)
        try await w.store(w.cun).act(on: record, .advance, values: ["findings": "住院自付3万元", "consent": "on", "category": "marginal", "risk_01": "on"],
                                     today: day.adding(days: spacing))
        try await w.store(w.county).act(on: record, .advance, values: [:], today: day.adding(days: 2 * spacing))
        try await w.store(w.cun).act(on: record, .advance, values: ["comment": "参会21人，同意21人"], today: day.adding(days: 3 * spacing))
        return record
    }

    @Test("a case identified within 15 days of the first clue is on time; one finished on day 16 is flagged overdue")
    func fifteenDays() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let record = try await Self.identify(w, finish: 15)
            #expect(record.stageValue == .completed)
            #expect(record.clock?.isOverdue(on: Self.day0.adding(days: 30), completedOn: CivilDate(parsing: record.completedOn!)) == false)
            let h = try await w.refreshed()
            #expect(h.monitoringValue == .marginal && h.risks == [.illness] && h.monitoringSince == Self.day0.adding(days: 15).description)
            let clues = try await ClueRecord.query(on: app.db).filter(\.$householdID == h.id!).all()
            #expect(clues.allSatisfy { $0.statusValue == .closed })
        }
        try await withTestApp { app in
            let w = try await Self.world(app)
            let record = try await Self.identify(w, finish: 16)
            let clock = try #require(record.clock)
            #expect(clock.isOverdue(on: Self.day0.adding(days: 16), completedOn: CivilDate(parsing: record.completedOn!)))
            #expect(clock.text(on: Self.day0, completedOn: CivilDate(parsing: record.completedOn!)).contains("超过15天"))
        }
    }

    @Test("the work list: a step returned to the village is marked 退回 with who returned it and why; a 公示 step counts down one clock (its end), naming the time limit as a date; the township's own step comes before the villages' work it supervises")
    func workListMarksReturnsAndOwnWork() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let record = try await Self.toNotice(w, w.household, from: Self.day0, spacing: 1)
            // During 公示 the village's item is due when 公示 ends; the 15-day limit is a date, not a second countdown.
            let during = Self.day0.adding(days: 4)
            let posting = try #require(try await w.store(w.cun).workList(today: during).first { $0.link.hasSuffix(record.id!.uuidString) })
            #expect(posting.detail.contains("公示至") && posting.detail.contains("识别时限") && !posting.detail.contains("还剩"))
            try await w.store(w.cun).act(on: record, .advance, values: ["comment": "公示无异议"], today: Self.day0.adding(days: 8))
            // A clue of another village, overdue: the township supervises it, below its own step.
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            _ = try await w.store(w.otherCun).recordClue(t2, CadreClue(difficulty: .disability, description: "重度残疾", foundOn: Self.day0), today: Self.day0)
            let review = Self.day0.adding(days: 9)
            let townshipList = try await w.store(w.township).workList(today: review)
            let own = try #require(townshipList.first { $0.link.hasSuffix(record.id!.uuidString) })
            #expect(own.mine && own.title.contains("乡镇审核"))
            #expect(townshipList.contains { !$0.mine && $0.kind == .clue })
            // The township returns it with a reason: the village sees the mark and the reason at the returned step.
            try await w.store(w.township).act(on: record, .returnBack, values: ["comment": "评议记录缺参会人员签字"], today: review)
            let back = try #require(try await w.store(w.cun).workList(today: review).first { $0.link.hasSuffix(record.id!.uuidString) })
            #expect(back.mine && back.returned?.contains("乡镇审核退回") == true && back.returned?.contains("评议记录缺参会人员签字") == true)
            // Once the village acts again the mark is gone.
            try await w.store(w.cun).act(on: record, .advance, values: ["comment": "已补签字，公示无异议"], today: review)
            let again = try #require(try await w.store(w.township).workList(today: review).first { $0.link.hasSuffix(record.id!.uuidString) })
            #expect(again.returned == nil)
        }
    }

    @Test("the village prints what is due now: households in 公示 by the day it began (a finished 公示 drops off), and the 结果公告 once the county decides, before the village confirms it was posted; a past period is printed again on request")
    func noticesDueNow() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let header = sampleRegistryCSV().components(separatedBy: "\n")[0]
            let extra = header + "\nT004,411681101201,王庄村,钱八,\(validID("41168119900707107")),户主,一般农户,普通劳动力,健康,,非在校生,是,A,是,2025,1000,0,0,0\n"
            #expect(try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(extra.utf8), filename: "补录.csv").succeeded)
            let t4 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T004").first()!
            let later = try await Self.toNotice(w, t4, from: Self.day0.adding(days: 2), spacing: 0)   // 钱八 begins 公示 later…
            let earlier = try await Self.toNotice(w, w.household, from: Self.day0, spacing: 0)         // …than 张三
            let wang = RegionCode(Self.wang)!
            let store = w.store(w.cun)
            var due = try await store.notice(village: wang, kind: .identification, announcement: false, from: nil, to: nil, today: Self.day0.adding(days: 3))
            #expect(due.map(\.householderName) == ["张三", "钱八"])
            // 张三's 公示 ends and the case moves on: off the 公示 list, onto the 结果公告 once the county has decided.
            try await w.store(w.cun).act(on: earlier, .advance, values: ["comment": "公示无异议"], today: Self.day0.adding(days: 8))
            try await w.store(w.township).act(on: earlier, .advance, values: [:], today: Self.day0.adding(days: 9))
            // 张三 has moved on, and 钱八's 公示 (begun on day 2) has run its days: nothing is to be posted.
            let noticeEnd = try #require(try await CaseRecord.find(later.id!, on: app.db)?.notice?.end)
            due = try await store.notice(village: wang, kind: .identification, announcement: false, from: nil, to: nil, today: noticeEnd)
            #expect(due.map(\.householderName) == ["钱八"])
            due = try await store.notice(village: wang, kind: .identification, announcement: false, from: nil, to: nil, today: noticeEnd.adding(days: 1))
            #expect(due.isEmpty)
            #expect(try await store.notice(village: wang, kind: .identification, announcement: true, from: nil, to: nil, today: Self.day0.adding(days: 9)).isEmpty)
            try await w.store(w.county).act(on: earlier, .advance, values: ["category": "marginal", "risk_01": "on"], today: Self.day0.adding(days: 10))
            let announce = try await store.notice(village: wang, kind: .identification, announcement: true, from: nil, to: nil, today: Self.day0.adding(days: 10))
            #expect(announce.map(\.householderName) == ["张三"] && announce.first?.date == Self.day0.adding(days: 10).description)
            // Once posted and confirmed it is history: printed again by its period, not listed as due.
            try await w.store(w.cun).act(on: earlier, .advance, values: [:], today: Self.day0.adding(days: 11))
            #expect(try await store.notice(village: wang, kind: .identification, announcement: true, from: nil, to: nil, today: Self.day0.adding(days: 11)).isEmpty)
            let past = try await store.notice(village: wang, kind: .identification, announcement: true, from: Self.day0, to: Self.day0.adding(days: 20))
            #expect(past.map(\.householderName) == ["张三"])
        }
    }

    @Test("only the owner of a step acts on it, and only in its own region; a cadre of another village does not even see the case")
    func owners() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (clue, _) = try await w.store(w.cun).recordClue(w.household, CadreClue(difficulty: .illness, description: "x", foundOn: Self.day0), today: Self.day0)
            let record = try await w.store(w.cun).startIdentification(from: clue, today: Self.day0)
            // 入户核实 belongs to the village: the county may not take it.
            await #expect(throws: FieldProblems.self) {
                try await w.store(w.county).act(on: record, .advance, values: ["findings": "x", "consent": "on"], today: Self.day0)
            }
            #expect(try await ScopedRegistry(db: app.db, actor: w.otherCun).monitoringCase(record.id!) == nil)
            #expect(w.store(w.otherCun).mayAct(on: record) == false)
            try await w.store(w.cun).act(on: record, .advance, values: ["findings": "x", "consent": "on"], today: Self.day0)
            // 信息比对 is the county's: the village cadre is refused with the owner named.
            do {
                try await w.store(w.cun).act(on: record, .advance, values: [:], today: Self.day0)
                Issue.record("a village cadre took a county step")
            } catch let p as FieldProblems {
                #expect(p.errors["_"]?.contains("县级") == true)
            }
            #expect(record.stageValue == .comparison)
        }
    }

    @Test("公示 lasts at least the notice days; return needs a reason and goes one step back; reject ends the case")
    func noticeReturnReject() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (clue, _) = try await w.store(w.cun).recordClue(w.household, CadreClue(difficulty: .illness, description: "x", foundOn: Self.day0), today: Self.day0)
            let record = try await w.store(w.cun).startIdentification(from: clue, today: Self.day0)
            try await w.store(w.cun).act(on: record, .advance, values: ["findings": "x", "consent": "on"], today: Self.day0)
            try await w.store(w.county).act(on: record, .advance, values: [:], today: Self.day0)
            await #expect(throws: FieldProblems.self, "民主评议 needs its result") {
                try await w.store(w.cun).act(on: record, .advance, values: [:], today: Self.day0)
            }
            try await w.store(w.cun).act(on: record, .advance, values: ["comment": "同意"], today: Self.day0.adding(days: 1))
            #expect(record.notice?.end == Self.day0.adding(days: 5))
            do {
                try await w.store(w.cun).act(on: record, .advance, values: [:], today: Self.day0.adding(days: 5))
                Issue.record("notice ended on its last day")
            } catch let p as FieldProblems {
                #expect(p.errors["_"]?.contains("公示期满") == true)
            }
            await #expect(throws: FieldProblems.self, "a return without a reason") {
                try await w.store(w.cun).act(on: record, .returnBack, values: [:], today: Self.day0.adding(days: 2))
            }
            try await w.store(w.cun).act(on: record, .returnBack, values: ["comment": "群众对收入有异议，重新评议"], today: Self.day0.adding(days: 2))
            #expect(record.stageValue == .deliberation && record.noticeFrom == nil)
            try await w.store(w.cun).act(on: record, .reject, values: ["comment": "核实收入高于标准"], today: Self.day0.adding(days: 3))
            #expect(record.stageValue == .rejected)
            let steps = try await w.store(w.cun).steps(of: record)
            #expect(steps.map(\.action) == ["advance", "advance", "advance", "return", "reject"])
            #expect(try await w.refreshed().monitoringCategory == nil)
        }
    }

    @Test("risk elimination is refused for each unmet criterion and accepted when all hold; 回退 puts the risk back")
    func elimination() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            _ = try await Self.identify(w, finish: 12)
            let identified = Self.day0.adding(days: 12)
            var h = try await w.refreshed()
            let store = w.store(w.cun)
            func unmet(_ method: EliminationMethod, _ resolved: Set<RiskType>, on day: CivilDate) async throws -> [String] {
                do {
                    _ = try await store.proposeElimination(h, method: method, resolved: resolved, note: "", today: day)
                    return []
                } catch let refused as EliminationRefused {
                    return refused.unmet
                }
            }
            let early = identified.adding(months: 3)
            let reasons = try await unmet(.assisted, [], on: early)
            #expect(reasons.contains { $0.contains("纳入监测未满6个月") })
            #expect(reasons.contains { $0.contains("没有走访记录") })
            #expect(reasons.contains { $0.contains("至少落实一项帮扶措施") })
            #expect(reasons.contains { $0.contains("风险“因病”尚未消除") })
            let later = identified.adding(months: 7)
            _ = try await store.addVisit(h, VisitDraft(date: later.adding(days: -40), findings: "务工收入减少", incomeTrend: .falling, changes: ""))
            h = try await w.refreshed()
            #expect(try await unmet(.natural, [.illness], on: later).contains { $0.contains("走访发现收入下降") })
            _ = try await store.addVisit(h, VisitDraft(date: later.adding(days: -5), findings: "已恢复务工", incomeTrend: .stable, changes: ""))
            // The falling visit is still inside the six-month window; a stable one after it does not erase it.
            #expect(try await unmet(.natural, [.illness], on: later).contains { $0.contains("收入下降") })
            let muchLater = later.adding(months: 6)
            _ = try await store.addVisit(h, VisitDraft(date: muchLater.adding(days: -3), findings: "收入稳定", incomeTrend: .stable, changes: ""))
            h = try await w.refreshed()
            // Income registered for 2025 is now too old for a 2027 decision.
            #expect(try await unmet(.natural, [.illness], on: muchLater).contains { $0.contains("请先登记2026年") })
            try await RegistryStore(ScopedRegistry(db: app.db, actor: w.cun)).setIncome(h, HouseholdIncome(year: 2026, wages: Money(yuan: 30000)))
            #expect(try await unmet(.assisted, [.illness], on: muchLater) == ["帮扶消除须至少落实一项帮扶措施，本户尚无实施中或已完成的措施"])
            let plan = try await store.addMeasure(h, MeasureDraft(category: .health, name: "大病专项救治", department: "", amount: nil, start: identified, end: nil, status: .planned))
            #expect(try await unmet(.assisted, [.illness], on: muchLater).count == 1, "a planned measure is not yet delivered")
            try await store.setStatus(plan, .completed, today: muchLater)
            let record = try await store.proposeElimination(h, method: .assisted, resolved: [.illness], note: "", today: muchLater)
            let steps: [(Actor, Int, FormValues)] = [(w.cun, 0, ["findings": "收入稳定"]), (w.cun, 1, ["comment": "同意"]),
                                                     (w.cun, 6, [:]), (w.county, 7, [:]), (w.cun, 8, [:])]
            for (actor, offset, values) in steps {
                try await w.store(actor).act(on: record, .advance, values: values, today: muchLater.adding(days: offset))
            }
            h = try await w.refreshed()
            #expect(h.riskEliminatedOn == muchLater.adding(days: 8).description && h.eliminationMethod == "assisted" && h.monitoringValue == .marginal)
            await #expect(throws: FieldProblems.self, "回退 is the county's") {
                try await w.store(w.cun).revertElimination(h, reason: "复发", today: muchLater.adding(days: 20))
            }
            try await w.store(w.county).revertElimination(h, reason: "再次住院，风险复发", today: muchLater.adding(days: 20))
            h = try await w.refreshed()
            #expect(h.isAtRisk)
            let timeline = try await store.timeline(of: h)
            #expect(timeline.contains { $0.text.contains("风险消除回退") } && timeline.contains { $0.text.contains("纳入监测") })
        }
    }

    @Test("整户无劳动力 households are never marked eliminated")
    func noLabour() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            t002.monitoringCategory = MonitoringCategory.marginal.rawValue
            t002.monitoringSince = "2025-01-01"
            t002.riskTypes = RiskType.encode([.disability])
            try await t002.save(on: app.db)
            let check = try await w.store(w.otherCun).eliminationCheck(t002, method: .natural, resolved: [.disability], today: Self.day0)
            #expect(check.unmet.contains("整户无劳动力，按规定不标注风险消除，继续跟踪帮扶"))
        }
    }

    @Test("a repeated cadre or screening clue for the same household is merged; a farmer's declaration stands as its own clue and edits none; a screening warning lands in the village's work list")
    func cluesMergeAndScreening() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let id = try await PersonRecord.query(on: app.db).filter(\.$name == "张三").first()!.idNumber
            let declaration = Declaration(name: "张三", id: ResidentID(trusted: id), phone: "13800000000", difficulty: .illness, description: "住院")
            let (first, merged1) = try await LifecycleStore.receiveDeclaration(declaration, village: RegionCode(Self.wang)!, today: Self.day0, on: app.db)
            let (second, merged2) = try await LifecycleStore.receiveDeclaration(declaration, village: RegionCode(Self.wang)!, today: Self.day0.adding(days: 1), on: app.db)
            #expect(!merged1 && !merged2 && first.id != second.id && first.mergedCount == 0 && second.householdID == w.household.id)
            #expect(first.householdID == w.household.id && first.dueOn == Self.day0.adding(days: 7).description)
            let (warning, merged3) = try await w.store(w.county).openScreeningClue(w.household, risk: .illness, description: "医保：自付2.3万元",
                                                                                     sourceRef: "YB-2026-03-001", today: Self.day0.adding(days: 2))
            #expect(merged3 && warning.id == first.id && warning.mergedCount == 1)
            #expect(try await ClueRecord.query(on: app.db).count() == 2)
            // Another household's warning is its own clue, in the village cadre's list.
            let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            _ = try await w.store(w.county).openScreeningClue(t002, risk: .disability, description: "残联：新办残疾证", sourceRef: "CL-1", today: Self.day0)
            let items = try await w.store(w.otherCun).workList(today: Self.day0)
            #expect(items.contains { $0.kind == .clue && $0.householdName == "王五" && $0.title.contains("部门筛查预警") })
            #expect(!items.contains { $0.householdName == "张三" }, "another village's clue stays out of the list")
            // A village cadre of another county cannot raise a warning for it.
            let outsider = w.store(Actor(userID: nil, username: "x", role: .county, region: RegionCode("411628")!))
            await #expect(throws: FieldProblems.self) {
                try await outsider.openScreeningClue(t002, risk: .illness, description: "x", sourceRef: "x", today: Self.day0)
            }
        }
    }

    @Test("a retired risk type or measure category is refused for new records with its name; a renamed category shows its new name on the 公告")
    func retiredAndRenamedCodes() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let from = CivilDate(year: 2026, month: 1, day: 1)!
            for (list, code, label, inUse) in [(LabelledList.riskType, "0206", "因灾（地震）", false), (.measureCategory, "relocation", "搬迁", false),
                                                (.monitoringCategory, "marginal", "易致贫户", true)] {
                _ = try await PolicyStore.addLabel(list, code: code, label: label, inUse: inUse, region: RegionCode("41")!, effectiveFrom: from,
                                                   source: "测试", actor: .system(), on: app.db)
            }
            do {
                _ = try await w.store(w.cun).recordClue(w.household, CadreClue(difficulty: .earthquake, description: "房屋受损", foundOn: Self.day0), today: Self.day0)
                Issue.record("a retired risk type was accepted")
            } catch let problems as FieldProblems {
                #expect(problems.errors["difficulty"]?.contains("已停用") == true)
            }
            do {
                _ = try await w.store(w.cun).addMeasure(w.household, MeasureDraft(category: .relocation, name: "易地搬迁", department: "", amount: nil,
                                                                                   start: Self.day0, end: nil, status: .planned))
                Issue.record("a retired measure category was accepted")
            } catch let problems as FieldProblems {
                #expect(problems.errors["category"]?.contains("搬迁”已停用") == true)
            }
            #expect(try await ClueRecord.query(on: app.db).count() == 0)
            #expect(try await MeasureRecord.query(on: app.db).count() == 0)
            // The county cannot approve with a retired risk either; with types in use the case completes.
            let (clue, _) = try await w.store(w.cun).recordClue(w.household, CadreClue(difficulty: .illness, description: "住院", foundOn: Self.day0), today: Self.day0)
            let record = try await w.store(w.cun).startIdentification(from: clue, today: Self.day0)
            for (actor, offset, values) in [(w.cun, 1, ["findings": "核实", "consent": "on"]), (w.county, 2, [:]), (w.cun, 3, ["comment": "同意"]),
                                            (w.cun, 8, [:]), (w.township, 9, [:])] as [(Actor, Int, FormValues)] {
                try await w.store(actor).act(on: record, .advance, values: values, today: Self.day0.adding(days: offset))
            }
            do {
                try await w.store(w.county).act(on: record, .advance, values: ["category": "marginal", "risk_0206": "on"], today: Self.day0.adding(days: 10))
                Issue.record("approved with a retired risk type")
            } catch let problems as FieldProblems {
                #expect(problems.errors["risks"]?.contains("已停用") == true)
            }
            try await w.store(w.county).act(on: record, .advance, values: ["category": "marginal", "risk_01": "on"], today: Self.day0.adding(days: 10))
            try await w.store(w.cun).act(on: record, .advance, values: [:], today: Self.day0.adding(days: 11))
            let lines = try await w.store(w.cun).notice(village: RegionCode(Self.wang)!, kind: .identification, announcement: true,
                                                        from: Self.day0, to: Self.day0.adding(days: 30))
            #expect(lines.map(\.category) == ["易致贫户"])
        }
    }

    @Test("a household that moves takes its clues, cases, measures and visits to the new village")
    func moveCarriesLifecycle() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            _ = try await Self.identify(w, finish: 12)
            let h = try await w.refreshed()
            _ = try await w.store(w.cun).addMeasure(h, MeasureDraft(category: .health, name: "x", department: "", amount: nil, start: Self.day0, end: nil, status: .ongoing))
            try await RegistryStore(ScopedRegistry(db: app.db, actor: w.township)).moveVillage(h, to: RegionCode(Self.li)!, date: .today, note: "")
            #expect(try await ScopedRegistry(db: app.db, actor: w.cun).scoped(CaseRecord.self).count() == 0)
            #expect(try await ScopedRegistry(db: app.db, actor: w.otherCun).scoped(CaseRecord.self).count() == 1)
            #expect(try await ScopedRegistry(db: app.db, actor: w.otherCun).scoped(MeasureRecord.self).count() == 1)
        }
    }
}

/// Every table whose rows belong to a household and carry its village, read from the schema itself, so a ledger added
/// later is covered without anyone remembering to add it here.
func householdOwnedTables(_ db: any Database) async throws -> Set<String> {
    guard let sql = db as? any SQLDatabase else { return [] }
    struct Row: Decodable { var name: String }
    let tables: [String]
    if sql.dialect.name == "sqlite" {
        tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Row.self).map(\.name)
    } else {
        tables = try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all(decoding: Row.self).map(\.name)
    }
    var owned: Set<String> = []
    // `<table>_history` keeps each past version where it was (a month frozen before a move counts the old village);
    // only the aggregate counts read it, never a page, so it is not a table whose rows a household owns.
    for table in tables where !table.hasSuffix("_history") {
        struct Column: Decodable { var name: String }
        let columns: [String]
        if sql.dialect.name == "sqlite" {
            columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self).map(\.name)
        } else {
            columns = try await sql.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)")
                .all(decoding: Column.self).map(\.name)
        }
        if columns.contains("household_id"), columns.contains("village_code") { owned.insert(table) }
    }
    return owned
}

@Suite("迁村：户的一切随户迁移")
struct HouseholdMoveTests {
    @Test("a household that moves village takes every record it owns — clues, cases, measures, visits, warnings with their evidence, feed sums, asset income paid to it, the projects that link it, its loans with their reports and 贴息, its members' 务工, 公益岗位 with its 考勤, 雨露, 持证 and 交通补助, its 防贫保险 claims, its 信访 and 整改问题 with their attachments, its 疑点 — and the old village's cadre can no longer open any of them")
    func everythingMoves() async throws {
        try await withTestApp { app in
            let w = try await LifecycleTests.world(app)
            _ = try await LifecycleTests.identify(w, finish: 12)
            var h = try await w.refreshed()
            _ = try await w.store(w.cun).addMeasure(h, MeasureDraft(category: .health, name: "大病救助", department: "", amount: nil, start: LifecycleTests.day0, end: nil, status: .ongoing))
            _ = try await w.store(w.cun).addVisit(h, VisitDraft(date: LifecycleTests.day0.adding(days: 20), findings: "住院", incomeTrend: .falling, changes: ""))
            let department = Actor(try await app.makeUser("yibao", role: .department, region: "411681"))
            let medical = "身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(CivilDate.today.adding(days: -10)),26000\n"
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: department)).screen(Data(medical.utf8), filename: "yb.csv", kind: .medical,
                                                                                                channel: "web", asOf: .today, today: .today)
            let warning = try #require(try await WarningRecord.query(on: app.db).filter(\.$householdID == h.id!).first())
            #expect(try await ScreeningStore(ScopedRegistry(db: app.db, actor: w.cun)).warning(warning.id!) != nil)
            // Money from a village asset's income paid to the household.
            let asset = try await AssetStore(ScopedRegistry(db: app.db, actor: w.county)).register(AssetStoreTests.draft(kind: .general), project: nil)
            let assets = AssetStore(ScopedRegistry(db: app.db, actor: w.cun))
            try await assets.recordIncome(asset, year: 2025, month: 0, amount: Money(yuan: 10_000), kwh: nil, note: "", today: .today)
            try await assets.distribute(asset, year: 2025, use: .monitoredSupport, amount: Money(yuan: 2_000), decidedOn: .today, decidedBy: "四议两公开",
                                        note: "", payouts: [(h.number, Money(yuan: 2_000))], today: .today)
            // A county project that links the household (联农带农).
            let projects = ProjectStore(ScopedRegistry(db: app.db, actor: w.county))
            let project = try await projects.propose(FundStoreTests.draft("XC2025-009", place: "411681"), today: .today)
            try await projects.link(project, numbers: [h.number], way: .employment, today: .today)
            // A 小额信贷 loan to a member of it (recorded as an exception whatever the household's standing).
            let borrower = try await PersonRecord.query(on: app.db).filter(\.$householdID == h.id!).first()!
            try await LoanStore(ScopedRegistry(db: app.db, actor: w.county)).add(
                LoanDraft(householdNumber: h.number, borrowerID: borrower.idNumber, bank: "项城农商银行", contract: "MOVE-1", amount: Money(yuan: 10_000),
                          issuedOn: .today, dueOn: CivilDate.today.adding(days: 365), purpose: .breeding, exception: "迁村测试：县级特批依据"), today: .today)
            // What the bank reported of the loan.
            let loan = try await LoanRecord.query(on: app.db).filter(\.$householdID == h.id!).first()!
            let report = LoanReportRecord()
            (report.loanID, report.householdID, report.villageCode, report.personID, report.reportedOn) = (loan.id!, h.id!, h.villageCode, loan.personID, CivilDate.today.description)
            (report.balanceFen, report.repaidFen, report.daysOverdue, report.createdBy) = (loan.amountFen, 0, 0, "bank")
            try await report.create(on: app.db)
            try await LoanStore(ScopedRegistry(db: app.db, actor: w.county)).recordEvent(loan.id!, kind: .subsidy, on: .today, amount: Money(yuan: 100), newDue: nil,
                                                                                        note: "", today: .today)
            // A 信访 about it.
            try await PetitionStore(ScopedRegistry(db: app.db, actor: w.county)).register(
                PetitionDraft(channel: .letter, receivedOn: .today, petitioner: "户主", subject: "反映帮扶措施落实问题", householdNumber: h.number, handler: "县乡村振兴局"),
                today: .today)
            // A problem handed over about it, with a photo of what was done.
            let problem = try await ProblemStore(ScopedRegistry(db: app.db, actor: w.county)).register(
                ProblemDraft(source: .inspection, foundOn: .today, householdNumber: h.number, category: "收入核算不准", text: "务工收入未计入家庭纯收入",
                             leadUnit: "南顿镇人民政府", responsible: "王建国", measures: "入户重新核算", deadline: CivilDate.today.adding(days: 30)), today: .today)
            let photo = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-\(UUID().uuidString).png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: photo)
            defer { try? FileManager.default.removeItem(at: photo) }
            try await AttachmentStore(ScopedRegistry(db: app.db, actor: w.county), storage: .folder(FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-files").path))
                .attach(to: "problem", problem.id!, filename: "整改照片.png", path: photo.path)
            // A 防贫保险 claim.
            try await InsuranceStore(ScopedRegistry(db: app.db, actor: w.county)).saveScheme(InsuranceStoreTests.draft(CivilDate.today.year), today: .today)
            try await InsuranceStore(ScopedRegistry(db: app.db, actor: w.county)).open(h, trigger: .disaster, cost: Money(yuan: 20_000), note: "", today: .today)
            // 就业帮扶 of its members: a spell in Guangdong and the 交通补助 it made due, a post, a 雨露 term, a certificate.
            let jobs = JobStore(ScopedRegistry(db: app.db, actor: w.county))
            let members = try await PersonRecord.query(on: app.db).filter(\.$householdID == h.id!).sort(\.$birthDate).all()
            try await jobs.addSpell(h, person: members[0].id, WorkSpell(place: RegionCode("440305")!, start: CivilMonth(year: 2024, month: 1)!,
                                                                         end: CivilMonth(year: 2024, month: 6)!), today: .today)
            try await jobs.payTransport(h, person: members[0].id, year: 2024, amount: Money(yuan: 500), paidOn: CivilDate(year: 2024, month: 12, day: 1)!, today: .today)
            let post = try await jobs.addPost(h, person: members[1].id, PublicPost(type: .cleaning, employer: "村委会", start: .today, end: nil, monthlyPay: Money(yuan: 500)),
                                              today: .today)
            try await jobs.recordAttendance(month: CivilMonth(CivilDate.today), [AttendanceEntry(postID: post.id!, required: 22, present: 1, pay: .zero)], today: .today)
            try await jobs.addYulu(h, person: members.last!.id, school: "周口科技职业学院", type: .higher, termStart: .today, amount: Money(yuan: 1500),
                                   paidOn: .today, today: .today)
            try await jobs.addSkill(h, person: members[1].id, kind: .certificate, name: "育婴员（五级）", on: .today, today: .today)

            // A 疑点 the checks found about it (its householder's birth date, say).
            let finding = DataFindingRecord()
            (finding.id, finding.code, finding.householdID, finding.villageCode, finding.subject) = (UUID(), DataCheckCode.birthDateMismatch.rawValue, h.id!, h.villageCode, "")
            (finding.valuesText, finding.state, finding.foundOn, finding.lastFoundOn) = ("出生日期与身份证号不符", DataFindingState.open.rawValue, CivilDate.today.description, CivilDate.today.description)
            try await finding.create(on: app.db)
            let tables = try await householdOwnedTables(app.db)
            #expect(tables == Set(RegistryStore.householdOwnedTables), "tables with household_id and village_code: \(tables.sorted())")
            h = try await w.refreshed()
            try await RegistryStore(ScopedRegistry(db: app.db, actor: w.township)).moveVillage(h, to: RegionCode(LifecycleTests.li)!, date: .today, note: "")

            guard let sql = app.db as? any SQLDatabase else { return }
            struct Count: Decodable { var n: Int }
            for table in tables {
                let left = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE household_id = \(bind: h.id!) AND village_code <> \(bind: LifecycleTests.li)")
                    .first(decoding: Count.self)?.n ?? -1
                let moved = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE household_id = \(bind: h.id!)").first(decoding: Count.self)?.n ?? 0
                #expect(left == 0, "\(table) kept \(left) rows in the old village")
                #expect(moved > 0, "the fixture leaves no row in \(table) to move")
            }
            #expect(try await ScreeningStore(ScopedRegistry(db: app.db, actor: w.cun)).warning(warning.id!) == nil)
            #expect(try await ScreeningStore(ScopedRegistry(db: app.db, actor: w.otherCun)).warning(warning.id!) != nil)
            #expect(try await ScopedRegistry(db: app.db, actor: w.cun).scoped(ClueRecord.self).count() == 0)
        }
    }
}

@Suite("演示县的监测帮扶数据")
struct DemoLifecycleTests {
    @Test("the demo county comes with clues from all three channels and cases at every step of both procedures")
    func everyStage() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 6_000, seed: 7).build(on: app.db) { try app.password.hash($0) }
            let cases = try await CaseRecord.query(on: app.db).all()
            for kind in CaseKind.allCases {
                let stages = Set(cases.filter { $0.kindValue == kind }.map(\.stageValue))
                #expect(stages.isSuperset(of: Set(kind.stages + [.completed])), "\(kind.label) lacks \(Set(kind.stages + [.completed]).subtracting(stages))")
            }
            #expect(cases.contains { $0.kindValue == .identification && $0.stageValue == .rejected })
            #expect(cases.contains { $0.stageValue.isOpen && $0.clock?.isOverdue(on: .today) == true }, "one case past its 15 days")
            let sources = Set(try await ClueRecord.query(on: app.db).filter(\.$status == ClueStatus.open.rawValue).all().compactMap(\.sourceValue))
            #expect(sources == Set(ClueSource.allCases))
            #expect(try await AuditRecord.query(on: app.db).filter(\.$summary ~~ "风险消除回退").count() == 1)
            let monitored = try await HouseholdRecord.query(on: app.db).filter(\.$monitoringCategory != nil).all()
            #expect(monitored.allSatisfy { !$0.risks.isEmpty && $0.risks.count <= 5 })
            // Departmental screening: files of three kinds with bad rows listed, open warnings, and verified ones.
            let files = try await FeedFileRecord.query(on: app.db).all()
            #expect(Set(files.compactMap(\.kindValue)) == [.medical, .civilAffairs, .housing])
            #expect(files.contains { $0.rowsBad > 0 } && files.contains { $0.channel == "api" })
            let warnings = try await WarningRecord.query(on: app.db).all()
            #expect(warnings.contains { $0.isOpen })
            #expect(Set(warnings.compactMap(\.dispositionValue)).isSuperset(of: [.included, .noRisk]))
            // 项目库 and 衔接资金: a project at every step, money from every level, payments, and work for the demo users.
            let projects = try await ProjectRecord.query(on: app.db).all()
            #expect(Set(projects.map(\.stageValue)) == Set(ProjectStage.allCases))
            let batches = try await FundBatchRecord.query(on: app.db).all()
            #expect(Set(batches.map(\.level)) == Set(FundLevel.allCases.map(\.rawValue)) && batches.contains { $0.kind == FundKind.integrated.rawValue })
            #expect(try await FundPaymentRecord.query(on: app.db).count() > 0)
            let cun = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "cun").first()!)
            let nandun = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "nandun").first()!)
            #expect(projects.contains { ProjectStore(ScopedRegistry(db: app.db, actor: cun)).mayAct(on: $0, at: $0.stageValue) })
            #expect(projects.contains { ProjectStore(ScopedRegistry(db: app.db, actor: nandun)).mayAct(on: $0, at: $0.stageValue) })
            // Assets: registered from accepted projects, a 光伏 station with income given out to households, a 帮扶车间.
            let assets = try await AssetRecord.query(on: app.db).all()
            #expect(assets.contains { $0.kindValue == .photovoltaic } && assets.contains { $0.kindValue == .workshop } && assets.contains { $0.projectID != nil })
            #expect(try await AssetPayoutRecord.query(on: app.db).count() == 4)
            // No batch gives out more than it holds, no project is paid more than it was given.
            for batch in batches {
                let given = try await FundAllocationRecord.query(on: app.db).filter(\.$batchID == batch.id!).all().reduce(Int64(0)) { $0 + $1.amountFen }
                #expect(given <= batch.amountFen)
            }
        }
    }
}

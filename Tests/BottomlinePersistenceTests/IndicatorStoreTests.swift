import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("指标：按村汇总的原始数")
struct IndicatorStoreTests {
    @Test("on a crafted registry every count and the rates built from them are as computed by hand, at village, township and county level; a village cadre gets nothing above its village")
    func crafted() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let t1 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!   // 王庄村, 脱贫户, 3 persons
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!   // 李楼村, 1 person, D housing, no water
            t1.monitoringCategory = MonitoringCategory.marginal.rawValue
            t1.monitoringSince = "2026-03-01"
            t1.riskTypes = RiskType.encode([.illness, .education])
            t1.lastVisitOn = CivilDate.today.adding(days: -3).description
            try await t1.save(on: app.db)
            t2.monitoringCategory = MonitoringCategory.suddenHardship.rawValue
            t2.monitoringSince = "2025-12-01"
            t2.riskEliminatedOn = "2026-05-01"
            try await t2.save(on: app.db)
            let cun = Actor(try await app.makeUser("cun", role: .village, region: "411681101201"))
            let xian = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
            let store = LifecycleStore(ScopedRegistry(db: app.db, actor: cun))
            _ = try await store.addMeasure(t1, MeasureDraft(category: .health, name: "大病保险", department: "", amount: nil, start: .today, end: nil, status: .ongoing))
            let stopped = try await store.addMeasure(t1, MeasureDraft(category: .employment, name: "公益岗", department: "", amount: nil, start: .today, end: nil, status: .ongoing))
            stopped.status = MeasureStatus.stopped.rawValue
            try await stopped.save(on: app.db)
            let from = CivilDate(year: 2026, month: 1, day: 1)!, to = CivilDate.today
            let county = IndicatorStore(ScopedRegistry(db: app.db, actor: xian))
            let (townships, total) = try await county.byChild(of: RegionCode("411681")!, from: from, to: to, today: .today)
            #expect(total[.households] == 3 && total[.persons] == 5 && total[.alleviatedHouseholds] == 1)
            #expect(total[.monitoredHouseholds] == 2 && total[.monitoredPersons] == 4)
            #expect(total[.atRiskHouseholds] == 1 && total[.atRiskPersons] == 3 && total[.eliminatedHouseholds] == 1 && total[.eliminatedPersons] == 1)
            #expect(total[.newHouseholds] == 1 && total[.newPersons] == 3)            // T002 was identified in 2025
            #expect(total[.measures] == 1)                                               // the stopped one does not count
            #expect(total[.riskHouseholds(.illness)] == 1 && total[.riskHouseholds(.education)] == 1)
            #expect(total[.monitoredHouseholds(.marginal)] == 1 && total[.monitoredPersons(.suddenHardship)] == 1)
            #expect(total[.basicNeedGaps] == 1 && total[.visitedInTime] == 1)
            #expect(total[.helpTargets] == 2 && total[.helpedHouseholds] == 0)
            let rate = IndicatorCatalogue.indicator("XC03")!
            #expect(rate.text(total) == "25.0%")                                         // 1 of 4 persons
            #expect(IndicatorCatalogue.indicator("BF01")!.text(total) == "0.50")
            #expect(IndicatorCatalogue.indicator("BF03")!.text(total) == "100.0%")
            // 南顿镇 holds T001 and T002; the other township T003.
            let nandun = try #require(townships.first { $0.0.id == "411681101" })
            #expect(nandun.1[.households] == 2 && nandun.1[.monitoredPersons] == 4)
            #expect(townships.reduce(Counts()) { $0 + $1.1 } == total)
            // A village cadre sees its own village only.
            let own = IndicatorStore(ScopedRegistry(db: app.db, actor: cun))
            #expect(try await own.countsByVillage(within: RegionCode("411681")!, from: from, to: to, today: .today).isEmpty)
            let village = try await own.countsByVillage(within: RegionCode("411681101201")!, from: from, to: to, today: .today)
            #expect(Array(village.keys) == ["411681101201"] && village["411681101201"]?[.persons] == 3)
        }
    }

    @Test("a month-end snapshot keeps the month's figures when live data changes; a month is frozen once, only after it ends, only by the county")
    func snapshots() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let t1 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            t1.monitoringCategory = MonitoringCategory.marginal.rawValue
            t1.monitoringSince = "2026-09-10"
            try await t1.save(on: app.db)
            try await RecordedHistory.treatAsLongRecorded(on: app.db)   // all of it on record before September ended
            let xian = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(try await app.makeUser("xian", role: .county, region: "411681"))))
            let cun = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(try await app.makeUser("cun", role: .village, region: "411681101201"))))
            let today = CivilDate(year: 2026, month: 10, day: 3)!
            await #expect(throws: FieldProblems.self) { try await cun.freeze(period: "2026-09", today: today) }
            await #expect(throws: FieldProblems.self) { try await xian.freeze(period: "2026-10", today: today) }   // not ended
            await #expect(throws: FieldProblems.self) { try await xian.freeze(period: "2026-13", today: today) }
            #expect(try await xian.freeze(period: "2026-09", today: today) == 3)
            await #expect(throws: FieldProblems.self) { try await xian.freeze(period: "2026-09", today: today) }   // already frozen
            // Live data changes after the month: the snapshot does not.
            t1.riskEliminatedOn = "2026-10-02"
            try await t1.save(on: app.db)
            let frozen = try await xian.rollUp(try await xian.snapshot("2026-09", within: RegionCode("411681")!), to: RegionCode("411681")!)
            #expect(frozen.total[.monitoredPersons] == 3 && frozen.total[.eliminatedPersons] == 0 && frozen.total[.newHouseholds] == 1)
            let live = try await xian.byChild(of: RegionCode("411681")!, from: CivilDate(year: 2026, month: 9, day: 1)!, to: today, today: today)
            #expect(live.total[.eliminatedPersons] == 3)
            #expect(try await xian.frozenPeriods() == ["2026-09"])
            // The village cadre reads its own village's frozen figures only.
            #expect(try await cun.snapshot("2026-09", within: RegionCode("411681")!).isEmpty)
            #expect(try await cun.snapshot("2026-09", within: RegionCode("411681101201")!).keys.sorted() == ["411681101201"])
        }
    }

    @Test("a month frozen after later changes gets the month-end answer: a household brought in, a risk eliminated, an income corrected, a measure added and a household closed after the month are not in it; the history read for today equals the live count")
    func frozenLateIsMonthEnd() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let t1 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            t1.monitoringCategory = MonitoringCategory.marginal.rawValue
            t1.monitoringSince = "2026-10-05"
            t1.riskTypes = RiskType.encode([.illness])
            try await t1.save(on: app.db)
            try await RecordedHistory.treatAsLongRecorded(on: app.db)   // the registry as it stood when October ended
            let county = RegionCode("411681")!
            let xianUser = try await app.makeUser("xian", role: .county, region: "411681")
            let xian = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(xianUser)))
            let (from, to) = IndicatorStore.period("2026-10")!
            let monthEnd = try await xian.countsByVillage(within: county, from: from, to: to, today: to)
            #expect(monthEnd.values.reduce(Counts(), +)[.households] == 3 && monthEnd.values.reduce(Counts(), +)[.atRiskHouseholds] == 1)

            // November (today, 11-16): a household is brought in and identified, T001's risk is eliminated, T002's
            // income is corrected upward, a measure is added, T003 is closed.
            let newcomer = sampleRegistryCSV().components(separatedBy: "\n")[0] + "\n"
                + "T004,411681101201,王庄村,钱八,\(validID("41168119900707107")),户主,一般农户,普通劳动力,健康,,非在校生,是,A,是,2025,1000,0,0,0\n"
            #expect(try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(newcomer.utf8), filename: "补录.csv").succeeded)
            let t4 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T004").first()!
            t4.monitoringCategory = MonitoringCategory.suddenHardship.rawValue
            t4.monitoringSince = "2026-10-20"   // dated in October, but recorded in November
            try await t4.save(on: app.db)
            t1.riskEliminatedOn = "2026-11-10"
            try await t1.save(on: app.db)
            let editor = RegistryStore(ScopedRegistry(db: app.db, actor: Actor(xianUser)))
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            try await editor.setIncome(t2, HouseholdIncome(year: 2025, wages: Money(yuan: 90_000)))
            _ = try await LifecycleStore(ScopedRegistry(db: app.db, actor: Actor(xianUser)))
                .addMeasure(t1, MeasureDraft(category: .health, name: "大病保险", department: "", amount: nil, start: .today, end: nil, status: .ongoing))
            let t3 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
            t3.status = "merged"
            try await t3.save(on: app.db)
            let live = try await xian.recount(within: county).values.reduce(Tally(), +).counts(from: from, to: to, today: to, visitedSince: to.adding(days: -30))
            #expect(live[.households] == 3 && live[.monitoredHouseholds] == 2 && live[.measures] == 1)   // the live registry moved on

            // Frozen in November, October's figures are October's, village by village.
            #expect(try await xian.freeze(period: "2026-10", today: .today) == 3)
            let frozen = try await xian.snapshot("2026-10", within: county)
            #expect(frozen == monthEnd)
            let total = frozen.values.reduce(Counts(), +)
            #expect(total[.households] == 3 && total[.persons] == 5 && total[.monitoredHouseholds] == 1 && total[.atRiskHouseholds] == 1)
            #expect(total[.newHouseholds] == 1 && total[.measures] == 0 && total[.incomeBelow] == monthEnd.values.reduce(Counts(), +)[.incomeBelow])
            // Asked again, the month says who froze it and when, rather than failing.
            await #expect { try await xian.freeze(period: "2026-10", today: .today) } throws: { ($0 as? FieldProblems)?.errors["period"]?.contains("已于") == true }
            // The history read as of today is exactly the live registry: every write reached it.
            #expect(try await xian.countsAsOf(.today, within: county).filter { $0.value != Tally() } == (try await xian.recount(within: county)).filter { $0.value != Tally() })
        }
    }

    @Test("kept figures follow every kind of write, whoever wrote it; days passing and a new monitoring line change the figures without a write; an unreadable kept tally is recounted")
    func keptCurrent() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let today = CivilDate.today
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "7000", region: RegionCode("41")!, effectiveFrom: CivilDate(year: 2025, month: 1, day: 1)!,
                                          source: "测试", actor: .system(), on: app.db)
            let county = RegionCode("411681")!
            let store = IndicatorStore(ScopedRegistry(db: app.db, actor: Actor(try await app.makeUser("xian", role: .county, region: "411681"))))
            let zhaoying = Actor(try await app.makeUser("cun3", role: .village, region: "411681102201"))
            func figures(_ day: CivilDate = today) async throws -> (total: Counts, townships: [String: Counts]) {
                let (children, total) = try await store.byChild(of: county, from: CivilDate(year: today.year, month: 1, day: 1)!, to: day, today: day)
                return (total, Dictionary(uniqueKeysWithValues: children.map { ($0.0.id!, $0.1) }))
            }
            /// What is kept equals a count from scratch, and every note inside the county has been taken.
            func agrees(_ step: String) async throws {
                let kept = try await store.tallies(within: county, level: .village).filter { $0.value != Tally() }
                #expect(kept == (try await store.recount(within: county)), "\(step)")
                let townships = try await store.tallies(within: county, level: .township)
                for (code, t) in townships { #expect(t == kept.filter { $0.key.hasPrefix(code) }.values.reduce(Tally(), +), "\(step): \(code)") }
                #expect(try await app.db.query(IndicatorChangeProbe.self).count() == 0, "\(step)")
            }
            var before = try await figures()
            #expect(before.total[.households] == 3 && before.total[.incomeAbove] == 1 && before.total[.incomeBelow] == 1)   // 8,000 and 4,000 a person
            try await agrees("first read")

            // A raw update of a household (no store involved): T003 enters monitoring today, visited two days ago.
            let t3 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
            t3.monitoringCategory = MonitoringCategory.marginal.rawValue
            t3.monitoringSince = today.description
            t3.lastVisitOn = today.adding(days: -2).description
            t3.riskTypes = RiskType.encode([.illness])
            try await t3.save(on: app.db)
            var after = try await figures()
            #expect(after.total[.monitoredHouseholds] == before.total[.monitoredHouseholds] + 1)
            #expect(after.total[.newHouseholds] == before.total[.newHouseholds] + 1 && after.total[.visitedInTime] == before.total[.visitedInTime] + 1)
            #expect(after.townships["411681102"]?[.riskHouseholds(.illness)] == 1 && after.townships["411681101"]?[.riskHouseholds(.illness)] == 0)
            try await agrees("household")
            let months = try await store.overview(of: county, from: today, to: today, today: today).monthly
            #expect(months.count == 12 && months.last?.counts[.newHouseholds] == 1 && months.dropLast().allSatisfy { $0.counts[.newHouseholds] == 0 })
            #expect(months.last?.period == "\(today.year)-\(today.month < 10 ? "0" : "")\(today.month)" && months.first?.period != months.last?.period)

            // Through the stores: a measure, and a clue found ten days ago (due after seven, so overdue).
            before = after
            let cadre = LifecycleStore(ScopedRegistry(db: app.db, actor: zhaoying))
            _ = try await cadre.addMeasure(t3, MeasureDraft(category: .health, name: "大病保险", department: "", amount: nil, start: today, end: nil, status: .ongoing))
            _ = try await cadre.recordClue(t3, CadreClue(difficulty: .illness, description: "住院", foundOn: today.adding(days: -10)), today: today.adding(days: -10))
            after = try await figures()
            #expect(after.total[.measures] == before.total[.measures] + 1 && after.total[.overdueClues] == before.total[.overdueClues] + 1)
            try await agrees("measure and clue")

            // Raw inserts naming a household: a 帮扶责任人 for T001, an income year for T003, a completed identification.
            before = after
            let t1 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let helper = HelperAssignmentRecord()
            helper.householdID = t1.id!
            helper.userID = zhaoying.userID!
            helper.startDate = today.description
            try await helper.create(on: app.db)
            let income = IncomeRecord()
            (income.householdID, income.year, income.wages, income.business, income.property, income.transfers) = (t3.id!, 2025, 300_000, 0, 0, 0)
            (income.businessCosts, income.compliantSelfPaid, income.memberCount) = (0, 0, 1)
            try await income.create(on: app.db)
            let done = CaseRecord()
            (done.householdID, done.villageCode, done.kind, done.stage) = (t3.id!, t3.villageCode, "identification", "completed")
            (done.firstClueOn, done.deadlineOn, done.completedOn) = (today.adding(days: -10).description, today.adding(days: 5).description, today.description)
            try await done.create(on: app.db)
            after = try await figures()
            #expect(after.total[.helpedHouseholds] == before.total[.helpedHouseholds] + 1)
            #expect(after.total[.incomeBelow] == before.total[.incomeBelow] + 1 && after.total[.incomeKnown] == 3)   // 3,000 a person
            #expect(after.total[.identified] == before.total[.identified] + 1 && after.total[.identifiedInTime] == before.total[.identifiedInTime] + 1)
            try await agrees("helper, income, case")

            // A household moved to another township, then closed: both townships change, then the county total.
            before = after
            let t2 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            t2.villageCode = "411681102201"
            try await t2.save(on: app.db)
            after = try await figures()
            #expect(after.total[.households] == 3 && after.townships["411681101"]?[.households] == 1 && after.townships["411681102"]?[.households] == 2)
            try await agrees("moved")
            t2.status = HouseholdStatus.merged.rawValue
            try await t2.save(on: app.db)
            after = try await figures()
            #expect(after.total[.households] == 2 && after.townships["411681102"]?[.households] == 1)
            try await agrees("closed")

            // Forty days on, with no write: the visit is out of its interval; the clue is still overdue.
            let later = try await figures(today.adding(days: 40))
            #expect(later.total[.visitedInTime] == after.total[.visitedInTime] - 1 && later.total[.overdueClues] == after.total[.overdueClues])

            // A higher line from mid-2025 (no household written): T001's 8,000 a person is now below it.
            before = after
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "9000", region: RegionCode("41")!, effectiveFrom: CivilDate(year: 2025, month: 6, day: 1)!,
                                          source: "测试", actor: .system(), on: app.db)
            after = try await figures()
            #expect(after.total[.incomeAbove] == before.total[.incomeAbove] - 1 && after.total[.incomeBelow] == before.total[.incomeBelow] + 1)
            try await agrees("new line")

            // A kept township tally that cannot be read is recounted, not trusted.
            try await (app.db as! any SQLDatabase).raw("UPDATE indicator_tallies SET tally = \(bind: Data([9, 9])) WHERE region_code = '411681101'").run()
            #expect(try await figures().total == after.total)
            try await agrees("unreadable")
        }
    }
}

/// The notes of changed villages, read as a model to count them.
final class IndicatorChangeProbe: Model, @unchecked Sendable {
    static let schema = "indicator_changes"
    @ID(custom: "id") var id: Int?
    @Field(key: "village_code") var villageCode: String
    init() {}
}

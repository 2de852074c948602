import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
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
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// 政策调整测算 over a crafted registry (issue 18 §2), counted in the database: the line at a household's income, a fen
/// above and a fen below; by township; past years from their own income records; cadres and measures from the records;
/// and nothing written.
@Suite("政策调整测算（数据库）")
struct WhatIfStoreTests {
    static let today = CivilDate(year: 2026, month: 11, day: 16)!

    /// The sample registry with a 2025 line of 7,300 元 (DataCheckStoreTests.world): T001 (王庄村, 南顿镇) three persons
    /// on 24,000 元, T002 (李楼村, 南顿镇) one on 4,000; T003 (赵营村, 孙店镇) one person, given here 7,300 元 in 2025
    /// and 5,000 in 2024. T002 is monitored with a 1,200 元 health measure; T003's risk was eliminated.
    static func world(_ app: Application) async throws -> FundStoreTests.World {
        let w = try await DataCheckStoreTests.world(app)
        let t003 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
        for (year, wages) in [(2025, Int64(7_300_00)), (2024, 5_000_00)] {
            let income = IncomeRecord()
            (income.householdID, income.year, income.wages, income.business, income.property, income.transfers, income.businessCosts,
             income.compliantSelfPaid, income.memberCount) = (t003.id!, year, wages, 0, 0, 0, 0, 0, 1)
            try await income.create(on: app.db)
        }
        (t003.monitoringCategory, t003.monitoringSince, t003.riskTypes, t003.riskEliminatedOn) = (MonitoringCategory.marginal.rawValue, "2024-03-01", RiskType.encode([.illness]), "2025-06-30")
        try await t003.save(on: app.db)
        let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
        (t002.monitoringCategory, t002.monitoringSince, t002.riskTypes) = (MonitoringCategory.marginal.rawValue, "2025-03-01", RiskType.encode([.disability, .illness]))
        try await t002.save(on: app.db)
        let measure = MeasureRecord()
        (measure.householdID, measure.villageCode, measure.category, measure.name, measure.department, measure.amountFen, measure.startOn, measure.status) =
            (t002.id!, t002.villageCode, MeasureCategory.health.rawValue, "慢病签约服务", "卫健委", 1_200_00, "2025-03-05", MeasureStatus.ongoing.rawValue)
        try await measure.create(on: app.db)
        return w
    }

    static func scenario(_ proposed: Money, year: Int = 2025, current: Money = Money(yuan: 7_300), band: Int? = nil, standingOn: CivilDate? = nil) -> LineScenario {
        LineScenario(incomeYear: year, currentLine: current, proposedLine: proposed, bandPercent: band, standingOn: standingOn)
    }

    /// Rows in every table of the database.
    static func rowCounts(_ app: Application) async throws -> [String: Int] {
        let sql = app.db as! any SQLDatabase
        let names = try await (sql.dialect.name == "sqlite"
            ? sql.raw("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
            : sql.raw("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()").all()).map { try $0.decode(column: "t", as: String.self) }
        var counts: [String: Int] = [:]
        for name in names {
            counts[name] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self)
        }
        return counts
    }

    @Test("T003 lives on exactly 7,300 元: a line of 7,300 leaves it out, 7,300.01 brings it in as a case to open (its risk was eliminated), 7,299.99 leaves it out; T002 stays within; by township")
    func atTheLine() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let store = WhatIfStore(w.scoped(w.county))
            #expect(store.mayTry)
            for (fen, enters) in [(Int64(7_300_00), false), (7_300_01, true), (7_299_99, false)] {
                let r = try await store.evaluate(Self.scenario(Money(fen: fen)), today: Self.today)
                let o = r.outcome
                #expect(o.total.withinToday == .init(households: 1, persons: 1), "line \(fen)")
                #expect(o.total.entering.households == (enters ? 1 : 0) && o.total.casesToOpen.households == (enters ? 1 : 0), "line \(fen)")
                #expect(o.total.reentering.households == (enters ? 1 : 0))
                let townships = o.units(digits: 9)
                #expect((townships["411681102"]?.entering.households ?? 0) == (enters ? 1 : 0) && townships["411681101"]?.entering.households == 0)
                #expect(townships["411681101"]?.withinToday.households == 1 && townships["411681101"]?.unmonitoredToday.households == 0)
                #expect(o.total.judged.households == 3 && o.total.noIncome.households == 0)
                #expect(o.risks[.illness]?.withinToday.households == 1 && o.risks[.disability]?.withinToday.households == 1)
            }
            // Lowered below T002's 4,000: it leaves, a monitored household whose income no longer keeps it in.
            let down = try await store.evaluate(Self.scenario(Money(fen: 3_999_99)), today: Self.today).outcome
            #expect(down.total.leaving.households == 1 && down.total.leavingMonitored.households == 1 && down.villages["411681101202"]?.leaving.households == 1)
            // A 50% band over 7,300 reaches up to 10,950: T003 (7,300) is in it today, and T001 (8,000) too.
            let band = try await store.evaluate(Self.scenario(Money(yuan: 7_300), band: 50), today: Self.today).outcome
            #expect(band.total.bandToday.households == 2 && band.total.bandProposed.households == 2)
        }
    }

    @Test("the 人均纯收入 is rounded as the household page rounds it: 24,000.01 over three is 8,000.00, 24,000.02 is 8,000.01, 14,600.01 over two is 7,300.01; a negative income is within")
    func rounding() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let store = WhatIfStore(w.scoped(w.county))
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            let income = try await IncomeRecord.query(on: app.db).filter(\.$householdID == t001.id!).filter(\.$year == 2025).first()!
            for (wages, within) in [(Int64(20_000_01), true), (20_000_02, false)] {
                income.wages = wages
                try await income.save(on: app.db)
                #expect(HouseholdIncome(year: 2025, wages: Money(fen: wages), business: Money(yuan: 5_000), transfers: Money(yuan: 1_000),
                                        businessCosts: Money(yuan: 2_000)).perCapitaNet(members: 3) == Money(fen: within ? 8_000_00 : 8_000_01))
                let o = try await store.evaluate(Self.scenario(Money(fen: 8_000_01)), today: Self.today).outcome
                #expect((o.villages["411681101201"]?.entering.households ?? 0) == (within ? 1 : 0), "wages \(wages)")
            }
            // Two members and an odd number of fen: 14,600.01 is 7,300.005 a head, which rounds up to 7,300.01.
            let t003 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T003").first()!
            let half = try await IncomeRecord.query(on: app.db).filter(\.$householdID == t003.id!).filter(\.$year == 2025).first()!
            (half.wages, half.memberCount) = (14_600_01, 2)
            try await half.save(on: app.db)
            #expect(HouseholdIncome(year: 2025, wages: Money(fen: 14_600_01)).perCapitaNet(members: 2) == Money(fen: 7_300_01))
            for (line, within) in [(Int64(7_300_01), false), (7_300_02, true)] {
                let o = try await store.evaluate(Self.scenario(Money(fen: line)), today: Self.today).outcome
                #expect((o.villages["411681102201"]?.entering.households ?? 0) == (within ? 1 : 0), "line \(line)")
            }
            income.businessCosts = 40_000_00
            try await income.save(on: app.db)
            let o = try await store.evaluate(Self.scenario(Money(yuan: 1_000)), today: Self.today).outcome
            #expect(o.villages["411681101201"]?.withinToday.households == 1 && o.villages["411681101201"]?.withinProposed.households == 1)
        }
    }

    @Test("a past year from its own income records and who was monitored at its end: in 2024 only T003 has an income; it was monitored on 31 December 2024 (eliminated in June 2025), so raising that year's line brings it in without a case to open; T002, identified in March 2025, was not yet identified")
    func pastYear() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let store = WhatIfStore(w.scoped(w.county))
            #expect(LineScenario.standingDay(forPastIncomeYear: 2024) == CivilDate(year: 2024, month: 12, day: 31))
            let then = try await store.evaluate(Self.scenario(Money(yuan: 5_001), year: 2024, current: Money(yuan: 5_000),
                                                              standingOn: LineScenario.standingDay(forPastIncomeYear: 2024)), today: Self.today)
            let o = then.outcome
            #expect(o.total.judged.households == 1 && o.total.noIncome.households == 2 && o.total.entering.households == 1)
            #expect(o.total.casesToOpen.households == 0 && o.total.reentering.households == 0)
            #expect(then.measures.households == 1)  // T003 only: T002 was identified after the year's end
            // Read as the registry stands today, T003 is a household whose risk was eliminated: a case to open, a re-entry.
            let now = try await store.evaluate(Self.scenario(Money(yuan: 5_001), year: 2024, current: Money(yuan: 5_000)), today: Self.today)
            #expect(now.outcome.total.casesToOpen.households == 1 && now.outcome.total.reentering.households == 1 && now.measures.households == 2)
            // The day of the elimination counts as eliminated, the day before as monitored; before its start, not identified.
            for (day, cases, reentering) in [(CivilDate(year: 2025, month: 6, day: 30)!, 1, 1), (CivilDate(year: 2025, month: 6, day: 29)!, 0, 0),
                                             (CivilDate(year: 2024, month: 2, day: 29)!, 1, 0)] {
                let t = try await store.evaluate(Self.scenario(Money(yuan: 5_001), year: 2024, current: Money(yuan: 5_000), standingOn: day), today: Self.today).outcome.total
                #expect(t.casesToOpen.households == cases && t.reentering.households == reentering, "\(day)")
            }
            let defaults = try await store.defaults(today: Self.today)
            #expect(defaults.incomeYear == 2025 && defaults.currentLine == Money(yuan: 7_300) && defaults.nextLine == nil && defaults.years.first == 2025)
        }
    }

    @Test("cadres by township from accounts and 驻村 cadres serving; measures per identified household from the records; a township or village does not try a line")
    func cadresAndMeasures() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let r = try await WhatIfStore(w.scoped(w.county)).evaluate(Self.scenario(Money(fen: 7_300_01)), today: Self.today)
            // zhen (南顿镇) and cun (王庄村) in 南顿镇, zhen2 in 孙店镇; the county's own accounts are not a township's.
            #expect(r.cadres == ["411681101": 2, "411681102": 1])
            #expect(r.identificationDays == 15)  // the national default the migrations enter
            // T002 and T003 were identified; one health measure of 1,200 元 between them.
            #expect(r.measures.households == 2 && r.measures.categories[.health] == .init(measures: 1, amount: Money(yuan: 1_200)))
            #expect(r.measures.amountPerHousehold == Money(yuan: 600))
            #expect(!WhatIfStore(w.scoped(w.township)).mayTry && !WhatIfStore(w.scoped(w.cun)).mayTry && WhatIfStore(w.scoped(w.leader)).mayTry)
            // A township's reading of its own region stays inside it.
            let zhen = try await WhatIfStore(w.scoped(w.township)).evaluate(Self.scenario(Money(fen: 7_300_01)), today: Self.today).outcome
            #expect(zhen.total.judged.households == 2 && zhen.units(digits: 9).keys.sorted() == ["411681101"])
        }
    }

    @Test("nothing is written: every table has the same rows before and after")
    func nothingWritten() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let before = try await Self.rowCounts(app)
            #expect(before["households"] == 3 && before["household_incomes"] == 4)
            let store = WhatIfStore(w.scoped(w.county))
            _ = try await store.evaluate(Self.scenario(Money(yuan: 9_000), band: 30), today: Self.today)
            _ = try await store.evaluate(Self.scenario(Money(yuan: 4_000), year: 2024), today: Self.today)
            _ = try await store.defaults(today: Self.today)
            #expect(try await Self.rowCounts(app) == before)
        }
    }
}

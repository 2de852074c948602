import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 疑点数据核查 kept across runs (issue 18 §1): a finding explained with a reason is not raised again until its values
/// change; one the data no longer shows is closed on the next run; a region sees and runs on its own findings only;
/// a village's run leaves the county's checks across households alone, and a county's switched-off check leaves its
/// findings as they were.
@Suite("疑点数据核查")
struct DataCheckStoreTests {
    static let today = CivilDate(year: 2026, month: 11, day: 16)!

    /// The sample registry with a 2025 line of 7,300 元: T002 (李楼村, 南顿镇) lives on 4,000 元 a head and is no
    /// monitoring object; T001 (王庄村) on 8,000; T003 (赵营村, 孙店镇) has no income recorded.
    static func world(_ app: Application) async throws -> FundStoreTests.World {
        let w = try await FundStoreTests.world(app)
        let line = PolicySettingRecord()
        (line.parameter, line.regionCode, line.effectiveFrom, line.value, line.source) = (PolicyParameter.monitoringIncomeLine.rawValue, "41", "2025-01-01", "7300.00", "测试")
        try await line.create(on: app.db)
        return w
    }

    static func findings(_ app: Application, _ number: String) async throws -> [DataFindingRecord] {
        let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == number).first()!
        return try await DataFindingRecord.query(on: app.db).filter(\.$householdID == h.id!).all()
    }

    static func setIncome(_ app: Application, _ number: String, wages: Int64) async throws {
        let h = try await HouseholdRecord.query(on: app.db).filter(\.$number == number).first()!
        let income = try await IncomeRecord.query(on: app.db).filter(\.$householdID == h.id!).filter(\.$year == 2025).first()!
        income.wages = wages
        try await income.save(on: app.db)
    }

    @Test("explained stays explained while its values stand, is raised again when they change, and closes when the data is fixed; the run is audited")
    func explainAndFix() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let county = DataCheckStore(w.scoped(w.county))
            let first = try await county.run(today: Self.today)
            #expect(first.households == 3)
            var t002 = try await Self.findings(app, "T002")
            #expect(t002.map(\.code) == ["YD01"])
            #expect(t002[0].valuesText == "2025年人均纯收入4000元，低于监测标准7300元" && t002[0].stateValue == .open && t002[0].villageCode == "411681101202")
            #expect(first.newFound == first.found && first.closed == 0)

            // Explained by the township: a reason is required, without control characters.
            let zhen = DataCheckStore(w.scoped(w.township))
            #expect(await FundStoreTests.refusal { try await zhen.explain(t002[0], reason: "  ", today: Self.today) } == "请填写核实情况（4至300字）")
            #expect(await FundStoreTests.refusal { try await zhen.explain(t002[0], reason: "已核实\u{1b}无误", today: Self.today) } == "核实情况含有控制字符")
            try await zhen.explain(t002[0], reason: "户主已纳入低保，收入核算口径待县里复核", today: Self.today)
            let again = try await county.run(today: Self.today)
            t002 = try await Self.findings(app, "T002")
            #expect(t002[0].stateValue == .explained && again.newFound == 0)

            // The income is corrected but still below the line: new values, raised again.
            try await Self.setIncome(app, "T002", wages: 2_000_00)
            let changed = try await county.run(today: Self.today)
            t002 = try await Self.findings(app, "T002")
            #expect(t002[0].stateValue == .open && t002[0].valuesText == "2025年人均纯收入6000元，低于监测标准7300元" && changed.newFound == 1)

            // As indicators, by village, as of the day: ZL01 counts it standing.
            let indicators = IndicatorStore(w.scoped(w.county))
            let li = "411681101202"
            var counts = try await indicators.countsByVillage(within: RegionCode("411681")!, from: Self.today, to: Self.today, today: Self.today)
            #expect(IndicatorCatalogue.indicator("ZL01")?.value(try #require(counts[li])) == 1)
            #expect(IndicatorCatalogue.indicator("ZL02")?.value(try #require(counts[li])) == 0)
            // And by rule: the finding is YD01's, none is YD15's.
            #expect(IndicatorCatalogue.indicator("ZL-YD01")?.value(try #require(counts[li])) == 1)
            #expect(IndicatorCatalogue.indicator("ZL-YD01-R")?.value(try #require(counts[li])) == 0)
            #expect(IndicatorCatalogue.indicator("ZL-YD15")?.value(try #require(counts[li])) == 0)
            #expect(IndicatorCatalogue.indicator("ZL-YD15-R")?.value(try #require(counts[li])) == nil)

            // Fixed: the next run no longer finds it.
            try await Self.setIncome(app, "T002", wages: 4_000_00)
            let fixed = try await county.run(today: Self.today)
            t002 = try await Self.findings(app, "T002")
            #expect(t002[0].stateValue == .closed && t002[0].closedOn == "2026-11-16" && fixed.closed == 1)
            counts = try await indicators.countsByVillage(within: RegionCode("411681")!, from: Self.today, to: Self.today, today: Self.today)
            #expect(IndicatorCatalogue.indicator("ZL01")?.value(try #require(counts[li])) == 0)
            #expect(IndicatorCatalogue.indicator("ZL02")?.value(try #require(counts[li])) == 1)
            #expect(IndicatorCatalogue.indicator("ZL-YD01")?.value(try #require(counts[li])) == 0)
            #expect(IndicatorCatalogue.indicator("ZL-YD01-R")?.value(try #require(counts[li])) == 1)
            let audits = try await AuditRecord.query(on: app.db).filter(\.$entity == "data_check_run").count()
            #expect(audits == 4)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "data_finding").first()?.summary.contains("户主已纳入低保") == true)

            // A leader reads and does not run.
            #expect(await FundStoreTests.refusal { try await DataCheckStore(w.scoped(w.leader)).run(today: Self.today) } == "只读用户不能发起核查")
        }
    }

    @Test("a finding found again unchanged on a later day keeps its first day and state and takes the new last day; one changed takes its new values")
    func foundAgainLater() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let county = DataCheckStore(w.scoped(w.county))
            let next = Self.today.adding(days: 1)
            try await county.run(today: Self.today)
            let before = try await DataFindingRecord.query(on: app.db).sort(\.$id).all()
            #expect(!before.isEmpty)
            try await county.run(today: next)
            var after = try await DataFindingRecord.query(on: app.db).sort(\.$id).all()
            #expect(after.map(\.id) == before.map(\.id))
            #expect(after.allSatisfy { $0.foundOn == Self.today.description && $0.lastFoundOn == next.description && $0.stateValue == .open })
            #expect(after.map(\.valuesText) == before.map(\.valuesText))

            // Another day, T002's income changed but still below the line: new values that day; the rest move their day only.
            try await Self.setIncome(app, "T002", wages: 2_000_00)
            let third = next.adding(days: 1)
            try await county.run(today: third)
            after = try await DataFindingRecord.query(on: app.db).sort(\.$id).all()
            #expect(after.allSatisfy { $0.lastFoundOn == third.description })
            #expect(try await Self.findings(app, "T002")[0].valuesText == "2025年人均纯收入6000元，低于监测标准7300元")
        }
    }

    @Test("a township sees its own findings only; a village's run touches its village only and leaves the county's shared-phone findings alone; a county's switched-off check leaves its findings as they were")
    func scoping() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            // One phone on all three households, none split from another: found on each by the county.
            for h in try await HouseholdRecord.query(on: app.db).all() {
                h.phone = "13901234567"
                try await h.save(on: app.db)
            }
            try await DataCheckStore(w.scoped(w.county)).run(today: Self.today)
            #expect(try await Self.findings(app, "T003").map(\.code) == ["YD15"])
            #expect(try await Self.findings(app, "T001").map(\.code) == ["YD15"])

            // 孙店镇 sees T003's finding and none of 南顿镇's; 南顿镇 the reverse.
            let other = try await DataCheckStore(w.scoped(w.otherTownship)).findings(within: RegionCode("411681102")!)
            #expect(other.total == 1 && other.rows[0].villageCode == FundStoreTests.zhao)
            #expect(try await DataCheckStore(w.scoped(w.otherTownship)).findings(within: RegionCode("411681101")!).total == 0)
            let t002 = try await Self.findings(app, "T002").first { $0.code == "YD01" }!
            #expect(try await DataCheckStore(w.scoped(w.otherTownship)).finding(t002.id!) == nil)
            #expect(try await DataCheckStore(w.scoped(w.township)).finding(t002.id!) != nil)

            // 王庄村's run: T001's shared phone stands (a village cannot see the rest of the county), T002 in 李楼村 is untouched.
            try await Self.setIncome(app, "T002", wages: 4_000_00)
            let village = try await DataCheckStore(w.scoped(w.cun)).run(today: Self.today)
            #expect(village.households == 1 && village.closed == 0)
            #expect(try await Self.findings(app, "T001").map(\.stateValue) == [.open])
            #expect(try await Self.findings(app, "T002").first { $0.code == "YD01" }?.stateValue == .open)

            // The county switches the shared-phone check off: its findings stay as they are; T002's income is fixed.
            let off = DataCheckSettingRecord()
            (off.id, off.regionCode, off.code, off.enabled, off.effectiveFrom, off.setBy) = (UUID(), "411681", "YD15", false, "2026-11-01", "xian")
            try await off.create(on: app.db)
            let county = try await DataCheckStore(w.scoped(w.county)).run(today: Self.today)
            #expect(county.closed == 1)
            #expect(try await Self.findings(app, "T002").first { $0.code == "YD01" }?.stateValue == .closed)
            #expect(try await Self.findings(app, "T003").map(\.stateValue) == [.open])
            // Settings dated after the day do not apply yet.
            #expect(try await DataCheckStore.settings(for: RegionCode("411681101")!, on: CivilDate(year: 2026, month: 10, day: 31)!, db: app.db).off.isEmpty)
            #expect(try await DataCheckStore.settings(for: RegionCode("411681101")!, on: Self.today, db: app.db).off == [.sharedPhone])
        }
    }

    @Test("one phone on three households is found on each; once two of them are recorded as split from one family (分户) the next run closes it, and a county that asks for two finds it again")
    func sharedPhoneFamilies() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            var ids: [String: UUID] = [:]
            for h in try await HouseholdRecord.query(on: app.db).all() {
                (h.phone, ids[h.number]) = ("139 0123 4567", h.id)
                try await h.save(on: app.db)
            }
            let county = DataCheckStore(w.scoped(w.county))
            try await county.run(today: Self.today)
            for n in ["T001", "T002", "T003"] { #expect(try await Self.findings(app, n).filter { $0.code == "YD15" }.map(\.valuesText) == ["联系电话139****4567登记在3户（3个家庭）"]) }

            let split = MembershipEventRecord()
            (split.id, split.householdID, split.kind, split.eventDate, split.note, split.otherHouseholdID) = (UUID(), ids["T001"]!, MembershipEventKind.split.rawValue, "2026-10-01", "分户", ids["T003"]!)
            try await split.create(on: app.db)
            let next = try await county.run(today: Self.today.adding(days: 1))
            #expect(next.closed == 3)
            for n in ["T001", "T002", "T003"] { #expect(try await Self.findings(app, n).first { $0.code == "YD15" }?.stateValue == .closed) }

            let two = DataCheckSettingRecord()
            (two.id, two.regionCode, two.code, two.enabled, two.value, two.effectiveFrom, two.setBy) = (UUID(), "411681", "YD15", true, 2, "2026-11-01", "xian")
            try await two.create(on: app.db)
            try await county.run(today: Self.today.adding(days: 2))
            for n in ["T001", "T002", "T003"] {
                let f = try await Self.findings(app, n).first { $0.code == "YD15" }
                #expect(f?.stateValue == .open && f?.valuesText == "联系电话139****4567登记在3户（2个家庭）")
            }
        }
    }

    @Test("the nightly run checks each county with households as a run of its own, and leaves a county checked within the day alone")
    func nightly() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let first = try await DataCheckStore.nightly(db: app.db, today: Self.today)
            #expect(first.map(\.county.digits) == ["411681"] && first[0].summary.households == 3)
            let run = try #require(try await DataCheckRunRecord.query(on: app.db).first())
            #expect(run.regionCode == "411681" && run.runBy == "夜间核查")
            #expect(try await DataFindingRecord.query(on: app.db).filter(\.$code == "YD01").count() == 1)
            // The same night, or after the county ran its checks on demand: nothing to do.
            #expect(try await DataCheckStore.nightly(db: app.db, today: Self.today).isEmpty)
            try await DataCheckStore(w.scoped(w.county)).run(today: Self.today)
            #expect(try await DataCheckStore.nightly(db: app.db, today: Self.today, now: Date().addingTimeInterval(19 * 3600)).isEmpty)
            // The next night it runs again.
            #expect(try await DataCheckStore.nightly(db: app.db, today: Self.today, now: Date().addingTimeInterval(21 * 3600)).count == 1)
            #expect(try await DataCheckRunRecord.query(on: app.db).count() == 3)
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 小额信贷, 就业帮扶 and 防贫保险 in the indicator catalogue (issue 16 §4): the same dashboards, rankings, bulletins
/// and freezes read them, each as of the day asked, in the household's village.
@Suite("信贷、就业和保险指标")
struct LedgerFigureTests {
    @Test("户贷率, 逾期率, 不良率, 务工, 公益岗位, 雨露, 持证, 交通补助 and 防贫保险 paid, as of a day: a bank's report of June changes June's figures and not May's; a township sees its own and not another's")
    func ledgersInTheCatalogue() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let june30 = CivilDate(year: 2025, month: 6, day: 30)!, may31 = CivilDate(year: 2025, month: 5, day: 31)!
            let t001 = try await JobStoreTests.household(app, "T001")
            let zhang = try await JobStoreTests.member(app, "张三"), li = try await JobStoreTests.member(app, "李梅"), xiao = try await JobStoreTests.member(app, "张小")
            try await LoanStore(w.scoped(w.county)).add(LoanStoreTests.draft(), today: june30)
            let report = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数\n项城农商银行,NX2025-001,\(LoanStoreTests.zhangSan),2025-06-30,20000,30000,120"
            _ = try await LedgerImporter(w.scoped(w.county)).importFile(Data(report.utf8), filename: "6月.csv", kind: .loanBalances, today: june30)
            let jobs = JobStore(w.scoped(w.cun))
            try await jobs.addSpell(t001, person: zhang.id, JobStoreTests.spell("440305", "2025-01", "2025-04"), today: june30)
            try await jobs.payTransport(t001, person: zhang.id, year: 2025, amount: Money(yuan: 500), paidOn: june30, today: june30)
            try await jobs.addPost(t001, person: li.id, JobStoreTests.post("2025-02-01"), today: june30)
            try await jobs.addYulu(t001, person: xiao.id, school: "周口科技职业学院", type: .higher, termStart: CivilDate(year: 2025, month: 3, day: 1)!,
                                   amount: Money(yuan: 1500), paidOn: CivilDate(year: 2025, month: 4, day: 1)!, today: june30)
            try await jobs.addSkill(t001, person: li.id, kind: .certificate, name: "育婴员（五级）", on: CivilDate(year: 2025, month: 6, day: 1)!, today: june30)
            let insurance = InsuranceStore(w.scoped(w.county))
            try await insurance.saveScheme(InsuranceStoreTests.draft(2025), today: june30)
            let claim = try await insurance.open(t001, trigger: .disaster, cost: Money(yuan: 20_000), note: "", today: CivilDate(year: 2025, month: 6, day: 1)!)
            try await insurance.decide(claim, "check", noticeFrom: nil, paidOn: nil, reason: "", today: june30)
            try await insurance.decide(claim, "pay", noticeFrom: CivilDate(year: 2025, month: 6, day: 2)!, paidOn: CivilDate(year: 2025, month: 6, day: 20)!, reason: "", today: june30)

            let store = IndicatorStore(w.scoped(w.county))
            let codes = ["DK01", "DK02", "DK03", "DK04", "DK05", "JY01", "JY02", "JY03", "JY04", "JY05", "JY06", "JY07", "BX01", "BX02"]
            let june = try await store.byChild(of: RegionCode("411681")!, from: CivilDate(year: 2025, month: 6, day: 1)!, to: june30, today: june30, ownRow: true)
            // T001 is the county's one 脱贫户: it has a balance, lent this year; 2万 left, 120 days overdue.
            #expect(FundFigureTests.figures(codes, june.total) == ["DK01 100.0%", "DK02 100.0%", "DK03 2.00", "DK04 100.0%", "DK05 100.0%",
                                                                    "JY01 2", "JY02 1", "JY03 1", "JY04 1", "JY05 0.15", "JY06 1", "JY07 1", "BX01 0.90", "BX02 1"])
            let may = try await store.byChild(of: RegionCode("411681")!, from: CivilDate(year: 2025, month: 5, day: 1)!, to: may31, today: june30, ownRow: true)
            #expect(FundFigureTests.figures(["DK03", "DK04", "JY06", "JY07", "BX01"], may.total) == ["DK03 5.00", "DK04 0.0%", "JY06 0", "JY07 0", "BX01 0.00"])
            let other = try await IndicatorStore(w.scoped(w.otherTownship)).byChild(of: RegionCode("411681102")!, from: CivilDate(year: 2025, month: 6, day: 1)!,
                                                                                     to: june30, today: june30, ownRow: true)
            #expect(FundFigureTests.figures(["DK03", "JY01", "BX01"], other.total) == ["DK03 0.00", "JY01 0", "BX01 0.00"])
        }
    }
}

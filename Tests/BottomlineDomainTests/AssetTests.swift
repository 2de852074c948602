import Foundation
import Testing
@testable import BottomlineDomain

/// 帮扶项目资产 (ledgers-rules.md §L3): classes and 四个一批, income and where it goes — no equal hand-outs, 光伏 income
/// only to jobs, small public works and rewards — and the seeds' figures.
@Suite("帮扶项目资产：分类、收益分配与种子数据")
struct AssetTests {
    @Test("seed 003: 241 + 171 + 3 + 7 = 422 assets in the four batches; 3693万 of income on 8.66亿 is 4.26%, not the printed 4.23% (which implies 8.73亿)")
    func seed003() {
        var figures = AssetFigures()
        for (batch, n) in [(FourBatchClass.consolidate, 241), (.upgrade, 171), (.revitalize, 3), (.adjust, 7)] { figures.byFourBatch[batch] = n }
        #expect(figures.byFourBatch.values.reduce(0, +) == 422)
        figures.value = Money(wanYuan: "86600")!
        figures.income = Money(wanYuan: "3693")!
        #expect(figures.returnRate.percentText() == "4.26%")
        #expect(figures.returnRate.percentText() != "4.23%")
        #expect(MoneyShare(Money(wanYuan: "3693")!, of: Money(wanYuan: "87300")!).percentText() == "4.23%")
        // 光伏: 72 stations, 1753.14万 kWh, 722.66万元 → 0.412元 a kWh.
        var stations = AssetFigures()
        stations.kwh = 17_531_400
        stations.stationIncome = Money(wanYuan: "722.66")!
        #expect(stations.incomePerKWh == "0.412")
    }

    @Test("income is given out no more than it is; household payouts add up to the line, and five or more equal payouts are refused as a hand-out")
    func distributionRules() {
        let income = Money(wanYuan: "8")!
        func check(_ use: IncomeUse, _ amount: String, _ payouts: [Int64], kind: AssetKind = .general, distributed: String = "0") -> String? {
            AssetRules.checkDistribution(use: use, amount: Money(wanYuan: amount)!, payouts: payouts.map { Money(yuan: $0) }, kind: kind,
                                         income: income, distributed: Money(wanYuan: distributed)!)?.message
        }
        #expect(check(.smallWelfare, "3", []) == nil)
        #expect(check(.smallWelfare, "3", [], distributed: "6") == "超出当年未分配收益1.00万元：收益8.00万元，已分配6.00万元")
        #expect(check(.publicJobs, "1", []) == "“公益岗位工资”应列出领取的农户和金额")
        #expect(check(.publicJobs, "1", [5000, 4000]) == "各户金额合计9000元，与分配金额10000元不符")
        #expect(check(.publicJobs, "1", [2000, 2000, 2000, 2000, 2000])?.contains("简单平均分配") == true)
        #expect(check(.publicJobs, "1", [2400, 2400, 1800, 1800, 1600]) == nil)
        #expect(check(.publicJobs, "0.8", [2000, 2000, 2000, 2000]) == nil)
        #expect(check(.industry, "2", [], kind: .photovoltaic) == "光伏电站收益只能用于公益岗位、村级小型公益事业和小微奖励补助")
        #expect(check(.smallWelfare, "1", [10000]) == "“村级小型公益事业”不直接发放到户")
    }

    @Test("a project's category suggests the class of what it leaves: 产业 operating, roads public, 危房改造 to households")
    func likelyClass() {
        #expect(AssetClass.likely(for: .industry) == .operating)
        #expect(AssetClass.likely(for: .ruralConstruction) == .publicWelfare)
        #expect(AssetClass.likely(for: .basicNeeds) == .household)
    }

    @Test("seed 000: 102 帮扶车间 employ 4,415, of whom 1,533 are 低收入 — 34.7%")
    func workshops() {
        var f = AssetFigures()
        f.workshops = 102
        f.jobs = 4_415
        f.jobsAlleviated = 1_533
        let share = f.lowIncomeJobShare
        #expect(share == (1_533, 4_415))
        #expect(MoneyShare(Money(fen: Int64(share.part)), of: Money(fen: Int64(share.whole))).percentText(decimals: 1) == "34.7%")
    }
}

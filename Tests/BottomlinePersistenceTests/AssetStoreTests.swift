import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 帮扶项目资产 as ledgers-rules.md §L3 states it: registered from an accepted project by the county, income recorded by
/// the asset's place, distributed by a decided plan to registry households of the user's own region — never more than
/// the income, never as an equal hand-out, 光伏 income only to its three uses — and disposed of only with approvals.
@Suite("帮扶项目资产台账")
struct AssetStoreTests {
    static func draft(_ number: String = "ZC-001", kind: AssetKind = .photovoltaic) -> AssetDraft {
        AssetDraft(number: number, name: "王庄村光伏电站", assetClass: .operating, kind: kind, place: FundStoreTests.wang, value: Money(wanYuan: "100")!,
                   owner: .villageCollective, confirmedOn: FundStoreTests.day0, operatorName: "王庄村股份经济合作社", way: .selfRun,
                   agreedReturn: "年收益不低于8万元", caretaker: "王建国", fourBatch: .consolidate, capacityKW: kind == .photovoltaic ? 100 : nil,
                   jobs: nil, jobsAlleviated: nil, jobsMonitored: nil)
    }

    static func refusal(_ body: () async throws -> Void) async -> String? { await FundStoreTests.refusal(body) }

    @Test("an asset is registered from an accepted project only, by the county; its place decides who sees it")
    func register() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let p = try await FundStoreTests.approved(w)
            let county = AssetStore(w.scoped(w.county))
            #expect(await Self.refusal { _ = try await county.register(Self.draft(), project: p) }?.contains("验收后才能登记资产") == true)
            for (a, on) in [(w.county, 25), (w.township, 26), (w.township, 27), (w.county, 28)] {
                try await w.projects(a).pass(p, on: FundStoreTests.day0.adding(days: on), notice: nil, comment: "", today: FundStoreTests.day0.adding(days: on))
            }
            #expect(p.stageValue == .accepted)
            #expect(await Self.refusal { _ = try await AssetStore(w.scoped(w.township)).register(Self.draft(), project: p) } == "资产由县级管理员登记")
            let asset = try await county.register(Self.draft(), project: p)
            #expect(await Self.refusal { _ = try await county.register(Self.draft(), project: p) } == "资产编号ZC-001已登记")
            #expect(try await w.scoped(w.cun).asset(asset.id!) != nil)
            #expect(try await w.scoped(w.otherTownship).assets().count() == 0)
        }
    }

    @Test("a village records a 光伏 station's monthly income and kWh and gives it out by a decided plan: to named households of its own, no more than was earned, never equally to many, never to uses 光伏 income may not have")
    func incomeAndDistribution() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let asset = try await AssetStore(w.scoped(w.county)).register(Self.draft(), project: nil)
            let cun = AssetStore(w.scoped(w.cun))
            let today = CivilDate(year: 2025, month: 12, day: 20)!
            for month in 1...10 {
                try await cun.recordIncome(asset, year: 2025, month: month, amount: Money(yuan: 7_000), kwh: 11_000, note: "", today: today)
            }
            #expect(await Self.refusal { try await cun.recordIncome(asset, year: 2025, month: 3, amount: Money(yuan: 1), kwh: 1, note: "", today: today) } == "2025年3月的收益已登记")
            #expect(await Self.refusal { try await cun.recordIncome(asset, year: 2025, month: 11, amount: Money(yuan: 1), kwh: nil, note: "", today: today) } == "请填写发电量（千瓦时）")
            // Income: 7万. 公益岗位 pay to two households of the village (T001 is in 王庄村; T003 is not the cadre's).
            #expect(await Self.refusal {
                try await cun.distribute(asset, year: 2025, use: .publicJobs, amount: Money(yuan: 9_600), decidedOn: today, decidedBy: "四议两公开", note: "",
                                         payouts: [("T001", Money(yuan: 4_800)), ("T003", Money(yuan: 4_800))], today: today)
            }?.contains("T003") == true)
            #expect(await Self.refusal {
                try await cun.distribute(asset, year: 2025, use: .industry, amount: Money(yuan: 10_000), decidedOn: today, decidedBy: "四议两公开", note: "", payouts: [], today: today)
            } == "光伏电站收益只能用于公益岗位、村级小型公益事业和小微奖励补助")
            try await cun.distribute(asset, year: 2025, use: .publicJobs, amount: Money(yuan: 4_800), decidedOn: today, decidedBy: "四议两公开，村民代表大会", note: "保洁员",
                                     payouts: [("T001", Money(yuan: 4_800))], today: today)
            try await cun.distribute(asset, year: 2025, use: .smallWelfare, amount: Money(yuan: 60_000), decidedOn: today, decidedBy: "四议两公开", note: "村内道路维修",
                                     payouts: [], today: today)
            #expect(await Self.refusal {
                try await cun.distribute(asset, year: 2025, use: .smallWelfare, amount: Money(yuan: 5_300), decidedOn: today, decidedBy: "四议两公开", note: "", payouts: [], today: today)
            } == "超出当年未分配收益0.01万元：收益7.00万元，已分配6.48万元")
            let payouts = try await AssetPayoutRecord.query(on: app.db).all()
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            #expect(payouts.count == 1 && payouts[0].householdID == t001.id && payouts[0].villageCode == FundStoreTests.wang && payouts[0].amountFen == 480_000)
            let figures = try await AssetStore(w.scoped(w.county)).figures(year: 2025)
            #expect(figures.income.wanText == "7.00" && figures.returnRate.percentText() == "7.00%" && figures.byFourBatch[.consolidate] == 1)
            #expect(figures.stations == 1 && figures.capacityKW == 100 && figures.kwh == 110_000 && figures.incomePerKWh == "0.636")
            // Another village's cadre neither sees nor writes it.
            #expect(try await w.scoped(w.otherTownship).asset(asset.id!) == nil)
        }
    }

    @Test("an asset is disposed of only with the approvals written down, once")
    func disposal() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = AssetStore(w.scoped(w.county))
            let asset = try await county.register(Self.draft(kind: .general), project: nil)
            let day = FundStoreTests.day0
            #expect(await Self.refusal { try await county.dispose(asset, on: day, approvals: "", today: day) }?.contains("村民代表大会") == true)
            try await county.dispose(asset, on: day, approvals: "村民代表大会2025-02-01决议；南顿镇审核；项乡振〔2025〕3号批复", today: day)
            #expect(await Self.refusal { try await county.dispose(asset, on: day, approvals: "再次处置申请", today: day) } == "资产已处置")
            #expect(try await county.figures(year: 2025).count == 0)
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// Money, projects and assets as indicators (issue 15 §4): the same catalogue, dashboards, rankings and month-end
/// freezes as the monitoring counts, each figure as of the day asked and summed in 分.
@Suite("资金、项目和资产指标")
struct FundFigureTests {
    static func figures(_ codes: [String], _ counts: Counts) -> [String] {
        codes.map { "\($0) \(IndicatorCatalogue.indicator($0)!.text(counts))" }
    }

    @Test("支付进度, 产业占比, 开工率 and the asset figures as of a day: a township's row holds its projects' money, the county's 下达 and its own assets count in its total only, a township never sees the county's, and a frozen month keeps June's figures after July's payments")
    func moneyInTheCatalogue() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            try await FundStoreTests.twoTownshipsPaid(w)
            let county = AssetStore(w.scoped(w.county))
            let july = CivilDate(year: 2025, month: 7, day: 1)!
            // A 光伏 station of 王庄村 earning 7,000元 and 11,000 kWh a month; a 帮扶车间 of 王庄村 with 20 jobs (5 脱贫人口,
            // 1 监测对象), disposed of on 6-10; a county-level asset.
            let solar = try await county.register(AssetStoreTests.draft(), project: nil)
            for month in 1...7 {
                try await AssetStore(w.scoped(w.cun)).recordIncome(solar, year: 2025, month: month, amount: Money(yuan: 7_000), kwh: 11_000, note: "",
                                                                  today: CivilDate(year: 2025, month: 7, day: 31)!)
            }
            var shop = AssetStoreTests.draft("ZC-002", kind: .workshop)
            (shop.jobs, shop.jobsAlleviated, shop.jobsMonitored) = (20, 5, 1)
            let workshop = try await county.register(shop, project: nil)
            var own = AssetStoreTests.draft("ZC-003", kind: .general)
            (own.place, own.owner, own.confirmedOn) = ("411681", .county, nil)
            _ = try await county.register(own, project: nil)
            try await county.dispose(workshop, on: CivilDate(year: 2025, month: 6, day: 10)!, approvals: "县乡村振兴局批复〔2025〕3号", today: july)

            let store = IndicatorStore(w.scoped(w.county))
            let june15 = CivilDate(year: 2025, month: 6, day: 15)!
            let mid = try await store.byChild(of: RegionCode("411681")!, from: CivilDate(year: 2025, month: 6, day: 1)!, to: june15, today: july, ownRow: true)
            // 90万 paid of 200万 issued and given; both projects are 产业 on a central batch.
            #expect(Self.figures(["ZJ01", "ZJ02", "ZJ03", "ZJ04", "ZJ05", "ZJ06", "ZJ07", "XM01", "XM02", "XM03"], mid.total)
                == ["ZJ01 200.00", "ZJ02 200.00", "ZJ03 90.00", "ZJ04 45.0%", "ZJ05 45.0%", "ZJ06 200.00", "ZJ07 100.0%", "XM01 2", "XM02 100.0%", "XM03 0.0%"])
            // Three assets less the workshop, 300万 less its 100万; half of them 确权 (the county's is not); income Jan–Jun.
            #expect(Self.figures(["ZC01", "ZC02", "ZC03", "ZC04", "ZC05", "ZC06", "ZC07", "ZC08"], mid.total)
                == ["ZC01 2", "ZC02 200.00", "ZC03 4.20", "ZC04 2.1%", "ZC05 50.0%", "ZC06 66000", "ZC07 4.20", "ZC08 0"])
            let rows = Dictionary(uniqueKeysWithValues: mid.children.map { ($0.0.name, $0.1) })
            #expect(Self.figures(["ZJ01", "ZJ03", "ZJ04", "ZJ05", "ZC01"], rows["南顿镇"]!) == ["ZJ01 0.00", "ZJ03 30.00", "ZJ04 —", "ZJ05 30.0%", "ZC01 1"])
            #expect(Self.figures(["ZJ03", "ZJ05", "ZC01"], rows["孙店镇"]!) == ["ZJ03 60.00", "ZJ05 60.0%", "ZC01 0"])
            // Where money is printed, the county's own 下达 and asset are a row after the townships, so the rows add up to
            // the total; a monitoring table has no such row.
            #expect(mid.children.last?.0.name == "项城市本级" && Self.figures(["ZJ01", "ZJ03", "ZC01"], rows["项城市本级"]!) == ["ZJ01 200.00", "ZJ03 0.00", "ZC01 1"])
            #expect(mid.children.map(\.1).reduce(Counts(), +) == mid.total)
            #expect(try await store.byChild(of: RegionCode("411681")!, from: june15, to: june15, today: july).children.count == mid.children.count - 1)
            // Before the workshop's disposal, and before either project was put in the year's plan.
            let june5 = try await store.byChild(of: RegionCode("411681")!, from: june15, to: CivilDate(year: 2025, month: 6, day: 5)!, today: july).total
            #expect(Self.figures(["ZJ03", "ZC01", "ZC08", "ZC09"], june5) == ["ZJ03 30.00", "ZC01 3", "ZC08 20", "ZC09 6"])
            let march27 = try await store.byChild(of: RegionCode("411681")!, from: june15, to: CivilDate(year: 2025, month: 3, day: 27)!, today: july).total
            #expect(Self.figures(["XM01", "XM02"], march27) == ["XM01 2", "XM02 0.0%"])

            // The township reads its own, without 下达; the county's figures are not its to read.
            let township = IndicatorStore(w.scoped(w.township))
            let townshipTotal = try await township.byChild(of: RegionCode("411681101")!, from: june15, to: june15, today: july).total
            #expect(Self.figures(["ZJ01", "ZJ03", "ZJ04", "ZJ05", "ZC01"], townshipTotal) == ["ZJ01 0.00", "ZJ03 30.00", "ZJ04 —", "ZJ05 30.0%", "ZC01 1"])
            #expect(try await township.byChild(of: RegionCode("411681")!, from: june15, to: june15, today: july).total == Counts())

            // June frozen in July, then a July payment: the frozen month does not move, the live figure does.
            _ = try await store.freeze(period: "2025-06", today: july)
            let batch = try await FundBatchRecord.query(on: app.db).first()!
            let p2 = try await ProjectRecord.query(on: app.db).filter(\.$number == "XC2025-002").first()!
            try await w.funds(w.county).pay(FundPayment(batchID: batch.id!, projectID: p2.id!, paidOn: july, amount: Money(wanYuan: "40")!, payee: .contractor),
                                            payeeName: "乙公司", project: p2)
            let frozen = try await store.frozen("2025-06", of: RegionCode("411681")!)
            #expect(Self.figures(["ZJ03", "ZJ04", "ZC01", "ZC02"], frozen.total) == ["ZJ03 140.00", "ZJ04 70.0%", "ZC01 2", "ZC02 200.00"])
            #expect(Self.figures(["ZJ03"], Dictionary(uniqueKeysWithValues: frozen.children.map { ($0.0.name, $0.1) })["南顿镇"]!) == ["ZJ03 80.00"])
            let live = try await store.byChild(of: RegionCode("411681")!, from: july, to: july, today: july).total
            #expect(Self.figures(["ZJ03", "ZJ04"], live) == ["ZJ03 180.00", "ZJ04 90.0%"])
            #expect(try await store.frozenTotals(of: RegionCode("411681")!).map { Self.figures(["ZJ03"], $0.counts) } == [["ZJ03 140.00"]])
        }
    }
}

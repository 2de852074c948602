import BottomlineDomain
import Fluent
import Foundation

/// The demo county's departmental screening: the 医保 bureau's last two monthly settlement files, the 民政 bureau's
/// new 低保/特困 list and a 住建 appraisal list, each uploaded by the demo 部门数据员 through `ScreeningStore` (with a
/// few bad rows, as real files have). In the demo village some warnings are already verified, one each way.
struct DemoScreening {
    let county: RegionCode

    /// A person the departments' files mention, picked as the county is generated (about one in eight).
    struct Person: Sendable {
        var idNumber: String
        var name: String
        var isHouseholder: Bool
    }

    func seed(on db: any Database, sample: [Person], rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        guard let yibaoUser = try await UserRecord.query(on: db).filter(\.$username == "yibao").first(),
              let cunUser = try await UserRecord.query(on: db).filter(\.$username == "cun").first() else { return }
        let store = ScreeningStore(ScopedRegistry(db: db, actor: Actor(yibaoUser)))
        // 民政 and 住建 have no officer in the demo: the county office uploads their lists.
        let countyOffice = ScreeningStore(ScopedRegistry(db: db, actor: Actor(userID: nil, username: "xian", role: .county, region: county)))
        func date(_ back: Int) -> CivilDate { today.adding(days: -back) }
        // The demo cadre's village always has a few large bills, so its work list shows warnings to verify.
        let busy = Set(try await ClueRecord.query(on: db).filter(\.$villageCode == cunUser.regionCode).all().compactMap(\.householdID))
            .union(try await CaseRecord.query(on: db).filter(\.$villageCode == cunUser.regionCode).all().map(\.householdID))
        let localHouseholds = try await HouseholdRecord.query(on: db).filter(\.$villageCode == cunUser.regionCode).filter(\.$monitoringCategory == nil)
            .sort(\.$number).all().filter { !busy.contains($0.id!) }.prefix(6)
        let local = try await PersonRecord.query(on: db).filter(\.$householdID ~~ Array(localHouseholds.compactMap(\.id)))
            .filter(\.$relation == Relation.householder.rawValue).all()
        func yuan(_ fen: Int) -> String { "\(fen / 100).\(String(format: "%02d", fen % 100))" }

        for month in [1, 0] {
            var lines = ["身份证号,姓名,结算日期,总费用,基本医保支付,大病保险支付,医疗救助支付,个人自付"]
            for p in sample where rng.chance(0.5) {
                let u = Double(rng.next() % 1_000_000) / 1_000_000
                let paid = 5_000 + Int(pow(u, 8) * 3_000_000)
                let total = paid * 3 + Int(rng.next() % 200_000)
                lines.append("\(p.idNumber),\(p.name),\(date(month * 30 + Int(rng.next() % 28))),\(yuan(total)),\(yuan(total - paid - paid / 4)),\(yuan(paid / 8)),\(yuan(paid / 8)),\(yuan(paid))")
            }
            if month == 0 {
                for p in local { lines.append("\(p.idNumber),\(p.name),\(date(Int(rng.next() % 20))),90000.00,55000.00,5000.00,5000.00,25000.00") }
            }
            lines += ["41168119800101,某某,\(date(month * 30 + 3)),1000.00,800.00,0,0,200.00", "\(sample.first?.idNumber ?? ""),某某,2026-02-30,100,0,0,0,100",
                      "\(sample.last?.idNumber ?? ""),某某,\(date(month * 30 + 5)),100,0,0,0,-50"]
            _ = try await store.screen(Data(lines.joined(separator: "\r\n").utf8), filename: "医保结算明细（\(date(month * 30).year)年\(date(month * 30).month)月）.csv",
                                       kind: .medical, channel: month == 0 ? "api" : "web", asOf: date(month * 30), today: today)
        }
        var civil = ["身份证号,姓名,变动日期,救助类型,变动类型"]
        for p in sample.prefix(400) where rng.chance(0.06) {
            civil.append("\(p.idNumber),\(p.name),\(date(Int(rng.next() % 40))),\(rng.chance(0.8) ? "低保" : "特困"),\(rng.chance(0.85) ? "新纳入" : "退出")")
        }
        _ = try await countyOffice.screen(Data(civil.joined(separator: "\n").utf8), filename: "民政低保特困变动名单.csv", kind: .civilAffairs, channel: "web",
                                   asOf: today, today: today)
        var housing = ["身份证号,姓名,鉴定日期,鉴定等级"]
        for p in sample where p.isHouseholder && rng.chance(0.02) {
            housing.append("\(p.idNumber),\(p.name),\(date(Int(rng.next() % 60))),\(["B", "C", "D"][Int(rng.next() % 3)])")
        }
        _ = try await countyOffice.screen(Data(housing.joined(separator: "\n").utf8), filename: "农村房屋安全鉴定结果.csv", kind: .housing, channel: "web",
                                   asOf: today, today: today)

        // The demo village verifies some of its warnings: one becomes a monitoring object, one is found without risk,
        // one is excluded; the rest wait.
        let village = ScreeningStore(ScopedRegistry(db: db, actor: Actor(cunUser)))
        let open = try await village.warnings(.init(), today: today)
        var done = Set<WarningDisposition>()
        for w in open {
            guard let h = try await HouseholdRecord.find(w.householdID, on: db) else { continue }
            let openClues = try await ClueRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$status == ClueStatus.open.rawValue).count()
            let openCases = try await CaseRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$completedOn == nil).count()
            if !done.contains(.included), !h.isAtRisk, w.risk != nil, openClues == 0, openCases == 0 {
                try await village.dispose(w, .included, note: "入户核实：住院自付属实，家庭收入下降", today: today)
                done.insert(.included)
            } else if !done.contains(.noRisk) {
                try await village.dispose(w, .noRisk, note: "入户核实：已报销，家庭务工收入稳定", today: today)
                done.insert(.noRisk)
            } else if !done.contains(.excluded) {
                try await village.dispose(w, .excluded, note: "家有经营性门店，不符合条件", today: today)
                done.insert(.excluded)
            }
        }
    }
}

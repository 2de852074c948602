import BottomlineDomain
import Fluent
import Foundation

/// The demo county's 问题整改台账 (issue 17 §2): problems the county and 南顿镇 handed over last year and this, through
/// `ProblemStore` — most rectified in time and 销号, some rectified late, some waiting for 销号, a few still open and
/// past their deadline, one reopened by 回头看; the same categories recur across villages, so the 错题本 has entries.
struct DemoProblems {
    let county: RegionCode
    let township: RegionCode

    static let kinds: [(String, String, String)] = [
        ("收入核算不准", "脱贫户务工收入未计入家庭纯收入", "入户重新核算收入，补录务工收入并完善档案"),
        ("政策知晓率低", "群众对防返贫监测申报渠道不了解", "逐户发放明白卡，村广播每周宣传，帮扶责任人入户讲解"),
        ("帮扶措施不精准", "监测户帮扶措施与风险类型不对应", "按风险类型调整帮扶措施，补充产业和就业帮扶"),
        ("档案资料不全", "监测户识别程序资料缺少民主评议记录", "补齐评议记录和公示照片，规范归档"),
        ("项目资产管护不到位", "光伏电站围栏损坏、未明确管护责任人", "修复围栏，签订管护协议，明确管护责任人"),
        ("信息比对不及时", "医保部门推送的大额医疗支出线索未在7日内核实", "建立线索台账，逐条核实并按期反馈"),
    ]

    func seed(on db: any Database, villages: [Region], rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).filter(\.$username ~~ ["xian", "nandun", "cun"]).all()
        guard let xianUser = users.first(where: { $0.username == "xian" }), let zhenUser = users.first(where: { $0.username == "nandun" }),
              let cunUser = users.first(where: { $0.username == "cun" }) else { return }
        let xian = ProblemStore(ScopedRegistry(db: db, actor: Actor(xianUser))), zhen = ProblemStore(ScopedRegistry(db: db, actor: Actor(zhenUser)))
        let cun = ProblemStore(ScopedRegistry(db: db, actor: Actor(cunUser)))
        let own = villages.filter { township.contains($0.code) }, elsewhere = villages.filter { !township.contains($0.code) }
        guard !own.isEmpty, !elsewhere.isEmpty else { return }
        let sources: [(ProblemSource, Int)] = [(.inspection, 4), (.evaluation, 3), (.unannounced, 2), (.audit, 1), (.monitoring, 3), (.screening, 2)]
        let start = CivilDate(year: today.year - 1, month: 2, day: 1)!
        let span = start.days(until: today)
        for i in 0..<48 {
            let found = start.adding(days: Int(rng.next() % UInt64(max(1, span - 5))))
            let (category, text, measures) = Self.kinds[i % Self.kinds.count]
            let byTownship = i % 2 == 0
            let village = byTownship ? own[Int(rng.next() % UInt64(own.count))] : elsewhere[Int(rng.next() % UInt64(elsewhere.count))]
            let given = [15, 30, 30, 60][Int(rng.next() % 4)]
            let store = byTownship ? zhen : xian
            let r = try await store.register(ProblemDraft(source: rng.weighted(sources), foundOn: found, place: village.code.digits, category: category, text: text,
                                                          leadUnit: byTownship ? "南顿镇人民政府" : "\(village.name)村民委员会", responsible: byTownship ? "南顿镇分管副镇长" : "\(village.name)党支部书记",
                                                          measures: measures, deadline: found.adding(days: given)), today: today)
            // Most are rectified, a few late; those found in the last weeks are still open.
            let late = i % 9 == 4
            let done = found.adding(days: late ? given + 3 + Int(rng.next() % 10) : 3 + Int(rng.next() % UInt64(given - 2)))
            guard done <= today.adding(days: -2), i % 13 != 6 else { continue }
            let rectifier = township.contains(village.code) && village.code.digits == cunUser.regionCode ? cun : store
            try await rectifier.rectify(r, evidence: "已按措施整改到位，佐证材料已归档", on: done, today: today)
            let closed = done.adding(days: 2 + Int(rng.next() % 5))
            guard closed <= today, i % 7 != 3 else { continue }
            try await store.close(r, on: closed, today: today)
            // 回头看 three months on: one in eight found back.
            let looked = closed.adding(days: 90)
            guard looked <= today.adding(days: -10) else { continue }
            if i % 8 == 1 {
                try await store.review(r, holds: false, note: "回头看发现同类问题再次出现", newDeadline: looked.adding(days: 30), on: looked, today: today)
            } else {
                try await store.review(r, holds: true, note: "", newDeadline: nil, on: looked, today: today)
            }
        }
    }
}

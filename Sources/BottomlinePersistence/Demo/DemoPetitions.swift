import BottomlineDomain
import Fluent
import Foundation

/// The demo county's 涉贫信访 (issue 17 §3): last year's and this year's petitions, registered, told, extended and
/// closed through `PetitionStore` as the county and 南顿镇 would — most told and settled in time and rated, a few told
/// late or settled late, one refused, some still open and one of them past its due day.
struct DemoPetitions {
    let county: RegionCode
    let township: RegionCode

    static let subjects = ["反映未纳入防返贫监测", "反映低保待遇被取消", "反映小额信贷未获批", "反映公益岗位补贴未按时发放", "反映危房改造未落实",
                           "反映光伏收益分配不公开", "反映医疗费用报销比例过低", "反映雨露计划补助未到账", "反映帮扶项目占地补偿", "反映村干部优亲厚友"]

    func seed(on db: any Database, rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).filter(\.$username ~~ ["xian", "nandun"]).all()
        guard let xianUser = users.first(where: { $0.username == "xian" }), let zhenUser = users.first(where: { $0.username == "nandun" }) else { return }
        let xian = PetitionStore(ScopedRegistry(db: db, actor: Actor(xianUser))), zhen = PetitionStore(ScopedRegistry(db: db, actor: Actor(zhenUser)))
        let households = try await HouseholdRecord.query(on: db).within(township).filter(\.$status == HouseholdStatus.active.rawValue)
            .sort(\.$number).limit(200).all()
        let channels: [(PetitionChannel, Int)] = [(.visit, 4), (.letter, 2), (.online, 3), (.hotline, 3)]
        // Last year's are many, this year's few (seed 000's county fell from 177 to 26).
        let start = CivilDate(year: today.year - 1, month: 1, day: 1)!
        let span = start.days(until: today)
        var registered = 0
        for i in 0..<90 {
            let received = start.adding(days: Int(rng.next() % UInt64(max(1, span - 2))))
            guard received.year < today.year || rng.chance(0.35) else { continue }
            let township = i % 3 != 0 && !households.isEmpty
            let store = township ? zhen : xian
            let h = township ? households[Int(rng.next() % UInt64(households.count))] : nil
            let r = try await store.register(PetitionDraft(channel: rng.weighted(channels), receivedOn: received, petitioner: h?.householderName ?? "匿名来访群众",
                                                           subject: Self.subjects[Int(rng.next() % UInt64(Self.subjects.count))], householdNumber: h?.number ?? "",
                                                           place: h == nil ? county.digits : "", handler: township ? "南顿镇人民政府" : "项城市乡村振兴局"), today: today)
            registered += 1
            // Every fifteenth repeats an earlier matter: not a 有效件.
            if registered % 15 == 0 {
                try await store.markNotEffective(r, reason: "同一信访人就同一事项重复信访，已按原答复意见告知", repeatOf: nil)
            }
            // Told within the 15 days, a few a day or two late; the fifth, and now and then another, refused.
            let toldAfter = registered % 12 == 7 ? 16 + Int(rng.next() % 3) : 1 + Int(rng.next() % 12)
            let told = received.adding(days: toldAfter)
            guard told <= today else { continue }
            let refused = registered == 5 || rng.chance(0.03)
            try await store.tell(r, accepted: !refused, reason: refused ? "不属于本机关职权范围，已告知向有权机关提出" : "", on: told, today: today)
            guard !refused else { continue }
            var due = told.adding(days: 60)
            // The county takes under supervision what a township was told late.
            if township, toldAfter > 15 { try await xian.supervise(r, on: told, today: today) }
            if rng.chance(0.1), told.adding(days: 40) <= today {
                try await store.extend(r, days: 30, reason: "涉及多个部门，需联合核实", on: told.adding(days: 40), today: today)
                due = due.adding(days: 30)
            }
            // Settled within the due day mostly, a few late; the last weeks' still open.
            let closed = rng.chance(0.06) ? due.adding(days: 1 + Int(rng.next() % 10)) : told.adding(days: 10 + Int(rng.next() % 45))
            guard closed <= today.adding(days: -3) else { continue }
            let satisfaction: PetitionSatisfaction? = rng.chance(0.85) ? rng.weighted([(.satisfied, 7), (.basicallySatisfied, 2), (.unsatisfied, 1)]) : nil
            try await store.close(r, reply: "经调查核实，已依政策答复并落实相关帮扶措施", satisfaction: satisfaction, on: closed, today: today)
            // An unsatisfied petitioner now and then asks for 复查 within the month, answered within the next.
            if satisfaction == .unsatisfied, closed.adding(days: 40) <= today {
                try await store.review(r, .recheck, answered: false, on: closed.adding(days: 10), today: today)
                try await store.review(r, .recheck, answered: true, on: closed.adding(days: 35), today: today)
            }
        }
    }
}

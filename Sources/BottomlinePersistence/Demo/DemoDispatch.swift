import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// The demo county's 驻村帮扶 (issue 17 §1): a team in every 南顿镇 village and in every third village elsewhere, sent
/// by the county through `DispatchStore`; eight weeks of “我在村” taps, most cadres keeping “五天四夜” and a few not;
/// the township's and county's spot checks, one finding a cadre away; leave asked and approved, and one four-day request
/// waiting for the county; last year's 考核; one cadre recalled and replaced. The demo's `zhucun` is the 第一书记 of the village `cun` serves.
struct DemoDispatch {
    let county: RegionCode
    let township: RegionCode

    static let units: [(String, SendingLevel)] = [("河南省农业农村厅", .province), ("周口市财政局", .city), ("项城市财政局", .county), ("项城市教育体育局", .county),
                                                  ("项城市卫生健康委员会", .county), ("项城市住房和城乡建设局", .county), ("项城市人力资源和社会保障局", .county)]
    static let maxTeams = 400
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let givenNames = ["建国", "卫东", "志强", "海燕", "红梅", "振华", "立新", "文杰", "晓峰", "秀兰", "国庆", "春生"]

    func seed(on db: any Database, villages: [Region], rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).filter(\.$username ~~ ["xian", "nandun", "zhucun"]).all()
        guard let xianUser = users.first(where: { $0.username == "xian" }), let zhenUser = users.first(where: { $0.username == "nandun" }),
              let own = users.first(where: { $0.username == "zhucun" }) else { return }
        let xian = DispatchStore(ScopedRegistry(db: db, actor: Actor(xianUser))), zhen = DispatchStore(ScopedRegistry(db: db, actor: Actor(zhenUser)))
        // The third batch arrived last June, for two years.
        let start = CivilDate(year: today.year - 1, month: 6, day: 3)!
        var picked = villages.enumerated().filter { township.contains($0.element.code) || $0.offset % 3 == 0 }.map(\.element)
        // At most `maxTeams` teams, 南顿镇's always among them: a county of a few hundred villages gets every team; the
        // benchmarks' county of ten thousand villages gets as many as a real county, not 3,600 sent one by one.
        if picked.count > Self.maxTeams {
            var room = Self.maxTeams - picked.filter { township.contains($0.code) }.count
            picked = picked.filter { village in
                if township.contains(village.code) { return true }
                room -= 1
                return room >= 0
            }
        }
        var members: [DispatchMemberRecord] = []
        for (i, village) in picked.enumerated() {
            let size = 3 + (i % 4 == 0 ? 1 : 0)
            for j in 0..<size {
                let (unit, level) = Self.units[Int(rng.next() % UInt64(Self.units.count))]
                let role: DispatchRole = j == 0 ? .secretary : j == 1 && size == 4 ? .teamLeader : .member
                let name = String(Self.surnames[Int(rng.next() % UInt64(Self.surnames.count))]) + Self.givenNames[Int(rng.next() % UInt64(Self.givenNames.count))]
                let linked = j == 0 && village.code.digits == own.regionCode
                members.append(try await xian.send(DispatchDraft(village: village.code.digits, name: name, phone: "1390394\(String(format: "%04d", (i * 4 + j) % 10_000))",
                                                                 role: role, sendingUnit: unit, sendingLevel: level, batch: "第三批", start: start,
                                                                 plannedEnd: start.adding(months: 24).adding(days: -1), username: linked ? "zhucun" : ""), today: start))
            }
        }
        guard !members.isEmpty else { return }
        // One cadre recalled in the spring after checks found him away, and replaced.
        let recalled = members[min(5, members.count - 1)]
        let recallDay = CivilDate(year: today.year, month: 3, day: 14)!
        if recallDay < today.adding(days: -60) {
            try await xian.end(recalled, .recalled, reason: "多次查岗不在岗，经研究召回调整", on: recallDay, today: today)
            members.append(try await xian.send(DispatchDraft(village: recalled.villageCode, name: "郑文博", phone: "13903940999", role: recalled.roleValue ?? .member,
                                                             sendingUnit: recalled.sendingUnit, sendingLevel: SendingLevel(rawValue: recalled.sendingLevel) ?? .county,
                                                             batch: "第三批（补派）", start: recallDay.adding(days: 7), plannedEnd: start.adding(months: 24).adding(days: -1)), today: today))
            members.removeAll { $0.id == recalled.id }
        }
        // Eight weeks of taps: morning and evening on the days in the village. Most keep 五天四夜; every eleventh cadre
        // stays four days and two nights, and one in twenty misses a week now and then.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .chinaStandard
        let firstMonday = DispatchRules.weekStart(today).adding(days: -56)
        var taps: [BulkInsert.Row] = []
        for (k, m) in members.enumerated() {
            let lax = k % 11 == 4
            var monday = firstMonday
            while monday <= today {
                let skipsWeek = k % 20 == 9 && rng.chance(0.3)
                let days = lax ? 4 : 5 + (rng.chance(0.2) ? 1 : 0), nights = lax ? 2 : 4
                for d in 0..<days where !skipsWeek {
                    let day = monday.adding(days: d)
                    guard day <= today, m.serves(on: day) else { continue }
                    let morning = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 8, minute: Int(rng.next() % 50)))!
                    taps.append(Self.tap(m, morning, located: m.userID != nil))
                    if d < nights, let evening = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 20, minute: 10 + Int(rng.next() % 40))),
                       evening <= CivilDate.now {
                        taps.append(Self.tap(m, evening, located: m.userID != nil))
                    }
                }
                monday = monday.adding(days: 7)
            }
        }
        // As rows, not models: Fluent's create reflects over a model's fields for each of the ~100,000 taps of the
        // benchmarks' county, and that was most of this stage.
        let rows = taps
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await BulkInsert.rows("dispatch_taps", columns: ["id", "member_id", "village_code", "at", "latitude", "longitude", "accuracy"],
                                      values: rows, on: sql)
        }
        // Spot checks over the eight weeks: the township in its villages, the county elsewhere; the lax ones are found away
        // now and then.
        for (k, m) in members.enumerated() where k % 3 == 0 {
            let day = firstMonday.adding(days: Int(rng.next() % UInt64(max(1, firstMonday.days(until: today)))))
            guard m.serves(on: day) else { continue }
            let inTownship = township.contains(RegionCode(m.villageCode)!)
            let present = k % 11 != 4 || rng.chance(0.3)
            try await (inTownship ? zhen : xian).check(m, on: day, method: [DispatchCheckMethod.phone, .visit, .unannounced][k % 3], present: present,
                                                         note: present ? "" : "电话联系称在县城办事，未请假", today: today)
        }
        // Last year's 考核 for those who served it.
        if start.year < today.year {
            for (k, m) in members.enumerated() where m.serves(on: CivilDate(year: start.year, month: 12, day: 31)!) {
                try await xian.review(m, year: start.year, grade: k % 11 == 4 ? .basic : k % 7 == 0 ? .excellent : .competent, note: "", today: today)
            }
        }
        // This year's 经费: 3万 for each 第一书记 in place, 20万 for every other team's village; some of it spent.
        for (k, m) in members.enumerated() where m.roleValue == .secretary && m.serves(on: today) {
            let work = try await xian.allot(.secretary, village: m.villageCode, member: m, year: today.year, amount: Money(yuan: 30_000), note: "", today: today)
            if k % 2 == 0 { try await xian.spend(work, amount: Money(yuan: 8_000 + Int64(k % 5) * 1_000), note: "入户走访交通和办公支出") }
            guard k % 2 == 0 else { continue }
            let project = try await xian.allot(.village, village: m.villageCode, member: nil, year: today.year, amount: Money(yuan: 200_000), note: "", today: today)
            if k % 3 == 0 { try await xian.spend(project, amount: Money(yuan: 120_000), note: "村内道路硬化和路灯") }
        }
        // The linked 第一书记's own leave and log, through the store as they would from a phone.
        let mine = DispatchStore(ScopedRegistry(db: db, actor: Actor(own)))
        if try await mine.ownStay(on: today) != nil {
            let past = try await mine.askLeave(from: today.adding(days: -6), to: today.adding(days: -5), reason: "孩子学校家长会", today: today)
            try await zhen.decide(past, approve: true, today: today)
            try await mine.askLeave(from: today.adding(days: 10), to: today.adding(days: 13), reason: "参加市委组织部集中培训", today: today)
            // The visit that day, recorded in the monitoring from the secretary's own login, and the log that names it.
            let ownRegistry = ScopedRegistry(db: db, actor: Actor(own))
            let monitored = try await ownRegistry.households().filter(\.$monitoringCategory != nil).filter(\.$riskEliminatedOn == nil).sort(\.$number).first()
            if let monitored {
                _ = try await LifecycleStore(ownRegistry).addVisit(monitored, VisitDraft(date: today.adding(days: -1), findings: "驻村第一书记入户，了解务工和就医情况",
                                                                                          incomeTrend: .stable, changes: ""))
            }
            try await mine.log("走访脱贫户3户、监测户1户，了解务工和就医情况；与村“两委”研究香菇大棚分红方案", on: today.adding(days: -1),
                               household: monitored?.number ?? "", today: today)
            try await mine.log("入户核实医保部门推送的大额医疗支出线索，填写核实情况", on: today, today: today)
        }
    }

    /// A tap's row, in the order of the columns written above.
    static func tap(_ m: DispatchMemberRecord, _ at: Date, located: Bool) -> BulkInsert.Row {
        typealias B = BulkInsert
        let place: [Double?] = located ? [33.443, 114.902, 25] : [nil, nil, nil]
        return [B.bind(UUID()), B.bind(m.id!), B.bind(m.villageCode), B.bind(at)] + place.map { B.bind($0) }
    }
}

import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// The 驻村帮扶 ledger (issue 17 §1): the county sends cadres; a cadre taps “我在村” from their own login, asks for leave
/// and keeps a log; the township approves leave within its limit and makes spot checks; the figures come from the
/// records, seed 002's among them.
@Suite("驻村帮扶台账")
struct DispatchStoreTests {
    static let today = CivilDate(year: 2025, month: 3, day: 31)!
    static let start = CivilDate(year: 2025, month: 1, day: 6)!

    /// A moment in China time, 2025.
    static func at(_ m: Int, _ d: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = .chinaStandard
        return c.date(from: DateComponents(year: 2025, month: m, day: d, hour: hour, minute: minute))!
    }

    static func draft(_ village: String = FundStoreTests.wang, name: String = "李驻村", role: DispatchRole = .secretary, username: String = "") -> DispatchDraft {
        DispatchDraft(village: village, name: name, phone: "13900000000", role: role, sendingUnit: "项城市财政局", sendingLevel: .county, batch: "第三批",
                      start: start, plannedEnd: start.adding(months: 24), username: username)
    }

    @Test("the county sends three cadres to 王庄村, one with the village login; that cadre taps in the village (twice within ten minutes is one tap) five days but three nights in the week of 3 March and is flagged; leave of four days is refused by the township and approved by the county; a check finding him away on a day without leave counts as unexcused and keeps him from 优秀 that year; his log names a household of his village only; another township sees none of it")
    func ledger() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let xian = DispatchStore(w.scoped(w.county)), zhen = DispatchStore(w.scoped(w.township))
            #expect(await FundStoreTests.refusal { try await zhen.send(Self.draft(), today: Self.today) } == "驻村干部由县级选派登记")
            #expect(await FundStoreTests.refusal { try await xian.send(Self.draft("411681101"), today: Self.today) } == "请填写您辖区内村的12位区划代码")
            #expect(await FundStoreTests.refusal { try await xian.send(Self.draft(username: "zhen"), today: Self.today) } == "登录账号应为该村的村级用户")
            var hostile = Self.draft()
            hostile.name = "李\u{0}驻村"
            #expect(await FundStoreTests.refusal { try await xian.send(hostile, today: Self.today) } == "姓名含有控制字符")
            let li = try await xian.send(Self.draft(username: "cun"), today: Self.today)
            #expect(await FundStoreTests.refusal { try await xian.send(Self.draft(name: "重复", username: "cun"), today: Self.today) } == "账号cun已关联一名在岗驻村干部")
            try await xian.send(Self.draft(name: "王队长", role: .teamLeader), today: Self.today)
            try await xian.send(Self.draft(name: "赵队员", role: .member), today: Self.today)
            let mine = DispatchStore(w.scoped(w.cun))
            // Monday to Friday by day, and only three nights.
            for d in 3...7 {
                try await mine.tap(at: Self.at(3, d, 9), latitude: 33.44, longitude: 114.9, accuracy: 30)
                try await mine.tap(at: Self.at(3, d, 9, 5), latitude: nil, longitude: nil, accuracy: nil)
                if d <= 5 { try await mine.tap(at: Self.at(3, d, 21), latitude: nil, longitude: nil, accuracy: nil) }
            }
            #expect(try await DispatchTapRecord.query(on: app.db).count() == 8)
            #expect(await FundStoreTests.refusal { try await mine.tap(at: Self.at(3, 8, 9), latitude: 95, longitude: 114, accuracy: nil) } == "位置无效")
            #expect(await FundStoreTests.refusal { try await DispatchStore(w.scoped(w.township)).tap(at: Self.at(3, 8, 9), latitude: nil, longitude: nil, accuracy: nil) }
                == "您的账号没有关联在岗的驻村干部")
            // Leave of four days (the township's limit is three) from 10 March.
            let leave = try await mine.askLeave(from: CivilDate(year: 2025, month: 3, day: 10)!, to: CivilDate(year: 2025, month: 3, day: 13)!, reason: "家中老人住院", today: CivilDate(year: 2025, month: 3, day: 9)!)
            #expect(await FundStoreTests.refusal { try await mine.askLeave(from: CivilDate(year: 2025, month: 3, day: 12)!, to: CivilDate(year: 2025, month: 3, day: 14)!, reason: "再请", today: CivilDate(year: 2025, month: 3, day: 9)!) }
                == "与2025-03-10至2025-03-13的请假重叠")
            #expect(await FundStoreTests.refusal { try await zhen.decide(leave, approve: true, today: CivilDate(year: 2025, month: 3, day: 9)!) }
                == "请假4天，超过乡镇审批权限（3天），应报县级审批")
            try await xian.decide(leave, approve: true, today: CivilDate(year: 2025, month: 3, day: 9)!)
            #expect(await FundStoreTests.refusal { try await DispatchStore(w.scoped(w.otherTownship)).check(li, on: Self.today, method: .phone, present: true, note: "", today: Self.today) }
                    == "该记录不在您的辖区")
            #expect(try await DispatchStore(w.scoped(w.otherTownship)).member(li.id!) == nil)
            // Checks: away on the 12th (on leave), away on the 18th (no leave), present on the 19th.
            try await zhen.check(li, on: CivilDate(year: 2025, month: 3, day: 12)!, method: .phone, present: false, note: "请假中", today: Self.today)
            try await zhen.check(li, on: CivilDate(year: 2025, month: 3, day: 18)!, method: .unannounced, present: false, note: "电话不通，村内未见", today: Self.today)
            try await zhen.check(li, on: CivilDate(year: 2025, month: 3, day: 19)!, method: .visit, present: true, note: "", today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.check(li, on: Self.today.adding(days: 1), method: .visit, present: true, note: "", today: Self.today) } == "查岗日期不能晚于今天")
            // A log names a household of the cadre's own village, never another's.
            #expect(await FundStoreTests.refusal { try await mine.log("走访", on: CivilDate(year: 2025, month: 3, day: 28)!, household: "T003", today: Self.today) }
                    == "本村没有户编号为T003的农户")
            try await mine.log("走访脱贫户张三，了解务工收入", on: CivilDate(year: 2025, month: 3, day: 28)!, household: "T001", today: Self.today)
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()
            #expect(try await DispatchLogRecord.query(on: app.db).all().map(\.aboutHouseholdID) == [t001?.id])

            let f = try await xian.figures(within: RegionCode("411681")!, year: 2025, month: 3, asOf: Self.today)
            #expect(f.total.teams == 1 && f.total.cadres == 3 && f.total.secretaries == 1 && f.total.perTeam == "3.00" && f.total.smallTeams == 0)
            #expect(f.total.checks == 3 && f.total.presentAtChecks == 1 && f.total.presenceRate.text == "33.33%" && f.total.unexcused == 1)
            // The week of 24 March is the last whole one: nobody tapped, all three are below the rule; every one of them
            // has short weeks in March.
            #expect(f.total.belowRuleLastWeek == 3 && f.total.belowRuleLastMonth == 3)
            let liStay = try #require(f.stays.first { $0.member.id == li.id })
            #expect(DispatchRules.weekShortfall(liStay.stay, week: CivilDate(year: 2025, month: 3, day: 3)!, f.rule!) == "2025-03-03起一周住村3夜（应4夜）")
            #expect(liStay.stay.leave.count == 4)
            #expect(f.children.keys.sorted() == ["411681101"])
            #expect(try await DispatchStore(w.scoped(w.otherTownship)).figures(within: RegionCode("411681102")!, year: 2025, month: 3, asOf: Self.today).total.cadres == 0)
            #expect(try await DispatchStore(w.scoped(w.otherTownship)).stays(within: RegionCode("411681")!, from: Self.start, to: Self.today).isEmpty)

            // 召回 with its reason; the cadre can tap no more.
            #expect(await FundStoreTests.refusal { try await xian.end(li, .recalled, reason: "", on: Self.today, today: Self.today) } == "请填写原因（4至200字）")
            try await xian.end(li, .recalled, reason: "查岗无故脱岗，召回调整", on: Self.today, today: Self.today)
            #expect(await FundStoreTests.refusal { try await mine.tap(at: Self.at(4, 1, 9), latitude: nil, longitude: nil, accuracy: nil) } == "您的账号没有关联在岗的驻村干部")
            // One unexcused absence this year: not 优秀 (the province's rule).
            #expect(await FundStoreTests.refusal { try await xian.review(li, year: 2025, grade: .excellent, note: "", today: Self.today) } == "年内查岗无故脱岗1次，考核最高为称职")
            try await xian.review(li, year: 2025, grade: .basic, note: "", today: Self.today)
            try await xian.review(li, year: 2025, grade: .incompetent, note: "无故脱岗", today: Self.today)
            #expect(try await DispatchReviewRecord.query(on: app.db).all().map(\.grade) == ["incompetent"])
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "dispatch").count() == 12)
        }
    }

    /// Seed 002 (项城): “为……114个村派驻114名第一书记，114个驻村工作队，376名驻村队员”; read, as ledgers-rules.md §L6
    /// does, as 376 cadres in all.
    @Test("seed 002 from records: 114 teams of 376 cadres, one 第一书记 each, read 3.30 cadres a team")
    func seed002() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            // The sample county has three villages; 111 more in 南顿镇 make 项城's 114.
            for i in 0..<111 {
                let r = RegionRecord()
                (r.id, r.parentCode, r.level, r.name) = ("411681101\(300 + i)", "411681101", RegionCode.Level.village.rawValue, "驻村\(i)村")
                try await r.create(on: app.db)
            }
            let villages = try await RegionRecord.query(on: app.db).filter(\.$id >= "411681000000").filter(\.$id < "411682000000").all()
                .map(\.id!).filter { $0.count == 12 }.sorted()
            try #require(villages.count >= 114)
            let xian = DispatchStore(w.scoped(w.county))
            for (i, village) in villages.prefix(114).enumerated() {
                // 34 teams of four and 80 of three: 376 cadres.
                let roles: [DispatchRole] = i < 34 ? [.secretary, .teamLeader, .member, .member] : [.secretary, .member, .member]
                for (j, role) in roles.enumerated() { try await xian.send(Self.draft(village, name: "干部\(i)-\(j)", role: role), today: Self.today) }
            }
            let f = try await xian.figures(within: RegionCode("411681")!, year: 2025, month: 3, asOf: Self.today).total
            #expect(f.teams == 114 && f.cadres == 376 && f.secretaries == 114 && f.smallTeams == 0)
            #expect(f.perTeam == "3.30")
        }
    }

    /// Seed 001 (商丘): “402万元 … 每名第一书记3万元” and “2000万元 … 每村20万元” — 134 secretaries but 100 villages, a
    /// gap the report does not explain (ledgers-rules.md §L6). The system prints what its records give.
    @Test("seed 001 from records: 3万 to each of 134 第一书记 is 402万, 20万 to each of 100 villages is 2000万; spending beyond the allotment, by a village cadre, or to another township's village is refused")
    func seed001Funds() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            for i in 0..<131 {
                let r = RegionRecord()
                (r.id, r.parentCode, r.level, r.name) = ("411681101\(300 + i)", "411681101", RegionCode.Level.village.rawValue, "经费\(i)村")
                try await r.create(on: app.db)
            }
            let villages = try await RegionRecord.query(on: app.db).filter(\.$id >= "411681000000").filter(\.$id < "411682000000").all()
                .map(\.id!).filter { $0.count == 12 }.sorted()
            try #require(villages.count >= 134)
            let xian = DispatchStore(w.scoped(w.county))
            for (i, village) in villages.prefix(134).enumerated() {
                let secretary = try await xian.send(Self.draft(village, name: "书记\(i)"), today: Self.today)
                try await xian.allot(.secretary, village: village, member: secretary, year: 2025, amount: Money(yuan: 30_000), note: "", today: Self.today)
                if i < 100 { try await xian.allot(.village, village: village, member: nil, year: 2025, amount: Money(yuan: 200_000), note: "", today: Self.today) }
            }
            let rows = try await xian.funds(within: RegionCode("411681")!, year: 2025)
            let f = DispatchFundFigures(rows)
            #expect(f.secretaries == 134 && f.secretaryMoney == Money(yuan: 4_020_000))
            #expect(f.villages == 100 && f.villageMoney == Money(yuan: 20_000_000))
            let fund = try #require(rows.first { $0.kind == "village" && $0.villageCode == FundStoreTests.wang })
            #expect(await FundStoreTests.refusal { try await DispatchStore(w.scoped(w.cun)).spend(fund, amount: Money(yuan: 1_000), note: "修路") } == "驻村经费支出由县、乡镇登记")
            #expect(await FundStoreTests.refusal { try await DispatchStore(w.scoped(w.otherTownship)).spend(fund, amount: Money(yuan: 1_000), note: "修路") } == "该记录不在您的辖区")
            try await DispatchStore(w.scoped(w.township)).spend(fund, amount: Money(yuan: 150_000), note: "村内道路硬化")
            #expect(await FundStoreTests.refusal { try await DispatchStore(w.scoped(w.township)).spend(fund, amount: Money(yuan: 50_001), note: "路灯") }
                == "支出合计将超过安排的20.00万元（已支出15.00万元）")
            #expect(await FundStoreTests.refusal { try await xian.allot(.secretary, village: FundStoreTests.wang, member: nil, year: 2025, amount: Money(yuan: 30_000), note: "", today: Self.today) }
                == "第一书记工作经费应安排给该村的第一书记")
            #expect(DispatchFundFigures(try await xian.funds(within: RegionCode("411681")!, year: 2025)).spent == Money(yuan: 150_000))
        }
    }
}

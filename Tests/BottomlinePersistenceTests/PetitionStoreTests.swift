import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// The 涉贫信访 ledger (issue 17 §3): county and township staff register, tell, extend and close petitions of their
/// region; the deadlines are 信访工作条例's as shipped policy; the bulletin's rates come from the records.
@Suite("涉贫信访台账")
struct PetitionStoreTests {
    static let today = CivilDate(year: 2025, month: 6, day: 30)!

    static func draft(_ received: CivilDate, household: String = "", place: String = "") -> PetitionDraft {
        PetitionDraft(channel: .visit, receivedOn: received, petitioner: "张三", phone: "13800000000", subject: "反映低保和防返贫监测纳入问题",
                      householdNumber: household, place: place, handler: "南顿镇人民政府")
    }

    @Test("the township registers a petition about T001, tells it accepted on day 16 (late), extends it once by 30 days and closes it with the reply and a satisfied petitioner; a village cadre, another township, a future day, a refusal without reason and a second extension are refused; the rates come from the records")
    func ledger() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let zhen = PetitionStore(w.scoped(w.township))
            let received = CivilDate(year: 2025, month: 3, day: 3)!
            #expect(await FundStoreTests.refusal { try await PetitionStore(w.scoped(w.cun)).register(Self.draft(received, household: "T001"), today: Self.today) }
                == "信访由县、乡镇登记和办理")
            #expect(await FundStoreTests.refusal { try await PetitionStore(w.scoped(w.otherTownship)).register(Self.draft(received, household: "T001"), today: Self.today) }
                == "在您的辖区内没有找到户编号T001")
            #expect(await FundStoreTests.refusal { try await zhen.register(Self.draft(Self.today.adding(days: 1), household: "T001"), today: Self.today) } == "收到日期不能晚于今天")
            var hostile = Self.draft(received, household: "T001")
            hostile.petitioner = "张三\r\nSet-Cookie: x=1"
            #expect(await FundStoreTests.refusal { try await zhen.register(hostile, today: Self.today) } == "信访人含有控制字符")
            #expect(await FundStoreTests.refusal { try await zhen.register(Self.draft(received, place: "411681102"), today: Self.today) }
                == "请填写您辖区内的县、乡镇或村的区划代码，或该户户编号")
            let p = try await zhen.register(Self.draft(received, household: "T001"), today: Self.today)
            #expect(p.villageCode == FundStoreTests.wang)
            #expect(try await PetitionStore(w.scoped(w.otherTownship)).petition(p.id!) == nil)
            #expect(await FundStoreTests.refusal { try await zhen.tell(p, accepted: false, reason: "", on: CivilDate(year: 2025, month: 3, day: 5)!, today: Self.today) }
                == "不予受理应写明理由（4至200字）")
            // Received Monday 3 March, told 19 March: day 16 after receipt, one day late (the 15th, the 18th, was a working day).
            try await zhen.tell(p, accepted: true, reason: "", on: CivilDate(year: 2025, month: 3, day: 19)!, today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.extend(p, days: 31, reason: "需多部门核实", on: CivilDate(year: 2025, month: 5, day: 1)!, today: Self.today) }
                == "延期应为1至30天")
            try await zhen.extend(p, days: 30, reason: "需多部门核实", on: CivilDate(year: 2025, month: 5, day: 1)!, today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.extend(p, days: 5, reason: "需多部门核实", on: CivilDate(year: 2025, month: 5, day: 2)!, today: Self.today) }
                == "已延期过一次，不能再次延期")
            // 60 + 30 days from 19 March is 17 June: closed on the 10th, in time.
            try await zhen.close(p, reply: "经核实，已按程序纳入监测并落实帮扶措施", satisfaction: .satisfied, on: CivilDate(year: 2025, month: 6, day: 10)!, today: Self.today)
            // A county petition about the county as a whole, told in time and not yet closed.
            let xian = PetitionStore(w.scoped(w.county))
            let q = try await xian.register(Self.draft(CivilDate(year: 2025, month: 6, day: 1)!, place: "411681"), today: Self.today)
            #expect(q.villageCode == "411681000000")
            try await xian.tell(q, accepted: true, reason: "", on: CivilDate(year: 2025, month: 6, day: 3)!, today: Self.today)
            #expect(try await zhen.petition(q.id!) == nil, "the county's own petition is not the township's")
            let f = try await xian.figures(within: RegionCode("411681")!, receivedFrom: CivilDate(year: 2025, month: 1, day: 1)!, to: Self.today, on: Self.today)
            #expect(f.received == 2 && f.toldInTime == 1 && f.timelyAcceptance.text == "50.00%")
            #expect(f.settled == 1 && f.settledOnTime.text == "100.00%" && f.satisfaction.text == "100.00%")
            #expect(try await zhen.figures(within: RegionCode("411681101")!, receivedFrom: CivilDate(year: 2025, month: 1, day: 1)!, to: Self.today, on: Self.today).received == 1)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "petition").count() == 6)
        }
    }

    @Test("seed 000: 26 petitions this year against 177 last year, registered as records, is down 85.31%")
    func seed000() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let xian = PetitionStore(w.scoped(w.county))
            for i in 0..<177 { try await xian.register(Self.draft(CivilDate(year: 2024, month: 1 + i % 12, day: 1 + i % 28)!, place: "411681"), today: Self.today) }
            for i in 0..<26 { try await xian.register(Self.draft(CivilDate(year: 2025, month: 1 + i % 6, day: 1 + i % 28)!, place: "411681101"), today: Self.today) }
            let county = RegionCode("411681")!
            let last = try await xian.figures(within: county, receivedFrom: CivilDate(year: 2024, month: 1, day: 1)!, to: CivilDate(year: 2024, month: 12, day: 31)!, on: Self.today)
            let now = try await xian.figures(within: county, receivedFrom: CivilDate(year: 2025, month: 1, day: 1)!, to: Self.today, on: Self.today)
            #expect(last.received == 177 && now.received == 26)
            #expect(PetitionFigures.change(now.received, from: last.received).text == "-85.31%")
        }
    }

    @Test("the demo county comes with last year's and this year's petitions: fewer this year, most told and settled in time and rated, some told late, one refused or more, some still open")
    func demo() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 3_000, seed: 11).build(on: app.db) { try app.password.hash($0) }
            let xian = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "xian").first())
            let store = PetitionStore(ScopedRegistry(db: app.db, actor: Actor(xian)))
            let today = CivilDate.today
            let last = try await store.figures(within: DemoCounty.county, receivedFrom: CivilDate(year: today.year - 1, month: 1, day: 1)!,
                                               to: CivilDate(year: today.year - 1, month: 12, day: 31)!, on: today)
            let now = try await store.figures(within: DemoCounty.county, receivedFrom: CivilDate(year: today.year, month: 1, day: 1)!, to: today, on: today)
            #expect(last.received > now.received && now.received > 0)
            #expect(last.toldInTime < last.tellDue && last.toldInTime * 10 > last.tellDue * 8, "most told in time, not all")
            #expect(last.settled > 0 && last.rated > 0 && last.satisfied > 0)
            let all = try await PetitionRecord.query(on: app.db).all()
            #expect(all.contains { $0.accepted == false } && all.contains { $0.accepted == true && $0.closedOn == nil })
        }
    }

    @Test("复查 asked within 30 days of the reply (moved past 劳动节) and answered; 复核 after it; a second 复核 is refused; a repeat marked not 有效件 leaves every rate; the county's 督办; 信访 rates as indicators by village, with last year's count to the same day beside this year's")
    func reviewsFlagsAndIndicators() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let zhen = PetitionStore(w.scoped(w.township)), xian = PetitionStore(w.scoped(w.county))
            let day = { (m: Int, d: Int) in CivilDate(year: 2025, month: m, day: d)! }
            let p = try await zhen.register(Self.draft(day(3, 1), household: "T001"), today: Self.today)
            try await zhen.tell(p, accepted: true, reason: "", on: day(3, 5), today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.review(p, .recheck, answered: false, on: day(3, 20), today: Self.today) } == "尚未书面答复，不能请求复查")
            try await zhen.close(p, reply: "已依政策答复", satisfaction: .unsatisfied, on: day(4, 1), today: Self.today)
            // 30 days from the reply of 1 April end on 1 May, the first day of 劳动节 (1–5 May 2025 off): the period runs to
            // Tuesday 6 May (民法典 第二百零三条), so asking on 2 May is in time and on 7 May is not.
            #expect(await FundStoreTests.refusal { try await zhen.review(p, .recheck, answered: false, on: day(5, 7), today: Self.today) }
                == "应在收到书面答复之日起30日内请求复查（2025-05-06前）")
            try await zhen.review(p, .recheck, answered: false, on: day(5, 2), today: Self.today)
            try await zhen.review(p, .recheck, answered: true, on: day(5, 10), today: Self.today)
            try await zhen.review(p, .reexamine, answered: false, on: day(5, 20), today: Self.today)
            try await zhen.review(p, .reexamine, answered: true, on: day(6, 10), today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.review(p, .reexamine, answered: false, on: day(6, 15), today: Self.today) } == "已复核，同一事实和理由不再受理")
            #expect(p.reviewAnsweredOn == "2025-05-10" && p.recheckAnsweredOn == "2025-06-10")

            // The same petitioner again on the same matter: a repeat, not a 有效件.
            let again = try await zhen.register(Self.draft(day(6, 12), household: "T001"), today: Self.today)
            #expect(await FundStoreTests.refusal { try await zhen.markNotEffective(again, reason: "重复", repeatOf: p.id) } == "请写明不计为有效件的理由（4至200字）")
            try await zhen.markNotEffective(again, reason: "同一事实和理由已复核终结", repeatOf: p.id)
            #expect(await FundStoreTests.refusal { try await zhen.supervise(p, on: day(6, 1), today: Self.today) } == "督办由县级开展")
            let open = try await zhen.register(Self.draft(day(6, 1), household: "T001"), today: Self.today)
            try await xian.supervise(open, on: day(6, 20), today: Self.today)
            // Last year: two 有效件 up to 30 June 2024 and one after it; XF07 counts the first two beside XF01.
            for received in [CivilDate(year: 2024, month: 2, day: 5)!, CivilDate(year: 2024, month: 6, day: 30)!, CivilDate(year: 2024, month: 7, day: 1)!] {
                _ = try await zhen.register(Self.draft(received, household: "T001"), today: Self.today)
            }
            #expect(open.supervisedOn == "2025-06-20")

            let f = try await xian.figures(within: RegionCode("411681")!, receivedFrom: day(1, 1), to: Self.today, on: Self.today)
            #expect(f.received == 2, "the repeat is not a 有效件")
            #expect(f.settled == 1 && f.satisfaction.text == "0.00%")
            // As indicators, by village, as of the day: XF01 counts 有效件, XF04 settled over accepted.
            let counts = try await IndicatorStore(w.scoped(w.county)).countsByVillage(within: RegionCode("411681")!, from: day(1, 1), to: Self.today, today: Self.today)
            let wang = try #require(counts[FundStoreTests.wang])
            #expect(wang[.petitions] == 2 && wang[.petitionsSettled] == 1 && wang[.petitionsAccepted] == 1 && wang[.petitionsRated] == 1 && wang[.petitionsSatisfied] == 0)
            #expect(IndicatorCatalogue.indicator("XF04")?.value(wang) == 1.0 && IndicatorCatalogue.indicator("XF06")?.value(wang) == 0.0)
            #expect(IndicatorCatalogue.indicator("XF07")?.value(wang) == 2 && IndicatorCatalogue.indicator("XF01")?.value(wang) == 2)
        }
    }
}

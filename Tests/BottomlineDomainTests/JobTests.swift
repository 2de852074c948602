import BottomlineDomain
import Testing

/// 就业帮扶 as ledgers-rules.md §L5 states it: 务工 spells that never overlap, placed against the home county; the
/// 交通补助 months; the national system's 公益岗位 checks; 雨露计划 eligibility; and the seeds' figures against their
/// 省定目标.
@Suite("就业帮扶")
struct JobTests {
    static let home = RegionCode("411681")!  // 项城市
    static func m(_ text: String) -> CivilMonth { CivilMonth(parsing: text)! }
    static func d(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func spell(_ place: String, _ start: String, _ end: String?) -> WorkSpell {
        WorkSpell(place: RegionCode(place)!, start: m(start), end: end.map(m))
    }

    @Test("months are written as users type them, and nothing else is read as one")
    func months() {
        #expect(["2024-03", "2024-3", "2024/03", "202403", "2024.3", "2024年3月"].map { CivilMonth(parsing: $0)?.description } == Array(repeating: "2024-03", count: 6))
        #expect(["", "2024", "2024-13", "24-03", "2024-03-01", "二〇二四年三月", "2024-0x"].allSatisfy { CivilMonth(parsing: $0) == nil })
        #expect(Self.m("2024-12").index + 1 == Self.m("2025-01").index)
        #expect(Self.m("2024-02").lastDay == Self.d("2024-02-29"))
    }

    @Test("a spell is 县内, 省内县外 or 省外 by its county against the household's")
    func scope() {
        #expect(WorkPlaceScope.of(place: RegionCode("411681")!, home: Self.home) == .county)
        #expect(WorkPlaceScope.of(place: RegionCode("410105")!, home: Self.home) == .province)  // 郑州市金水区
        #expect(WorkPlaceScope.of(place: RegionCode("440305")!, home: Self.home) == .outside)  // 深圳市南山区
    }

    @Test("one person's spells never overlap; months cannot run backwards or into the future; the place is a county")
    func overlaps() {
        let now = Self.m("2025-06")
        let others = [Self.spell("440305", "2024-03", "2024-10")]
        #expect(JobRules.spellProblems(Self.spell("410105", "2024-11", "2025-02"), others: others, thisMonth: now).isEmpty)
        #expect(JobRules.spellProblems(Self.spell("410105", "2024-10", "2025-02"), others: others, thisMonth: now)["start"]
                == "与已登记的务工时段（2024-03至2024-10）重叠；同一人的务工时段不能重叠，请先结束前一段")
        // An open spell runs on: nothing may start after it began.
        let open = [Self.spell("440305", "2025-01", nil)]
        #expect(JobRules.spellProblems(Self.spell("410105", "2025-05", nil), others: open, thisMonth: now)["start"] != nil)
        #expect(JobRules.spellProblems(Self.spell("410105", "2024-05", "2024-12"), others: open, thisMonth: now).isEmpty)
        #expect(JobRules.spellProblems(Self.spell("410105", "2025-03", "2025-01"), others: [], thisMonth: now)["end"] == "结束月份不能早于开始月份")
        #expect(JobRules.spellProblems(Self.spell("410105", "2025-07", nil), others: [], thisMonth: now)["start"] == "开始月份不能晚于本月")
        #expect(JobRules.spellProblems(Self.spell("410105", "2025-01", "2025-08"), others: [], thisMonth: now)["end"] != nil)
        for bad in ["41", "4101", "410100", "991234", "411681101201"] {
            #expect(JobRules.spellProblems(WorkSpell(place: RegionCode(bad)!, start: Self.m("2025-01"), end: nil), others: [], thisMonth: now)["place"] != nil, "\(bad)")
        }
    }

    @Test("交通补助 is due after 3 months in a row or 6 in the year in another province (Henan), counted inside the year")
    func transport() {
        let rule = TransportRule(consecutive: 3, total: 6)
        let dec = Self.m("2024-12")
        // Two months in Guangdong, two at home in Zhengzhou, two in Zhejiang: a run of 2, 4 in all — not due.
        let broken = [Self.spell("440305", "2024-01", "2024-02"), Self.spell("410105", "2024-03", "2024-04"), Self.spell("330106", "2024-05", "2024-06")]
        let no = JobRules.transportSubsidy(broken, home: Self.home, year: 2024, through: dec, rule: rule)
        #expect(!no.due)
        #expect(no.reason == "2024年省外务工连续2个月、累计4个月，未达到连续3个月或累计6个月")
        // Three in a row, and a spell from the year before counts only its months in this year.
        #expect(JobRules.transportSubsidy([Self.spell("440305", "2023-11", "2024-03")], home: Self.home, year: 2024, through: dec, rule: rule).due)
        #expect(!JobRules.transportSubsidy([Self.spell("440305", "2023-10", "2024-02")], home: Self.home, year: 2024, through: dec, rule: rule).due)
        // Six months in two runs of three... and of two plus four.
        let split = [Self.spell("440305", "2024-01", "2024-02"), Self.spell("330106", "2024-05", "2024-08")]
        #expect(JobRules.monthsOutside(split, home: Self.home, year: 2024, through: dec) == (4, 6))
        // An open spell counts up to the month asked, not beyond.
        #expect(JobRules.monthsOutside([Self.spell("440305", "2024-10", nil)], home: Self.home, year: 2024, through: Self.m("2024-11")) == (2, 2))
        // A spell wholly in another year counts nothing in this one.
        #expect(JobRules.monthsOutside([Self.spell("440305", "2023-03", "2023-06")], home: Self.home, year: 2024, through: dec) == (0, 0))
        // Work in the province never counts.
        #expect(JobRules.monthsOutside([Self.spell("410105", "2024-01", "2024-12")], home: Self.home, year: 2024, through: dec) == (0, 0))
    }

    @Test("each 公益岗位 check of the national system fires: under 16, 70 and over while on the post, two posts at once, work outside the county")
    func postChecks() {
        let post = PublicPost(type: .cleaning, employer: "王庄村委会", start: Self.d("2024-03-01"), end: nil, monthlyPay: Money(yuan: 500))
        let adult = Self.d("1970-05-01")
        let today = Self.d("2025-06-30")
        #expect(JobRules.postFindings(post, birth: adult, otherPosts: [], spells: [], home: Self.home, on: today).isEmpty)
        #expect(JobRules.postFindings(post, birth: Self.d("2008-06-01"), otherPosts: [], spells: [], home: Self.home, on: today) == [.tooYoung(age: 15)])
        // Turned 70 on 2025-01-10 while on the post: found from that day, not before.
        let elder = Self.d("1955-01-10")
        #expect(JobRules.postFindings(post, birth: elder, otherPosts: [], spells: [], home: Self.home, on: Self.d("2025-01-09")).isEmpty)
        #expect(JobRules.postFindings(post, birth: elder, otherPosts: [], spells: [], home: Self.home, on: today) == [.tooOld(age: 70, on: Self.d("2025-01-10"))])
        #expect(PostFinding.tooOld(age: 70, on: Self.d("2025-01-10")).text == "2025-01-10时70周岁，已满70周岁仍在岗")
        let second = PublicPost(type: .roads, employer: "乡交通所", start: Self.d("2025-01-01"), end: Self.d("2025-03-31"), monthlyPay: Money(yuan: 400))
        #expect(JobRules.postFindings(post, birth: adult, otherPosts: [second], spells: [], home: Self.home, on: today) == [.twoPosts(other: "护路员，2025-01-01至2025-03-31")])
        // A post that ended before the other began is no clash.
        let earlier = PublicPost(type: .roads, employer: "乡交通所", start: Self.d("2023-01-01"), end: Self.d("2024-02-29"), monthlyPay: Money(yuan: 400))
        #expect(JobRules.postFindings(post, birth: adult, otherPosts: [earlier], spells: [], home: Self.home, on: today).isEmpty)
        // Working in Shenzhen in May 2025 while on the post; work inside the county is not a clash.
        let away = [Self.spell("440305", "2025-05", "2025-05"), Self.spell("411681", "2024-04", "2024-06")]
        #expect(JobRules.postFindings(post, birth: adult, otherPosts: [], spells: away, home: Self.home, on: today) == [.workingOutside(spell: "2025-05至2025-05", scope: .outside)])
        // The same checks refuse an entry, all reasons at once.
        let refused = JobRules.postProblems(post, birth: Self.d("1950-01-01"), otherPosts: [second], spells: [], home: Self.home, today: today)
        #expect(refused["_"] == "2024-03-01时74周岁，已满70周岁仍在岗；同时在另一公益岗位（护路员，2025-01-01至2025-03-31）")
        #expect(JobRules.postProblems(post, birth: nil, otherPosts: [], spells: [], home: Self.home, today: today)["person"] != nil)
    }

    @Test("雨露计划 goes to a child of a 脱贫户, or of a 监测户 not eliminated on the first day of term")
    func yulu() {
        let today = Self.d("2025-09-10"), term = Self.d("2025-09-01")
        #expect(JobRules.yuluProblems(standing: .alleviated, termStart: term, amount: Money(yuan: 1500), school: "周口职业技术学院", today: today).isEmpty)
        #expect(JobRules.yuluProblems(standing: .monitored, termStart: term, amount: Money(yuan: 1500), school: "周口职业技术学院", today: today).isEmpty)
        #expect(JobRules.yuluProblems(standing: .other, termStart: term, amount: Money(yuan: 1500), school: "周口职业技术学院", today: today)["_"]
                == "开学日（2025-09-01）该户既不是脱贫户，也不是未消除风险的监测对象，不能享受雨露计划")
        #expect(JobRules.yuluProblems(standing: .alleviated, termStart: term, amount: .zero, school: "", today: today).keys.sorted() == ["amount", "school"])
    }

    @Test("an employer, a school or a post's unit with a control character (a NUL, an escape, a line break) is refused by name, as the registry's fields are: it would break an exported cell, and PostgreSQL refuses a NUL")
    func controlCharacters() {
        let now = CivilMonth(year: 2025, month: 6)!, today = Self.d("2025-06-30")
        for bad in ["富士康\u{0}", "富士\u{1B}[2J康", "富士康\n（深圳）"] {
            let spell = WorkSpell(place: RegionCode("440305")!, employer: bad, start: Self.m("2025-01"), end: nil)
            #expect(JobRules.spellProblems(spell, others: [], thisMonth: now)["employer"] == "务工单位含有控制字符")
            let post = PublicPost(type: .cleaning, employer: bad, start: Self.d("2025-03-01"), end: nil, monthlyPay: Money(yuan: 500))
            #expect(JobRules.postProblems(post, birth: Self.d("1970-05-01"), otherPosts: [], spells: [], home: Self.home, today: today)["employer"] == "用工单位含有控制字符")
            #expect(JobRules.yuluProblems(standing: .alleviated, termStart: Self.d("2025-03-01"), amount: Money(yuan: 1500), school: bad, today: today)["school"] == "学校名称含有控制字符")
        }
        #expect("第一行\n第二行\t完".hasControlCharacter(allowingLineBreaks: true) == false)
        #expect("说明\u{7}".hasControlCharacter(allowingLineBreaks: true))
        #expect(!"深圳市南山区（富士康）".hasControlCharacter())
    }

    @Test("seed 003: 17,187 workers are 149.4% of a target of 11,504; 803 new certificates are 225% of 357 (224.9% to one decimal)")
    func seed003() {
        #expect(JobRules.share(17_187, of: 11_504).oneDecimalText == "149.4%")
        #expect(JobRules.share(803, of: 357).oneDecimalText == "224.9%")
        // The report rounds the second to a whole percent; to one decimal it is 224.9, so the system prints 224.9%.
        #expect(JobRules.share(803, of: 357).tenthsOfPercent == 2249)
        #expect(JobRules.share(1, of: 0).oneDecimalText == "—")
    }

    @Test("seed 000 misprints: 23,326 公益岗位 are 124.96% of 省定 18,667, not 189%; and 9,896 more than 13,430, not 9,996")
    func seed000() {
        #expect(JobRules.share(23_326, of: 18_667).text == "124.96%")
        #expect(JobRules.share(23_326, of: 18_667).oneDecimalText != "189.0%")
        #expect(23_326 - 13_430 == 9_896)
    }
}

@Suite("台账收入")
struct LedgerIncomeTests {
    @Test("a spell's wages are its monthly income times its months inside the year; a post pays for each month held on some day; nothing is guessed without a recorded income")
    func wagesAndPay() {
        let spell = WorkSpell(place: RegionCode("440305")!, start: CivilMonth(year: 2024, month: 10)!, end: CivilMonth(year: 2025, month: 3)!,
                              monthlyIncome: Money(yuan: 4_800))
        #expect(JobRules.wages(spell, year: 2025, through: CivilMonth(year: 2025, month: 12)!) == (3, Money(yuan: 14_400)))
        #expect(JobRules.wages(spell, year: 2024, through: CivilMonth(year: 2025, month: 12)!) == (3, Money(yuan: 14_400)))
        #expect(JobRules.wages(spell, year: 2023, through: CivilMonth(year: 2025, month: 12)!) == (0, .zero))
        var open = spell
        (open.end, open.start) = (nil, CivilMonth(year: 2025, month: 5)!)
        #expect(JobRules.wages(open, year: 2025, through: CivilMonth(year: 2025, month: 8)!) == (4, Money(yuan: 19_200)))
        open.monthlyIncome = nil
        #expect(JobRules.wages(open, year: 2025, through: CivilMonth(year: 2025, month: 8)!) == (0, .zero))
        let post = PublicPost(type: .cleaning, employer: "村委会", start: CivilDate(year: 2025, month: 2, day: 20)!, end: CivilDate(year: 2025, month: 6, day: 1)!,
                              monthlyPay: Money(yuan: 500))
        #expect(JobRules.postPay(post, year: 2025, through: CivilDate(year: 2025, month: 12, day: 31)!) == (5, Money(yuan: 2_500), 0))
        #expect(JobRules.postPay(post, year: 2025, through: CivilDate(year: 2025, month: 4, day: 10)!) == (3, Money(yuan: 1_500), 0))
        // Months with attendance count what was paid for them: March 20 of 22 days (454.55), April in full.
        let paid = [CivilMonth(year: 2025, month: 3)!: Money(fen: 45_455), CivilMonth(year: 2025, month: 4)!: Money(yuan: 500)]
        #expect(JobRules.postPay(post, year: 2025, through: CivilDate(year: 2025, month: 12, day: 31)!, paid: paid) == (5, Money(fen: 245_455), 2))
    }
}

@Suite("公益岗位考勤")
struct PostAttendanceTests {
    static let post = PublicPost(type: .cleaning, employer: "村委会", start: CivilDate(year: 2025, month: 2, day: 20)!, end: nil, monthlyPay: Money(yuan: 500))
    static let june = CivilMonth(year: 2025, month: 6)!

    static func problems(_ month: String, _ required: Int, _ present: Int, _ pay: Money) -> [String] {
        JobRules.attendanceProblems(PostAttendance(month: CivilMonth(parsing: month)!, required: required, present: present, pay: pay), post: post, thisMonth: june)
    }

    @Test("a month's pay is at most the monthly pay for the days present over the days asked; a month not held, still to come, or with days outside the month is refused with the reason")
    func rules() {
        #expect(PostAttendance.payable(monthly: Money(yuan: 500), required: 22, present: 20) == Money(fen: 45_455))
        #expect(PostAttendance.payable(monthly: Money(yuan: 500), required: 22, present: 22) == Money(yuan: 500))
        #expect(Self.problems("2025-05", 22, 20, Money(fen: 45_455)).isEmpty)
        #expect(Self.problems("2025-05", 22, 20, Money(fen: 45_456)) == ["发放454.56元超过按出勤折算的454.55元（月补贴500元×20/22）"])
        #expect(Self.problems("2025-01", 22, 22, Money(yuan: 500)) == ["2025-01不在岗（2025-02-20起）"])
        #expect(Self.problems("2025-07", 22, 22, Money(yuan: 500)) == ["考勤月份2025-07晚于本月"])
        #expect(Self.problems("2025-02", 29, 5, .zero) == ["应出勤天数应为1至28天"])
        #expect(Self.problems("2025-04", 22, 23, Money(yuan: 500)) == ["实际出勤天数应为0至22天"])
        #expect(Self.problems("2025-04", 22, -1, .zero) == ["实际出勤天数应为0至22天"])
        #expect(Self.problems("2025-04", 22, 0, Money(fen: -1)) == ["发放金额不能为负"])
    }

    @Test("the checks list a month this year present less than half the days, and the last whole month held with no attendance; a post begun within that month is not asked for it")
    func findings() {
        let day = CivilDate(year: 2025, month: 6, day: 10)!
        let april = PostAttendance(month: CivilMonth(year: 2025, month: 4)!, required: 22, present: 10, pay: Money(fen: 22_727))
        let march = PostAttendance(month: CivilMonth(year: 2025, month: 3)!, required: 22, present: 11, pay: Money(yuan: 250))
        #expect(JobRules.attendanceFindings(Self.post, attendance: [april, march], on: day)
            == [.mostlyAbsent(month: april.month, present: 10, required: 22), .noAttendance(month: CivilMonth(year: 2025, month: 5)!)])
        #expect(PostFinding.mostlyAbsent(month: april.month, present: 10, required: 22).text == "2025-04出勤10天，不足应出勤22天的一半")
        var late = Self.post
        late.start = CivilDate(year: 2025, month: 5, day: 6)!
        #expect(JobRules.attendanceFindings(late, attendance: [], on: day).isEmpty)
        late.end = CivilDate(year: 2025, month: 4, day: 30)!
        #expect(JobRules.attendanceFindings(late, attendance: [], on: day).isEmpty)
    }
}

import BottomlineDomain
import Testing

/// Deadlines counted in days move off a 法定休假日 (民法典 第二百零三条), by the year's 节假日安排 as the State Council
/// published it; a year not entered moves nothing.
@Suite("节假日与期限顺延")
struct WorkCalendarTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    /// 2026 as published on 2025-11-04: 春节 2月15日至23日 off, 2月14日 and 28日 (Saturdays) worked; 国庆 10月1日至7日.
    static let y2026: WorkCalendar = {
        let off = try! WorkCalendar.parse("2026-02-15至2026-02-23、2026-10-01至2026-10-07").get()
        return WorkCalendar(daysOff: off, workdays: [day(2026, 2, 14), day(2026, 2, 28)], years: [2026])
    }()

    @Test("weekdays: 3 March 2025 was a Monday, 14 February 2026 a Saturday")
    func weekdays() {
        #expect(WorkCalendar.weekday(Self.day(2025, 3, 3)) == 0)
        #expect(WorkCalendar.weekday(Self.day(2026, 2, 14)) == 5)
        #expect(WorkCalendar.weekday(Self.day(1970, 1, 1)) == 3)
    }

    @Test("a petition received on Saturday 31 January 2026 would be told by 15 February, the first day of 春节: the deadline moves to Tuesday 24 February; one received the day before is due on Saturday 14 February, a day worked, and stays")
    func tellingMovesOffSpringFestival() {
        var d = PetitionDeadlines.regulation2022
        d.calendar = Self.y2026
        #expect(PetitionRules.tellBy(Petition(receivedOn: Self.day(2026, 1, 31)), d) == Self.day(2026, 2, 24))
        #expect(PetitionRules.tellBy(Petition(receivedOn: Self.day(2026, 1, 30)), d) == Self.day(2026, 2, 14))
        // Told on the 24th is in time under the calendar, late without it.
        let told = Petition(receivedOn: Self.day(2026, 1, 31), toldOn: Self.day(2026, 2, 24))
        #expect(PetitionRules.toldInTime(told, d))
        #expect(!PetitionRules.toldInTime(told, .regulation2022))
    }

    @Test("60 days from acceptance on 2 August 2026 end on 1 October, 国庆: the petition may be settled until Thursday 8 October; a deadline on an ordinary Sunday moves to Monday; in 2024, not entered, nothing moves")
    func settlementAndWeekends() {
        var d = PetitionDeadlines.regulation2022
        d.calendar = Self.y2026
        let accepted = Petition(receivedOn: Self.day(2026, 7, 30), toldOn: Self.day(2026, 8, 2))
        #expect(PetitionRules.settleBy(accepted, d) == Self.day(2026, 10, 8))
        // 15 days from 1 March 2026 is Monday 16 March … from 6 March, Saturday 21 March, moved to Monday 23 March.
        #expect(PetitionRules.tellBy(Petition(receivedOn: Self.day(2026, 3, 1)), d) == Self.day(2026, 3, 16))
        #expect(PetitionRules.tellBy(Petition(receivedOn: Self.day(2026, 3, 6)), d) == Self.day(2026, 3, 23))
        #expect(PetitionRules.reviewAnswerBy(Self.day(2026, 3, 6), d) == Self.day(2026, 4, 6))
        #expect(PetitionRules.tellBy(Petition(receivedOn: Self.day(2024, 9, 16)), d) == Self.day(2024, 10, 1))
        #expect(Self.y2026.isDayOff(Self.day(2024, 10, 1)) == nil)
    }

    @Test("a year's arrangement is typed as days and spans; what cannot be read, a day of another year, a weekday entered as a worked weekend and a day both off and worked are refused with the reason")
    func entering() throws {
        #expect(try WorkCalendar.parse("2027-01-01至2027-01-03，2027-02-05\n").get().count == 4)
        #expect(WorkCalendar.text(try! WorkCalendar.parse("2027-01-03、2027-01-01至2027-01-02、2027-02-05").get()) == "2027-01-01至2027-01-03、2027-02-05")
        for bad in ["2027-13-01", "2027-01-05至2027-01-01", "明天", "2027-01-01至2027-12-31"] {
            guard case .failure(let p) = WorkCalendar.parse(bad) else { Issue.record("\(bad) read"); continue }
            #expect(p.message.contains("无法识别"))
        }
        #expect(WorkCalendar.problems(year: 2027, daysOff: [Self.day(2026, 12, 31)], workdays: []) == ["2026-12-31不在2027年内"])
        #expect(WorkCalendar.problems(year: 2026, daysOff: [Self.day(2026, 1, 1)], workdays: [Self.day(2026, 1, 5)]) == ["调休上班日2026-01-05不是周末"])
        #expect(WorkCalendar.problems(year: 2026, daysOff: [Self.day(2026, 1, 4)], workdays: [Self.day(2026, 1, 4)]) == ["2026-01-04既是放假日又是上班日"])
        #expect(WorkCalendar.problems(year: 2026, daysOff: [], workdays: []) == ["请填写放假日期"])
    }
}

@Suite("日期文本")
struct CivilDateTextTests {
    @Test("a date is written as YYYY-MM-DD with zeros, and reads back; years outside 0–9999 are still written")
    func text() throws {
        #expect(CivilDate(year: 2026, month: 11, day: 16)!.description == "2026-11-16")
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.description == "2024-02-29")
        #expect(CivilDate(year: 1, month: 1, day: 1)!.description == "0001-01-01")
        #expect(CivilDate(year: 999, month: 12, day: 31)!.description == "0999-12-31")
        var day = CivilDate(year: 1949, month: 10, day: 1)!
        for _ in 0..<40_000 {
            #expect(CivilDate(parsing: day.description) == day)
            day = day.adding(days: 1)
        }
        if let far = CivilDate(year: 12_345, month: 6, day: 7) { #expect(far.description == "12345-06-07") }
    }
}

@Suite("日期读取")
struct CivilDateParsingTests {
    @Test("the stored form and the forms people type read the same; near misses are refused")
    func forms() {
        let day = CivilDate(year: 2026, month: 3, day: 5)!
        for text in ["2026-03-05", "2026-3-5", "2026/03/05", "2026.3.5", "2026年3月5日", "20260305", " 2026-03-05 "] {
            #expect(CivilDate(parsing: text) == day, "\(text)")
        }
        for text in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-03-5x", "2026_03_05", "26-03-05", "２０２６-03-05", "+026-03-05x", ""] {
            #expect(CivilDate(parsing: text) == nil, "\(text)")
        }
        #expect(CivilDate(parsing: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
    }
}

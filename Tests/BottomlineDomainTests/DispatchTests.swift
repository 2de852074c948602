import BottomlineDomain
import Foundation
import Testing

/// 驻村帮扶's rule as ledgers-rules.md §L6 gives it: Henan's “五天四夜” a week, Guangxi's 20 days a month and 3 days of
/// leave by the township, team ≥ 3 and term ≥ 2 years; and seed 002's 3.30 cadres per team.
@Suite("驻村帮扶")
struct DispatchTests {
    static let henan = DispatchRule(teamMinimum: 3, termMonths: 24, weeklyDays: 5, weeklyNights: 4, monthlyDays: nil, townshipLeaveDays: 3)
    static let guangxi = DispatchRule(teamMinimum: 3, termMonths: 24, weeklyDays: nil, weeklyNights: nil, monthlyDays: 20, townshipLeaveDays: 3)
    static func day(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: 2025, month: m, day: d)! }

    /// A moment in China time.
    static func at(_ m: Int, _ d: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = .chinaStandard
        return c.date(from: DateComponents(year: 2025, month: m, day: d, hour: hour, minute: minute))!
    }

    @Test("a tap from 20:00 counts that evening's night, one before 06:00 the night before; a daytime tap counts the day only")
    func nights() {
        let p = Presence(taps: [Self.at(3, 3, 9), Self.at(3, 3, 21, 30), Self.at(3, 5, 5, 59), Self.at(3, 5, 6), Self.at(3, 6, 19, 59)])
        #expect(p.days == [Self.day(3, 3), Self.day(3, 5), Self.day(3, 6)])
        #expect(p.nights == [Self.day(3, 3), Self.day(3, 4)])
    }

    @Test("weeks run Monday to Sunday: 3 March 2025 was a Monday")
    func weeks() {
        #expect(DispatchRules.weekStart(Self.day(3, 3)) == Self.day(3, 3))
        #expect(DispatchRules.weekStart(Self.day(3, 9)) == Self.day(3, 3))
        #expect(DispatchRules.weekStart(Self.day(3, 10)) == Self.day(3, 10))
        #expect(DispatchRules.weekStart(CivilDate(year: 1970, month: 1, day: 1)!) == CivilDate(year: 1969, month: 12, day: 29)!)
        #expect(DispatchRules.lastWholeWeek(before: Self.day(3, 9)) == Self.day(3, 3))
        #expect(DispatchRules.lastWholeWeek(before: Self.day(3, 8)) == Self.day(2, 24))
    }

    /// Days Monday to Friday of the week of 3 March, with nights Monday to Thursday: “五天四夜”.
    static func fiveDaysFourNights(leaving: Int = 0) -> [Date] {
        (0..<5).flatMap { i -> [Date] in
            let day = 3 + i
            return i < 4 - leaving ? [Self.at(3, day, 10), Self.at(3, day, 22)] : [Self.at(3, day, 10)]
        }
    }

    @Test("a cadre in the village five days and four nights meets Henan's rule; one night short is flagged with what is missing; approved leave excuses its days; a week half inside the stay is not judged")
    func weeklyRule() {
        var s = DispatchStay(start: Self.day(1, 1), presence: Presence(taps: Self.fiveDaysFourNights()))
        #expect(DispatchRules.weekShortfall(s, week: Self.day(3, 3), Self.henan) == nil)
        s.presence = Presence(taps: Self.fiveDaysFourNights(leaving: 1))
        #expect(DispatchRules.weekShortfall(s, week: Self.day(3, 3), Self.henan) == "2025-03-03起一周住村3夜（应4夜）")
        // Nothing the next week: both parts short.
        #expect(DispatchRules.weekShortfall(s, week: Self.day(3, 10), Self.henan) == "2025-03-10起一周在村0天（应5天）、住村0夜（应4夜）")
        // Two days of approved leave that week: 3 days and 2 nights are asked.
        s.leave = [Self.day(3, 10), Self.day(3, 11)]
        s.presence = Presence(taps: [Self.at(3, 12, 10), Self.at(3, 12, 22), Self.at(3, 13, 10), Self.at(3, 13, 22), Self.at(3, 14, 10)])
        #expect(DispatchRules.weekShortfall(s, week: Self.day(3, 10), Self.henan) == nil)
        // Arrived on a Wednesday: that week is not judged.
        let late = DispatchStay(start: Self.day(3, 5))
        #expect(DispatchRules.weekShortfall(late, week: Self.day(3, 3), Self.henan) == nil)
        #expect(DispatchRules.weekShortfall(late, week: Self.day(3, 10), Self.henan) != nil)
    }

    @Test("a month under Henan's rule counts its short weeks once they are over; under Guangxi's, fewer than 20 days less leave is short, judged when the month ends")
    func monthlyRule() {
        let s = DispatchStay(start: Self.day(1, 1), presence: Presence(taps: Self.fiveDaysFourNights()))
        // March 2025 has five Mondays (3, 10, 17, 24, 31); 31 March's week ends in April. On 16 March two weeks are over, the second short.
        #expect(DispatchRules.monthShortfall(s, year: 2025, month: 3, asOf: Self.day(3, 16), Self.henan) == "2025年3月有1周未达到每周在村不少于5天4夜")
        #expect(DispatchRules.monthShortfall(s, year: 2025, month: 3, asOf: Self.day(4, 6), Self.henan) == "2025年3月有4周未达到每周在村不少于5天4夜")
        var g = DispatchStay(start: Self.day(1, 1), presence: Presence(taps: (1...19).map { Self.at(4, $0, 10) }))
        #expect(DispatchRules.monthShortfall(g, year: 2025, month: 4, asOf: Self.day(4, 29), Self.guangxi) == nil, "not judged before the month ends")
        #expect(DispatchRules.monthShortfall(g, year: 2025, month: 4, asOf: Self.day(4, 30), Self.guangxi) == "2025年4月在村19天（应20天）")
        g.leave = [Self.day(4, 28)]
        #expect(DispatchRules.monthShortfall(g, year: 2025, month: 4, asOf: Self.day(4, 30), Self.guangxi) == nil)
    }

    @Test("leave up to the township's limit is the township's to approve; a day more goes to the county")
    func leave() {
        #expect(DispatchRules.leaveApprover(days: 3, Self.guangxi) == .township)
        #expect(DispatchRules.leaveApprover(days: 4, Self.guangxi) == .county)
    }

    @Test("a check that found the cadre away counts as an unexcused absence unless approved leave covers that day")
    func absences() {
        let checks = [DispatchCheck(day: Self.day(5, 6), present: false), DispatchCheck(day: Self.day(5, 7), present: false), DispatchCheck(day: Self.day(5, 8), present: true)]
        #expect(DispatchRules.unexcusedAbsences(checks, leave: []) == 2)
        #expect(DispatchRules.unexcusedAbsences(checks, leave: [Self.day(5, 7)]) == 1)
    }

    @Test("Guangxi's 考核 rule: one unexcused absence in the year and the cadre cannot be 优秀, two and at most 基本称职, three and 不称职; a province without the rule caps nothing")
    func gradeLimits() {
        var rule = Self.guangxi
        rule.gradeLimits = [.init(absences: 1, highest: .competent), .init(absences: 2, highest: .basic), .init(absences: 3, highest: .incompetent)]
        #expect([0, 1, 2, 3, 7].map { DispatchRules.highestGrade(absences: $0, rule) } == [.excellent, .competent, .basic, .incompetent, .incompetent])
        #expect(DispatchRules.gradeProblem(.excellent, absences: 0, rule) == nil)
        #expect(DispatchRules.gradeProblem(.excellent, absences: 1, rule) == "年内查岗无故脱岗1次，考核最高为称职")
        #expect(DispatchRules.gradeProblem(.competent, absences: 1, rule) == nil)
        #expect(DispatchRules.gradeProblem(.competent, absences: 2, rule) == "年内查岗无故脱岗2次，考核最高为基本称职")
        #expect(DispatchRules.gradeProblem(.basic, absences: 3, rule) == "年内查岗无故脱岗3次，考核最高为不称职")
        #expect(DispatchRules.gradeProblem(.incompetent, absences: 3, rule) == nil)
        #expect(DispatchRules.gradeProblem(.excellent, absences: 5, Self.henan) == nil)
    }

    @Test("a team of two, or one without a 第一书记, is flagged; a planned stay shorter than 24 months is named")
    func teams() {
        #expect(DispatchRules.teamProblems(roles: [.secretary, .member], Self.henan) == ["工作队2人，少于3人"])
        #expect(DispatchRules.teamProblems(roles: [.teamLeader, .member, .member], Self.henan) == ["未派第一书记"])
        #expect(DispatchRules.teamProblems(roles: [.secretary, .member, .member], Self.henan).isEmpty)
        #expect(DispatchRules.termProblem(start: Self.day(6, 1), plannedEnd: CivilDate(year: 2027, month: 5, day: 30)!, Self.henan) == "任期应不少于24个月（至2027-05-31）")
        #expect(DispatchRules.termProblem(start: Self.day(6, 1), plannedEnd: CivilDate(year: 2027, month: 5, day: 31)!, Self.henan) == nil)
    }

    @Test("seed 002: 376 cadres in 114 teams are 3.30 a team; seed 000: 2,698 in 871 are 3.10")
    func perTeam() {
        var f = DispatchFigures()
        (f.teams, f.cadres) = (114, 376)
        #expect(f.perTeam == "3.30")
        (f.teams, f.cadres) = (871, 2_698)
        #expect(f.perTeam == "3.10")
        (f.checks, f.presentAtChecks) = (40, 37)
        #expect(f.presenceRate.text == "92.50%")
        #expect(DispatchFigures().perTeam == "—")
    }
}

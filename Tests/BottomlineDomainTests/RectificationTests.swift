import BottomlineDomain
import Testing

/// 问题整改 as ledgers-rules.md §L7 reads it: 销号 only by the level that assigned it, 回头看, overdue problems climbing
/// like overdue warnings, the rates offices print and the 错题本.
@Suite("问题整改")
struct RectificationTests {
    static func day(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: 2025, month: m, day: d)! }

    @Test("only what was rectified is 销号, and only by the level that assigned it")
    func closing() {
        var p = Problem(foundOn: Self.day(3, 1), deadline: Self.day(3, 31), assignedBy: .county)
        #expect(RectificationRules.closeProblems(p, by: .county) == ["尚未整改完成，不能销号"])
        p.state = .rectified
        #expect(RectificationRules.closeProblems(p, by: .township) == ["应由交办的县级销号"])
        #expect(RectificationRules.closeProblems(p, by: .village) == ["应由交办的县级销号"])
        #expect(RectificationRules.closeProblems(p, by: nil) == ["应由交办的县级销号"])
        #expect(RectificationRules.closeProblems(p, by: .county).isEmpty)
        p.state = .closed
        #expect(RectificationRules.closeProblems(p, by: .county) == ["已销号"])
    }

    @Test("past its deadline a village's problem climbs to the township for as long again as it was given, then to the county")
    func escalation() {
        let p = Problem(foundOn: Self.day(3, 1), deadline: Self.day(3, 11), assignedBy: .township)
        #expect(RectificationRules.escalation(p, place: .village, on: Self.day(3, 11)) == .village)
        #expect(RectificationRules.escalation(p, place: .village, on: Self.day(3, 12)) == .township)
        #expect(RectificationRules.escalation(p, place: .village, on: Self.day(3, 21)) == .township)
        #expect(RectificationRules.escalation(p, place: .village, on: Self.day(3, 22)) == .county)
        var done = p
        (done.state, done.rectifiedOn) = (.rectified, Self.day(3, 20))
        #expect(RectificationRules.escalation(done, place: .village, on: Self.day(4, 30)) == .village, "a rectified problem climbs no more")
        #expect(!RectificationRules.rectifiedInTime(done))
    }

    @Test("整改完成率 counts rectified and closed over all; 按期率 counts those done by the deadline over those done or due; reopened ones are counted")
    func figures() {
        let d = Self.day(6, 30)
        let problems: [(Problem, ProblemSource)] = [
            (Problem(foundOn: Self.day(3, 1), deadline: Self.day(3, 31), state: .closed, assignedBy: .county, rectifiedOn: Self.day(3, 20), closedOn: Self.day(3, 25)), .inspection),
            (Problem(foundOn: Self.day(3, 1), deadline: Self.day(3, 31), state: .rectified, assignedBy: .county, rectifiedOn: Self.day(4, 5)), .inspection),
            (Problem(foundOn: Self.day(5, 1), deadline: Self.day(5, 31), assignedBy: .township, reopened: 1), .audit),
            (Problem(foundOn: Self.day(6, 1), deadline: Self.day(7, 31), assignedBy: .township), .petition),
        ]
        let f = RectificationFigures(problems, on: d)
        #expect(f.total == 4 && f.byState[.closed] == 1 && f.byState[.rectified] == 1 && f.byState[.rectifying] == 2)
        #expect(f.bySource[.inspection] == 2 && f.bySource[.audit] == 1 && f.bySource[.petition] == 1)
        #expect(f.completion.text == "50.00%")
        // Three done or due (the fourth is not yet due), one of them in time.
        #expect(f.dueOrDone == 3 && f.onTime.text == "33.33%")
        #expect(f.overdue == 1 && f.reopened == 1)
    }

    @Test("错题本: a category found in two or more places is listed, most places first; one place alone is not a repeat")
    func repeats() {
        let book = RepeatedCategory.book([("政策知晓率低", "411681101201", true), ("政策知晓率低", "411681101202", false), ("政策知晓率低", "411681101202", true),
                                          ("收入核算不准", "411681101201", false), ("收入核算不准", "411681102201", false), ("收入核算不准", "411681102202", true),
                                          ("档案不全", "411681101201", true)])
        #expect(book == [RepeatedCategory(category: "收入核算不准", problems: 3, places: 3, open: 1), RepeatedCategory(category: "政策知晓率低", problems: 3, places: 2, open: 2)])
    }
}

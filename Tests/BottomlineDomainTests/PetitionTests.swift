import BottomlineDomain
import Testing

/// 涉贫信访 as 信访工作条例 (2022) sets its deadlines and as offices print their rates (ledgers-rules.md §L7), with
/// seed 000's figures.
@Suite("涉贫信访")
struct PetitionTests {
    static let d = PetitionDeadlines.regulation2022
    static func day(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: 2025, month: m, day: d)! }

    @Test("a petition received on 1 March is told by 16 March: told on the 16th is in time, on the 17th (day 16 after receipt) late; settled within 60 days of acceptance, or 60 plus its extension")
    func deadlines() {
        var p = Petition(receivedOn: Self.day(3, 1))
        #expect(PetitionRules.tellBy(p, Self.d) == Self.day(3, 16))
        p.toldOn = Self.day(3, 16)
        #expect(PetitionRules.toldInTime(p, Self.d))
        p.toldOn = Self.day(3, 17)
        #expect(!PetitionRules.toldInTime(p, Self.d))
        p.toldOn = Self.day(3, 10)
        #expect(PetitionRules.settleBy(p, Self.d) == Self.day(5, 9))
        p.closedOn = Self.day(5, 10)
        #expect(!PetitionRules.settledInTime(p, Self.d))
        p.extendedDays = 30
        #expect(PetitionRules.settleBy(p, Self.d) == Self.day(6, 8) && PetitionRules.settledInTime(p, Self.d))
        // Not accepted: nothing to settle.
        #expect(PetitionRules.settleBy(Petition(receivedOn: Self.day(3, 1), toldOn: Self.day(3, 5), accepted: false), Self.d) == nil)
    }

    @Test("an extension is granted once, up to 30 days, with a reason, before the settlement falls due")
    func extensions() {
        let p = Petition(receivedOn: Self.day(3, 1), toldOn: Self.day(3, 10))
        #expect(PetitionRules.extensionProblems(p, days: 30, reason: "涉及多部门核实", on: Self.day(5, 1), Self.d).isEmpty)
        #expect(PetitionRules.extensionProblems(p, days: 31, reason: "涉及多部门核实", on: Self.day(5, 1), Self.d) == ["延期应为1至30天"])
        #expect(PetitionRules.extensionProblems(p, days: 10, reason: "", on: Self.day(5, 1), Self.d) == ["请写明延期理由"])
        #expect(PetitionRules.extensionProblems(p, days: 10, reason: "涉及多部门核实", on: Self.day(5, 10), Self.d) == ["办理期限已于2025-05-09届满，不能再延期"])
        var again = p
        again.extendedDays = 10
        #expect(PetitionRules.extensionProblems(again, days: 10, reason: "涉及多部门核实", on: Self.day(5, 1), Self.d) == ["已延期过一次，不能再次延期"])
        #expect(PetitionRules.extensionProblems(Petition(receivedOn: Self.day(3, 1)), days: 10, reason: "涉及多部门核实", on: Self.day(3, 5), Self.d)
            == ["尚未受理，不能延期"])
    }

    @Test("复查 within 30 days of the written reply, answered within 30; 复核 within 30 days of the 复查 answer; after 复核 the same matter is not taken again")
    func reviews() {
        var p = Petition(receivedOn: Self.day(3, 1), toldOn: Self.day(3, 10))
        #expect(PetitionRules.reviewProblems(p, .recheck, on: Self.day(4, 1), Self.d) == ["尚未书面答复，不能请求复查"])
        p.closedOn = Self.day(4, 20)
        #expect(PetitionRules.reviewProblems(p, .recheck, on: Self.day(5, 20), Self.d).isEmpty)
        #expect(PetitionRules.reviewProblems(p, .recheck, on: Self.day(5, 21), Self.d) == ["应在收到书面答复之日起30日内请求复查（2025-05-20前）"])
        p.reviewRequestedOn = Self.day(5, 1)
        #expect(PetitionRules.reviewAnswerBy(Self.day(5, 1), Self.d) == Self.day(5, 31))
        #expect(PetitionRules.reviewProblems(p, .reexamine, on: Self.day(5, 10), Self.d) == ["尚无复查意见，不能请求复核"])
        p.reviewAnsweredOn = Self.day(5, 25)
        #expect(PetitionRules.reviewProblems(p, .reexamine, on: Self.day(6, 24), Self.d).isEmpty)
        #expect(PetitionRules.reviewProblems(p, .reexamine, on: Self.day(6, 25), Self.d) == ["应在收到复查意见之日起30日内请求复核（2025-06-24前）"])
        p.recheckRequestedOn = Self.day(6, 1)
        #expect(PetitionRules.reviewProblems(p, .reexamine, on: Self.day(6, 2), Self.d) == ["已复核，同一事实和理由不再受理"])
    }

    @Test("the bulletin's rates: 及时受理率 over those whose telling is due, 按期办结率 over those settled or due, 办结率, 参评率 and 满意率 (基本满意 counts); seed 000's 26 有效件 against last year's 177 is down 85.31%")
    func figures() {
        let on = Self.day(6, 30)
        let petitions = [
            // Told in time, settled in time, satisfied.
            Petition(receivedOn: Self.day(3, 1), toldOn: Self.day(3, 10), closedOn: Self.day(4, 1), satisfaction: .satisfied),
            // Told late (day 16 after receipt), settled late, not rated.
            Petition(receivedOn: Self.day(3, 1), toldOn: Self.day(3, 17), closedOn: Self.day(6, 1)),
            // Told in time, settling not yet due, not settled.
            Petition(receivedOn: Self.day(6, 1), toldOn: Self.day(6, 5)),
            // Received two days ago: telling not yet due.
            Petition(receivedOn: Self.day(6, 28)),
            // Not accepted, told in time.
            Petition(receivedOn: Self.day(4, 1), toldOn: Self.day(4, 3), accepted: false),
            // Settled in time, basically satisfied.
            Petition(receivedOn: Self.day(4, 1), toldOn: Self.day(4, 2), closedOn: Self.day(5, 1), satisfaction: .basicallySatisfied),
            // Settled in time, unsatisfied.
            Petition(receivedOn: Self.day(4, 1), toldOn: Self.day(4, 2), closedOn: Self.day(5, 2), satisfaction: .unsatisfied),
            // Received after the day looked at: not counted.
            Petition(receivedOn: Self.day(7, 1)),
        ]
        let f = PetitionFigures(petitions, on: on, Self.d)
        #expect(f.received == 7 && f.tellDue == 6 && f.toldInTime == 5)
        #expect(f.timelyAcceptance.text == "83.33%")
        #expect(f.accepted == 5 && f.settled == 4 && f.settleDueOrSettled == 4 && f.settledInTime == 3)
        #expect(f.settledOnTime.text == "75.00%" && f.settlement.text == "80.00%")
        #expect(f.rated == 3 && f.participation.text == "75.00%" && f.satisfaction.text == "66.67%")
        // Looked at on 1 May, the second petition was neither settled nor late yet, and the later ones had not come.
        let earlier = PetitionFigures(petitions, on: Self.day(5, 1), Self.d)
        #expect(earlier.received == 5 && earlier.settled == 2 && earlier.settleDueOrSettled == 2)
        #expect(PetitionFigures.change(26, from: 177).text == "-85.31%")
    }
}

/// 涉贫信访 (issue 17 §3, ledgers-rules.md §L7): a petition's deadlines under 信访工作条例 (2022) [R40] and the rates
/// offices report (国信发〔2022〕11号 [R41]). Every day count is a policy parameter, effective-dated; periods count from
/// the day after the event, as 民法典 第201条 counts a period of days (a petition received on 1 March is told by 16 March).

public enum PetitionChannel: String, CodeList {
    case letter, visit, online, hotline
    public static let listName = "信访渠道"
    public var label: String {
        switch self {
        case .letter: "来信"
        case .visit: "来访"
        case .online: "网上信访"
        case .hotline: "12317热线"
        }
    }
    public var aliases: [String] {
        switch self {
        case .letter: ["信"]
        case .visit: ["访"]
        case .online: ["网", "网信"]
        case .hotline: ["12317", "热线"]
        }
    }
}

/// What the petitioner said when asked about the handling.
public enum PetitionSatisfaction: String, CodeList {
    case satisfied, basicallySatisfied = "basically_satisfied", unsatisfied
    public static let listName = "满意度"
    public var label: String {
        switch self {
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .unsatisfied: "不满意"
        }
    }
    /// 满意率 counts 满意 and 基本满意 as satisfied, as offices' bulletins do.
    public var counts: Bool { self != .unsatisfied }
}

/// The day counts in force for a place on a day (`PolicyBook.petitionDeadlines`).
public struct PetitionDeadlines: Sendable, Equatable {
    /// Days to tell the petitioner whether the matter is accepted (15).
    public var tell: Int
    /// Days from acceptance to settle (60).
    public var settle: Int
    /// The most a settlement may be extended, once, with a reason (30).
    public var extensionLimit: Int
    /// Days after a written reply within which 复查 (and after a 复查 answer, 复核) may be asked (30).
    public var reviewRequest: Int
    /// Days to answer a 复查 or 复核 (30).
    public var reviewAnswer: Int

    /// The days off that move a period's last day (民法典 第二百零三条).
    public var calendar: WorkCalendar

    public init(tell: Int, settle: Int, extensionLimit: Int, reviewRequest: Int, reviewAnswer: Int, calendar: WorkCalendar = .none) {
        self.tell = tell
        self.settle = settle
        self.extensionLimit = extensionLimit
        self.reviewRequest = reviewRequest
        self.reviewAnswer = reviewAnswer
        self.calendar = calendar
    }

    /// The last day of a period of `days` days from `start`, moved off days off.
    public func due(_ start: CivilDate, _ days: Int) -> CivilDate { calendar.lastDay(start.adding(days: days)) }

    /// 信访工作条例 (2022-05-01) [R40].
    public static let regulation2022 = PetitionDeadlines(tell: 15, settle: 60, extensionLimit: 30, reviewRequest: 30, reviewAnswer: 30)
}

/// One petition as the ledger keeps it: when it came, when the petitioner was told, its extension, reply, 复查 and
/// 复核, and the satisfaction asked.
public struct Petition: Sendable, Equatable {
    public var receivedOn: CivilDate
    /// The day the petitioner was told whether it is accepted; nil while not yet told.
    public var toldOn: CivilDate?
    public var accepted: Bool
    /// Days the settlement was extended by, with its reason; nil without extension.
    public var extendedDays: Int?
    /// The day the written reply closed it.
    public var closedOn: CivilDate?
    /// Whether the petitioner was asked and answered (参评), and what.
    public var satisfaction: PetitionSatisfaction?
    public var reviewRequestedOn: CivilDate?
    public var reviewAnsweredOn: CivilDate?
    public var recheckRequestedOn: CivilDate?
    public var recheckAnsweredOn: CivilDate?
    /// 有效件: a repeat of an earlier petition, or a matter outside 信访, counts in no rate.
    public var effective: Bool

    public init(receivedOn: CivilDate, toldOn: CivilDate? = nil, accepted: Bool = true, extendedDays: Int? = nil, closedOn: CivilDate? = nil,
                satisfaction: PetitionSatisfaction? = nil, reviewRequestedOn: CivilDate? = nil, reviewAnsweredOn: CivilDate? = nil,
                recheckRequestedOn: CivilDate? = nil, recheckAnsweredOn: CivilDate? = nil, effective: Bool = true) {
        self.effective = effective
        self.receivedOn = receivedOn
        self.toldOn = toldOn
        self.accepted = accepted
        self.extendedDays = extendedDays
        self.closedOn = closedOn
        self.satisfaction = satisfaction
        self.reviewRequestedOn = reviewRequestedOn
        self.reviewAnsweredOn = reviewAnsweredOn
        self.recheckRequestedOn = recheckRequestedOn
        self.recheckAnsweredOn = recheckAnsweredOn
    }
}

public enum PetitionRules {
    /// The last day to tell the petitioner whether the matter is accepted.
    public static func tellBy(_ p: Petition, _ d: PetitionDeadlines) -> CivilDate { d.due(p.receivedOn, d.tell) }

    /// The last day to settle an accepted petition: from the day it was accepted (told), with its extension.
    public static func settleBy(_ p: Petition, _ d: PetitionDeadlines) -> CivilDate? {
        guard p.accepted, let told = p.toldOn else { return nil }
        return d.due(told, d.settle + (p.extendedDays ?? 0))
    }

    /// Told within the deadline (及时受理).
    public static func toldInTime(_ p: Petition, _ d: PetitionDeadlines) -> Bool {
        p.toldOn.map { $0 <= tellBy(p, d) } ?? false
    }

    /// Settled by its (extended) due day (按期办结).
    public static func settledInTime(_ p: Petition, _ d: PetitionDeadlines) -> Bool {
        guard let closed = p.closedOn, let due = settleBy(p, d) else { return false }
        return closed <= due
    }

    /// Reasons an extension cannot be granted: more days than the limit, no reason, a second one, or asked after the
    /// settlement was due.
    public static func extensionProblems(_ p: Petition, days: Int, reason: String, on day: CivilDate, _ d: PetitionDeadlines) -> [String] {
        var out: [String] = []
        if p.extendedDays != nil { out.append("已延期过一次，不能再次延期") }
        if !p.accepted || p.toldOn == nil { out.append("尚未受理，不能延期") }
        if !(1...d.extensionLimit).contains(days) { out.append("延期应为1至\(d.extensionLimit)天") }
        if reason.trimmingASCIISpaces().count < 4 { out.append("请写明延期理由") }
        if p.closedOn != nil { out.append("已办结，不能延期") }
        if let due = settleBy(p, d), day > due { out.append("办理期限已于\(due)届满，不能再延期") }
        return out
    }

    public enum Review: Sendable, Equatable { case recheck, reexamine }

    /// Whether a 复查 (after the written reply) or a 复核 (after the 复查 answer) asked on `day` is within the
    /// request period; after a 复核 the same matter is not accepted again.
    public static func reviewProblems(_ p: Petition, _ kind: Review, on day: CivilDate, _ d: PetitionDeadlines) -> [String] {
        switch kind {
        case .recheck:
            guard let closed = p.closedOn else { return ["尚未书面答复，不能请求复查"] }
            if p.reviewRequestedOn != nil { return ["已请求过复查"] }
            return day > d.due(closed, d.reviewRequest) ? ["应在收到书面答复之日起\(d.reviewRequest)日内请求复查（\(d.due(closed, d.reviewRequest))前）"] : []
        case .reexamine:
            guard let answered = p.reviewAnsweredOn else { return ["尚无复查意见，不能请求复核"] }
            if p.recheckRequestedOn != nil { return ["已复核，同一事实和理由不再受理"] }
            return day > d.due(answered, d.reviewRequest) ? ["应在收到复查意见之日起\(d.reviewRequest)日内请求复核（\(d.due(answered, d.reviewRequest))前）"] : []
        }
    }

    /// The last day to answer a 复查 or 复核 asked on `requested`.
    public static func reviewAnswerBy(_ requested: CivilDate, _ d: PetitionDeadlines) -> CivilDate { d.due(requested, d.reviewAnswer) }
}

/// The rates a monthly bulletin prints for a set of petitions looked at on a day (国信发〔2022〕11号 [R41]):
/// 及时受理率 = told in time ÷ those whose telling was due; 按期办结率 = settled in time ÷ those accepted whose settlement
/// was due or that are settled; 办结率 = settled ÷ accepted; 参评率 = rated ÷ settled; 满意率 = 满意 and 基本满意 ÷ rated.
/// Only 有效件 count: a repeat or a matter outside 信访 is in none of them.
public struct PetitionFigures: Sendable, Equatable {
    public var received = 0
    public var tellDue = 0, toldInTime = 0
    public var accepted = 0, settleDueOrSettled = 0, settledInTime = 0, settled = 0
    public var rated = 0, satisfied = 0

    public init() {}

    public init(_ petitions: [Petition], on day: CivilDate, _ d: PetitionDeadlines) {
        for p in petitions where p.receivedOn <= day && p.effective {
            received += 1
            let told = p.toldOn.flatMap { $0 <= day ? $0 : nil }
            if PetitionRules.tellBy(p, d) < day || told != nil {
                tellDue += 1
                if let told, told <= PetitionRules.tellBy(p, d) { toldInTime += 1 }
            }
            guard p.accepted, let told else { continue }
            accepted += 1
            var seen = p
            seen.toldOn = told
            let closed = p.closedOn.flatMap { $0 <= day ? $0 : nil }
            if let closed {
                settled += 1
                seen.closedOn = closed
                if PetitionRules.settledInTime(seen, d) { settledInTime += 1 }
                if let s = p.satisfaction { rated += 1; if s.counts { satisfied += 1 } }
            }
            if closed != nil || (PetitionRules.settleBy(seen, d).map { $0 < day } ?? false) { settleDueOrSettled += 1 }
        }
    }

    public var timelyAcceptance: CountShare { CountShare(toldInTime, of: tellDue) }
    public var settledOnTime: CountShare { CountShare(settledInTime, of: settleDueOrSettled) }
    public var settlement: CountShare { CountShare(settled, of: accepted) }
    public var participation: CountShare { CountShare(rated, of: settled) }
    public var satisfaction: CountShare { CountShare(satisfied, of: rated) }

    /// This period's count against the same period last year: "−85.31%".
    public static func change(_ now: Int, from before: Int) -> CountShare { CountShare(now - before, of: before) }
}

/// 雨露计划, 技能培训 and 持证, and the targets a province sets (ledgers-rules.md §L5): what each records, who may
/// have it, and the figures offices print against the 省定目标 (seed 003: 17,187 workers = 149.4%; 803 new
/// certificates = 225%).

/// 雨露计划 school types (中职, 高职, 技工院校) [R31].
public enum VocationalSchoolType: String, CodeList {
    case secondary, higher, technical
    public static let listName = "院校类型"
    public var label: String {
        switch self {
        case .secondary: "中等职业学校"
        case .higher: "高等职业院校"
        case .technical: "技工院校"
        }
    }
    public var aliases: [String] {
        switch self {
        case .secondary: ["中职", "中专", "职业高中"]
        case .higher: ["高职", "高职高专", "大专"]
        case .technical: ["技工学校", "技师学院", "技校"]
        }
    }
}

/// 持证 and 培训 records.
public enum SkillRecordKind: String, CodeList {
    case certificate, training
    public static let listName = "培训持证类别"
    public var label: String {
        switch self {
        case .certificate: "取得证书"
        case .training: "技能培训"
        }
    }
    public var aliases: [String] {
        switch self {
        case .certificate: ["持证", "证书", "新增持证"]
        case .training: ["培训"]
        }
    }
}

/// The measures a province sets targets for, each counted by the catalogue over the records of a year.
public enum JobMeasure: String, CodeList {
    case workers, certificates, publicPosts = "public_posts"
    public static let listName = "就业帮扶目标"
    public var label: String {
        switch self {
        case .workers: "脱贫人口务工人数"
        case .certificates: "新增持证人数"
        case .publicPosts: "公益性岗位人数"
        }
    }
}

extension JobRules {
    /// 雨露计划 is for a child of a 脱贫户 or of a 监测对象 not eliminated on the first day of term [R31].
    public static func yuluProblems(standing: HouseholdStanding, termStart: CivilDate, amount: Money, school: String, today: CivilDate) -> FieldErrors {
        var errors = FieldErrors()
        if school.trimmingASCIISpaces().isEmpty || school.count > 60 { errors["school"] = "请填写学校名称（不超过60字）" }
        else if school.hasControlCharacter() { errors["school"] = "学校名称含有控制字符" }
        if amount.fen <= 0 || amount > Money(yuan: 10_000) { errors["amount"] = "补助金额应为大于0、不超过1万元的金额" }
        if termStart > today.adding(days: 366) { errors["termStart"] = "开学日期不能晚于明年今日" }
        if !standing.eligible { errors["_"] = "开学日（\(termStart)）该户既不是脱贫户，也不是未消除风险的监测对象，不能享受雨露计划" }
        return errors
    }

    /// A count against its target, "149.4%" to one decimal as offices print it.
    public static func share(_ done: Int, of target: Int) -> CountShare { CountShare(done, of: target) }
}

extension CountShare {
    /// Tenths of a percent, half away from zero: 1494 for 149.4%; nil when the whole is nothing.
    public var tenthsOfPercent: Int? { scaled(1_000) }

    /// "149.4%", or "—" when the whole is nothing.
    public var oneDecimalText: String {
        guard let t = tenthsOfPercent else { return "—" }
        return "\(t < 0 ? "-" : "")\(abs(t) / 10).\(abs(t) % 10)%"
    }
}

/// What a village reports of 就业帮扶 for a year, up to a day (issue 16 §3): persons of 脱贫户 and 监测户 counted once
/// each. 务工人数 are those with a 务工 spell in the year up to the day's month or on a 公益岗位 on some day of it,
/// placed by their latest spell (a post alone is 县内); 公益岗位 are the posts held on the day; 雨露, 交通补助 and
/// 新增持证 are what was paid or obtained in the year up to the day.
public struct JobFigures: Sendable, Equatable {
    public var workers = 0
    public var inCounty = 0
    public var inProvince = 0
    public var outside = 0
    public var posts = 0
    public var yuluStudents = 0
    public var yuluAmount = Money.zero
    public var transportPersons = 0
    public var transportAmount = Money.zero
    public var certificates = 0
    public var trained = 0
    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var s = a
        (s.workers, s.inCounty, s.inProvince, s.outside, s.posts) = (a.workers + b.workers, a.inCounty + b.inCounty, a.inProvince + b.inProvince,
                                                                    a.outside + b.outside, a.posts + b.posts)
        (s.yuluStudents, s.yuluAmount, s.transportPersons, s.transportAmount) = (a.yuluStudents + b.yuluStudents, a.yuluAmount + b.yuluAmount,
                                                                                a.transportPersons + b.transportPersons, a.transportAmount + b.transportAmount)
        (s.certificates, s.trained) = (a.certificates + b.certificates, a.trained + b.trained)
        return s
    }

    public func count(_ m: JobMeasure) -> Int {
        switch m {
        case .workers: workers
        case .certificates: certificates
        case .publicPosts: posts
        }
    }
}

/// One amount the ledgers hold for a household's income year (issue 16 §4): offered on the income form as a proposal
/// the cadre confirms, never written into the income by itself.
public struct LedgerIncomeLine: Sendable, Equatable {
    public var field: IncomeField
    public var source: String
    public var amount: Money
    public init(field: IncomeField, source: String, amount: Money) {
        self.field = field
        self.source = source
        self.amount = amount
    }
}

extension JobRules {
    /// Wages of a spell in `year`: its monthly income times its months inside the year (nothing when no income was
    /// recorded), up to `last` for a spell still open.
    public static func wages(_ s: WorkSpell, year: Int, through last: CivilMonth) -> (months: Int, amount: Money) {
        guard let pay = s.monthlyIncome, let r = s.months(through: last) else { return (0, .zero) }
        let whole = CivilMonth(year: year, month: 1)!.index...CivilMonth(year: year, month: 12)!.index
        guard r.overlaps(whole) else { return (0, .zero) }
        let n = r.clamped(to: whole).count
        return (n, Money(fen: pay.fen * Int64(n)))
    }

    /// A post's pay in `year`: its monthly pay for each month of the year it was held on some day, up to `last`.
    /// A month with its attendance recorded counts what was paid for it (在岗领补), not the monthly pay.
    public static func postPay(_ p: PublicPost, year: Int, through last: CivilDate, paid: [CivilMonth: Money] = [:]) -> (months: Int, amount: Money, attended: Int) {
        var (n, attended, fen) = (0, 0, Int64(0))
        for month in 1...12 {
            let m = CivilMonth(year: year, month: month)!
            guard m.firstDay <= last else { break }
            guard p.overlaps(m.firstDay, min(m.lastDay, last)) else { continue }
            n += 1
            if let pay = paid[m] { attended += 1; fen += pay.fen } else { fen += p.monthlyPay.fen }
        }
        return (n, Money(fen: fen), attended)
    }
}

import Foundation

/// 疑点数据核查 (issue 18 §1): before a provincial check or 后评估 a county hunts the records that contradict each other
/// or the policy. Each check is data — code, name, what it finds, how serious, what it reads, its effective dates and
/// its one tunable number — and a pure function of a household's facts (or, for the checks across households, of
/// the county's). The store runs them over a jurisdiction and keeps what they find.
public enum DataCheckCode: String, CaseIterable, Sendable, Codable, Comparable {
    case incomeBelowLine = "YD01"
    case eliminatedWithRisk = "YD02"
    case noHelper = "YD03"
    case noMeasure = "YD04"
    case measureMismatch = "YD05"
    case samePersonTwice = "YD06"
    case noMemberLeft = "YD07"
    case youngHouseholder = "YD08"
    case birthDateMismatch = "YD09"
    case childOutOfSchool = "YD10"
    case disabilityGradeOnly = "YD11"
    case migrantWithoutWork = "YD12"
    case publicPostAge = "YD13"
    case ineligibleLoan = "YD14"
    case sharedPhone = "YD15"
    case incomeSwing = "YD16"
    case sharedAccount = "YD17"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var check: DataCheck { DataCheck.byCode[self]! }
}

public enum DataCheckSeverity: String, CaseIterable, Sendable, Codable, Comparable {
    case serious, ordinary, hint
    public var label: String {
        switch self {
        case .serious: "严重"
        case .ordinary: "一般"
        case .hint: "提示"
        }
    }
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One check's definition. `parameter` is the number a county may tune (an age, a share, a count), with its default
/// and the values it may take; checks without one are switched on or off only.
public struct DataCheck: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public var label: String
        public var unit: String
        public var defaultValue: Int
        public var allowed: ClosedRange<Int>
    }

    public var code: DataCheckCode
    public var name: String
    public var finds: String
    public var severity: DataCheckSeverity
    public var reads: String
    public var parameter: Parameter?
    /// Compares households with each other (a phone, a person): run over whole counties only, so that a township's or
    /// village's run neither finds nor clears what depends on the rest of the county.
    public var acrossHouseholds: Bool
    public var effectiveFrom: CivilDate
    public var effectiveTo: CivilDate?

    public func inEffect(on day: CivilDate) -> Bool { effectiveFrom <= day && (effectiveTo.map { day <= $0 } ?? true) }

    static let since = CivilDate(year: 2021, month: 1, day: 1)!

    init(_ code: DataCheckCode, _ name: String, _ finds: String, _ severity: DataCheckSeverity, reads: String,
         parameter: Parameter? = nil, across: Bool = false) {
        (self.code, self.name, self.finds, self.severity, self.reads) = (code, name, finds, severity, reads)
        (self.parameter, self.acrossHouseholds, self.effectiveFrom, self.effectiveTo) = (parameter, across, Self.since, nil)
    }

    /// The shipped checks, in code order.
    /// Each check by its code: read for every household a run checks (a search of `all` was 4 % of a county's run).
    static let byCode: [DataCheckCode: DataCheck] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    public static let all: [DataCheck] = [
        .init(.incomeBelowLine, "收入低于监测标准未纳入监测", "最近一年人均纯收入低于当年监测标准，但不是监测对象", .serious, reads: "农户、收入"),
        .init(.eliminatedWithRisk, "风险消除但风险仍在", "已标注风险消除，但最近一年人均纯收入低于监测标准，或住房、教育、医疗、饮水问题未解决", .serious,
              reads: "农户、收入"),
        .init(.noHelper, "监测对象无帮扶责任人", "未消除风险的监测对象没有在岗的帮扶责任人", .serious, reads: "农户、帮扶责任人"),
        .init(.noMeasure, "监测对象无帮扶措施", "未消除风险的监测对象没有落实中的帮扶措施", .serious, reads: "农户、帮扶措施"),
        .init(.measureMismatch, "帮扶措施与风险类型不符", "有帮扶措施，但某项风险没有对应类别的措施，或有劳动力只有兜底措施", .ordinary,
              reads: "农户、帮扶措施"),
        .init(.samePersonTwice, "疑似一人多户", "姓名、性别、出生日期相同的在册人员出现在本县两个以上的户中（身份证号可能录错）", .ordinary,
              reads: "家庭成员", across: true),
        .init(.noMemberLeft, "户内无在册成员", "正常状态的户，成员均已故、婚出或迁出", .serious, reads: "农户、家庭成员"),
        .init(.youngHouseholder, "户主年龄过小", "在册户主未满规定年龄", .ordinary, reads: "家庭成员",
              parameter: .init(label: "户主最低年龄", unit: "周岁", defaultValue: 16, allowed: 14...18)),
        .init(.birthDateMismatch, "出生日期与身份证号不符", "登记的出生日期与身份证号码中的出生日期不一致", .ordinary, reads: "家庭成员"),
        .init(.childOutOfSchool, "义务教育适龄儿童未在校", "当学年义务教育年龄段（8月31日满6周岁至未满16周岁）的在册儿童，在校情况为辍学、非在校、学龄前或未填写（经批准免入学的，核实后说明原因）",
              .serious, reads: "家庭成员"),
        .init(.disabilityGradeOnly, "有残疾等级但健康状况不是残疾", "登记了残疾等级，健康状况却不是“残疾”", .hint, reads: "家庭成员"),
        .init(.migrantWithoutWork, "务工状态无务工记录和工资收入", "务工状态为县内、省内县外、省外或境外务工，但就业台账没有务工记录、最近一年也没有工资性收入", .ordinary,
              reads: "家庭成员、就业台账、收入"),
        .init(.publicPostAge, "公益岗位人员年龄不符", "在岗的公益岗位人员未满16周岁或达到规定年龄", .serious, reads: "就业台账（公益岗位）、家庭成员",
              parameter: .init(label: "公益岗位年龄上限（达到即提示）", unit: "周岁", defaultValue: 70, allowed: 60...80)),
        .init(.ineligibleLoan, "小额信贷对象不符", "贷款发放时借款户既不是脱贫户也不是未消除风险的监测对象，且没有记录例外原因", .serious,
              reads: "小额信贷台账、农户"),
        .init(.sharedPhone, "多户共用联系电话", "同一联系电话登记在本县多个无分户关系的户上", .hint, reads: "农户、成员变动",
              parameter: .init(label: "共用户数达到", unit: "户", defaultValue: 3, allowed: 2...20), across: true),
        .init(.incomeSwing, "收入大幅波动", "最近两年人均纯收入增减超过规定比例", .hint, reads: "收入",
              parameter: .init(label: "增减幅度超过", unit: "%", defaultValue: 50, allowed: 10...500)),
        // A phone is often a cadre's or a neighbour's; subsidies paid into one account for households that are no family
        // of each other is how 惠民惠农 money goes astray, so two are already serious.
        .init(.sharedAccount, "多户共用补贴发放账号", "同一惠民惠农补贴发放账号（一卡通）登记在本县多个无分户关系的户上", .serious, reads: "农户、成员变动",
              parameter: .init(label: "共用户数达到", unit: "户", defaultValue: 2, allowed: 2...20), across: true),
    ]
}

/// What a county has set: checks switched off, and tuned numbers. Absent entries take the shipped defaults.
public struct DataCheckSettings: Sendable, Hashable {
    public var off: Set<DataCheckCode>
    public var values: [DataCheckCode: Int]
    public init(off: Set<DataCheckCode> = [], values: [DataCheckCode: Int] = [:]) {
        self.off = off
        self.values = values
    }
    public static let defaults = DataCheckSettings()

    public func isOn(_ code: DataCheckCode, on day: CivilDate) -> Bool { !off.contains(code) && code.check.inEffect(on: day) }
    public func value(_ code: DataCheckCode) -> Int { values[code] ?? code.check.parameter?.defaultValue ?? 0 }
}

/// A household as the checks read it.
public struct HouseholdFacts: Sendable {
    public struct Member: Sendable {
        public var id: UUID
        public var name: String
        public var idNumber: String
        public var sex: String
        public var birthDate: String
        public var relation: String
        public var present: Bool
        public var health: String?
        public var disability: String?
        public var education: String?
        public var employment: String?
        public var hasWorkSpell: Bool
        /// Whether the person holds a 公益岗位 on the day of the run.
        public var holdsPublicPost: Bool

        public init(id: UUID, name: String, idNumber: String, sex: String, birthDate: String, relation: String, present: Bool,
                    health: String? = nil, disability: String? = nil, education: String? = nil, employment: String? = nil,
                    hasWorkSpell: Bool = false, holdsPublicPost: Bool = false) {
            (self.id, self.name, self.idNumber, self.sex, self.birthDate, self.relation, self.present) = (id, name, idNumber, sex, birthDate, relation, present)
            (self.health, self.disability, self.education, self.employment) = (health, disability, education, employment)
            (self.hasWorkSpell, self.holdsPublicPost) = (hasWorkSpell, holdsPublicPost)
        }
    }

    public struct Loan: Sendable {
        public var id: UUID
        public var issuedOn: CivilDate
        public var amount: Money
        public var exception: String
        public init(id: UUID, issuedOn: CivilDate, amount: Money, exception: String) {
            (self.id, self.issuedOn, self.amount, self.exception) = (id, issuedOn, amount, exception)
        }
    }

    public var id: UUID
    public var villageCode: String
    public var category: HouseholdCategory?
    public var monitoringCategory: MonitoringCategory?
    public var monitoringSince: CivilDate?
    public var riskEliminatedOn: CivilDate?
    public var risks: [RiskType]
    /// The open 三保障 and 饮水 problems, by name (住房, 教育, 医疗, 饮水).
    public var gaps: [String]
    public var gapMedical: Bool
    public var hasLabour: Bool
    public var members: [Member]
    /// The latest two income years recorded: (year, per-capita net income).
    public var income: (year: Int, perCapita: Money)?
    public var previousIncome: (year: Int, perCapita: Money)?
    public var latestWages: Money
    public var measures: [MeasureCategory]
    public var hasHelper: Bool
    public var loans: [Loan]

    public init(id: UUID, villageCode: String, category: HouseholdCategory?, monitoringCategory: MonitoringCategory? = nil,
                monitoringSince: CivilDate? = nil, riskEliminatedOn: CivilDate? = nil, risks: [RiskType] = [], gaps: [String] = [],
                gapMedical: Bool = false, hasLabour: Bool = true, members: [Member] = [], income: (year: Int, perCapita: Money)? = nil,
                previousIncome: (year: Int, perCapita: Money)? = nil, latestWages: Money = .zero, measures: [MeasureCategory] = [],
                hasHelper: Bool = false, loans: [Loan] = []) {
        (self.id, self.villageCode, self.category, self.monitoringCategory, self.monitoringSince) = (id, villageCode, category, monitoringCategory, monitoringSince)
        (self.riskEliminatedOn, self.risks, self.gaps, self.gapMedical, self.hasLabour) = (riskEliminatedOn, risks, gaps, gapMedical, hasLabour)
        (self.members, self.income, self.previousIncome, self.latestWages) = (members, income, previousIncome, latestWages)
        (self.measures, self.hasHelper, self.loans) = (measures, hasHelper, loans)
    }

    public var isMonitored: Bool { monitoringCategory != nil }
    public var isAtRisk: Bool { monitoringCategory != nil && riskEliminatedOn == nil }
}

/// What a check found about one household (and, for a check about a person or a loan, which one): the values that
/// triggered it, in words. The values are what "unless the data changes" compares: an explained finding whose values
/// are found again unchanged stays explained.
public struct DataFinding: Sendable, Hashable {
    public var code: DataCheckCode
    public var householdID: UUID
    /// The person or loan the finding is about; nil when it is about the household.
    public var subject: UUID?
    public var values: [String]

    public init(code: DataCheckCode, householdID: UUID, subject: UUID? = nil, values: [String]) {
        (self.code, self.householdID, self.subject, self.values) = (code, householdID, subject, values)
    }

    /// One finding a (check, household, subject).
    public var key: String { "\(code.rawValue)|\(householdID.uuidString)|\(subject?.uuidString ?? "")" }
    public var valuesText: String { values.joined(separator: "；") }
}

public enum DataChecks {
    /// The monitoring line of an income year, for a household's place.
    public typealias Lines = (Int) -> Money?

    /// The checks of one household (everything but the checks across households).
    public static func findings(_ h: HouseholdFacts, settings: DataCheckSettings, lines: Lines, today: CivilDate) -> [DataFinding] {
        var out: [DataFinding] = []
        func on(_ c: DataCheckCode) -> Bool { settings.isOn(c, on: today) }
        func add(_ c: DataCheckCode, _ subject: UUID? = nil, _ values: [String]) { out.append(.init(code: c, householdID: h.id, subject: subject, values: values)) }
        let present = h.members.filter(\.present)
        let below: (year: Int, perCapita: Money, line: Money)? = h.income.flatMap { i in lines(i.year).flatMap { i.perCapita < $0 ? (i.year, i.perCapita, $0) : nil } }
        func incomeText(_ b: (year: Int, perCapita: Money, line: Money)) -> String {
            "\(b.year)年人均纯收入\(b.perCapita.yuanText)元，低于监测标准\(b.line.yuanText)元"
        }

        if on(.incomeBelowLine), !h.isMonitored, let b = below { add(.incomeBelowLine, nil, [incomeText(b)]) }
        if on(.eliminatedWithRisk), h.isMonitored, let day = h.riskEliminatedOn, below != nil || !h.gaps.isEmpty {
            add(.eliminatedWithRisk, nil, ["\(day)标注风险消除"] + (below.map { [incomeText($0)] } ?? []) + h.gaps.map { "\($0)问题未解决" })
        }
        if h.isAtRisk {
            if on(.noHelper), !h.hasHelper { add(.noHelper, nil, ["\(h.monitoringCategory!.label)，无在岗帮扶责任人"]) }
            if on(.noMeasure), h.measures.isEmpty { add(.noMeasure, nil, ["\(h.monitoringCategory!.label)，风险：\(riskText(h.risks))，无落实中的措施"]) }
            if on(.measureMismatch), !h.measures.isEmpty {
                let problems = MeasureConsistency.problems(risks: h.risks, measures: h.measures, memberWithoutMedicalInsurance: h.gapMedical, hasLabour: h.hasLabour)
                if !problems.isEmpty { add(.measureMismatch, nil, problems) }
            }
        }
        if on(.noMemberLeft), present.isEmpty {
            add(.noMemberLeft, nil, [h.members.isEmpty ? "户内没有成员记录" : "\(h.members.count)名成员均已不在册"])
        }
        for m in present {
            let birth = CivilDate(parsing: m.birthDate)
            let age = birth?.age(on: today)
            if on(.youngHouseholder), m.relation == Relation.householder.rawValue, let age, age < settings.value(.youngHouseholder) {
                add(.youngHouseholder, m.id, ["户主\(m.name)\(age)周岁"])
            }
            if on(.birthDateMismatch), m.idNumber.utf8.count == 18, let fromID = CivilDate.compact(m.idNumber.utf8.dropFirst(6).prefix(8)),
               birth != fromID {
                add(.birthDateMismatch, m.id, ["\(m.name)登记出生日期\(m.birthDate)，身份证号为\(fromID)"])
            }
            if on(.childOutOfSchool), let birth, isCompulsorySchoolAge(birth, today: today) {
                let stage = m.education.flatMap(EducationStage.init(rawValue:))
                if stage == nil || [.dropout, .notInSchool, .preschoolAge].contains(stage!) {
                    add(.childOutOfSchool, m.id, ["\(m.name)\(birth.age(on: today))周岁，在校情况：\(stage?.label ?? "未填写")"])
                }
            }
            if on(.disabilityGradeOnly), let grade = m.disability.flatMap(DisabilityGrade.init(rawValue:)), m.health != HealthStatus.disabled.rawValue {
                let health = m.health.flatMap(HealthStatus.init(rawValue:))?.label ?? "未填写"
                add(.disabilityGradeOnly, m.id, ["\(m.name)残疾等级\(grade.label)，健康状况：\(health)"])
            }
            if on(.migrantWithoutWork), let status = m.employment.flatMap(EmploymentStatus.init(rawValue:)),
               [.withinCounty, .withinProvince, .outsideProvince, .abroad].contains(status), !m.hasWorkSpell, h.latestWages == .zero {
                add(.migrantWithoutWork, m.id, ["\(m.name)务工状态：\(status.label)；无务工记录" + (h.income.map { "；\($0.year)年工资性收入0元" } ?? "；无收入记录")])
            }
            if on(.publicPostAge), m.holdsPublicPost, let age {
                let limit = settings.value(.publicPostAge)
                // The youngest age is the jobs ledger's own (`JobRules.postAges`); the oldest is the county's number.
                let youngest = JobRules.postAges.lowerBound
                if age < youngest || age >= limit { add(.publicPostAge, m.id, ["公益岗位人员\(m.name)\(age)周岁（应年满\(youngest)周岁且不满\(limit)周岁）"]) }
            }
        }
        if on(.ineligibleLoan) {
            for loan in h.loans where loan.exception.isEmpty && !loanEligible(h, on: loan.issuedOn) {
                add(.ineligibleLoan, loan.id, ["\(loan.issuedOn)发放\(loan.amount.yuanText)元，发放时" + (h.isMonitored ? "不是未消除风险的监测对象" : "不是脱贫户或监测对象") + "，无例外原因"])
            }
        }
        if on(.incomeSwing), let now = h.income, let before = h.previousIncome, before.perCapita.fen > 0 {
            let change = Double(now.perCapita.fen - before.perCapita.fen) / Double(before.perCapita.fen) * 100
            if abs(change) > Double(settings.value(.incomeSwing)) {
                let word = change > 0 ? "增长" : "下降"
                add(.incomeSwing, nil, ["人均纯收入\(before.year)年\(before.perCapita.yuanText)元，\(now.year)年\(now.perCapita.yuanText)元，\(word)\(Int(abs(change).rounded()))%"])
            }
        }
        return out
    }

    /// 小额信贷's borrowers (LoanRules): a 脱贫户, or a 监测对象 whose risk was not eliminated on the day.
    public static func loanEligible(_ h: HouseholdFacts, on day: CivilDate) -> Bool {
        if h.category == .alleviated { return true }
        guard h.isMonitored else { return false }
        if let since = h.monitoringSince, since > day { return false }
        return h.riskEliminatedOn.map { $0 > day } ?? true
    }

    /// 义务教育 age in the school year `today` falls in: six by the 31 August that began it, and not yet sixteen then.
    public static func isCompulsorySchoolAge(_ birth: CivilDate, today: CivilDate) -> Bool {
        let start = CivilDate(year: (today.month, today.day) >= (9, 1) ? today.year : today.year - 1, month: 8, day: 31)!
        let age = birth.age(on: start)
        return age >= 6 && age < 16
    }

    static func riskText(_ risks: [RiskType]) -> String { risks.isEmpty ? "未填写" : risks.map(\.label).joined(separator: "、") }

    /// 疑似一人多户 over `people`, (household, person, name, sex, birth date): see `SamePersonGroups`.
    public static func samePerson(_ people: [(household: UUID, person: UUID, name: String, sex: String, birthDate: String)]) -> [DataFinding] {
        var groups = SamePersonGroups()
        for p in people { groups.add(household: p.household, person: p.person, name: p.name, sex: p.sex, birthDate: p.birthDate) }
        return groups.findings()
    }

    /// 多户共用联系电话 over `phones`: see `SharedNumbers`.
    public static func sharedPhones(_ phones: [(household: UUID, phone: String)], links: [(UUID, UUID)], minimum: Int) -> [DataFinding] {
        var numbers = SharedNumbers(.phone)
        for p in phones { numbers.add(household: p.household, p.phone) }
        return numbers.findings(links: links, minimum: minimum)
    }

    /// 多户共用补贴发放账号 over `accounts`: see `SharedNumbers`.
    public static func sharedAccounts(_ accounts: [(household: UUID, account: String)], links: [(UUID, UUID)], minimum: Int) -> [DataFinding] {
        var numbers = SharedNumbers(.account)
        for a in accounts { numbers.add(household: a.household, a.account) }
        return numbers.findings(links: links, minimum: minimum)
    }
}

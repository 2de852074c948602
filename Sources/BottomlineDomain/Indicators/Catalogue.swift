/// Indicators as definitions (issue 5 §1): each is a numerator and an optional denominator over named counts, a unit,
/// and its Chinese name and meaning. Counts are gathered per village once; every level (village, township, county)
/// adds its villages' counts, so the same definition gives the same figure at every level and a total row is a sum.
/// Later ledgers (screening, loans) plug in as more counts and more definitions.

/// A raw count gathered per village. Stored by its key so catalogues and snapshots outlive code changes.
public struct CountKey: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let households: CountKey = "households", persons: CountKey = "persons"
    public static let alleviatedHouseholds: CountKey = "alleviated_households", noLabourHouseholds: CountKey = "no_labour_households"
    public static let monitoredHouseholds: CountKey = "monitored_households", monitoredPersons: CountKey = "monitored_persons"
    public static let atRiskHouseholds: CountKey = "at_risk_households", atRiskPersons: CountKey = "at_risk_persons"
    public static let eliminatedHouseholds: CountKey = "eliminated_households", eliminatedPersons: CountKey = "eliminated_persons"
    public static let newHouseholds: CountKey = "new_households", newPersons: CountKey = "new_persons"
    public static let measures: CountKey = "measures"
    public static let identified: CountKey = "identified", identifiedInTime: CountKey = "identified_in_time"
    public static let overdueClues: CountKey = "overdue_clues", overdueWarnings: CountKey = "overdue_warnings"
    public static let visitedInTime: CountKey = "visited_in_time"
    public static let basicNeedGaps: CountKey = "basic_need_gaps"
    public static let helpedHouseholds: CountKey = "helped_households", helpTargets: CountKey = "help_targets"
    public static let incomeKnown: CountKey = "income_known", incomeBelow: CountKey = "income_below"
    public static let incomeNear: CountKey = "income_near", incomeAbove: CountKey = "income_above"
    // Money, projects and assets (issue 15 §4): amounts in 分, of the fund year of the day asked, as of that day.
    public static let fundIssued: CountKey = "fund_issued_fen", fundAllocated: CountKey = "fund_allocated_fen", fundPaid: CountKey = "fund_paid_fen"
    public static let fundIndustry: CountKey = "fund_industry_fen", fundIndustryBase: CountKey = "fund_industry_base_fen"
    public static let projects: CountKey = "projects", projectsPlanned: CountKey = "projects_planned"
    public static let projectsStarted: CountKey = "projects_started", projectsBuilt: CountKey = "projects_built"
    public static let assets: CountKey = "assets", assetsConfirmed: CountKey = "assets_confirmed"
    public static let assetValue: CountKey = "asset_value_fen", assetIncome: CountKey = "asset_income_fen"
    public static let solarKWh: CountKey = "solar_kwh", solarIncome: CountKey = "solar_income_fen"
    public static let workshopJobs: CountKey = "workshop_jobs", workshopJobsTargets: CountKey = "workshop_jobs_targets"
    // 小额信贷, 就业帮扶 and 防贫保险 (issue 16 §4): read from their dated ledgers as of the day asked.
    public static let loanBase: CountKey = "loan_base_households", loanHouseholds: CountKey = "loan_households", loanNewHouseholds: CountKey = "loan_new_households"
    public static let loanBalance: CountKey = "loan_balance_fen", loanOverdue: CountKey = "loan_overdue_fen", loanBad: CountKey = "loan_bad_fen"
    public static let jobWorkers: CountKey = "job_workers", jobOutside: CountKey = "job_outside", jobPosts: CountKey = "job_posts"
    public static let yuluStudents: CountKey = "yulu_students", yuluAmount: CountKey = "yulu_fen", newCertificates: CountKey = "new_certificates"
    public static let transportPersons: CountKey = "transport_persons"
    public static let insurancePaid: CountKey = "insurance_paid_fen", insuranceHouseholds: CountKey = "insurance_households"
    // 涉贫信访 (issue 17 §3): 有效件 received this year by the day asked, and the parts of its rates (`PetitionFigures`).
    public static let petitions: CountKey = "petitions", petitionsTellDue: CountKey = "petitions_tell_due", petitionsToldInTime: CountKey = "petitions_told_in_time"
    public static let petitionsAccepted: CountKey = "petitions_accepted", petitionsSettleDue: CountKey = "petitions_settle_due"
    public static let petitionsSettledInTime: CountKey = "petitions_settled_in_time", petitionsSettled: CountKey = "petitions_settled"
    public static let petitionsRated: CountKey = "petitions_rated", petitionsSatisfied: CountKey = "petitions_satisfied"
    /// 有效件 received from 1 January of the year before to the same day that year: what a bulletin compares with.
    public static let petitionsLastYear: CountKey = "petitions_last_year"
    // 疑点数据核查 (issue 18 §1): findings standing on the day (found, not closed, not explained by then), and closed by it.
    public static let dataFindings: CountKey = "data_findings", dataFindingsClosed: CountKey = "data_findings_closed"
    public static let dataFindingsHandled: CountKey = "data_findings_handled"

    public static func monitoredHouseholds(_ c: MonitoringCategory) -> CountKey { CountKey(rawValue: "monitored_households_" + c.rawValue) }
    public static func monitoredPersons(_ c: MonitoringCategory) -> CountKey { CountKey(rawValue: "monitored_persons_" + c.rawValue) }
    public static func riskHouseholds(_ r: RiskType) -> CountKey { CountKey(rawValue: "risk_households_" + r.rawValue) }
    /// One check's findings standing on the day, closed by it, and the two together (a rule's 疑点数 and 整改率).
    public static func dataFindings(_ c: DataCheckCode) -> CountKey { CountKey(rawValue: "data_findings_" + c.rawValue) }
    public static func dataFindingsClosed(_ c: DataCheckCode) -> CountKey { CountKey(rawValue: "data_findings_closed_" + c.rawValue) }
    public static func dataFindingsHandled(_ c: DataCheckCode) -> CountKey { CountKey(rawValue: "data_findings_handled_" + c.rawValue) }
}

/// Counts for one unit (a village, or a sum of villages).
public struct Counts: Hashable, Sendable, Codable {
    public var values: [CountKey: Int] = [:]
    public init(_ values: [CountKey: Int] = [:]) { self.values = values }
    public subscript(key: CountKey) -> Int {
        get { values[key] ?? 0 }
        set { values[key] = newValue }
    }
    public static func + (a: Counts, b: Counts) -> Counts { Counts(a.values.merging(b.values, uniquingKeysWith: +)) }
    public static func += (a: inout Counts, b: Counts) { a = a + b }
}

/// One indicator.
public struct Indicator: Hashable, Sendable {
    public enum Unit: String, Sendable {
        case households = "户", persons = "人", rate = "%", perHousehold = "项/户", items = "件"
        /// Counted in 分, printed in 万元 to two decimals (the sum of 分, never of rounded figures).
        case wan = "万元"
        case kwh = "千瓦时", pieces = "个"

        /// A figure typed in this unit (a target) as the value the indicator computes: 万元 → 分, % → a fraction.
        public func value(typed: Double) -> Double {
            switch self {
            case .rate: typed / 100
            case .wan: typed * Double(Money.wanFen)
            default: typed
            }
        }
    }
    public let code: String
    public let name: String
    public let meaning: String
    public let unit: Unit
    public let numerator: CountKey
    public let denominator: CountKey?
    /// Higher is better (for rankings and 提示函): rates of elimination yes, overdue counts no.
    public let higherIsBetter: Bool

    public init(_ code: String, _ name: String, _ meaning: String, unit: Unit, _ numerator: CountKey, over denominator: CountKey? = nil, higherIsBetter: Bool = true) {
        self.code = code
        self.name = name
        self.meaning = meaning
        self.unit = unit
        self.numerator = numerator
        self.denominator = denominator
        self.higherIsBetter = higherIsBetter
    }

    /// The figure: a count, or a ratio (a rate as a fraction, 0.615 for 61.5%); nil when the denominator is zero.
    public func value(_ counts: Counts) -> Double? {
        let n = Double(counts[numerator])
        guard let denominator else { return n }
        let d = Double(counts[denominator])
        return d == 0 ? nil : n / d
    }

    /// As an office table prints it: 61.5%, 4.62, 2915.
    public func text(_ counts: Counts) -> String {
        guard let v = value(counts) else { return "—" }
        switch unit {
        case .rate: return Self.percent(v)
        case .perHousehold: return String(format: "%.2f", v)
        case .wan: return Self.wan(v)
        default: return Self.whole(v)
        }
    }

    /// A value of this indicator's unit as printed: a target of 60% as "60.0%", of 500万元 as "500.00".
    public func text(value v: Double) -> String {
        switch unit {
        case .rate: Self.percent(v)
        case .perHousehold: String(format: "%.2f", v)
        case .wan: Self.wan(v)
        default: Self.whole(v)
        }
    }

    /// 分 as 万元 with two decimals.
    public static func wan(_ fen: Double) -> String {
        guard fen.isFinite, abs(fen) < printable * 100 else { return "—" }
        return Money(fen: Int64(fen.rounded())).wanText
    }

    /// Values this large are no count or rate of a county's; a typed target beyond them prints as "—", never traps.
    static let printable = 1e12

    /// One decimal, rounded half up, as bulletins print rates.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite, abs(fraction) < printable else { return "—" }
        let tenths = Int((fraction * 1000 + 1e-9).rounded(.toNearestOrAwayFromZero))
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)%"
    }

    /// A whole number, rounded.
    public static func whole(_ value: Double) -> String {
        guard value.isFinite, abs(value) < printable else { return "—" }
        return String(Int(value.rounded()))
    }
}

public enum IndicatorCatalogue {
    /// The shipped indicators (issue 5 §1).
    public static let all: [Indicator] = {
        var list: [Indicator] = [
            Indicator("JB01", "登记户数", "农户名册中在册的户", unit: .households, .households),
            Indicator("JB02", "在册人数", "在册户的成员人数", unit: .persons, .persons),
            Indicator("JB03", "脱贫户户数", "户类别为脱贫户的在册户", unit: .households, .alleviatedHouseholds),
            Indicator("JC01", "监测对象户数", "已纳入监测的户（含风险已消除）", unit: .households, .monitoredHouseholds),
            Indicator("JC02", "监测对象人数", "已纳入监测的户的在册人数", unit: .persons, .monitoredPersons),
            Indicator("JC03", "风险未消除户数", "纳入监测、风险尚未消除的户", unit: .households, .atRiskHouseholds, higherIsBetter: false),
            Indicator("JC04", "本期新识别户数", "本期内纳入监测的户", unit: .households, .newHouseholds),
            Indicator("JC05", "本期新识别人数", "本期内纳入监测的户的人数", unit: .persons, .newPersons),
            Indicator("XC01", "风险消除户数", "已标注风险消除的户", unit: .households, .eliminatedHouseholds),
            Indicator("XC02", "风险消除人数", "已标注风险消除的户的人数", unit: .persons, .eliminatedPersons),
            Indicator("XC03", "风险消除率（人）", "风险消除人数 ÷ 监测对象人数", unit: .rate, .eliminatedPersons, over: .monitoredPersons),
            Indicator("XC04", "风险消除率（户）", "风险消除户数 ÷ 监测对象户数", unit: .rate, .eliminatedHouseholds, over: .monitoredHouseholds),
            Indicator("BF01", "户均帮扶措施数", "监测对象的帮扶措施（未终止）÷ 监测对象户数", unit: .perHousehold, .measures, over: .monitoredHouseholds),
            Indicator("BF02", "帮扶责任人落实率", "有在岗帮扶责任人的脱贫户和监测对象 ÷ 脱贫户和监测对象户数", unit: .rate, .helpedHouseholds, over: .helpTargets),
            Indicator("BF03", "走访覆盖率", "在走访间隔内走访过的风险未消除户 ÷ 风险未消除户数", unit: .rate, .visitedInTime, over: .atRiskHouseholds),
            Indicator("SB01", "15天内完成识别比例", "首条线索起15天内完成识别纳入的 ÷ 完成识别纳入的", unit: .rate, .identifiedInTime, over: .identified),
            Indicator("SB02", "逾期未核实线索", "超过核实时限仍未核实的线索", unit: .items, .overdueClues, higherIsBetter: false),
            Indicator("SB03", "逾期未核实预警", "超过核实时限仍未核实的部门筛查预警", unit: .items, .overdueWarnings, higherIsBetter: false),
            Indicator("SB04", "三保障和饮水问题户数", "住房、义务教育、基本医疗、饮水任一未保障的户", unit: .households, .basicNeedGaps, higherIsBetter: false),
            Indicator("SR01", "人均纯收入低于监测标准的户", "有收入记录的户中，最近一年人均纯收入低于当年监测标准", unit: .households, .incomeBelow, higherIsBetter: false),
            Indicator("SR02", "人均纯收入高于标准不足10%的户", "高于监测标准但不超过标准的1.1倍", unit: .households, .incomeNear, higherIsBetter: false),
            Indicator("SR03", "人均纯收入高于标准10%以上的户", "超过监测标准的1.1倍", unit: .households, .incomeAbove),
        ]
        list += moneyAndThings
        for c in MonitoringCategory.allCases {
            list.append(Indicator("LB-\(c.rawValue)-H", "\(c.label)户数", "该类别的监测对象户数", unit: .households, .monitoredHouseholds(c)))
            list.append(Indicator("LB-\(c.rawValue)-P", "\(c.label)人数", "该类别的监测对象人数", unit: .persons, .monitoredPersons(c)))
        }
        for r in RiskType.allCases {
            list.append(Indicator("FX-\(r.rawValue)", "风险类型：\(r.label)", "风险类型含此项的风险未消除户", unit: .households, .riskHouseholds(r), higherIsBetter: false))
        }
        // 疑点数 and 整改率 by rule (issue 18 §1): which check a village's findings come from, ranked like the rest.
        for c in DataCheckCode.allCases {
            list.append(Indicator("ZL-\(c.rawValue)", "疑点数：\(c.check.name)", "\(c.rawValue)截至当日发现、尚未整改也未核实说明的疑点", unit: .pieces, .dataFindings(c), higherIsBetter: false))
            list.append(Indicator("ZL-\(c.rawValue)-R", "疑点整改率：\(c.check.name)", "\(c.rawValue)截至当日已整改的 ÷（已整改的 + 尚未整改也未说明的）",
                                  unit: .rate, .dataFindingsClosed(c), over: .dataFindingsHandled(c)))
        }
        return list
    }()

    /// 衔接资金, 项目 and 项目资产 (issue 15 §4, ledgers-rules.md §L1–L3), for the fund year of the day asked and as of
    /// that day. 下达 is a county's: a township's figures have none, so rates over it read "—" there, and a county's
    /// own projects and assets count in its total, under no township.
    public static let moneyAndThings: [Indicator] = [
        Indicator("ZJ01", "衔接资金下达", "当年下达到县的衔接资金和统筹整合资金（截至当日）", unit: .wan, .fundIssued),
        Indicator("ZJ02", "项目对接资金", "当年批次对接到项目的资金（截至当日）", unit: .wan, .fundAllocated),
        Indicator("ZJ03", "已支付资金", "当年批次已支付的资金，冲销已扣减（截至当日）", unit: .wan, .fundPaid),
        Indicator("ZJ04", "支付进度（占下达）", "已支付 ÷ 已下达", unit: .rate, .fundPaid, over: .fundIssued),
        Indicator("ZJ05", "支付进度（占对接）", "已支付 ÷ 已对接", unit: .rate, .fundPaid, over: .fundAllocated),
        Indicator("ZJ06", "产业项目资金", "计入产业占比基数的批次对接到产业类项目的资金", unit: .wan, .fundIndustry),
        Indicator("ZJ07", "产业占比", "产业项目资金 ÷ 当年规则所称基数的衔接资金", unit: .rate, .fundIndustry, over: .fundIndustryBase),
        Indicator("XM01", "项目数", "当年项目（未被否决），截至当日已申报", unit: .pieces, .projects),
        Indicator("XM02", "开工率", "已开工项目 ÷ 纳入年度计划的项目", unit: .rate, .projectsStarted, over: .projectsPlanned),
        Indicator("XM03", "完工率", "已完工项目 ÷ 纳入年度计划的项目", unit: .rate, .projectsBuilt, over: .projectsPlanned),
        Indicator("ZC01", "帮扶项目资产数", "在册（未处置）的帮扶项目资产", unit: .pieces, .assets),
        Indicator("ZC02", "资产原值", "在册资产的原值", unit: .wan, .assetValue),
        Indicator("ZC03", "资产年收益", "当年截至当月登记的资产收益", unit: .wan, .assetIncome),
        Indicator("ZC04", "资产收益率", "资产年收益 ÷ 资产原值", unit: .rate, .assetIncome, over: .assetValue),
        Indicator("ZC05", "资产确权率", "已确权的在册资产 ÷ 在册资产", unit: .rate, .assetsConfirmed, over: .assets),
        Indicator("ZC06", "光伏发电量", "光伏电站当年截至当月的发电量", unit: .kwh, .solarKWh),
        Indicator("ZC07", "光伏收益", "光伏电站当年截至当月的收益", unit: .wan, .solarIncome),
        Indicator("ZC08", "帮扶车间就业人数", "在册帮扶车间吸纳就业的人数", unit: .persons, .workshopJobs),
        Indicator("ZC09", "车间吸纳脱贫人口和监测对象", "帮扶车间就业人员中的脱贫人口和监测对象", unit: .persons, .workshopJobsTargets),
        Indicator("DK01", "户贷率", "截至当日有小额信贷余额的户 ÷（享受政策的已脱贫户 + 风险未消除的监测户）", unit: .rate, .loanHouseholds, over: .loanBase),
        Indicator("DK02", "当年新增贷款户比例", "当年截至当日新放贷的户 ÷ 同一基数", unit: .rate, .loanNewHouseholds, over: .loanBase),
        Indicator("DK03", "小额信贷余额", "截至当日银行最近报送的余额（未报送的按放款金额）", unit: .wan, .loanBalance),
        Indicator("DK04", "逾期率", "逾期贷款余额 ÷ 贷款余额", unit: .rate, .loanOverdue, over: .loanBalance, higherIsBetter: false),
        Indicator("DK05", "不良率", "逾期90天以上的贷款余额 ÷ 贷款余额", unit: .rate, .loanBad, over: .loanBalance, higherIsBetter: false),
        Indicator("JY01", "脱贫人口务工人数", "当年1月至截至月份有务工记录或在公益岗位上的脱贫人口和监测对象", unit: .persons, .jobWorkers),
        Indicator("JY02", "省外务工人数", "务工人数中最近一段在省外的", unit: .persons, .jobOutside),
        Indicator("JY03", "公益岗位在岗人数", "截至当日在公益性岗位上的人", unit: .persons, .jobPosts),
        Indicator("JY04", "雨露计划人数", "当年截至当日发放雨露计划补助的学生", unit: .persons, .yuluStudents),
        Indicator("JY05", "雨露计划金额", "当年截至当日发放的雨露计划补助", unit: .wan, .yuluAmount),
        Indicator("JY06", "新增持证人数", "当年截至当日取得证书的脱贫人口和监测对象", unit: .persons, .newCertificates),
        Indicator("JY07", "交通补助人数", "当年截至当日发放跨省务工交通补助的人", unit: .persons, .transportPersons),
        Indicator("BX01", "防贫保险赔付", "当年方案截至当日已支付的赔付", unit: .wan, .insurancePaid),
        Indicator("BX02", "防贫保险赔付户数", "当年方案截至当日得到赔付的户", unit: .households, .insuranceHouseholds),
        Indicator("XF01", "涉贫信访件数", "当年截至当日收到的有效件", unit: .pieces, .petitions, higherIsBetter: false),
        Indicator("XF02", "及时受理率", "收到之日起期限内告知是否受理的 ÷ 告知期限已到或已告知的", unit: .rate, .petitionsToldInTime, over: .petitionsTellDue),
        Indicator("XF03", "按期办结率", "期限内办结的 ÷ 已办结或办理期限已到的受理件", unit: .rate, .petitionsSettledInTime, over: .petitionsSettleDue),
        Indicator("XF04", "信访办结率", "已办结 ÷ 受理", unit: .rate, .petitionsSettled, over: .petitionsAccepted),
        Indicator("XF05", "信访参评率", "信访人参加评价的 ÷ 已办结", unit: .rate, .petitionsRated, over: .petitionsSettled),
        Indicator("XF06", "信访满意率", "满意和基本满意 ÷ 参评", unit: .rate, .petitionsSatisfied, over: .petitionsRated),
        Indicator("XF07", "上年同期信访件数", "上年1月1日至上年同一日收到的有效件，与XF01对照", unit: .pieces, .petitionsLastYear, higherIsBetter: false),
        Indicator("ZL01", "疑点数", "截至当日核查发现、尚未整改也未核实说明的疑点数据", unit: .pieces, .dataFindings, higherIsBetter: false),
        Indicator("ZL02", "疑点整改率", "截至当日已整改的 ÷（已整改的 + 尚未整改也未说明的）", unit: .rate, .dataFindingsClosed, over: .dataFindingsHandled),
    ]

    /// Whether an indicator is one of the money, project and asset figures (read as of the period's last day).
    public static func isMoneyAndThings(_ code: String) -> Bool { moneyCodes.contains(code) }
    static let moneyCodes = Set(moneyAndThings.map(\.code))

    public static func indicator(_ code: String) -> Indicator? { all.first { $0.code == code } }

    /// The columns a dashboard shows first.
    public static let headline = ["JC01", "JC02", "JC03", "XC03", "BF01", "BF03", "SB01", "SB02", "SB04"]
}

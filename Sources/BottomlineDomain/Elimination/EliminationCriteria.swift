/// 风险消除 criteria (policy-rules.md §6): every one is checked, and each unmet one is said in Chinese so the cadre
/// knows what is still missing. Nothing is eliminated by a quota or by default.
public struct EliminationCheck: Sendable {
    public struct Input: Sendable {
        public var method: EliminationMethod
        public var today: CivilDate
        /// 纳入 date; nil when the household is not (or no longer) a monitoring object.
        public var identifiedOn: CivilDate?
        public var alreadyEliminated: Bool
        public var minimumMonths: Int
        public var stableIncomeMonths: Int
        /// The latest registered year: 人均纯收入 and the same after 合规自付支出.
        public var latestIncome: (year: Int, perCapita: Money, afterSelfPaid: Money)?
        /// The monitoring line of that income year.
        public var line: Money?
        /// Visits within the stable-income window, with what they found of income.
        public var recentVisits: [(date: CivilDate, trend: IncomeTrend)]
        public var deliveredMeasures: Int
        public var hasLabour: Bool
        /// Labels of unresolved 三保障/饮水 problems.
        public var basicNeedGaps: [String]
        public var risks: [RiskType]
        /// The risks the cadre states are removed.
        public var resolvedRisks: Set<RiskType>

        public init(method: EliminationMethod, today: CivilDate, identifiedOn: CivilDate?, alreadyEliminated: Bool = false,
                    minimumMonths: Int, stableIncomeMonths: Int, latestIncome: (year: Int, perCapita: Money, afterSelfPaid: Money)?,
                    line: Money?, recentVisits: [(date: CivilDate, trend: IncomeTrend)], deliveredMeasures: Int, hasLabour: Bool,
                    basicNeedGaps: [String], risks: [RiskType], resolvedRisks: Set<RiskType>) {
            self.method = method
            self.today = today
            self.identifiedOn = identifiedOn
            self.alreadyEliminated = alreadyEliminated
            self.minimumMonths = minimumMonths
            self.stableIncomeMonths = stableIncomeMonths
            self.latestIncome = latestIncome
            self.line = line
            self.recentVisits = recentVisits
            self.deliveredMeasures = deliveredMeasures
            self.hasLabour = hasLabour
            self.basicNeedGaps = basicNeedGaps
            self.risks = risks
            self.resolvedRisks = resolvedRisks
        }
    }

    public let unmet: [String]
    public var passes: Bool { unmet.isEmpty }

    public init(_ input: Input) {
        var unmet: [String] = []
        guard let identified = input.identifiedOn, !input.alreadyEliminated else {
            unmet.append(input.alreadyEliminated ? "该户风险已标注消除" : "该户不是监测对象，无需风险消除")
            self.unmet = unmet
            return
        }
        let earliest = identified.adding(months: input.minimumMonths)
        if input.today < earliest {
            unmet.append("纳入监测未满\(input.minimumMonths)个月（\(identified)纳入，最早可于\(earliest)提出）")
        }
        // Income: the latest year above the line, also after rigid spending, and no visit of the window finding it falling.
        if let income = input.latestIncome {
            if income.year < input.today.year - 1 {
                unmet.append("最近登记的是\(income.year)年收入，请先登记\(input.today.year - 1)年或当年收入")
            }
            if let line = input.line {
                if income.perCapita < line {
                    unmet.append("\(income.year)年人均纯收入\(income.perCapita.yuanText)元，未超过监测标准\(line.yuanText)元")
                } else if income.afterSelfPaid < line {
                    unmet.append("扣除合规自付支出后人均\(income.afterSelfPaid.yuanText)元，低于监测标准，大额刚性支出问题尚未解决")
                }
            } else {
                unmet.append("尚未设置\(income.year)年监测标准，无法判断收入")
            }
        } else {
            unmet.append("尚未登记收入，无法判断收入是否稳定超过监测标准")
        }
        let windowStart = input.today.adding(months: -input.stableIncomeMonths)
        let inWindow = input.recentVisits.filter { $0.date >= windowStart && $0.date <= input.today }
        if inWindow.isEmpty {
            unmet.append("近\(input.stableIncomeMonths)个月没有走访记录，无法确认收入稳定")
        } else if let falling = inWindow.filter({ $0.trend == .falling }).map(\.date).max() {
            unmet.append("\(falling)走访发现收入下降，收入尚未稳定超过监测标准满\(input.stableIncomeMonths)个月")
        }
        if input.method == .assisted, input.deliveredMeasures == 0 {
            unmet.append("帮扶消除须至少落实一项帮扶措施，本户尚无实施中或已完成的措施")
        }
        if !input.hasLabour {
            unmet.append("整户无劳动力，按规定不标注风险消除，继续跟踪帮扶")
        }
        for gap in input.basicNeedGaps { unmet.append("\(gap)问题尚未解决") }
        for risk in input.risks where !input.resolvedRisks.contains(risk) {
            unmet.append("风险“\(risk.label)”尚未消除")
        }
        if input.risks.isEmpty { unmet.append("未登记风险类型，请先补录") }
        self.unmet = unmet
    }
}


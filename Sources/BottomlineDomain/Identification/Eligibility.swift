/// 识别纳入 assistant: weighs a household against the criteria used since 2024 — income against the year's line,
/// 合规自付支出, 三保障/饮水 problems and its own capacity (labour) — and suggests a category, explaining each step
/// in Chinese. It suggests; people decide.
public struct EligibilityAssessment: Sendable, Equatable {
    public struct Input: Sendable {
        public var category: HouseholdCategory
        public var income: HouseholdIncome?
        public var members: Int
        public var needs: BasicNeedsAssessment
        public var hasLabour: Bool
        public var line: Money?

        public init(category: HouseholdCategory, income: HouseholdIncome?, members: Int, needs: BasicNeedsAssessment,
                    hasLabour: Bool, line: Money?) {
            self.category = category
            self.income = income
            self.members = members
            self.needs = needs
            self.hasLabour = hasLabour
            self.line = line
        }
    }

    public var perCapita: Money?
    /// Per-capita income left after the household's compliant self-paid spending.
    public var perCapitaAfterSelfPaid: Money?
    public var suggestion: MonitoringCategory?
    public var reasons: [String]

    public init(_ input: Input) {
        var reasons: [String] = []
        guard let income = input.income, input.members > 0, let perCapita = income.perCapitaNet(members: input.members) else {
            self.perCapita = nil
            perCapitaAfterSelfPaid = nil
            suggestion = nil
            reasons = ["尚未登记收入，无法判断收入是否低于监测标准"] + input.needs.gaps.map { "\($0.need.label)未保障：\($0.reason)" }
            self.reasons = reasons
            return
        }
        let afterSelfPaid = (income.netIncome - income.compliantSelfPaid).divided(by: input.members)
        self.perCapita = perCapita
        perCapitaAfterSelfPaid = afterSelfPaid
        guard let line = input.line else {
            suggestion = nil
            self.reasons = ["\(income.year)年人均纯收入\(perCapita.yuanText)元；尚未设置\(income.year)年的监测标准，请县级管理员在“政策参数”中录入"]
            return
        }
        let below = perCapita < line
        reasons.append("\(income.year)年人均纯收入\(perCapita.yuanText)元，" + (below ? "低于" : "不低于") + "监测标准\(line.yuanText)元")
        if income.compliantSelfPaid > .zero {
            reasons.append("扣除合规自付支出\(income.compliantSelfPaid.yuanText)元后人均\(afterSelfPaid.yuanText)元" + (afterSelfPaid < line ? "，低于监测标准" : ""))
        }
        for gap in input.needs.gaps { reasons.append("\(gap.need.label)未保障：\(gap.reason)") }
        reasons.append(input.hasLabour ? "家庭有劳动力" : "整户无劳动力，自主应对能力弱")

        if below {
            // Within the monitoring range: a 脱贫户 is 脱贫不稳定, an ordinary household 边缘易致贫.
            suggestion = input.category == .alleviated ? .unstableAlleviated : .marginal
        } else if afterSelfPaid < line || !input.needs.gaps.isEmpty {
            // Income above the line, but rigid spending or a basic-needs problem causes serious difficulty.
            suggestion = .suddenHardship
        } else {
            suggestion = nil
        }
        if let suggestion {
            reasons.append("建议纳入监测，类别：\(suggestion.label)")
        } else {
            reasons.append("收入不低于监测标准，三保障和饮水均有保障，暂不符合纳入条件")
        }
        self.reasons = reasons
    }
}

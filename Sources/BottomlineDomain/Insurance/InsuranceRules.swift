/// 防贫保险 (issue 16 §2, ledgers-rules.md §L8): a county buys cover for a year; a household whose 合规自付 medical
/// cost (after 医保, 大病保险 and 医疗救助), education cost or disaster loss passes the scheme's line is paid a share of
/// the excess, up to a cap. Every number is the scheme's, entered with it for its year; each payout is shown with its
/// arithmetic. 赔付率 = paid ÷ premium; what is not paid out is carried into the next year.

public enum InsuranceTrigger: String, CodeList {
    case illness, education, disaster
    public static let listName = "赔付类型"
    public var label: String {
        switch self {
        case .illness: "因病"
        case .education: "因学"
        case .disaster: "因灾"
        }
    }
    /// What the cost is called on the claim.
    public var costLabel: String {
        switch self {
        case .illness: "合规自付医疗费用"
        case .education: "自付教育费用"
        case .disaster: "灾害损失"
        }
    }
}

/// One trigger of a scheme: the line the cost must pass, the share of the excess paid, and the cap (nil: none).
public struct TriggerRule: Sendable, Equatable, Hashable {
    public var line: Money
    /// Hundredths of a percent: 7000 is 70%.
    public var ratio: Int64
    public var cap: Money?
    public init(line: Money, ratio: Int64, cap: Money?) {
        self.line = line
        self.ratio = ratio
        self.cap = cap
    }

    public var text: String {
        "起付线\(line.yuanText)元，超过部分赔付\(PolicyParameter.percentText(ratio))%" + (cap.map { "，封顶\($0.yuanText)元" } ?? "，不封顶")
    }
}

public enum ClaimStatus: String, CodeList {
    case proposed, checked, paid, refused
    public static let listName = "理赔状态"
    public var label: String {
        switch self {
        case .proposed: "待审核"
        case .checked: "已审核待支付"
        case .paid: "已赔付"
        case .refused: "不予赔付"
        }
    }
}

public enum InsuranceRules {
    /// The payout for a cost under a rule, and the sentence that shows how it was reached.
    public static func payout(cost: Money, rule: TriggerRule, trigger: InsuranceTrigger) -> (amount: Money, arithmetic: String) {
        let excess = cost - rule.line
        guard excess.fen > 0 else {
            return (.zero, "\(trigger.costLabel)\(cost.yuanText)元，未超过起付线\(rule.line.yuanText)元")
        }
        // Half a 分 and up rounds up.
        let raw = Money(fen: (excess.fen * rule.ratio * 2 + 10_000) / 20_000)
        let said = "（\(trigger.costLabel)\(cost.yuanText)元 − 起付线\(rule.line.yuanText)元）× \(PolicyParameter.percentText(rule.ratio))% = \(raw.yuanText)元"
        if let cap = rule.cap, raw > cap { return (cap, said + "，超过封顶\(cap.yuanText)元，赔付\(cap.yuanText)元") }
        return (raw, said)
    }

    /// 赔付率: paid ÷ premium.
    public static func lossRatio(paid: Money, premium: Money) -> MoneyShare { MoneyShare(paid, of: premium) }

    /// What the year leaves for the next: what was carried in, plus the premium, less what was paid.
    public static func carriedForward(carriedIn: Money, premium: Money, paid: Money) -> Money { carriedIn + premium - paid }
}

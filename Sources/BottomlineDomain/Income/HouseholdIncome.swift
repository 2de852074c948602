/// A household's income for one year, as the 收入 part of the collection form has it.
///
/// 家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 收入 − 生产经营性支出; 人均纯收入 = 家庭纯收入 ÷ household size.
public struct HouseholdIncome: Hashable, Sendable, Codable {
    public var year: Int
    /// 工资性收入
    public var wages: Money
    /// 生产经营性收入
    public var business: Money
    /// 财产性收入
    public var property: Money
    /// 转移性收入
    public var transfers: Money
    /// 生产经营性支出
    public var businessCosts: Money
    /// 合规自付支出 (medical and education spending the household paid itself); used by eligibility, not net income.
    public var compliantSelfPaid: Money

    public init(year: Int, wages: Money = .zero, business: Money = .zero, property: Money = .zero,
                transfers: Money = .zero, businessCosts: Money = .zero, compliantSelfPaid: Money = .zero) {
        self.year = year
        self.wages = wages
        self.business = business
        self.property = property
        self.transfers = transfers
        self.businessCosts = businessCosts
        self.compliantSelfPaid = compliantSelfPaid
    }

    public var grossIncome: Money { wages + business + property + transfers }
    /// 家庭纯收入.
    public var netIncome: Money { grossIncome - businessCosts }

    /// 人均纯收入 for a household of `members` people; nil for an empty household.
    public func perCapitaNet(members: Int) -> Money? {
        members > 0 ? netIncome.divided(by: members) : nil
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case negative(field: String)
        case badYear(Int)
        public var description: String {
            switch self {
            case .negative(let f): "\(f)不能为负数"
            case .badYear(let y): "收入年度\(y)不在合理范围内"
            }
        }
    }

    public subscript(field: IncomeField) -> Money {
        get {
            switch field {
            case .wages: wages
            case .business: business
            case .property: property
            case .transfers: transfers
            case .businessCosts: businessCosts
            case .compliantSelfPaid: compliantSelfPaid
            }
        }
        set {
            switch field {
            case .wages: wages = newValue
            case .business: business = newValue
            case .property: property = newValue
            case .transfers: transfers = newValue
            case .businessCosts: businessCosts = newValue
            case .compliantSelfPaid: compliantSelfPaid = newValue
            }
        }
    }

    public func validate(today: CivilDate = .today) -> [Problem] {
        var problems: [Problem] = []
        if !(2013...(today.year + 1)).contains(year) { problems.append(.badYear(year)) }
        for field in IncomeField.allCases where self[field].isNegative {
            problems.append(.negative(field: field.label))
        }
        return problems
    }
}

/// The amounts of the income form, in the form's order.
public enum IncomeField: String, CaseIterable, Sendable {
    case wages, business, property, transfers, businessCosts = "business_costs", compliantSelfPaid = "compliant_self_paid"

    public var label: String {
        switch self {
        case .wages: "工资性收入"
        case .business: "生产经营性收入"
        case .property: "财产性收入"
        case .transfers: "转移性收入"
        case .businessCosts: "生产经营性支出"
        case .compliantSelfPaid: "合规自付支出"
        }
    }
}

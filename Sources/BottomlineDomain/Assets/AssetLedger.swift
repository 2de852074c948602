/// 帮扶项目资产 (ledgers-rules.md §L3; 国办函〔2021〕51号, 豫政办〔2021〕33号): what a project leaves behind once it is
/// accepted, who owns and runs it, what it earns, and where the earnings go.
public enum AssetClass: String, CodeList {
    case operating, publicWelfare = "public_welfare", household
    public static let listName = "资产类别"
    public var label: String {
        switch self {
        case .operating: "经营性资产"
        case .publicWelfare: "公益性资产"
        case .household: "到户类资产"
        }
    }
    public var aliases: [String] { [String(label.dropLast(2))] }

    /// The class a project's category usually leaves: 产业 and 就业 projects build operating assets, the rest public ones.
    public static func likely(for category: ProjectCategory) -> AssetClass {
        switch category {
        case .industry, .employment: .operating
        case .basicNeeds: .household
        default: .publicWelfare
        }
    }
}

/// Special kinds of asset with fields of their own.
public enum AssetKind: String, CodeList {
    case general, photovoltaic, workshop
    public static let listName = "资产类型"
    public var label: String {
        switch self {
        case .general: "一般资产"
        case .photovoltaic: "光伏电站"
        case .workshop: "帮扶车间"
        }
    }
}

/// 所有权人: 权属 pushed down to the village or the household as far as possible.
public enum AssetOwner: String, CodeList {
    case villageCollective = "village_collective", township, county, household, other
    public static let listName = "所有权人"
    public var label: String {
        switch self {
        case .villageCollective: "村集体经济组织"
        case .township: "乡镇"
        case .county: "县级"
        case .household: "农户"
        case .other: "其他"
        }
    }
}

/// 经营方式.
public enum OperationWay: String, CodeList {
    case selfRun = "self_run", lease, shares, entrusted, none
    public static let listName = "经营方式"
    public var label: String {
        switch self {
        case .selfRun: "自营"
        case .lease: "出租"
        case .shares: "入股"
        case .entrusted: "托管"
        case .none: "不经营（公益性）"
        }
    }
}

/// 四个一批 (农规发〔2024〕26号).
public enum FourBatchClass: String, CodeList {
    case consolidate, upgrade, revitalize, adjust
    public static let listName = "四个一批分类"
    public var label: String {
        switch self {
        case .consolidate: "巩固一批"
        case .upgrade: "升级一批"
        case .revitalize: "盘活一批"
        case .adjust: "调整一批"
        }
    }
}

/// Where an asset's income goes (收益用途).
public enum IncomeUse: String, CodeList {
    case maintenance, publicJobs = "public_jobs", smallWelfare = "small_welfare", reward, monitoredSupport = "monitored_support"
    case industry, retained
    public static let listName = "收益用途"
    public var label: String {
        switch self {
        case .maintenance: "运营管护"
        case .publicJobs: "公益岗位工资"
        case .smallWelfare: "村级小型公益事业"
        case .reward: "小微奖励补助"
        case .monitoredSupport: "监测对象和脱贫人口临时困难帮扶"
        case .industry: "发展产业"
        case .retained: "村集体留存"
        }
    }

    /// 光伏 income only for 公益岗位, 小型公益事业 and 小微奖励补助 (国开办发〔2017〕61号 as restated).
    public var allowedForPhotovoltaic: Bool { [.publicJobs, .smallWelfare, .reward].contains(self) }
    /// Uses that pay named households or persons, who must be in the registry.
    public var paysHouseholds: Bool { [.publicJobs, .reward, .monitoredSupport].contains(self) }
}

public enum AssetRules {
    /// Checks one year's distribution line of an asset's income; nil when it may be recorded. `payouts` are the
    /// amounts to households (empty when the use pays none); `distributed` is what was already given out of `income`.
    public static func checkDistribution(use: IncomeUse, amount: Money, payouts: [Money], kind: AssetKind,
                                         income: Money, distributed: Money) -> FieldProblem? {
        guard amount > .zero else { return FieldProblem("分配金额应大于0") }
        if kind == .photovoltaic, !use.allowedForPhotovoltaic {
            return FieldProblem("光伏电站收益只能用于公益岗位、村级小型公益事业和小微奖励补助")
        }
        let left = income - distributed
        guard amount <= left else {
            return FieldProblem("超出当年未分配收益\((amount - left).wanText)万元：收益\(income.wanText)万元，已分配\(distributed.wanText)万元")
        }
        if use.paysHouseholds {
            guard !payouts.isEmpty else { return FieldProblem("“\(use.label)”应列出领取的农户和金额") }
            let total = payouts.reduce(Money.zero, +)
            guard total == amount else { return FieldProblem("各户金额合计\(total.yuanText)元，与分配金额\(amount.yuanText)元不符") }
            // 严禁简单平均分配: the same sum to many households is a hand-out, not pay for work or help for need.
            if payouts.count >= 5, Set(payouts).count == 1 {
                return FieldProblem("\(payouts.count)户金额完全相同，属于简单平均分配，不符合规定；请按岗位工作量或困难程度确定金额")
            }
        } else if !payouts.isEmpty {
            return FieldProblem("“\(use.label)”不直接发放到户")
        }
        return nil
    }
}

/// An asset ledger's figures (§L3 "Figures offices report").
public struct AssetFigures: Sendable, Equatable {
    public var count = 0
    public var value: Money = .zero
    public var income: Money = .zero
    public var confirmed = 0
    public var byFourBatch: [FourBatchClass: Int] = [:]
    /// 光伏电站: stations, their capacity, the year's generation and income.
    public var stations = 0
    public var capacityKW = 0
    public var kwh: Int64 = 0
    public var stationIncome: Money = .zero
    /// 帮扶车间: workshops and the jobs they give, of which to 脱贫人口 and 监测对象.
    public var workshops = 0
    public var jobs = 0
    public var jobsAlleviated = 0
    public var jobsMonitored = 0

    public init() {}

    /// Income a kWh, in 元 to three decimals ("0.412"); nil without generation.
    public var incomePerKWh: String? {
        guard kwh > 0 else { return nil }
        let milli = (stationIncome.fen * 10 + kwh / 2) / kwh   // 分 ×10 per kWh = 厘, rounded
        return "\(milli / 1000).\(String(repeating: "0", count: 3 - String(milli % 1000).count))\(milli % 1000)"
    }

    /// Share of workshop jobs held by 脱贫人口 and 监测对象.
    public var lowIncomeJobShare: (part: Int, whole: Int) { (jobsAlleviated + jobsMonitored, jobs) }

    /// 收益率 = 年收益 ÷ 资产总值.
    public var returnRate: MoneyShare { MoneyShare(income, of: value) }
    /// 确权率 = assets with a 确权 date ÷ assets.
    public var confirmedShare: (Int, Int) { (confirmed, count) }
}

/// 衔接资金 and the funds integrated beside it (ledgers-rules.md §L1): who issued a batch, what kind of money it is,
/// and who a payment went to. Labels are as offices print them.
public enum FundLevel: String, CodeList, Comparable {
    case central, province, city, county
    public static let listName = "资金级别"

    public var label: String {
        switch self {
        case .central: "中央"
        case .province: "省级"
        case .city: "市级"
        case .county: "县级"
        }
    }

    /// "省", "省级资金", "中央资金" as county files write them.
    public var aliases: [String] { self == .central ? ["中央资金"] : [String(label.prefix(1)), label + "资金"] }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// 衔接资金 (财政衔接推进乡村振兴补助资金) or money 统筹整合 from other 涉农资金 beside it, marked as such (seed 001
/// reports them apart: 衔接资金 13.04亿, 整合 27.34亿).
public enum FundKind: String, CodeList {
    case linkage, integrated
    public static let listName = "资金性质"

    public var label: String {
        switch self {
        case .linkage: "衔接资金"
        case .integrated: "统筹整合涉农资金"
        }
    }

    public var aliases: [String] {
        switch self {
        case .linkage: ["财政衔接推进乡村振兴补助资金", "衔接推进乡村振兴补助资金"]
        case .integrated: ["统筹整合资金", "整合资金", "涉农整合资金"]
        }
    }
}

/// Who a payment went to: works are paid to the winning contractor, subsidies 到人到户 (seed 000).
public enum PayeeKind: String, CodeList {
    case contractor, cooperative, household, person
    public static let listName = "收款方类型"

    public var label: String {
        switch self {
        case .contractor: "中标单位"
        case .cooperative: "合作社"
        case .household: "农户"
        case .person: "个人"
        }
    }
}

/// The base an 产业占比 is taken over: Henan's 2023–2025 rule counts central 衔接资金 only; the 2021 rule all levels'.
public enum IndustryShareBase: String, CodeList {
    case centralLinkage = "central_linkage", allLinkage = "all_linkage"
    public static let listName = "产业占比计算基数"

    public var label: String {
        switch self {
        case .centralLinkage: "中央衔接资金"
        case .allLinkage: "各级衔接资金"
        }
    }

    public init?(label: String) {
        guard let base = Self.allCases.first(where: { $0.label == label }) else { return nil }
        self = base
    }

    public func counts(_ level: FundLevel, _ kind: FundKind) -> Bool {
        guard kind == .linkage else { return false }
        return self == .allLinkage || level == .central
    }
}

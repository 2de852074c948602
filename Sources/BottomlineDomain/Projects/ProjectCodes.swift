/// 项目类别 of the 项目库 (ledgers-rules.md §L2): Henan's plans use the first three; the rest are as the national system
/// lists them (numeric codes were not found, so the codes here are ours). Wording can be changed as data (CodeLabels).
public enum ProjectCategory: String, CodeList {
    case industry, employment, ruralConstruction = "rural_construction", relocationSupport = "relocation_support"
    case basicNeeds = "basic_needs", governance, management, other
    public static let listName = "项目类别"

    public var label: String {
        switch self {
        case .industry: "产业发展"
        case .employment: "就业项目"
        case .ruralConstruction: "乡村建设行动"
        case .relocationSupport: "易地搬迁后扶"
        case .basicNeeds: "巩固三保障成果"
        case .governance: "乡村治理和精神文明"
        case .management: "项目管理费"
        case .other: "其他"
        }
    }

    public var aliases: [String] {
        switch self {
        case .industry: ["产业项目", "产业"]
        case .employment: ["就业", "就业帮扶"]
        case .ruralConstruction: ["乡村建设", "基础设施"]
        case .relocationSupport: ["易地扶贫搬迁后续扶持", "搬迁后扶"]
        case .basicNeeds: ["三保障", "巩固三保障"]
        case .governance: ["乡村治理"]
        default: []
        }
    }

    /// Money for this category counts toward 产业占比.
    public var countsAsIndustry: Bool { self == .industry }
}

/// 联农带农 ways (国乡振发〔2022〕9号 as counties restate it).
public enum FarmerLinkWay: String, CodeList {
    case production, employment, dividend
    public static let listName = "联农带农方式"

    public var label: String {
        switch self {
        case .production: "发展生产"
        case .employment: "吸纳就业"
        case .dividend: "收益分红"
        }
    }
}

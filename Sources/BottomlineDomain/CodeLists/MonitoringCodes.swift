/// Code lists of the monitoring lifecycle (policy-rules.md §3–§6). Stored by code; labels live here only.

/// 返贫致贫风险类型: up to five per monitored household. Codes 01–99 follow the list seen in use [S26]; 10 and 11
/// (住房, 饮水) are used by Guizhou's checks [S24] and numbered here where that list has no code.
public enum RiskType: String, CodeList {
    case illness = "01"
    case flood = "0201", geological = "0202", drought = "0203", biological = "0204", weather = "0205", earthquake = "0206"
    case otherDisaster = "0299"
    case disability = "03", lackOfLabour = "04", accident = "05", industryFailure = "06", unstableEmployment = "07"
    case education = "09", housing = "10", water = "11", other = "99"
    public static let listName = "风险类型"
    public var label: String {
        switch self {
        case .illness: "因病"
        case .flood: "因灾（洪涝）"
        case .geological: "因灾（地质灾害）"
        case .drought: "因灾（旱灾）"
        case .biological: "因灾（生物灾害）"
        case .weather: "因灾（气象灾害）"
        case .earthquake: "因灾（地震）"
        case .otherDisaster: "因灾（其他）"
        case .disability: "因残"
        case .lackOfLabour: "缺劳动力"
        case .accident: "因意外事故"
        case .industryFailure: "因产业失败"
        case .unstableEmployment: "因务工就业不稳"
        case .education: "因学"
        case .housing: "因安全住房"
        case .water: "因安全饮水"
        case .other: "其他"
        }
    }
    public var aliases: [String] {
        switch self {
        case .flood: ["洪涝", "因洪涝"]
        case .otherDisaster: ["因灾", "自然灾害"]
        case .accident: ["意外事故", "因意外"]
        default: [String(label.drop { $0 == "因" })]
        }
    }
    /// The most a household may carry.
    public static let maximumPerHousehold = 5

    /// Reads the stored form ",01,03,": codes between commas, so a list filter can match one code with LIKE.
    public static func decode(_ stored: String?) -> [RiskType] {
        (stored ?? "").split(separator: ",").compactMap { RiskType(rawValue: String($0)) }
    }

    public static func encode(_ risks: [RiskType]) -> String {
        risks.isEmpty ? "" : "," + risks.map(\.rawValue).joined(separator: ",") + ","
    }
}

/// 帮扶措施的14个类别 [S25][S24].
public enum MeasureCategory: String, CodeList {
    case industry, employment, finance, welfareJob = "welfare_job", health, compulsoryEducation = "compulsory_education"
    case otherEducation = "other_education", socialSecurity = "social_security", housing, water, socialAid = "social_aid"
    case relocation, livingConditions = "living_conditions", infrastructure
    public static let listName = "帮扶措施类别"
    public var label: String {
        switch self {
        case .industry: "产业帮扶"
        case .employment: "就业帮扶"
        case .finance: "金融帮扶"
        case .welfareJob: "公益岗位帮扶"
        case .health: "健康帮扶"
        case .compulsoryEducation: "义务教育保障"
        case .otherEducation: "其他教育帮扶"
        case .socialSecurity: "综合保障"
        case .housing: "住房安全保障"
        case .water: "饮水安全保障"
        case .socialAid: "社会帮扶"
        case .relocation: "搬迁"
        case .livingConditions: "生产生活条件改善"
        case .infrastructure: "基础设施建设"
        }
    }
    /// The department that usually delivers it, offered as a default on the form.
    public var usualDepartment: String {
        switch self {
        case .industry, .livingConditions: "农业农村局"
        case .employment, .welfareJob: "人社局"
        case .finance: "金融机构"
        case .health: "医保局"
        case .compulsoryEducation, .otherEducation: "教育局"
        case .socialSecurity: "民政局"
        case .housing: "住建局"
        case .water: "水利局"
        case .socialAid: "乡村振兴局"
        case .relocation: "发展改革委"
        case .infrastructure: "交通运输局"
        }
    }
}

/// A measure's state: planned, being delivered, delivered, or stopped before it was.
public enum MeasureStatus: String, CodeList {
    case planned, ongoing, completed, stopped
    public static let listName = "措施状态"
    public var label: String {
        switch self {
        case .planned: "计划"
        case .ongoing: "实施中"
        case .completed: "已完成"
        case .stopped: "已终止"
        }
    }
    /// Whether the household has received (or is receiving) it: what counts as "a measure delivered".
    public var delivered: Bool { self == .ongoing || self == .completed }
}

/// Where a clue came from (policy-rules.md §3).
public enum ClueSource: String, CodeList {
    case selfDeclared = "self", cadre, screening
    public static let listName = "线索来源"
    public var label: String {
        switch self {
        case .selfDeclared: "农户自主申报"
        case .cadre: "基层干部排查"
        case .screening: "部门筛查预警"
        }
    }
}

/// A clue waits to be verified, then either starts an identification or is closed with the reason.
public enum ClueStatus: String, CodeList {
    case open, inCase = "in_case", closed
    public static let listName = "线索状态"
    public var label: String {
        switch self {
        case .open: "待核实"
        case .inCase: "已启动识别"
        case .closed: "已办结"
        }
    }
}

/// 风险消除方式 [S25].
public enum EliminationMethod: String, CodeList {
    case assisted, natural
    public static let listName = "风险消除方式"
    public var label: String { self == .assisted ? "帮扶消除" : "自然消除" }
}

/// How a visit found the household's income.
public enum IncomeTrend: String, CodeList {
    case stable, rising, falling
    public static let listName = "收入情况"
    public var label: String {
        switch self {
        case .stable: "稳定"
        case .rising: "增加"
        case .falling: "下降"
        }
    }
}

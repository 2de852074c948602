/// Code lists of the registry. Each value is stored by its stable code (`rawValue`); its Chinese label and the aliases
/// that office files use live here and nowhere else.
public protocol CodeList: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable {
    /// The label shown to users.
    var label: String { get }
    /// Other spellings accepted on import (old labels, abbreviations).
    var aliases: [String] { get }
    /// What the list is called, for messages ("劳动能力").
    static var listName: String { get }
}

extension CodeList {
    public var aliases: [String] { [] }

    /// The labels users may choose from, for messages and form options.
    public static var labels: [String] { allCases.map(\.label) }
}

/// A code list's labels, codes and aliases in one dictionary, for reading many rows of a file.
public struct CodeLookup<L: CodeList>: Sendable {
    private let map: [String: L]

    public init() {
        var map: [String: L] = [:]
        for value in L.allCases.reversed() {
            for key in value.aliases + [value.rawValue, value.label] { map[key] = value }
        }
        self.map = map
    }

    public func callAsFunction(_ text: String) -> L? { map[text.trimmingASCIISpaces()] }
}

/// 户类别.
public enum HouseholdCategory: String, CodeList {
    case alleviated = "alleviated"
    case ordinary = "ordinary"
    public static let listName = "户类别"
    public var label: String {
        switch self {
        case .alleviated: "脱贫户"
        case .ordinary: "一般农户"
        }
    }
    public var aliases: [String] {
        switch self {
        case .alleviated: ["脱贫", "建档立卡脱贫户", "已脱贫户"]
        case .ordinary: ["一般户", "非贫困户", "农户"]
        }
    }
}

/// 监测对象类别 (三类户). Labels for later periods live in the policy tables of the lifecycle.
public enum MonitoringCategory: String, CodeList {
    case unstableAlleviated = "unstable"
    case marginal = "marginal"
    case suddenHardship = "sudden"
    public static let listName = "监测对象类别"
    public var label: String {
        switch self {
        case .unstableAlleviated: "脱贫不稳定户"
        case .marginal: "边缘易致贫户"
        case .suddenHardship: "突发严重困难户"
        }
    }
    public var aliases: [String] {
        switch self {
        case .unstableAlleviated: ["脱贫不稳定"]
        case .marginal: ["边缘易致贫", "边缘户"]
        case .suddenHardship: ["突发严重困难"]
        }
    }
}

/// 与户主关系.
public enum Relation: String, CodeList {
    case householder, spouse, son, daughter, daughterInLaw = "daughter_in_law", sonInLaw = "son_in_law"
    case grandson, granddaughter, grandchildViaDaughter = "grandchild_daughter", father, mother
    case parentInLaw = "parent_in_law", grandparent, sibling, other
    public static let listName = "与户主关系"
    public var label: String {
        switch self {
        case .householder: "户主"
        case .spouse: "配偶"
        case .son: "之子"
        case .daughter: "之女"
        case .daughterInLaw: "之儿媳"
        case .sonInLaw: "之女婿"
        case .grandson: "之孙子"
        case .granddaughter: "之孙女"
        case .grandchildViaDaughter: "之外孙子女"
        case .father: "之父"
        case .mother: "之母"
        case .parentInLaw: "之公婆或岳父母"
        case .grandparent: "之祖父母"
        case .sibling: "之兄弟姐妹"
        case .other: "其他"
        }
    }
    public var aliases: [String] {
        switch self {
        case .householder: ["本人", "户主本人"]
        case .spouse: ["妻", "夫", "妻子", "丈夫"]
        case .son: ["子", "儿子", "长子", "次子"]
        case .daughter: ["女", "女儿", "长女", "次女"]
        case .daughterInLaw: ["儿媳"]
        case .sonInLaw: ["女婿"]
        case .grandson: ["孙子"]
        case .granddaughter: ["孙女"]
        case .grandchildViaDaughter: ["外孙子", "外孙女", "外孙"]
        case .father: ["父亲"]
        case .mother: ["母亲"]
        case .parentInLaw: ["岳父", "岳母", "公公", "婆婆"]
        case .grandparent: ["祖父", "祖母", "爷爷", "奶奶"]
        case .sibling: ["兄", "弟", "姐", "妹", "兄弟姐妹"]
        case .other: ["其它"]
        }
    }
}

/// 劳动能力 (劳动技能).
public enum LabourCapacity: String, CodeList {
    case skilled, ordinary, weak, lost, none
    public static let listName = "劳动能力"
    public var label: String {
        switch self {
        case .skilled: "技能劳动力"
        case .ordinary: "普通劳动力"
        case .weak: "弱劳动力或半劳动力"
        case .lost: "丧失劳动力"
        case .none: "无劳动力"
        }
    }
    public var aliases: [String] {
        switch self {
        case .skilled: ["技能"]
        case .ordinary: ["普通劳动力", "普通"]
        case .weak: ["弱劳动力", "半劳动力"]
        case .lost: ["丧失"]
        case .none: ["无"]
        }
    }
    /// Whether the person counts as labour for 整户无劳动力 and for 开发式 measures.
    public var isLabour: Bool { self == .skilled || self == .ordinary || self == .weak }
}

/// 健康状况.
public enum HealthStatus: String, CodeList {
    case healthy, chronic, serious, disabled
    public static let listName = "健康状况"
    public var label: String {
        switch self {
        case .healthy: "健康"
        case .chronic: "长期慢性病"
        case .serious: "大病"
        case .disabled: "残疾"
        }
    }
    public var aliases: [String] {
        switch self {
        case .healthy: ["良好"]
        case .chronic: ["慢性病", "患有长期慢性病"]
        case .serious: ["患有大病", "重病"]
        case .disabled: ["残疾人"]
        }
    }
}

/// 残疾等级 (一级 most severe).
public enum DisabilityGrade: String, CodeList {
    case first = "1", second = "2", third = "3", fourth = "4"
    public static let listName = "残疾等级"
    public var label: String {
        switch self {
        case .first: "一级"
        case .second: "二级"
        case .third: "三级"
        case .fourth: "四级"
        }
    }
    public var aliases: [String] {
        switch self {
        case .first: ["1级", "一级残疾"]
        case .second: ["2级", "二级残疾"]
        case .third: ["3级", "三级残疾"]
        case .fourth: ["4级", "四级残疾"]
        }
    }
}

/// 在校生状况 (education stage).
public enum EducationStage: String, CodeList {
    case preschoolAge = "preschool_age", preschool, compulsory, dropout, highSchool = "high_school"
    case vocational, college, university, notInSchool = "not_in_school"
    public static let listName = "在校生状况"
    public var label: String {
        switch self {
        case .preschoolAge: "学龄前儿童"
        case .preschool: "学前教育"
        case .compulsory: "义务教育在校"
        case .dropout: "义务教育阶段辍学"
        case .highSchool: "普通高中在校"
        case .vocational: "中职在校"
        case .college: "高职高专在校"
        case .university: "本科及以上在校"
        case .notInSchool: "非在校生"
        }
    }
    public var aliases: [String] {
        switch self {
        case .preschoolAge: ["学龄前"]
        case .preschool: ["幼儿园", "学前"]
        case .compulsory: ["小学", "初中", "七年级", "义务教育"]
        case .dropout: ["辍学", "失学辍学", "失学"]
        case .highSchool: ["高中", "普通高中"]
        case .vocational: ["中职", "中专", "技校"]
        case .college: ["高职", "大专", "高职高专"]
        case .university: ["本科", "研究生", "大学"]
        case .notInSchool: ["非在校", "不在校", "已毕业", "无"]
        }
    }
    /// Stages after compulsory education, where 其他教育帮扶 (雨露计划) applies.
    public var isNonCompulsoryStudy: Bool { [.highSchool, .vocational, .college, .university].contains(self) }
}

/// 务工状态.
public enum EmploymentStatus: String, CodeList {
    case none, withinCounty = "county", withinProvince = "province", outsideProvince = "outside", abroad
    case publicWelfareJob = "welfare_job"
    public static let listName = "务工状态"
    public var label: String {
        switch self {
        case .none: "未务工"
        case .withinCounty: "县内务工"
        case .withinProvince: "省内县外务工"
        case .outsideProvince: "省外务工"
        case .abroad: "境外务工"
        case .publicWelfareJob: "公益性岗位"
        }
    }
    public var aliases: [String] {
        switch self {
        case .none: ["无", "否", "未外出务工"]
        case .withinCounty: ["县内"]
        case .withinProvince: ["省内", "省内县外"]
        case .outsideProvince: ["省外", "外省"]
        case .abroad: ["境外", "国外"]
        case .publicWelfareJob: ["公益岗位", "公益岗"]
        }
    }
    public var isEmployed: Bool { self != .none }
}

/// 住房安全等级 (房屋安全性鉴定): A and B are safe, C and D must be renovated.
public enum HousingGrade: String, CodeList {
    case a = "A", b = "B", c = "C", d = "D"
    public static let listName = "住房安全等级"
    public var label: String { "\(rawValue)级" }
    public var aliases: [String] { [rawValue, rawValue.lowercased(), "\(rawValue)级危房"] }
    public var isSafe: Bool { self == .a || self == .b }
}

/// 人员状态: a person is never deleted; leaving the household is an event that sets this.
public enum MemberStatus: String, CodeList {
    case present, deceased, marriedOut = "married_out", movedOut = "moved_out"
    public static let listName = "人员状态"
    public var label: String {
        switch self {
        case .present: "在册"
        case .deceased: "已故"
        case .marriedOut: "婚出"
        case .movedOut: "迁出"
        }
    }
    public var isMember: Bool { self == .present }
}

/// 户状态: a household is never deleted; one merged into another stays on record, closed.
public enum HouseholdStatus: String, CodeList {
    case active, merged
    public static let listName = "户状态"
    public var label: String {
        switch self {
        case .active: "正常"
        case .merged: "已并户"
        }
    }
}

/// Yes/no as office files write it.
public enum YesNo {
    public static func parse(_ text: String) -> Bool? {
        switch text.trimmingASCIISpaces() {
        case "是", "Y", "y", "yes", "Yes", "true", "1", "已参加", "参加", "安全", "有": true
        case "否", "N", "n", "no", "No", "false", "0", "未参加", "不安全", "无": false
        default: nil
        }
    }
    public static func label(_ value: Bool) -> String { value ? "是" : "否" }
    /// A form's checkbox as browsers and API clients send it ticked.
    public static func isTicked(_ text: String) -> Bool { text == "true" || text == "是" || text == "on" }
}

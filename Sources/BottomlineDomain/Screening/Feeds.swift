/// 部门筛查预警 (policy-rules.md §8): the kinds of departmental file, the columns each carries, and what a row means.

/// One column a feed may carry: its stable key, the header most offices use, other spellings seen, and how it reads.
public struct FeedField: Hashable, Sendable {
    public enum Kind: Sendable { case id, text, date, money, code }
    public let key: String
    public let label: String
    public let aliases: [String]
    public let kind: Kind
    public let required: Bool

    public init(_ key: String, _ label: String, _ kind: Kind, required: Bool = false, aliases: [String] = []) {
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.aliases = aliases
    }

    public static let id = FeedField("id", "身份证号", .id, required: true, aliases: ["公民身份号码", "身份证号码", "证件号码", "证件号", "身份证"])
    public static let name = FeedField("name", "姓名", .text, aliases: ["参保人姓名", "人员姓名", "学生姓名", "户主姓名"])
}

/// A department's file kind.
public enum FeedKind: String, CaseIterable, Sendable, Codable {
    case medical, education, civilAffairs = "civil_affairs", disability, housing, emergency, employment, police
    case business, vehicle, property

    public var label: String {
        switch self {
        case .medical: "医保结算"
        case .education: "教育（学籍与资助）"
        case .civilAffairs: "民政（低保、特困、临时救助）"
        case .disability: "残联（残疾人证）"
        case .housing: "住建（房屋安全鉴定）"
        case .emergency: "应急（灾害损失）"
        case .employment: "人社（失业、务工中断）"
        case .police: "公安（死亡、迁移）"
        case .business: "市场监管（经营主体）"
        case .vehicle: "车管（机动车）"
        case .property: "不动产（城镇房产）"
        }
    }

    /// The department that sends it (a 部门数据员's department).
    public var department: String {
        switch self {
        case .medical: "医保局"
        case .education: "教育局"
        case .civilAffairs: "民政局"
        case .disability: "残联"
        case .housing: "住建局"
        case .emergency: "应急管理局"
        case .employment: "人社局"
        case .police: "公安局"
        case .business: "市场监管局"
        case .vehicle: "公安局交管部门"
        case .property: "自然资源局（不动产登记）"
        }
    }

    /// Whether a hit excludes (a household with a business, a car or urban property is checked before it is helped).
    public var isExclusionCheck: Bool { [.business, .vehicle, .property].contains(self) }

    static func date(_ label: String, _ aliases: [String]) -> FeedField { FeedField("date", label, .date, required: true, aliases: aliases + ["日期"]) }

    /// The columns: 身份证号 and a date in every feed, then the feed's own.
    public var fields: [FeedField] {
        var fields: [FeedField] = [.id, .name]
        switch self {
        case .medical:
            fields += [Self.date("结算日期", ["费用结算日期", "出院日期", "结算时间"]),
                       FeedField("total", "总费用", .money, aliases: ["医疗总费用", "费用总额"]),
                       FeedField("basic", "基本医保支付", .money, aliases: ["统筹支付", "基本医疗保险支付", "基本医保"]),
                       FeedField("serious", "大病保险支付", .money, aliases: ["大病保险", "大病支付"]),
                       FeedField("assistance", "医疗救助支付", .money, aliases: ["医疗救助", "救助支付"]),
                       FeedField("selfPaid", "个人自付", .money, required: true, aliases: ["个人负担", "个人自付金额", "自付费用", "个人自付费用"])]
        case .education:
            fields += [Self.date("登记日期", ["变动日期", "入学日期"]),
                       FeedField("stage", "学段", .code, required: true, aliases: ["在读学段", "就读学段"]),
                       FeedField("status", "学籍状态", .code, required: true, aliases: ["状态", "在学状态"]),
                       FeedField("selfPaid", "自付费用", .money, aliases: ["本人负担", "个人负担费用"])]
        case .civilAffairs:
            fields += [Self.date("变动日期", ["审批日期", "救助日期"]),
                       FeedField("item", "救助类型", .code, required: true, aliases: ["保障类型", "救助项目"]),
                       FeedField("change", "变动类型", .code, required: true, aliases: ["变动", "状态"])]
        case .disability:
            fields += [Self.date("发证日期", ["办证日期"]), FeedField("grade", "残疾等级", .code, required: true, aliases: ["等级"])]
        case .housing:
            fields += [Self.date("鉴定日期", ["评定日期"]), FeedField("grade", "鉴定等级", .code, required: true, aliases: ["危房等级", "房屋安全等级"])]
        case .emergency:
            fields += [Self.date("灾害日期", ["受灾日期"]), FeedField("loss", "损失金额", .money, required: true, aliases: ["直接经济损失", "损失"]),
                       FeedField("level", "受灾程度", .code, aliases: ["损失程度"])]
        case .employment:
            fields += [Self.date("登记日期", ["发生日期"]), FeedField("event", "事项", .code, required: true, aliases: ["类型", "变动类型"])]
        case .police:
            fields += [Self.date("发生日期", ["死亡日期", "迁移日期", "登记日期"]), FeedField("event", "事项", .code, required: true, aliases: ["类型", "变动类型"])]
        case .business, .vehicle, .property:
            fields += [Self.date("登记日期", ["注册日期", "成立日期"]), FeedField("item", "说明", .text, aliases: ["名称", "车牌号", "坐落"])]
        }
        return fields
    }

    /// The coded or text columns a rule may filter rows on (not the person's name).
    public var filterableFields: [FeedField] { fields.filter { ($0.kind == .code || $0.kind == .text) && $0.key != FeedField.name.key } }

    /// Finds each field's column in a header row. Unknown columns are ignored; a required one missing is named.
    public func columns(in header: [String]) -> Result<[String: Int], FieldProblem> {
        let cleaned = header.map { $0.trimmingASCIISpaces().replacingOccurrences(of: "（元）", with: "").replacingOccurrences(of: "(元)", with: "") }
        var map: [String: Int] = [:]
        var missing: [String] = []
        for field in fields {
            if let i = cleaned.firstIndex(where: { $0 == field.label || field.aliases.contains($0) }) {
                map[field.key] = i
            } else if field.required {
                missing.append(field.label)
            }
        }
        guard missing.isEmpty else {
            return .failure(FieldProblem("\(label)文件缺少必需的列：\(missing.joined(separator: "、"))。第一行应为列名，例如：\(fields.filter(\.required).map(\.label).joined(separator: "，"))"))
        }
        return .success(map)
    }
}

/// The registry import file: one row per person, household fields repeated on each row of the household.
///
/// Column headers are Chinese, with the aliases office files commonly use. The whole file is validated before anything
/// is written; every bad row is reported with its row number, column, value and the reason in Chinese.
public enum RegistryColumn: String, CaseIterable, Sendable {
    case householdNumber, villageCode, villageName, name, idNumber, relation, labour, health, disability, education
    case medicalInsured, employment, workPlace, phone, bankAccount, category, relocated, address, housingGrade, waterSecure
    case incomeYear, wages, business, property, transfers, businessCosts, compliantSelfPaid

    public var header: String {
        switch self {
        case .householdNumber: "户编号"
        case .villageCode: "村区划代码"
        case .villageName: "村名称"
        case .name: "姓名"
        case .idNumber: "身份证号"
        case .relation: "与户主关系"
        case .labour: "劳动能力"
        case .health: "健康状况"
        case .disability: "残疾等级"
        case .education: "在校生状况"
        case .medicalInsured: "参加基本医疗保险"
        case .employment: "务工状态"
        case .workPlace: "务工地点"
        case .phone: "联系电话"
        case .bankAccount: "补贴发放账号"
        case .category: "户类别"
        case .relocated: "易地扶贫搬迁"
        case .address: "家庭住址"
        case .housingGrade: "住房安全等级"
        case .waterSecure: "饮水安全"
        case .incomeYear: "收入年度"
        case .wages: IncomeField.wages.label
        case .business: IncomeField.business.label
        case .property: IncomeField.property.label
        case .transfers: IncomeField.transfers.label
        case .businessCosts: IncomeField.businessCosts.label
        case .compliantSelfPaid: IncomeField.compliantSelfPaid.label
        }
    }

    public var aliases: [String] {
        switch self {
        case .householdNumber: ["户号", "户编码", "家庭编号", "户主编号"]
        case .villageCode: ["村代码", "区划代码", "行政区划代码", "所在村代码", "村编码"]
        case .villageName: ["行政村", "所在村", "村"]
        case .name: ["成员姓名", "人员姓名"]
        case .idNumber: ["身份证号码", "证件号码", "公民身份号码", "身份证"]
        case .relation: ["与户主的关系", "关系"]
        case .labour: ["劳动技能", "劳动力状况"]
        case .health: ["健康情况"]
        case .disability: ["残疾级别"]
        case .education: ["在校情况", "教育阶段", "就学状况", "在校状况"]
        case .medicalInsured: ["是否参加基本医疗保险", "参加城乡居民基本医疗保险", "基本医保", "参加医保"]
        case .employment: ["务工情况", "务工状况"]
        case .workPlace: ["务工所在地", "务工地址"]
        case .phone: ["电话", "手机号", "手机号码", "联系方式"]
        case .bankAccount: ["一卡通账号", "惠民惠农一卡通账号", "银行账号", "银行卡号", "补贴账号", "开户账号"]
        case .category: ["户类型", "农户类别", "户属性"]
        case .relocated: ["是否易地扶贫搬迁", "易地搬迁", "是否易地搬迁"]
        case .address: ["住址", "地址"]
        case .housingGrade: ["住房安全", "房屋安全等级", "危房等级"]
        case .waterSecure: ["饮水是否安全", "安全饮水"]
        case .incomeYear: ["年度"]
        // Amount headers may carry a unit, "工资性收入（元）", which `match` strips.
        case .wages, .business, .property, .transfers, .businessCosts, .compliantSelfPaid: []
        }
    }

    public static let required: [RegistryColumn] = [.householdNumber, .villageCode, .name, .idNumber, .relation, .category]
    static let householdFields: [RegistryColumn] = [.villageCode, .villageName, .phone, .bankAccount, .category, .relocated, .address,
                                                    .housingGrade, .waterSecure, .incomeYear, .wages, .business,
                                                    .property, .transfers, .businessCosts, .compliantSelfPaid]
    public static let incomeAmounts: [RegistryColumn] = [.wages, .business, .property, .transfers, .businessCosts, .compliantSelfPaid]

    /// Matches a header cell, ignoring spaces, full-width brackets and a "(元)" unit suffix.
    public static func match(_ header: String) -> RegistryColumn? {
        let key = normalise(header)
        return allCases.first { column in
            normalise(column.header) == key || column.aliases.contains { normalise($0) == key }
        }
    }

    private static func normalise(_ s: String) -> String {
        var t = s.trimmingASCIISpaces().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "*", with: "")
        for unit in ["（元）", "(元)"] where t.hasSuffix(unit) { t.removeLast(unit.count) }
        return t
    }
}

/// One reason a row was refused.
public struct ImportProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Row in the file, counting the header as row 1 (as a spreadsheet shows it); 0 for the file as a whole.
    public let row: Int
    public let column: String
    public let value: String
    public let reason: String

    public init(row: Int, column: String, value: String, reason: String) {
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
    }

    public var description: String {
        row == 0 ? reason : "第\(row)行【\(column)】“\(value)”：\(reason)"
    }
}

/// A table read from a file: header and rows of text cells.
public struct Table: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Spreadsheet row number of each row (header is row 1), kept through blank-line skipping.
    public var rowNumbers: [Int]

    public init(header: [String], rows: [[String]], rowNumbers: [Int]? = nil) {
        self.header = header
        self.rows = rows
        self.rowNumbers = rowNumbers ?? rows.indices.map { $0 + 2 }
    }
}

public struct RegistryImportResult: Sendable {
    public var households: [HouseholdDraft]
    public var problems: [ImportProblem]
    public var rowCount: Int
    public var isValid: Bool { problems.isEmpty }
}


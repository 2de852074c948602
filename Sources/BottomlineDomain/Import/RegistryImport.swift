/// The registry import file: one row per person, household fields repeated on each row of the household.
///
/// Column headers are Chinese, with the aliases office files commonly use. The whole file is validated before anything
/// is written; every bad row is reported with its row number, column, value and the reason in Chinese.
public enum RegistryColumn: String, CaseIterable, Sendable {
    case householdNumber, villageCode, villageName, name, idNumber, relation, labour, health, disability, education
    case medicalInsured, employment, workPlace, phone, category, relocated, address, housingGrade, waterSecure
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
    static let householdFields: [RegistryColumn] = [.villageCode, .villageName, .phone, .category, .relocated, .address,
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
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
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

public enum RegistryImportValidator {
    /// Most rows one file may carry; a province-wide registry is split by county.
    public static let maxRows = 3_000_000

    static func villageCode(_ raw: String) -> RegionCode? {
        guard let code = RegionCode(raw), code.level == .village else { return nil }
        return code
    }

    public static func validate(_ table: Table, today: CivilDate = .today) -> RegistryImportResult {
        var problems: [ImportProblem] = []
        var columnIndex: [RegistryColumn: Int] = [:]
        for (i, header) in table.header.enumerated() {
            guard let column = RegistryColumn.match(header) else { continue }
            if columnIndex[column] != nil {
                problems.append(.init(row: 1, column: header, value: header, reason: "列名重复：“\(column.header)”出现多次"))
            } else {
                columnIndex[column] = i
            }
        }
        let missing = RegistryColumn.required.filter { columnIndex[$0] == nil }
        if !missing.isEmpty {
            problems.append(.init(row: 1, column: "表头", value: table.header.joined(separator: ","),
                                  reason: "缺少必填列：" + missing.map(\.header).joined(separator: "、")))
        }
        if table.rows.isEmpty {
            problems.append(.init(row: 0, column: "", value: "", reason: "文件中没有数据行"))
        }
        if table.rows.count > maxRows {
            problems.append(.init(row: 0, column: "", value: "", reason: "文件行数超过上限（\(maxRows)行），请按县拆分后导入"))
        }
        guard problems.isEmpty else { return .init(households: [], problems: problems, rowCount: table.rows.count) }

        let relations = CodeLookup<Relation>(), categories = CodeLookup<HouseholdCategory>()
        let labours = CodeLookup<LabourCapacity>(), healths = CodeLookup<HealthStatus>(), grades = CodeLookup<DisabilityGrade>()
        let stages = CodeLookup<EducationStage>(), employments = CodeLookup<EmploymentStatus>(), housings = CodeLookup<HousingGrade>()
        var households: [String: HouseholdDraft] = [:]
        var householdOrder: [String] = []
        var householdSourceRow: [String: Int] = [:]
        var idRows: [String: Int] = [:]

        for (index, cells) in table.rows.enumerated() {
            let rowNumber = table.rowNumbers[index]
            var rowProblems: [ImportProblem] = []
            func cell(_ column: RegistryColumn) -> String {
                guard let i = columnIndex[column], i < cells.count else { return "" }
                return cells[i].trimmingASCIISpaces()
            }
            func fail(_ column: RegistryColumn, _ reason: String) {
                rowProblems.append(.init(row: rowNumber, column: column.header, value: cell(column), reason: reason))
            }
            func required<T>(_ column: RegistryColumn, _ parse: (String) -> T?, _ reason: @autoclosure () -> String) -> T? {
                let text = cell(column)
                if text.isEmpty {
                    fail(column, "必填项为空")
                    return nil
                }
                guard let value = parse(text) else {
                    fail(column, reason())
                    return nil
                }
                return value
            }
            func optional<T>(_ column: RegistryColumn, _ parse: (String) -> T?, _ reason: @autoclosure () -> String) -> T? {
                let text = cell(column)
                if text.isEmpty { return nil }
                guard let value = parse(text) else {
                    fail(column, reason())
                    return nil
                }
                return value
            }
            func codeList<L: CodeList>(_ column: RegistryColumn, _ lookup: CodeLookup<L>) -> L? {
                optional(column, { lookup($0) }, "不是有效的\(L.listName)，可填：" + L.labels.joined(separator: "、"))
            }

            if cells.count > table.header.count {
                rowProblems.append(.init(row: rowNumber, column: "整行", value: cells.joined(separator: ","),
                                         reason: "该行有\(cells.count)列，多于表头的\(table.header.count)列（可能含未加引号的逗号）"))
            }
            let number: String? = {
                let raw = cell(.householdNumber)
                switch FieldRules.householdNumber(raw) {
                case .success(let n): return n
                case .failure(let p):
                    fail(.householdNumber, p.message)
                    return nil
                }
            }()
            let name: String? = {
                switch FieldRules.name(cell(.name)) {
                case .success(let n): return n
                case .failure(let p):
                    fail(.name, p.message)
                    return nil
                }
            }()
            var id: ResidentID?
            do {
                id = try ResidentID(validating: cell(.idNumber), today: today)
            } catch {
                fail(.idNumber, error.description)
            }
            if let id {
                if let first = idRows[id.value] {
                    fail(.idNumber, "与第\(first)行身份证号重复")
                } else {
                    idRows[id.value] = rowNumber
                }
            }
            let relation = required(.relation, { relations($0) }, "不是有效的与户主关系，可填：" + Relation.labels.joined(separator: "、"))
            let village = required(.villageCode, Self.villageCode, "村区划代码应为12位数字")
            let category = required(.category, { categories($0) }, "不是有效的户类别，可填：" + HouseholdCategory.labels.joined(separator: "、"))
            let labour = codeList(.labour, labours)
            let health = codeList(.health, healths)
            let disability = codeList(.disability, grades)
            if health == .disabled, disability == nil, cell(.disability).isEmpty {
                fail(.disability, "健康状况为残疾时须填写残疾等级")
            }
            let education = codeList(.education, stages)
            let insured = optional(.medicalInsured, YesNo.parse, "应填“是”或“否”")
            let employment = codeList(.employment, employments)
            let workPlace: String? = {
                switch FieldRules.shortText(cell(.workPlace), label: "务工地点", max: 50) {
                case .success(let t): return t.isEmpty ? nil : t
                case .failure(let p):
                    fail(.workPlace, p.message)
                    return nil
                }
            }()
            let phone: String? = {
                switch FieldRules.phone(cell(.phone)) {
                case .success(let p): return p
                case .failure(let p):
                    fail(.phone, p.message)
                    return nil
                }
            }()
            let address: String = {
                switch FieldRules.shortText(cell(.address), label: "家庭住址") {
                case .success(let t): return t
                case .failure(let p):
                    fail(.address, p.message)
                    return ""
                }
            }()
            let villageName: String? = {
                switch FieldRules.shortText(cell(.villageName), label: "村名称", max: 30) {
                case .success(let t): return t.isEmpty ? nil : t
                case .failure(let p):
                    fail(.villageName, p.message)
                    return nil
                }
            }()
            let relocated = optional(.relocated, YesNo.parse, "应填“是”或“否”") ?? false
            let housing = codeList(.housingGrade, housings)
            let water = optional(.waterSecure, YesNo.parse, "应填“是”或“否”（或“安全”“不安全”）")

            var income: HouseholdIncome?
            let amountsGiven = RegistryColumn.incomeAmounts.contains { !cell($0).isEmpty }
            if amountsGiven || !cell(.incomeYear).isEmpty {
                let year = required(.incomeYear, { Int($0) }, "收入年度应为四位年份")
                var draft = HouseholdIncome(year: year ?? today.year)
                for (column, field) in zip(RegistryColumn.incomeAmounts, IncomeField.allCases) {
                    let text = cell(column)
                    guard !text.isEmpty else { continue }
                    guard let amount = Money(parsing: text) else {
                        fail(column, "金额格式错误（应为数字，最多两位小数）")
                        continue
                    }
                    if amount.isNegative {
                        fail(column, "金额不能为负数")
                        continue
                    }
                    draft[field] = amount
                }
                if let year, !(2013...(today.year + 1)).contains(year) { fail(.incomeYear, "收入年度不在合理范围内") }
                income = draft
            }

            guard rowProblems.isEmpty, let number, let name, let id, let relation, let village, let category else {
                problems += rowProblems
                continue
            }
            let person = PersonDraft(name: name, id: id, relation: relation, labour: labour, health: health,
                                     disability: health == .disabled ? disability : disability, education: education,
                                     medicalInsured: insured, employment: employment, workPlace: workPlace,
                                     sourceRow: rowNumber)
            if var household = households[number] {
                // Household fields must agree across the household's rows; a blank repeats the first row's value.
                func conflict(_ column: RegistryColumn, _ mine: String) {
                    problems.append(.init(row: rowNumber, column: column.header, value: cell(column),
                                          reason: "与同户第\(householdSourceRow[number]!)行的“\(mine)”不一致"))
                }
                if household.villageCode != village { conflict(.villageCode, household.villageCode.digits) }
                if household.category != category { conflict(.category, household.category.label) }
                if !cell(.housingGrade).isEmpty, household.housingGrade != housing { conflict(.housingGrade, household.housingGrade?.label ?? "") }
                if !cell(.waterSecure).isEmpty, household.waterSecure != water { conflict(.waterSecure, household.waterSecure.map(YesNo.label) ?? "") }
                if household.income == nil { household.income = income }
                else if let income, income != household.income { conflict(.incomeYear, "同户收入应只填一次或各行一致") }
                if household.phone == nil { household.phone = phone }
                if household.address.isEmpty { household.address = address }
                if household.housingGrade == nil { household.housingGrade = housing }
                if household.waterSecure == nil { household.waterSecure = water }
                if household.villageName == nil { household.villageName = villageName }
                household.relocated = household.relocated || relocated
                household.members.append(person)
                households[number] = household
            } else {
                householdOrder.append(number)
                householdSourceRow[number] = rowNumber
                households[number] = HouseholdDraft(number: number, villageCode: village, villageName: villageName,
                                                    address: address, phone: phone, category: category,
                                                    relocated: relocated, housingGrade: housing, waterSecure: water,
                                                    income: income, members: [person])
            }
        }

        for number in householdOrder {
            guard let household = households[number] else { continue }
            let heads = household.members.filter { $0.relation == .householder }
            if heads.count != 1 {
                let row = householdSourceRow[number]!
                problems.append(.init(row: row, column: RegistryColumn.relation.header, value: number,
                                      reason: heads.isEmpty ? "户\(number)没有户主" : "户\(number)有\(heads.count)个户主，应只有一个"))
            }
        }
        let drafts = problems.isEmpty ? householdOrder.map { households[$0]! } : []
        return .init(households: drafts, problems: problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) },
                     rowCount: table.rows.count)
    }
}

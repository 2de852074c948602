/// One data row of the registry file, parsed: a household of the one person the row names, with the household
/// fields the row carries.
public struct RegistryRow: Sendable {
    public var household: HouseholdDraft
    /// Whether the row's cell was filled: a blank repeats the household's other rows, a value must agree with them.
    public var housingGiven: Bool
    public var waterGiven: Bool
    public var number: String { household.number }
    public var person: PersonDraft { household.members[0] }
}

/// Reads one row of the registry file into a `RegistryRow`, or says in Chinese what is wrong with each cell.
public struct RegistryRowParser: Sendable {
    let columnIndex: [RegistryColumn: Int]
    let headerCount: Int
    let today: CivilDate
    let relations = CodeLookup<Relation>(), categories = CodeLookup<HouseholdCategory>()
    let labours = CodeLookup<LabourCapacity>(), healths = CodeLookup<HealthStatus>(), grades = CodeLookup<DisabilityGrade>()
    let stages = CodeLookup<EducationStage>(), employments = CodeLookup<EmploymentStatus>(), housings = CodeLookup<HousingGrade>()

    /// The parser for a header row, or the header's problems (a column twice, required columns missing).
    public static func make(header: [String], today: CivilDate) -> (parser: RegistryRowParser?, problems: [ImportProblem]) {
        var problems: [ImportProblem] = []
        var columnIndex: [RegistryColumn: Int] = [:]
        for (i, name) in header.enumerated() {
            guard let column = RegistryColumn.match(name) else { continue }
            if columnIndex[column] != nil {
                problems.append(.init(row: 1, column: name, value: name, reason: "列名重复：“\(column.header)”出现多次"))
            } else {
                columnIndex[column] = i
            }
        }
        let missing = RegistryColumn.required.filter { columnIndex[$0] == nil }
        if !missing.isEmpty {
            problems.append(.init(row: 1, column: "表头", value: header.joined(separator: ","),
                                  reason: "缺少必填列：" + missing.map(\.header).joined(separator: "、")))
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (RegistryRowParser(columnIndex: columnIndex, headerCount: header.count, today: today), [])
    }

    /// What `parse` makes of one row.
    public typealias Parsed = (row: RegistryRow?, id: ResidentID?, problems: [ImportProblem])

    /// The row, or nil with every problem of the row; the ID number is given back whenever it is valid, so duplicates
    /// are found even among rows with other problems. It depends on the row alone, so rows may be parsed on several
    /// threads at once and then added in order (`Check.add(_:row:parsed:)`).
    public func parse(_ cells: [String], row rowNumber: Int) -> Parsed {
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
        func text<T>(_ column: RegistryColumn, _ rule: (String) -> Result<T, FieldProblem>) -> T? {
            switch rule(cell(column)) {
            case .success(let t): return t
            case .failure(let p):
                fail(column, p.message)
                return nil
            }
        }

        if cells.count > headerCount {
            rowProblems.append(.init(row: rowNumber, column: "整行", value: cells.joined(separator: ","),
                                     reason: "该行有\(cells.count)列，多于表头的\(headerCount)列（可能含未加引号的逗号）"))
        }
        let number = text(.householdNumber, FieldRules.householdNumber)
        let name = text(.name, FieldRules.name)
        var id: ResidentID?
        do {
            id = try ResidentID(validating: cell(.idNumber), today: today)
        } catch {
            fail(.idNumber, error.description)
        }
        let relation = required(.relation, { relations($0) }, "不是有效的与户主关系，可填：" + Relation.labels.joined(separator: "、"))
        let village = required(.villageCode, RegistryImportValidator.villageCode, "村区划代码应为12位数字")
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
        let workPlace = text(.workPlace) { FieldRules.shortText($0, label: "务工地点", max: 50) }
        let phone: String? = text(.phone, FieldRules.phone) ?? nil
        let bankAccount: String? = text(.bankAccount, FieldRules.bankAccount) ?? nil
        let address = text(.address) { FieldRules.shortText($0, label: "家庭住址") } ?? ""
        let villageName = text(.villageName) { FieldRules.shortText($0, label: "村名称", max: 30) }
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
            return (nil, id, rowProblems)
        }
        let person = PersonDraft(name: name, id: id, relation: relation, labour: labour, health: health,
                                 disability: disability, education: education, medicalInsured: insured,
                                 employment: employment, workPlace: workPlace.flatMap { $0.isEmpty ? nil : $0 },
                                 sourceRow: rowNumber)
        let household = HouseholdDraft(number: number, villageCode: village, villageName: villageName.flatMap { $0.isEmpty ? nil : $0 },
                                       address: address, phone: phone, bankAccount: bankAccount, category: category, relocated: relocated,
                                       housingGrade: housing, waterSecure: water, income: income, members: [person])
        return (RegistryRow(household: household, housingGiven: !cell(.housingGrade).isEmpty,
                            waterGiven: !cell(.waterSecure).isEmpty), id, [])
    }
}

/// The registry file's rules, checked in two passes over a file that is never held whole.
///
/// The first pass (`Check`) reads every row and keeps only what the whole-file rules need: each valid ID number as a
/// 64-bit key with its row, and a small summary per household (rows, village, category, housing, water, income, number
/// of householders). Only when it finds nothing wrong does the second pass (`Assembly`) read the rows again and hand
/// out each household as soon as its last row is read; a file in household order therefore streams in constant memory,
/// and one in another order holds the households that are still open.
public enum RegistryImportValidator {
    /// Most rows one file may carry: a province's registry, about ten million persons.
    public static let maxRows = 10_000_000
    /// Problems a report lists; a file with a wrong column could otherwise produce one for every row.
    public static let maxProblems = 1_000

    static func villageCode(_ raw: String) -> RegionCode? {
        guard let code = RegionCode(raw), code.level == .village else { return nil }
        return code
    }

    /// The first pass.
    public struct Check: Sendable {
        struct Summary: Sendable {
            var firstRow: Int32
            var lastRow: Int32
            var village: RegionCode
            var category: HouseholdCategory
            var housing: HousingGrade?
            var water: Bool?
            var income: HouseholdIncome?
            var heads: Int32
        }

        public let parser: RegistryRowParser
        public private(set) var rows = 0
        public private(set) var problemCount = 0
        private var listed: [ImportProblem] = []
        /// 18-character ID numbers as exact 64-bit keys (17 digits and a check character fit), with their row.
        private var ids: [UInt64: Int32] = [:]
        var households: [String: Summary] = [:]
        /// Households whose householder's row was refused for a problem of its own (reported on that row): the
        /// household is not also reported as having no householder.
        private var refusedHeads: Set<String> = []

        public init(parser: RegistryRowParser) { self.parser = parser }

        mutating func report(_ problem: ImportProblem) {
            problemCount += 1
            if listed.count < RegistryImportValidator.maxProblems { listed.append(problem) }
        }

        /// Reads one data row.
        public mutating func add(_ cells: [String], row: Int) {
            add(cells, row: row, parsed: parser.parse(cells, row: row))
        }

        /// Reads one data row that `parser` has parsed already: rows must come in the file's order, whichever thread
        /// parsed them.
        public mutating func add(_ cells: [String], row: Int, parsed result: RegistryRowParser.Parsed) {
            rows += 1
            guard rows <= maxRows else { return }
            let (parsed, id, rowProblems) = result
            var duplicate: ImportProblem?
            if let id {
                let key = Self.key(id)
                if let first = ids[key] {
                    duplicate = .init(row: row, column: RegistryColumn.idNumber.header, value: cells.cell(parser.columnIndex[.idNumber]), reason: "与第\(first)行身份证号重复")
                } else {
                    ids[key] = Int32(row)
                }
            }
            guard let parsedRow = parsed, duplicate == nil else {
                for problem in rowProblems { report(problem) }
                if let duplicate { report(duplicate) }
                if parser.relations(cells.cell(parser.columnIndex[.relation]).trimmingASCIISpaces()) == .householder {
                    refusedHeads.insert(cells.cell(parser.columnIndex[.householdNumber]).trimmingASCIISpaces())
                }
                return
            }
            let h = parsedRow.household
            let isHead: Int32 = parsedRow.person.relation == .householder ? 1 : 0
            guard var summary = households[parsedRow.number] else {
                households[parsedRow.number] = Summary(firstRow: Int32(row), lastRow: Int32(row), village: h.villageCode,
                                                    category: h.category, housing: h.housingGrade,
                                                    water: h.waterSecure, income: h.income, heads: isHead)
                return
            }
            func conflict(_ column: RegistryColumn, _ mine: String) {
                report(.init(row: row, column: column.header, value: cells.cell(parser.columnIndex[column]),
                             reason: "与同户第\(summary.firstRow)行的“\(mine)”不一致"))
            }
            // Household fields must agree across the household's rows; a blank repeats the first row's value.
            if summary.village != h.villageCode { conflict(.villageCode, summary.village.digits) }
            if summary.category != h.category { conflict(.category, summary.category.label) }
            // Two filled cells must agree; a blank never conflicts, wherever it comes in the household's rows.
            if parsedRow.housingGiven, let known = summary.housing, known != h.housingGrade { conflict(.housingGrade, known.label) }
            if parsedRow.waterGiven, let known = summary.water, known != h.waterSecure { conflict(.waterSecure, YesNo.label(known)) }
            if summary.income == nil { summary.income = h.income }
            else if let income = h.income, income != summary.income { conflict(.incomeYear, "同户收入应只填一次或各行一致") }
            if summary.housing == nil { summary.housing = h.housingGrade }
            if summary.water == nil { summary.water = h.waterSecure }
            summary.heads += isHead
            summary.lastRow = Int32(row)
            households[parsedRow.number] = summary
        }

        /// Problems found beyond the `maxProblems` listed.
        public var omittedProblems: Int { problemCount - listed.count }

        /// Ends the pass: the whole-file rules, then the problems found, in row order (at most `maxProblems`).
        public mutating func finish() -> [ImportProblem] {
            if rows == 0 { report(.init(row: 0, column: "", value: "", reason: "文件中没有数据行")) }
            if rows > maxRows {
                report(.init(row: 0, column: "", value: "", reason: "文件行数超过上限（\(maxRows)行），请按县拆分后导入"))
            }
            for (number, summary) in households where summary.heads != 1 && !(summary.heads == 0 && refusedHeads.contains(number)) {
                report(.init(row: Int(summary.firstRow), column: RegistryColumn.relation.header, value: number,
                             reason: summary.heads == 0 ? "户\(number)没有户主" : "户\(number)有\(summary.heads)个户主，应只有一个"))
            }
            ids = [:]
            refusedHeads = []
            return listed.sorted { ($0.row, $0.column, $0.reason) < ($1.row, $1.column, $1.reason) }
        }

        /// The row a household's first row is on, for ordering what a file in memory gives back.
        func firstRow(of number: String) -> Int { households[number].map { Int($0.firstRow) } ?? 0 }

        static func key(_ id: ResidentID) -> UInt64 {
            var key: UInt64 = 0
            for byte in id.value.utf8 {
                key = key &* 11 &+ (byte == UInt8(ascii: "X") ? 10 : UInt64(byte &- UInt8(ascii: "0")))
            }
            return key
        }
    }

    /// The second pass: rows in, whole households out.
    ///
    /// It keeps of the first pass only the parser and the row each household ends on: at 5,000,000 persons the first
    /// pass's whole summary (a household's village, category, income and rows) is about 300 MB, which the import
    /// held through its writing and index builds and which took its peak past issue 14's 1 GB.
    public struct Assembly: Sendable {
        public let parser: RegistryRowParser
        private let lastRows: [String: Int32]
        private var open: [String: HouseholdDraft] = [:]

        public init(check: Check) {
            parser = check.parser
            var lastRows: [String: Int32] = [:]
            lastRows.reserveCapacity(check.households.count)
            for (number, summary) in check.households { lastRows[number] = summary.lastRow }
            self.lastRows = lastRows
        }

        /// Households still waiting for a later row (none once the last row is read).
        public var openHouseholds: Int { open.count }

        /// Adds a row; returns its household once this was the household's last row.
        public mutating func add(_ cells: [String], row: Int) -> HouseholdDraft? {
            add(row: row, parsed: parser.parse(cells, row: row))
        }

        /// Adds a row `parser` has parsed already; rows must come in the file's order, whichever thread parsed them.
        public mutating func add(row: Int, parsed result: RegistryRowParser.Parsed) -> HouseholdDraft? {
            guard let parsed = result.row else { return nil }
            var household = parsed.household
            if var known = open.removeValue(forKey: parsed.number) {
                let h = parsed.household
                if known.income == nil { known.income = h.income }
                if known.phone == nil { known.phone = h.phone }
                if known.bankAccount == nil { known.bankAccount = h.bankAccount }
                if known.address.isEmpty { known.address = h.address }
                if known.housingGrade == nil { known.housingGrade = h.housingGrade }
                if known.waterSecure == nil { known.waterSecure = h.waterSecure }
                if known.villageName == nil { known.villageName = h.villageName }
                known.relocated = known.relocated || h.relocated
                known.members.append(parsed.person)
                household = known
            }
            if lastRows[parsed.number] == Int32(row) { return household }
            open[parsed.number] = household
            return nil
        }
    }

    /// Both passes over a table held in memory (an XLSX sheet, a test): the households in the order of their first row.
    public static func validate(_ table: Table, today: CivilDate = .today) -> RegistryImportResult {
        let (parser, headerProblems) = RegistryRowParser.make(header: table.header, today: today)
        guard let parser else {
            return .init(households: [], problems: headerProblems, rowCount: table.rows.count)
        }
        var check = Check(parser: parser)
        for (cells, row) in zip(table.rows, table.rowNumbers) { check.add(cells, row: row) }
        let problems = check.finish()
        guard problems.isEmpty else { return .init(households: [], problems: problems, rowCount: table.rows.count) }
        var assembly = Assembly(check: check)
        var households: [HouseholdDraft] = []
        for (cells, row) in zip(table.rows, table.rowNumbers) {
            if let household = assembly.add(cells, row: row) { households.append(household) }
        }
        households.sort { check.firstRow(of: $0.number) < check.firstRow(of: $1.number) }
        return .init(households: households, problems: [], rowCount: table.rows.count)
    }
}

extension [String] {
    func cell(_ index: Int?) -> String {
        guard let index, index < count else { return "" }
        return self[index].trimmingASCIISpaces()
    }
}

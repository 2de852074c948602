/// The lifecycle's forms, read from the submitted fields by name (a missing field reads as empty) and validated into
/// values, with each problem in Chinese keyed by its field.
public typealias FormValues = [String: String]

extension Dictionary where Key == String, Value == String {
    /// A field's text, trimmed; at most `limit` characters are read so an oversized post cannot grow messages.
    public func text(_ key: String, limit: Int = 2000) -> String { String((self[key] ?? "").prefix(limit)).trimmingASCIISpaces() }
    /// Whether a checkbox was ticked.
    public func ticked(_ key: String) -> Bool { ["on", "true", "1", "是", "yes"].contains(self[key] ?? "") }
}

extension FieldRules {
    /// Descriptions and findings: several lines allowed, other control characters not.
    public static func longText(_ raw: String, label: String, max: Int = 500, required: Bool = false) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if required, text.isEmpty { return .failure(.init("请填写\(label)")) }
        if text.count > max { return .failure(.init("\(label)过长（最多\(max)个字）")) }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0) }) {
            return .failure(.init("\(label)含有控制字符"))
        }
        return .success(text)
    }

    /// A date not after `today` (and not before `earliest` when given).
    public static func pastDate(_ raw: String, label: String, today: CivilDate, earliest: CivilDate? = nil) -> Result<CivilDate, FieldProblem> {
        guard let date = CivilDate(parsing: raw) else { return .failure(.init("请填写\(label)（年-月-日）")) }
        if date > today { return .failure(.init("\(label)不能晚于今天")) }
        if let earliest, date < earliest { return .failure(.init("\(label)不能早于\(earliest)")) }
        return .success(date)
    }

    /// Up to five risk types, ticked as `risk_01`, `risk_03`, …
    public static func risks(_ values: FormValues, required: Bool) -> Result<[RiskType], FieldProblem> {
        let risks = RiskType.allCases.filter { values.ticked("risk_" + $0.rawValue) }
        if required, risks.isEmpty { return .failure(.init("请至少选择一项风险类型")) }
        if risks.count > RiskType.maximumPerHousehold { return .failure(.init("风险类型最多选择\(RiskType.maximumPerHousehold)项")) }
        return .success(risks)
    }

    public static func choice<L: CodeList>(_ raw: String, _ type: L.Type) -> Result<L, FieldProblem> {
        guard let value = L(rawValue: raw) else { return .failure(.init("请选择\(L.listName)")) }
        return .success(value)
    }
}

/// 农户自主申报: what a farmer sends from the public page behind the village's QR code.
public struct Declaration: Sendable, Equatable {
    public var name: String
    public var id: ResidentID
    public var phone: String
    public var difficulty: RiskType
    public var description: String

    public init(name: String, id: ResidentID, phone: String, difficulty: RiskType, description: String) {
        self.name = name
        self.id = id
        self.phone = phone
        self.difficulty = difficulty
        self.description = description
    }

    public static func validate(_ values: FormValues, today: CivilDate) -> Result<Declaration, FieldProblems> {
        var errors = FieldErrors()
        let name = errors.take("name", FieldRules.name(values.text("name", limit: 100)))
        var id: ResidentID?
        do { id = try ResidentID(validating: values.text("idNumber", limit: 40), today: today) } catch { errors["idNumber"] = error.description }
        let phoneText = values.text("phone", limit: 40)
        var phone: String?
        if phoneText.isEmpty {
            errors["phone"] = "请填写联系电话，以便村干部联系您"
        } else {
            phone = errors.take("phone", FieldRules.phone(phoneText)) ?? nil
        }
        let difficulty = errors.take("difficulty", FieldRules.choice(values.text("difficulty"), RiskType.self))
        let description = errors.take("description", FieldRules.longText(values.text("description", limit: 5000), label: "困难情况说明", max: 500, required: true))
        if !values.ticked("consent") {
            errors["consent"] = "请阅读并勾选授权承诺，否则无法核查您的家庭情况"
        }
        guard errors.isEmpty, let name, let id, let phone, let difficulty, let description else { return .failure(FieldProblems(errors)) }
        return .success(Declaration(name: name, id: id, phone: phone, difficulty: difficulty, description: description))
    }
}

/// 基层干部排查: a cadre notes a risk found on a visit.
public struct CadreClue: Sendable, Equatable {
    public var difficulty: RiskType
    public var description: String
    public var foundOn: CivilDate

    public init(difficulty: RiskType, description: String, foundOn: CivilDate) {
        self.difficulty = difficulty
        self.description = description
        self.foundOn = foundOn
    }

    public static func validate(_ values: FormValues, today: CivilDate) -> Result<CadreClue, FieldProblems> {
        var errors = FieldErrors()
        let difficulty = errors.take("difficulty", FieldRules.choice(values.text("difficulty"), RiskType.self))
        let description = errors.take("description", FieldRules.longText(values.text("description", limit: 5000), label: "线索情况", required: true))
        let found = errors.take("foundOn", FieldRules.pastDate(values.text("foundOn"), label: "发现日期", today: today, earliest: today.adding(days: -60)))
        guard errors.isEmpty, let difficulty, let description, let found else { return .failure(FieldProblems(errors)) }
        return .success(CadreClue(difficulty: difficulty, description: description, foundOn: found))
    }
}

/// One 帮扶措施 of the household's 一户一策.
public struct MeasureDraft: Sendable, Equatable {
    public var category: MeasureCategory
    public var name: String
    public var department: String
    public var amount: Money?
    public var start: CivilDate
    public var end: CivilDate?
    public var status: MeasureStatus

    public init(category: MeasureCategory, name: String, department: String, amount: Money?, start: CivilDate, end: CivilDate?, status: MeasureStatus) {
        self.category = category
        self.name = name
        self.department = department
        self.amount = amount
        self.start = start
        self.end = end
        self.status = status
    }

    public static func validate(_ values: FormValues, today: CivilDate) -> Result<MeasureDraft, FieldProblems> {
        var errors = FieldErrors()
        let category = errors.take("category", FieldRules.choice(values.text("category"), MeasureCategory.self))
        var name = errors.take("name", FieldRules.shortText(values.text("name", limit: 200), label: "措施内容", max: 60))
        if name?.isEmpty == true {
            errors["name"] = "请填写措施内容（如：雨露计划、光伏收益分配）"
            name = nil
        }
        let department = errors.take("department", FieldRules.shortText(values.text("department", limit: 200), label: "责任部门", max: 30)) ?? ""
        var amount: Money?
        let amountText = values.text("amount", limit: 40)
        if !amountText.isEmpty {
            if let money = Money(parsing: amountText), !money.isNegative, money < Money(yuan: 10_000_000) {
                amount = money
            } else {
                errors["amount"] = "金额应为0至1000万元之间的数字（元）"
            }
        }
        let start = errors.take("start", FieldRules.pastDate(values.text("start"), label: "开始日期", today: today.adding(days: 366)))
        var end: CivilDate?
        let endText = values.text("end")
        if !endText.isEmpty {
            if let date = CivilDate(parsing: endText) {
                if let start, date < start { errors["end"] = "结束日期不能早于开始日期" } else { end = date }
            } else {
                errors["end"] = "结束日期格式错误（年-月-日）"
            }
        }
        let status = errors.take("status", FieldRules.choice(values.text("status"), MeasureStatus.self))
        guard errors.isEmpty, let category, let name, let start, let status else { return .failure(FieldProblems(errors)) }
        return .success(MeasureDraft(category: category, name: name, department: department, amount: amount, start: start, end: end, status: status))
    }
}

/// 走访: what a cadre found on a visit to a monitored household.
public struct VisitDraft: Sendable, Equatable {
    public var date: CivilDate
    public var findings: String
    public var incomeTrend: IncomeTrend
    public var changes: String

    public init(date: CivilDate, findings: String, incomeTrend: IncomeTrend, changes: String) {
        self.date = date
        self.findings = findings
        self.incomeTrend = incomeTrend
        self.changes = changes
    }

    public static func validate(_ values: FormValues, today: CivilDate) -> Result<VisitDraft, FieldProblems> {
        var errors = FieldErrors()
        let date = errors.take("date", FieldRules.pastDate(values.text("date"), label: "走访日期", today: today, earliest: today.adding(days: -90)))
        let findings = errors.take("findings", FieldRules.longText(values.text("findings", limit: 5000), label: "走访情况", required: true))
        let trend = errors.take("incomeTrend", FieldRules.choice(values.text("incomeTrend"), IncomeTrend.self))
        let changes = errors.take("changes", FieldRules.longText(values.text("changes", limit: 5000), label: "收入或家庭变化", max: 300)) ?? ""
        guard errors.isEmpty, let date, let findings, let trend else { return .failure(FieldProblems(errors)) }
        return .success(VisitDraft(date: date, findings: findings, incomeTrend: trend, changes: changes))
    }
}

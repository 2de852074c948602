/// What a person types into the registry's forms, as text, and its validation into drafts. Errors are keyed by field
/// name so a page can show each one beside its field and keep what was typed.
public typealias FieldErrors = [String: String]

public struct HouseholdForm: Codable, Sendable, Equatable {
    public var number: String = ""
    public var villageCode: String = ""
    public var address: String = ""
    public var phone: String = ""
    /// A new 补贴发放账号; left empty, the one on record stays (the edit page never shows it in full).
    public var bankAccount: String = ""
    /// Ticked to remove the account on record.
    public var clearBankAccount: String = ""
    public var category: String = ""
    public var relocated: String = ""
    public var housingGrade: String = ""
    public var waterSecure: String = ""

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case number, villageCode, address, phone, bankAccount, clearBankAccount, category, relocated, housingGrade, waterSecure
    }

    /// Missing fields (an unticked checkbox, a field the page did not show) read as empty, not as a malformed form;
    /// every value is cut to 200 characters before validation so an oversized post cannot grow memory or messages.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { String((try c.decodeIfPresent(String.self, forKey: key) ?? "").prefix(200)) }
        number = try text(.number)
        villageCode = try text(.villageCode)
        address = try text(.address)
        phone = try text(.phone)
        bankAccount = try text(.bankAccount)
        clearBankAccount = try text(.clearBankAccount)
        category = try text(.category)
        relocated = try text(.relocated)
        housingGrade = try text(.housingGrade)
        waterSecure = try text(.waterSecure)
    }

    public struct Fields: Sendable, Equatable {
        public var number: String
        public var villageCode: RegionCode
        public var address: String
        public var phone: String?
        /// What becomes of the 补贴发放账号: a new one, removed (`.some(nil)`), or the one on record kept (`nil`).
        public var bankAccount: String??
        public var category: HouseholdCategory
        public var relocated: Bool
        public var housingGrade: HousingGrade?
        public var waterSecure: Bool?

        public init(number: String, villageCode: RegionCode, address: String, phone: String?, bankAccount: String?? = nil,
                    category: HouseholdCategory, relocated: Bool, housingGrade: HousingGrade?, waterSecure: Bool?) {
            self.number = number
            self.villageCode = villageCode
            self.address = address
            self.phone = phone
            self.bankAccount = bankAccount
            self.category = category
            self.relocated = relocated
            self.housingGrade = housingGrade
            self.waterSecure = waterSecure
        }
    }

    public func validate() -> Result<Fields, FieldProblems> {
        var errors = FieldErrors()
        let number: String? = errors.take("number", FieldRules.householdNumber(number))
        var village: RegionCode?
        if let code = RegionCode(villageCode), code.level == .village { village = code } else { errors["villageCode"] = "请选择所在村（12位村区划代码）" }
        let address = errors.take("address", FieldRules.shortText(address, label: "家庭住址")) ?? ""
        let phone = errors.take("phone", FieldRules.phone(phone)) ?? nil
        var account: String?? = nil
        if YesNo.isTicked(clearBankAccount) {
            if !bankAccount.trimmingASCIISpaces().isEmpty { errors["bankAccount"] = "删除账号时不要再填写新账号" } else { account = .some(nil) }
        } else if !bankAccount.trimmingASCIISpaces().isEmpty, let digits = errors.take("bankAccount", FieldRules.bankAccount(bankAccount)) {
            account = .some(digits)
        }
        let category = HouseholdCategory(rawValue: category)
        if category == nil { errors["category"] = "请选择户类别" }
        let grade: HousingGrade? = housingGrade.isEmpty ? nil : HousingGrade(rawValue: housingGrade)
        if !housingGrade.isEmpty, grade == nil { errors["housingGrade"] = "住房安全等级应为A、B、C或D" }
        let water: Bool? = waterSecure.isEmpty ? nil : YesNo.parse(waterSecure)
        if !waterSecure.isEmpty, water == nil { errors["waterSecure"] = "请选择饮水是否安全" }
        guard errors.isEmpty, let number, let village, let category else { return .failure(FieldProblems(errors)) }
        return .success(Fields(number: number, villageCode: village, address: address, phone: phone, bankAccount: account, category: category,
                               relocated: YesNo.isTicked(relocated),
                               housingGrade: grade, waterSecure: water))
    }
}

public struct PersonForm: Codable, Sendable, Equatable {
    public var name: String = ""
    public var idNumber: String = ""
    public var relation: String = ""
    public var labour: String = ""
    public var health: String = ""
    public var disability: String = ""
    public var education: String = ""
    public var medicalInsured: String = ""
    public var employment: String = ""
    public var workPlace: String = ""

    public init() {}

    private enum CodingKeys: String, CodingKey { case name, idNumber, relation, labour, health, disability, education, medicalInsured, employment, workPlace }

    /// Missing fields (an unticked checkbox, a field the page did not show) read as empty, not as a malformed form;
    /// every value is cut to 200 characters before validation so an oversized post cannot grow memory or messages.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { String((try c.decodeIfPresent(String.self, forKey: key) ?? "").prefix(200)) }
        name = try text(.name)
        idNumber = try text(.idNumber)
        relation = try text(.relation)
        labour = try text(.labour)
        health = try text(.health)
        disability = try text(.disability)
        education = try text(.education)
        medicalInsured = try text(.medicalInsured)
        employment = try text(.employment)
        workPlace = try text(.workPlace)
    }

    public func validate(today: CivilDate = .today) -> Result<PersonDraft, FieldProblems> {
        var errors = FieldErrors()
        let name = errors.take("name", FieldRules.name(name))
        var id: ResidentID?
        do { id = try ResidentID(validating: idNumber, today: today) } catch { errors["idNumber"] = error.description }
        let relation = Relation(rawValue: relation)
        if relation == nil { errors["relation"] = "请选择与户主关系" }
        func optional<L: CodeList>(_ field: String, _ raw: String, _ type: L.Type) -> L? {
            if raw.isEmpty { return nil }
            guard let value = L(rawValue: raw) else {
                errors[field] = "请选择有效的\(L.listName)"
                return nil
            }
            return value
        }
        let labour = optional("labour", labour, LabourCapacity.self)
        let health = optional("health", health, HealthStatus.self)
        let disability = optional("disability", disability, DisabilityGrade.self)
        if health == .disabled, disability == nil, errors["disability"] == nil { errors["disability"] = "健康状况为残疾时须选择残疾等级" }
        let education = optional("education", education, EducationStage.self)
        let employment = optional("employment", employment, EmploymentStatus.self)
        let insured: Bool? = medicalInsured.isEmpty ? nil : YesNo.parse(medicalInsured)
        if !medicalInsured.isEmpty, insured == nil { errors["medicalInsured"] = "请选择是否参加基本医疗保险" }
        let place = errors.take("workPlace", FieldRules.shortText(workPlace, label: "务工地点", max: 50)) ?? ""
        guard errors.isEmpty, let name, let id, let relation else { return .failure(FieldProblems(errors)) }
        return .success(PersonDraft(name: name, id: id, relation: relation, labour: labour, health: health,
                                    disability: health == .disabled ? disability : nil, education: education,
                                    medicalInsured: insured, employment: employment, workPlace: place.isEmpty ? nil : place))
    }
}

public struct IncomeForm: Codable, Sendable, Equatable {
    public var year: String = ""
    /// The typed amounts, by field; the form names its inputs by `IncomeField.camelName`.
    private var amounts: [IncomeField: String] = [:]

    public init() {}

    public subscript(field: IncomeField) -> String {
        get { amounts[field] ?? "" }
        set { amounts[field] = newValue }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Missing fields read as empty, not as a malformed form; every value is cut to 200 characters before validation.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func text(_ name: String) throws -> String { String((try c.decodeIfPresent(String.self, forKey: Key(name)) ?? "").prefix(200)) }
        year = try text("year")
        for field in IncomeField.allCases { amounts[field] = try text(field.camelName) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(year, forKey: Key("year"))
        for field in IncomeField.allCases { try c.encode(self[field], forKey: Key(field.camelName)) }
    }

    public func validate(today: CivilDate = .today) -> Result<HouseholdIncome, FieldProblems> {
        var errors = FieldErrors()
        var income = HouseholdIncome(year: Int(year) ?? 0)
        if Int(year) == nil { errors["year"] = "请填写四位年度" }
        for field in IncomeField.allCases {
            let text = self[field]
            if text.trimmingASCIISpaces().isEmpty { continue }
            guard let amount = Money(parsing: text) else {
                errors[field.camelName] = "金额格式错误（应为数字，最多两位小数）"
                continue
            }
            income[field] = amount
        }
        for problem in income.validate(today: today) {
            switch problem {
            case .badYear: errors["year"] = problem.description
            case .negative(let label):
                if let field = IncomeField.allCases.first(where: { $0.label == label }) { errors[field.camelName] = problem.description }
            }
        }
        return errors.isEmpty ? .success(income) : .failure(FieldProblems(errors))
    }
}

extension IncomeField {
    /// The form field's name.
    public var camelName: String {
        switch self {
        case .wages: "wages"
        case .business: "business"
        case .property: "property"
        case .transfers: "transfers"
        case .businessCosts: "businessCosts"
        case .compliantSelfPaid: "compliantSelfPaid"
        }
    }
}

/// A dated membership change typed into a form.
public struct MembershipEventForm: Codable, Sendable, Equatable {
    public var kind: String = ""
    public var date: String = ""
    public var note: String = ""

    public init() {}

    private enum CodingKeys: String, CodingKey { case kind, date, note }

    /// Missing fields (an unticked checkbox, a field the page did not show) read as empty, not as a malformed form;
    /// every value is cut to 200 characters before validation so an oversized post cannot grow memory or messages.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { String((try c.decodeIfPresent(String.self, forKey: key) ?? "").prefix(200)) }
        kind = try text(.kind)
        date = try text(.date)
        note = try text(.note)
    }

    public struct Fields: Sendable, Equatable {
        public var kind: MembershipEventKind
        public var date: CivilDate
        public var note: String

        public init(kind: MembershipEventKind, date: CivilDate, note: String) {
            self.kind = kind
            self.date = date
            self.note = note
        }
    }

    public func validate(allowed: [MembershipEventKind], today: CivilDate = .today) -> Result<Fields, FieldProblems> {
        var errors = FieldErrors()
        let kind = MembershipEventKind(rawValue: kind).flatMap { allowed.contains($0) ? $0 : nil }
        if kind == nil { errors["kind"] = "请选择变动类型：" + allowed.map(\.label).joined(separator: "、") }
        let date = CivilDate(parsing: date)
        if date == nil { errors["date"] = "请填写变动日期（如 2026-03-01）" } else if let date, date > today {
            errors["date"] = "变动日期不能晚于今天"
        }
        let note = errors.take("note", FieldRules.shortText(note, label: "说明", max: 200)) ?? ""
        guard errors.isEmpty, let kind, let date else { return .failure(FieldProblems(errors)) }
        return .success(Fields(kind: kind, date: date, note: note))
    }
}

/// Errors by field, as an Error.
public struct FieldProblems: Error, Sendable, Equatable {
    public var errors: FieldErrors
    public init(_ errors: FieldErrors) { self.errors = errors }
    public var summary: String { errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；") }
}

extension Dictionary where Key == String, Value == String {
    /// Records a field's problem and returns its value when there is none.
    public mutating func take<T>(_ field: String, _ result: Result<T, FieldProblem>) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            self[field] = problem.message
            return nil
        }
    }
}

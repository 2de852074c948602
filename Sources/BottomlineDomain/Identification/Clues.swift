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


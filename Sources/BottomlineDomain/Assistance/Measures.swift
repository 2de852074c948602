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

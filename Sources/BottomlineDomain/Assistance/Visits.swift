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

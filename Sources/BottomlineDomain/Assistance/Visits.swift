/// 走访: what a cadre found on a visit to a monitored household.
public struct VisitDraft: Sendable, Equatable {
    public var date: CivilDate
    public var findings: String
    public var incomeTrend: IncomeTrend
    public var changes: String
    /// A risk the visit found, to be filed as a clue (基层干部排查) from the visit: the findings are its description.
    public var newRisk: RiskType?

    public init(date: CivilDate, findings: String, incomeTrend: IncomeTrend, changes: String, newRisk: RiskType? = nil) {
        self.date = date
        self.findings = findings
        self.incomeTrend = incomeTrend
        self.changes = changes
        self.newRisk = newRisk
    }

    /// The clue the visit files, when it found a risk.
    public var clue: CadreClue? { newRisk.map { CadreClue(difficulty: $0, description: findings, foundOn: date) } }

    public static func validate(_ values: FormValues, today: CivilDate) -> Result<VisitDraft, FieldProblems> {
        var errors = FieldErrors()
        let date = errors.take("date", FieldRules.pastDate(values.text("date"), label: "走访日期", today: today, earliest: today.adding(days: -90)))
        let findings = errors.take("findings", FieldRules.longText(values.text("findings", limit: 5000), label: "走访情况", required: true))
        let trend = errors.take("incomeTrend", FieldRules.choice(values.text("incomeTrend"), IncomeTrend.self))
        let changes = errors.take("changes", FieldRules.longText(values.text("changes", limit: 5000), label: "收入或家庭变化", max: 300)) ?? ""
        var risk: RiskType?
        if values.text("clue") == "on" {
            if values.text("difficulty").isEmpty { errors["difficulty"] = "请选择发现的风险类型，以便登记线索" } else { risk = errors.take("difficulty", FieldRules.choice(values.text("difficulty"), RiskType.self)) }
        }
        guard errors.isEmpty, let date, let findings, let trend else { return .failure(FieldProblems(errors)) }
        return .success(VisitDraft(date: date, findings: findings, incomeTrend: trend, changes: changes, newRisk: risk))
    }
}

/// 风险—措施一致性 (policy-rules.md §5, Guizhou 2023 checks [S24]): each risk should be met by a measure of a fitting
/// kind, and a household that can work should not be left on 兜底 alone.
public enum MeasureConsistency {
    public static let fitting: [(RiskType, Set<MeasureCategory>)] = [
        (.illness, [.health, .socialAid]),
        (.education, [.compulsoryEducation, .otherEducation, .socialAid]),
        (.disability, [.socialSecurity, .socialAid]),
        (.housing, [.housing, .relocation]),
        (.water, [.water]),
    ]

    /// The problems, in Chinese; empty when the measures fit. `measures` are the categories not stopped.
    public static func problems(risks: [RiskType], measures: [MeasureCategory], memberWithoutMedicalInsurance: Bool,
                                hasLabour: Bool) -> [String] {
        var problems: [String] = []
        let have = Set(measures)
        if measures.isEmpty { problems.append("尚未落实帮扶措施") }
        for (risk, needed) in fitting where risks.contains(risk) && have.isDisjoint(with: needed) {
            problems.append("风险“\(risk.label)”缺少\(needed.map(\.label).sorted().joined(separator: "或"))措施")
        }
        if memberWithoutMedicalInsurance, have.isDisjoint(with: [.health, .socialAid]) {
            problems.append("有成员未参加基本医疗保险，缺少健康帮扶或社会帮扶措施")
        }
        if hasLabour, !have.isEmpty, have == [.socialSecurity] {
            problems.append("家庭有劳动力，不应只有综合保障（兜底）措施，应落实开发式帮扶")
        }
        return problems
    }
}

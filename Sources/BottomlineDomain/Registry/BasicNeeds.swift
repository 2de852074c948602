/// 两不愁三保障 + 饮水: whether a household's housing, compulsory education, basic medical insurance and drinking water
/// are secured, each with the reason in Chinese when not.
public enum BasicNeed: String, CaseIterable, Sendable, Codable, Hashable {
    case housing, education, medical, water

    public var label: String {
        switch self {
        case .housing: "住房安全"
        case .education: "义务教育"
        case .medical: "基本医疗保障"
        case .water: "饮水安全"
        }
    }
}

public struct BasicNeedsAssessment: Hashable, Sendable {
    public struct Gap: Hashable, Sendable {
        public let need: BasicNeed
        public let reason: String
    }

    /// Unsecured needs with reasons; empty when all four are secured.
    public let gaps: [Gap]
    /// Needs that could not be judged because data is missing.
    public let unknown: [BasicNeed]

    public var isSecured: Bool { gaps.isEmpty }
    public func has(_ need: BasicNeed) -> Bool { gaps.contains { $0.need == need } }

    /// What the assessment reads of one member.
    public struct Member: Sendable {
        public var name: String
        public var birthDate: CivilDate
        public var education: EducationStage?
        public var medicalInsured: Bool?
        public init(name: String, birthDate: CivilDate, education: EducationStage?, medicalInsured: Bool?) {
            self.name = name
            self.birthDate = birthDate
            self.education = education
            self.medicalInsured = medicalInsured
        }
    }

    /// Compulsory schooling runs from 6 to 15 full years of age (九年义务教育).
    public static let compulsorySchoolAges = 6...15

    public init(housing: HousingGrade?, waterSecure: Bool?, members: [Member], on date: CivilDate) {
        var gaps: [Gap] = []
        var unknown: [BasicNeed] = []
        switch housing {
        case .some(let grade) where !grade.isSafe:
            gaps.append(Gap(need: .housing, reason: "住房鉴定为\(grade.label)，属危房，需改造"))
        case .none: unknown.append(.housing)
        default: break
        }
        let dropouts = members.filter { member in
            if member.education == .dropout { return true }
            // A child of compulsory age recorded as out of school is a dropout whatever the stage field says.
            return Self.compulsorySchoolAges.contains(member.birthDate.age(on: date)) && member.education == .notInSchool
        }
        if !dropouts.isEmpty {
            gaps.append(Gap(need: .education, reason: "义务教育阶段失学辍学：" + dropouts.map(\.name).joined(separator: "、")))
        }
        let uninsured = members.filter { $0.medicalInsured == false }
        if !uninsured.isEmpty {
            gaps.append(Gap(need: .medical, reason: "未参加基本医疗保险：" + uninsured.map(\.name).joined(separator: "、")))
        }
        if members.contains(where: { $0.medicalInsured == nil }) { unknown.append(.medical) }
        switch waterSecure {
        case .some(false): gaps.append(Gap(need: .water, reason: "饮水安全未保障"))
        case .none: unknown.append(.water)
        default: break
        }
        self.gaps = gaps
        self.unknown = unknown
    }
}

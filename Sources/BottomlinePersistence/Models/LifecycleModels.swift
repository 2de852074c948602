import BottomlineDomain
import Fluent
import Foundation

/// Records of the lifecycle that carry the village they belong to, so `ScopedRegistry` scopes them the same way as
/// households: one code-range predicate on an indexed `village_code`. A household that moves takes them along.
public protocol VillageScoped: Model {}

/// A risk clue: a self-declaration, a cadre's finding, or a department's warning.
public final class ClueRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "clues"
    @ID(key: .id) public var id: UUID?
    @Field(key: "village_code") public var villageCode: String
    @OptionalField(key: "household_id") public var householdID: UUID?
    @Field(key: "source") public var source: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "id_number") public var idNumber: String?
    @OptionalField(key: "phone") public var phone: String?
    @Field(key: "risk_type") public var riskType: String
    @Field(key: "description") public var description: String
    @Field(key: "consent") public var consent: Bool
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "status") public var status: String
    /// Further declarations or warnings about the same household merged into this clue.
    @Field(key: "merged_count") public var mergedCount: Int
    @OptionalField(key: "case_id") public var caseID: UUID?
    @OptionalField(key: "closing_note") public var closingNote: String?
    /// The screening warning (or other outside record) that raised it.
    @OptionalField(key: "source_ref") public var sourceRef: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public var sourceValue: ClueSource? { ClueSource(rawValue: source) }
    public var statusValue: ClueStatus? { ClueStatus(rawValue: status) }
    public var risk: RiskType? { RiskType(rawValue: riskType) }
}

/// One run of a procedure (识别纳入 or 风险消除) for a household.
public final class CaseRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "cases"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "kind") public var kind: String
    @Field(key: "stage") public var stage: String
    /// The day of the first clue: the identification clock runs from it.
    @Field(key: "first_clue_on") public var firstClueOn: String
    @OptionalField(key: "deadline_on") public var deadlineOn: String?
    @OptionalField(key: "notice_from") public var noticeFrom: String?
    @OptionalField(key: "notice_days") public var noticeDays: Int?
    @OptionalField(key: "category") public var category: String?
    /// ",01,03," as on the household.
    @OptionalField(key: "risk_types") public var riskTypes: String?
    @OptionalField(key: "method") public var method: String?
    @OptionalField(key: "completed_on") public var completedOn: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
    public var kindValue: CaseKind { CaseKind(rawValue: kind) ?? .identification }
    public var stageValue: CaseStage { CaseStage(rawValue: stage) ?? .rejected }
    public var categoryValue: MonitoringCategory? { category.flatMap(MonitoringCategory.init(rawValue:)) }
    public var risks: [RiskType] { RiskType.decode(riskTypes) }
    public var notice: NoticePeriod? {
        guard let from = noticeFrom.flatMap(CivilDate.init(parsing:)), let days = noticeDays else { return nil }
        return NoticePeriod(start: from, days: days)
    }
    public var clock: IdentificationClock? {
        guard let first = CivilDate(parsing: firstClueOn), let deadline = deadlineOn.flatMap(CivilDate.init(parsing:)) else { return nil }
        return IdentificationClock(firstClue: first, deadlineDays: first.days(until: deadline))
    }
}

/// Who did what at a step, when, and why.
public final class CaseStepRecord: Model, @unchecked Sendable {
    public static let schema = "case_steps"
    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "stage") public var stage: String
    @Field(key: "action") public var action: String
    @Field(key: "acted_on") public var actedOn: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "comment") public var comment: String
    /// What the step recorded beyond the comment (排查表 findings, 授权承诺, proposed category…), as readable text.
    @Field(key: "details") public var details: String

    public init() {}
}

/// A 帮扶措施.
public final class MeasureRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "measures"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "category") public var category: String
    @Field(key: "name") public var name: String
    @Field(key: "department") public var department: String
    @OptionalField(key: "amount_fen") public var amountFen: Int64?
    @Field(key: "start_on") public var startOn: String
    @OptionalField(key: "end_on") public var endOn: String?
    @Field(key: "status") public var status: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
    public var categoryValue: MeasureCategory? { MeasureCategory(rawValue: category) }
    public var statusValue: MeasureStatus? { MeasureStatus(rawValue: status) }
}

/// A 走访.
public final class VisitRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "visits"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "visited_on") public var visitedOn: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "findings") public var findings: String
    @Field(key: "income_trend") public var incomeTrend: String
    @Field(key: "changes") public var changes: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public var trend: IncomeTrend? { IncomeTrend(rawValue: incomeTrend) }
}

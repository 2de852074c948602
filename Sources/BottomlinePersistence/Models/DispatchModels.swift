import BottomlineDomain
import Fluent
import Foundation

/// A cadre sent to a village (第一书记, 工作队队长 or 队员) for a term.
public final class DispatchMemberRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_members"
    @ID(key: .id) public var id: UUID?
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "name") public var name: String
    @Field(key: "phone") public var phone: String
    @Field(key: "role") public var role: String
    @Field(key: "sending_unit") public var sendingUnit: String
    @Field(key: "sending_level") public var sendingLevel: String
    /// 轮换批次, as the county names it ("第三批").
    @Field(key: "batch") public var batch: String
    @Field(key: "started_on") public var startedOn: String
    @Field(key: "planned_end") public var plannedEnd: String
    @OptionalField(key: "ended_on") public var endedOn: String?
    @OptionalField(key: "ending") public var ending: String?
    @Field(key: "ending_reason") public var endingReason: String
    /// The cadre's own login, through which they record their presence, leave and log from a phone.
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var roleValue: DispatchRole? { DispatchRole(rawValue: role) }
    public var start: CivilDate? { CivilDate(parsing: startedOn) }
    public var end: CivilDate? { endedOn.flatMap(CivilDate.init(parsing:)) }

    /// In the village on `day`: started, and not yet ended (the day a stay ends is its last).
    public func serves(on day: CivilDate) -> Bool {
        guard let start, start <= day else { return false }
        return end.map { day <= $0 } ?? true
    }
}

/// One tap of “我在村”: the moment, and the phone's location when the browser granted it.
public final class DispatchTapRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_taps"
    @ID(key: .id) public var id: UUID?
    @Field(key: "member_id") public var memberID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "accuracy") public var accuracy: Double?
    public init() {}
}

/// A leave request: asked by the cadre, approved or refused by the level the rule names.
public final class DispatchLeaveRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_leaves"
    @ID(key: .id) public var id: UUID?
    @Field(key: "member_id") public var memberID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "from_day") public var fromDay: String
    @Field(key: "to_day") public var toDay: String
    @Field(key: "reason") public var reason: String
    /// requested, approved or refused.
    @Field(key: "state") public var state: String
    @Field(key: "decided_by") public var decidedBy: String
    @OptionalField(key: "decided_on") public var decidedOn: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var days: [CivilDate] {
        guard let from = CivilDate(parsing: fromDay), let to = CivilDate(parsing: toDay), from <= to else { return [] }
        return (0...from.days(until: to)).map { from.adding(days: $0) }
    }
}

/// A spot check (电话查岗, 入户暗访, 四不两直) and what it found.
public final class DispatchCheckRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_checks"
    @ID(key: .id) public var id: UUID?
    @Field(key: "member_id") public var memberID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "day") public var day: String
    @Field(key: "method") public var method: String
    @Field(key: "present") public var present: Bool
    @Field(key: "note") public var note: String
    @Field(key: "checked_by") public var checkedBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A day's 工作日志.
public final class DispatchLogRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_logs"
    @ID(key: .id) public var id: UUID?
    @Field(key: "member_id") public var memberID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "day") public var day: String
    @Field(key: "text") public var text: String
    /// The household of the village the day's work was about, if one.
    @OptionalField(key: "about_household_id") public var aboutHouseholdID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A year's 考核 of one cadre.
public final class DispatchReviewRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_reviews"
    @ID(key: .id) public var id: UUID?
    @Field(key: "member_id") public var memberID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "grade") public var grade: String
    @Field(key: "note") public var note: String
    @Field(key: "reviewed_by") public var reviewedBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A cadre as the county sends them.
public struct DispatchDraft: Sendable {
    public var village: String
    public var name: String
    public var phone: String
    public var role: DispatchRole
    public var sendingUnit: String
    public var sendingLevel: SendingLevel
    public var batch: String
    public var start: CivilDate
    public var plannedEnd: CivilDate
    /// The cadre's login name, when they have one.
    public var username: String

    public init(village: String, name: String, phone: String, role: DispatchRole, sendingUnit: String, sendingLevel: SendingLevel, batch: String,
                start: CivilDate, plannedEnd: CivilDate, username: String = "") {
        (self.village, self.name, self.phone, self.role, self.sendingUnit, self.sendingLevel) = (village, name, phone, role, sendingUnit, sendingLevel)
        (self.batch, self.start, self.plannedEnd, self.username) = (batch, start, plannedEnd, username)
    }
}

/// A year's 驻村经费 for a 第一书记 or a village, and what has been spent of it.
public final class DispatchFundRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "dispatch_funds"
    @ID(key: .id) public var id: UUID?
    @Field(key: "village_code") public var villageCode: String
    @OptionalField(key: "member_id") public var memberID: UUID?
    @Field(key: "year") public var year: Int
    @Field(key: "kind") public var kind: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "spent_fen") public var spentFen: Int64
    @Field(key: "note") public var note: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

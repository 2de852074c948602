import BottomlineDomain
import Fluent
import Foundation

/// 务工: one spell of one person (issue 16 §3).
public final class WorkSpellRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "work_spells"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "place_code") public var placeCode: String
    @Field(key: "employer") public var employer: String
    @Field(key: "channel") public var channel: String
    @Field(key: "start_month") public var startMonth: String
    @OptionalField(key: "end_month") public var endMonth: String?
    @OptionalField(key: "monthly_income_fen") public var monthlyIncomeFen: Int64?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var spell: WorkSpell? {
        guard let place = RegionCode(placeCode), let start = CivilMonth(parsing: startMonth) else { return nil }
        return WorkSpell(place: place, employer: employer, start: start, end: endMonth.flatMap(CivilMonth.init(parsing:)),
                         channel: WorkChannel(rawValue: channel) ?? .other, monthlyIncome: monthlyIncomeFen.map(Money.init(fen:)))
    }
}

/// 公益性岗位: one post held by one person.
public final class PublicPostRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "public_posts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "post_type") public var postType: String
    @Field(key: "employer") public var employer: String
    @Field(key: "start_on") public var startOn: String
    @OptionalField(key: "end_on") public var endOn: String?
    @Field(key: "monthly_pay_fen") public var monthlyPayFen: Int64
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var post: PublicPost? {
        guard let start = CivilDate(parsing: startOn) else { return nil }
        return PublicPost(type: PublicPostType(rawValue: postType) ?? .other, employer: employer, start: start,
                          end: endOn.flatMap(CivilDate.init(parsing:)), monthlyPay: Money(fen: monthlyPayFen))
    }
}

/// 雨露计划: one payment for one student's term.
public final class YuluPaymentRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "yulu_payments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "school") public var school: String
    @Field(key: "school_type") public var schoolType: String
    @Field(key: "term_start") public var termStart: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "paid_on") public var paidOn: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// 技能培训 or 持证: one course or certificate of one person.
public final class SkillRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "skill_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @Field(key: "on_date") public var onDate: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// 交通补助: paid to one person for one year, with the months that made it due.
public final class TransportSubsidyRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "transport_subsidies"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "paid_on") public var paidOn: String
    @Field(key: "reason") public var reason: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A target set for a region's year (省定目标任务).
public final class JobTargetRecord: Model, @unchecked Sendable {
    public static let schema = "job_targets"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "measure") public var measure: String
    @Field(key: "target") public var target: Int
    @Field(key: "source") public var source: String
    @Field(key: "set_by") public var setBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// 公益岗位考勤: one month of one post, with what was paid for it (在岗领补).
public final class PostAttendanceRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "post_attendance"
    @ID(key: .id) public var id: UUID?
    @Field(key: "post_id") public var postID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "month") public var month: String
    @Field(key: "days_required") public var daysRequired: Int
    @Field(key: "days_present") public var daysPresent: Int
    @Field(key: "pay_fen") public var payFen: Int64
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var attendance: PostAttendance? {
        CivilMonth(parsing: month).map { PostAttendance(month: $0, required: daysRequired, present: daysPresent, pay: Money(fen: payFen)) }
    }
}

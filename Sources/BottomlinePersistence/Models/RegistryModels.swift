import BottomlineDomain
import Fluent
import Foundation

/// A region of the administrative hierarchy; `code` is the short form (see `RegionCode`).
public final class RegionRecord: Model, @unchecked Sendable {
    public static let schema = "regions"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @OptionalField(key: "parent_code") public var parentCode: String?
    @Field(key: "level") public var level: Int
    @Field(key: "name") public var name: String

    public init() {}
    public init(_ region: Region) {
        id = region.code.digits
        parentCode = region.parent?.digits
        level = region.level.rawValue
        name = region.name
    }
    public var code: RegionCode { RegionCode(id!)! }
}

/// A 建档立卡 household (or any rural household the county registers).
public final class HouseholdRecord: Model, @unchecked Sendable {
    public static let schema = "households"
    @ID(key: .id) public var id: UUID?
    /// 户编号, unique across the registry.
    @Field(key: "number") public var number: String
    /// The village's short code (12 digits); every scoping predicate reads this column.
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "address") public var address: String
    @OptionalField(key: "phone") public var phone: String?
    /// 惠民惠农补贴发放账号 (一卡通), digits only; shown masked, in full only on a logged request.
    @OptionalField(key: "bank_account") public var bankAccount: String?
    @Field(key: "category") public var category: String
    @Field(key: "relocated") public var relocated: Bool
    @OptionalField(key: "householder_id") public var householderID: UUID?
    /// Denormalised for lists and search; kept in step by `RegistryStore`.
    @Field(key: "householder_name") public var householderName: String
    @Field(key: "member_count") public var memberCount: Int
    @OptionalField(key: "housing_grade") public var housingGrade: String?
    @OptionalField(key: "water_secure") public var waterSecure: Bool?
    @OptionalField(key: "monitoring_category") public var monitoringCategory: String?
    @OptionalField(key: "monitoring_since") public var monitoringSince: String?
    /// Up to five 风险类型 as ",01,03," (so a list filter matches one code with LIKE).
    @OptionalField(key: "risk_types") public var riskTypes: String?
    /// 风险消除: the day it was marked and how; the household stays a monitoring object on record.
    @OptionalField(key: "risk_eliminated_on") public var riskEliminatedOn: String?
    @OptionalField(key: "elimination_method") public var eliminationMethod: String?
    /// The last 走访, kept here so the overdue-visit work list is one indexed query.
    @OptionalField(key: "last_visit_on") public var lastVisitOn: String?
    /// Derived flags, recomputed on every change to the household or its members, so list filters stay index-cheap.
    @Field(key: "has_labour") public var hasLabour: Bool
    @Field(key: "gap_housing") public var gapHousing: Bool
    @Field(key: "gap_education") public var gapEducation: Bool
    @Field(key: "gap_medical") public var gapMedical: Bool
    @Field(key: "gap_water") public var gapWater: Bool
    /// `HouseholdStatus`: active, or merged into another household.
    @Field(key: "status") public var status: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {
        status = HouseholdStatus.active.rawValue
    }

    public var isActive: Bool { status == HouseholdStatus.active.rawValue }

    public var categoryValue: HouseholdCategory? { HouseholdCategory(rawValue: category) }
    public var monitoringValue: MonitoringCategory? { monitoringCategory.flatMap(MonitoringCategory.init(rawValue:)) }
    public var risks: [RiskType] { RiskType.decode(riskTypes) }
    /// A monitoring object whose risk is not (yet) marked eliminated.
    public var isAtRisk: Bool { monitoringCategory != nil && riskEliminatedOn == nil }
    public var village: RegionCode? { RegionCode(villageCode) }
}

/// A person in a household. People are never deleted: leaving is a dated event that sets `status`.
public final class PersonRecord: Model, @unchecked Sendable {
    public static let schema = "persons"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "id_number") public var idNumber: String
    @Field(key: "name") public var name: String
    @Field(key: "sex") public var sex: String
    @Field(key: "birth_date") public var birthDate: String
    @Field(key: "relation") public var relation: String
    @OptionalField(key: "labour") public var labour: String?
    @OptionalField(key: "health") public var health: String?
    @OptionalField(key: "disability") public var disability: String?
    @OptionalField(key: "education") public var education: String?
    @OptionalField(key: "medical_insured") public var medicalInsured: Bool?
    @OptionalField(key: "employment") public var employment: String?
    @OptionalField(key: "work_place") public var workPlace: String?
    @Field(key: "status") public var status: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var residentID: ResidentID { ResidentID(trusted: idNumber) }
    public var isMember: Bool { status == MemberStatus.present.rawValue }
    public var birth: CivilDate? { CivilDate(parsing: birthDate) }
}

/// A household's income for one year; amounts in 分.
public final class IncomeRecord: Model, @unchecked Sendable {
    public static let schema = "household_incomes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "wages") public var wages: Int64
    @Field(key: "business") public var business: Int64
    @Field(key: "property") public var property: Int64
    @Field(key: "transfers") public var transfers: Int64
    @Field(key: "business_costs") public var businessCosts: Int64
    @Field(key: "compliant_self_paid") public var compliantSelfPaid: Int64
    /// Household size the per-capita figure was computed with, fixed when the income was recorded.
    @Field(key: "member_count") public var memberCount: Int
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var income: HouseholdIncome {
        HouseholdIncome(year: year, wages: Money(fen: wages), business: Money(fen: business), property: Money(fen: property),
                        transfers: Money(fen: transfers), businessCosts: Money(fen: businessCosts),
                        compliantSelfPaid: Money(fen: compliantSelfPaid))
    }

    public func set(_ income: HouseholdIncome) {
        year = income.year
        wages = income.wages.fen
        business = income.business.fen
        property = income.property.fen
        transfers = income.transfers.fen
        businessCosts = income.businessCosts.fen
        compliantSelfPaid = income.compliantSelfPaid.fen
    }
}

/// A dated change of membership (birth, death, marriage, split, merge, move).
public final class MembershipEventRecord: Model, @unchecked Sendable {
    public static let schema = "membership_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @OptionalField(key: "person_id") public var personID: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "event_date") public var eventDate: String
    @Field(key: "note") public var note: String
    @OptionalField(key: "other_household_id") public var otherHouseholdID: UUID?
    @OptionalField(key: "recorded_by") public var recordedBy: UUID?
    @Timestamp(key: "recorded_at", on: .create) public var recordedAt: Date?

    public init() {}
}

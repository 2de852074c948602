import BottomlineDomain
import Fluent
import Foundation

/// A 帮扶项目资产, placed like a project.
public final class AssetRecord: Model, @unchecked Sendable {
    public static let schema = "assets"
    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "region_code") public var regionCode: String
    @OptionalField(key: "project_id") public var projectID: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "name") public var name: String
    @Field(key: "class") public var assetClass: String
    @Field(key: "kind") public var kind: String
    @Field(key: "value_fen") public var valueFen: Int64
    @Field(key: "owner") public var owner: String
    @OptionalField(key: "confirmed_on") public var confirmedOn: String?
    @Field(key: "operator") public var operatorName: String
    @Field(key: "way") public var way: String
    @Field(key: "agreed_return") public var agreedReturn: String
    @Field(key: "caretaker") public var caretaker: String
    @OptionalField(key: "four_batch") public var fourBatch: String?
    @OptionalField(key: "capacity_kw") public var capacityKW: Int?
    @OptionalField(key: "jobs") public var jobs: Int?
    @OptionalField(key: "jobs_alleviated") public var jobsAlleviated: Int?
    @OptionalField(key: "jobs_monitored") public var jobsMonitored: Int?
    @OptionalField(key: "disposed_on") public var disposedOn: String?
    @OptionalField(key: "disposal_note") public var disposalNote: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var place: RegionCode { RegionCode(regionCode) ?? RegionCode(countyCode)! }
    public var classValue: AssetClass { AssetClass(rawValue: assetClass) ?? .publicWelfare }
    public var kindValue: AssetKind { AssetKind(rawValue: kind) ?? .general }
}

/// An asset's income: a year's (month 0), or a month's for a 光伏 station with its generation.
public final class AssetIncomeRecord: Model, @unchecked Sendable {
    public static let schema = "asset_incomes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "asset_id") public var assetID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "month") public var month: Int
    @Field(key: "amount_fen") public var amountFen: Int64
    @OptionalField(key: "kwh") public var kwh: Int64?
    @Field(key: "note") public var note: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// One line of a year's distribution plan: a use, an amount, who decided it and when.
public final class AssetDistributionRecord: Model, @unchecked Sendable {
    public static let schema = "asset_distributions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "asset_id") public var assetID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "use") public var use: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "decided_on") public var decidedOn: String
    @Field(key: "decided_by") public var decidedBy: String
    @Field(key: "note") public var note: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var useValue: IncomeUse? { IncomeUse(rawValue: use) }
}

/// Money of a distribution line paid to a registry household.
public final class AssetPayoutRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "asset_payouts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "distribution_id") public var distributionID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "amount_fen") public var amountFen: Int64
    public init() {}
}

/// A registry household a project links (联农带农), by one of the project's ways.
public final class ProjectHouseholdRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "project_households"
    @ID(key: .id) public var id: UUID?
    @Field(key: "project_id") public var projectID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "way") public var way: String
    @Field(key: "linked_on") public var linkedOn: String
    @Field(key: "username") public var username: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var wayValue: FarmerLinkWay? { FarmerLinkWay(rawValue: way) }
}

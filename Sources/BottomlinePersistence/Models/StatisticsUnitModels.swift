import Fluent
import Foundation

/// A city's statistics unit (示范区) over townships.
public final class StatisticsUnitRecord: Model, @unchecked Sendable {
    public static let schema = "statistics_units"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "name") public var name: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// One township of a statistics unit, from a day, until a day.
public final class StatisticsUnitMemberRecord: Model, @unchecked Sendable {
    public static let schema = "statistics_unit_members"
    @ID(key: .id) public var id: UUID?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "township_code") public var townshipCode: String
    @Field(key: "from_on") public var fromOn: String
    @OptionalField(key: "to_on") public var toOn: String?
    public init() {}
}

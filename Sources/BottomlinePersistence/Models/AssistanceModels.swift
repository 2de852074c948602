import BottomlineDomain
import Fluent
import Foundation

/// 帮扶责任人: a cadre paired with a household from a date; a reassignment closes the old pairing the day before.
public final class HelperAssignmentRecord: Model, @unchecked Sendable {
    public static let schema = "helper_assignments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "start_date") public var startDate: String
    @OptionalField(key: "end_date") public var endDate: String?
    @OptionalField(key: "assigned_by") public var assignedBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public var isCurrent: Bool { endDate == nil }
}

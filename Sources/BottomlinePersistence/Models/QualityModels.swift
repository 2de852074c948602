import BottomlineDomain
import Fluent
import Foundation

/// A finding of a 疑点数据 check (issue 18 §1), one row a (check, household, subject): kept across runs so that a finding
/// explained with a reason is not raised again until its values change, and one the data no longer shows is closed.
/// It carries the household's village and moves with it.
public final class DataFindingRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "data_findings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    /// The person or loan the finding is about, or "" for the household.
    @Field(key: "subject") public var subject: String
    @Field(key: "values_text") public var valuesText: String
    @Field(key: "state") public var state: String
    @Field(key: "found_on") public var foundOn: String
    @Field(key: "last_found_on") public var lastFoundOn: String
    @OptionalField(key: "closed_on") public var closedOn: String?
    @OptionalField(key: "explanation") public var explanation: String?
    /// The values as they stood when the finding was explained.
    @OptionalField(key: "explained_values") public var explainedValues: String?
    @OptionalField(key: "explained_by") public var explainedBy: String?
    @OptionalField(key: "explained_on") public var explainedOn: String?

    public init() {}
    public var codeValue: DataCheckCode? { DataCheckCode(rawValue: code) }
    public var stateValue: DataFindingState? { DataFindingState(rawValue: state) }
    public var key: String { "\(code)|\(householdID.uuidString)|\(subject)" }
}

public enum DataFindingState: String, CaseIterable, Sendable {
    case open, explained, closed
    public var label: String {
        switch self {
        case .open: "待核实"
        case .explained: "已说明"
        case .closed: "已整改"
        }
    }
}

/// One run of the checks over a region: when, by whom, how much it read and what changed.
public final class DataCheckRunRecord: Model, @unchecked Sendable {
    public static let schema = "data_check_runs"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "run_at") public var runAt: Date
    @Field(key: "seconds") public var seconds: Double
    @Field(key: "households") public var households: Int
    @Field(key: "found") public var found: Int
    @Field(key: "new_found") public var newFound: Int
    @Field(key: "closed") public var closed: Int
    @Field(key: "run_by") public var runBy: String

    public init() {}
}

/// A county's (or a province's) setting of one check from a date: switched on or off, and its number.
public final class DataCheckSettingRecord: Model, @unchecked Sendable {
    public static let schema = "data_check_settings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "code") public var code: String
    @Field(key: "enabled") public var enabled: Bool
    @OptionalField(key: "value") public var value: Int?
    @Field(key: "effective_from") public var effectiveFrom: String
    @Field(key: "set_by") public var setBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

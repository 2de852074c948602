import BottomlineDomain
import Fluent
import Foundation

/// One effective-dated policy value for a region.
public final class PolicySettingRecord: Model, @unchecked Sendable {
    public static let schema = "policy_settings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "parameter") public var parameter: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "effective_from") public var effectiveFrom: String
    @Field(key: "value") public var value: String
    /// Where the value comes from (a document number, "演示数据"), shown beside it.
    @Field(key: "source") public var source: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var setting: PolicySetting? {
        guard let p = PolicyParameter(rawValue: parameter), let r = RegionCode(regionCode), let d = CivilDate(parsing: effectiveFrom)
        else { return nil }
        return PolicySetting(parameter: p, region: r, effectiveFrom: d, value: value, source: source)
    }
}

/// One wording of a policy code list (`CodeLabelSetting`): never edited in place, a change is a new row from a date.
public final class CodeLabelRecord: Model, @unchecked Sendable {
    public static let schema = "code_labels"
    @ID(key: .id) public var id: UUID?
    @Field(key: "list") public var list: String
    @Field(key: "code") public var code: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "effective_from") public var effectiveFrom: String
    @Field(key: "label") public var label: String
    @Field(key: "in_use") public var inUse: Bool
    @Field(key: "source") public var source: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var setting: CodeLabelSetting? {
        guard let l = LabelledList(rawValue: list), let r = RegionCode(regionCode), let d = CivilDate(parsing: effectiveFrom)
        else { return nil }
        return CodeLabelSetting(list: l, code: code, region: r, effectiveFrom: d, label: label, inUse: inUse, source: source)
    }
}

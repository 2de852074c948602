import BottomlineDomain
import Fluent
import Foundation

/// 防贫保险: a county's scheme for a year.
public final class InsuranceSchemeRecord: Model, @unchecked Sendable {
    public static let schema = "insurance_schemes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "insurer") public var insurer: String
    @Field(key: "covers_ordinary") public var coversOrdinary: Bool
    @Field(key: "insured_persons") public var insuredPersons: Int
    @Field(key: "premium_per_person_fen") public var premiumPerPersonFen: Int64
    @Field(key: "carried_in_fen") public var carriedInFen: Int64
    @Field(key: "notice_days") public var noticeDays: Int
    @OptionalField(key: "illness_line_fen") public var illnessLineFen: Int64?
    @OptionalField(key: "illness_ratio") public var illnessRatio: Int64?
    @OptionalField(key: "illness_cap_fen") public var illnessCapFen: Int64?
    @OptionalField(key: "education_line_fen") public var educationLineFen: Int64?
    @OptionalField(key: "education_ratio") public var educationRatio: Int64?
    @OptionalField(key: "education_cap_fen") public var educationCapFen: Int64?
    @OptionalField(key: "disaster_line_fen") public var disasterLineFen: Int64?
    @OptionalField(key: "disaster_ratio") public var disasterRatio: Int64?
    @OptionalField(key: "disaster_cap_fen") public var disasterCapFen: Int64?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var premium: Money { Money(fen: premiumPerPersonFen * Int64(insuredPersons)) }

    public func rule(_ t: InsuranceTrigger) -> TriggerRule? {
        let (line, ratio, cap): (Int64?, Int64?, Int64?) = switch t {
        case .illness: (illnessLineFen, illnessRatio, illnessCapFen)
        case .education: (educationLineFen, educationRatio, educationCapFen)
        case .disaster: (disasterLineFen, disasterRatio, disasterCapFen)
        }
        guard let line, let ratio else { return nil }
        return TriggerRule(line: Money(fen: line), ratio: ratio, cap: cap.map(Money.init(fen:)))
    }

    public func set(_ t: InsuranceTrigger, _ r: TriggerRule?) {
        let v = (r?.line.fen, r?.ratio, r?.cap?.fen)
        switch t {
        case .illness: (illnessLineFen, illnessRatio, illnessCapFen) = v
        case .education: (educationLineFen, educationRatio, educationCapFen) = v
        case .disaster: (disasterLineFen, disasterRatio, disasterCapFen) = v
        }
    }
}

/// A claim of one household under a scheme.
public final class InsuranceClaimRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "insurance_claims"
    @ID(key: .id) public var id: UUID?
    @Field(key: "scheme_id") public var schemeID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "trigger") public var trigger: String
    @Field(key: "cost_fen") public var costFen: Int64
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "arithmetic") public var arithmetic: String
    /// "manual", or the feed it was proposed from ("medical").
    @Field(key: "source") public var source: String
    @Field(key: "status") public var status: String
    @Field(key: "opened_on") public var openedOn: String
    @OptionalField(key: "notice_from") public var noticeFrom: String?
    @OptionalField(key: "paid_on") public var paidOn: String?
    @Field(key: "note") public var note: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var triggerValue: InsuranceTrigger? { InsuranceTrigger(rawValue: trigger) }
    public var statusValue: ClaimStatus? { ClaimStatus(rawValue: status) }
}

import BottomlineDomain
import Fluent
import Foundation

/// A 涉贫信访 petition.
public final class PetitionRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "petitions"
    @ID(key: .id) public var id: UUID?
    /// The village of the household it concerns, or the place named (a township's or county's code padded to 12).
    @Field(key: "village_code") public var villageCode: String
    @OptionalField(key: "household_id") public var householdID: UUID?
    @Field(key: "petitioner") public var petitioner: String
    @Field(key: "phone") public var phone: String
    @Field(key: "channel") public var channel: String
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "subject") public var subject: String
    @OptionalField(key: "told_on") public var toldOn: String?
    @OptionalField(key: "accepted") public var accepted: Bool?
    /// Why it was not accepted, when it was not.
    @Field(key: "refusal") public var refusal: String
    @Field(key: "handler") public var handler: String
    @OptionalField(key: "extended_days") public var extendedDays: Int?
    @Field(key: "extension_reason") public var extensionReason: String
    @OptionalField(key: "closed_on") public var closedOn: String?
    @Field(key: "reply") public var reply: String
    @OptionalField(key: "satisfaction") public var satisfaction: String?
    /// 有效件: false for a repeat of an earlier petition or a matter outside 信访, with the reason.
    @Field(key: "effective") public var effective: Bool
    @Field(key: "not_effective_reason") public var notEffectiveReason: String
    @OptionalField(key: "repeat_of") public var repeatOf: UUID?
    /// 督办: the day a higher level took it under supervision, and who.
    @OptionalField(key: "supervised_on") public var supervisedOn: String?
    @Field(key: "supervised_by") public var supervisedBy: String
    @OptionalField(key: "review_requested_on") public var reviewRequestedOn: String?
    @OptionalField(key: "review_answered_on") public var reviewAnsweredOn: String?
    @OptionalField(key: "recheck_requested_on") public var recheckRequestedOn: String?
    @OptionalField(key: "recheck_answered_on") public var recheckAnsweredOn: String?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    /// The petition as the rules read it.
    public var petition: Petition? {
        guard let received = CivilDate(parsing: receivedOn) else { return nil }
        return Petition(receivedOn: received, toldOn: toldOn.flatMap(CivilDate.init(parsing:)), accepted: accepted ?? true, extendedDays: extendedDays,
                        closedOn: closedOn.flatMap(CivilDate.init(parsing:)), satisfaction: satisfaction.flatMap(PetitionSatisfaction.init(rawValue:)),
                        reviewRequestedOn: reviewRequestedOn.flatMap(CivilDate.init(parsing:)), reviewAnsweredOn: reviewAnsweredOn.flatMap(CivilDate.init(parsing:)),
                        recheckRequestedOn: recheckRequestedOn.flatMap(CivilDate.init(parsing:)), recheckAnsweredOn: recheckAnsweredOn.flatMap(CivilDate.init(parsing:)),
                        effective: effective)
    }
}

/// A petition as registered.
public struct PetitionDraft: Sendable {
    public var channel: PetitionChannel
    public var receivedOn: CivilDate
    public var petitioner: String
    public var phone: String
    public var subject: String
    /// The household it concerns, by number, when the petitioner is in the registry.
    public var householdNumber: String
    /// Otherwise the place it concerns: a village, township or the county, inside the registering user's region.
    public var place: String
    public var handler: String

    public init(channel: PetitionChannel, receivedOn: CivilDate, petitioner: String, phone: String = "", subject: String, householdNumber: String = "",
                place: String = "", handler: String) {
        self.channel = channel
        self.receivedOn = receivedOn
        self.petitioner = petitioner
        self.phone = phone
        self.subject = subject
        self.householdNumber = householdNumber
        self.place = place
        self.handler = handler
    }
}

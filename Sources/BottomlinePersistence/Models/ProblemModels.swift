import BottomlineDomain
import Fluent
import Foundation

/// A problem in the 问题整改台账.
public final class ProblemRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "problems"
    @ID(key: .id) public var id: UUID?
    /// The village of the household or project it concerns, or the place named (a township's or county's code padded).
    @Field(key: "village_code") public var villageCode: String
    /// The level of the place (a padded code cannot say it: 乡 codes such as 411603200 pad like a county's).
    @Field(key: "place_level") public var placeLevelValue: Int
    @OptionalField(key: "household_id") public var householdID: UUID?
    @OptionalField(key: "project_id") public var projectID: UUID?
    @OptionalField(key: "petition_id") public var petitionID: UUID?
    @Field(key: "source") public var source: String
    @Field(key: "found_on") public var foundOn: String
    @Field(key: "category") public var category: String
    @Field(key: "text") public var text: String
    /// 双交办: the unit that leads the rectification and the person answerable for it.
    @Field(key: "lead_unit") public var leadUnit: String
    @Field(key: "responsible") public var responsible: String
    @Field(key: "measures") public var measures: String
    @Field(key: "deadline") public var deadline: String
    @Field(key: "state") public var state: String
    /// The level (`RegionCode.Level`) that assigned it and alone closes it.
    @Field(key: "assigned_level") public var assignedLevel: Int
    @OptionalField(key: "rectified_on") public var rectifiedOn: String?
    @Field(key: "evidence") public var evidence: String
    @OptionalField(key: "closed_on") public var closedOn: String?
    @OptionalField(key: "reviewed_on") public var reviewedOn: String?
    @Field(key: "reopened") public var reopened: Int
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var stateValue: ProblemState { ProblemState(rawValue: state) ?? .rectifying }
    public var sourceValue: ProblemSource? { ProblemSource(rawValue: source) }

    /// The problem as the rules read it.
    public var problem: Problem? {
        guard let found = CivilDate(parsing: foundOn), let deadline = CivilDate(parsing: deadline), let level = RegionCode.Level(rawValue: assignedLevel) else { return nil }
        return Problem(foundOn: found, deadline: deadline, state: stateValue, assignedBy: level, rectifiedOn: rectifiedOn.flatMap(CivilDate.init(parsing:)),
                       closedOn: closedOn.flatMap(CivilDate.init(parsing:)), reopened: reopened)
    }

    /// The level of the place it is placed at: a village, or a township's or county's padded code.
    public var placeLevel: RegionCode.Level { RegionCode.Level(rawValue: placeLevelValue) ?? .village }

    /// The place's own code, unpadded.
    public var placeCode: String {
        switch placeLevel {
        case .county: String(villageCode.prefix(6))
        case .township: String(villageCode.prefix(9))
        default: villageCode
        }
    }
}

/// A problem as registered.
public struct ProblemDraft: Sendable {
    public var source: ProblemSource
    public var foundOn: CivilDate
    /// A household number, or a project number, or else a region code.
    public var householdNumber: String
    public var projectNumber: String
    public var place: String
    public var category: String
    public var text: String
    public var leadUnit: String
    public var responsible: String
    public var measures: String
    public var deadline: CivilDate

    public init(source: ProblemSource, foundOn: CivilDate, householdNumber: String = "", projectNumber: String = "", place: String = "", category: String, text: String,
                leadUnit: String, responsible: String, measures: String, deadline: CivilDate) {
        (self.source, self.foundOn, self.householdNumber, self.projectNumber, self.place, self.category) = (source, foundOn, householdNumber, projectNumber, place, category)
        (self.text, self.leadUnit, self.responsible, self.measures, self.deadline) = (text, leadUnit, responsible, measures, deadline)
    }
}

import BottomlineDomain
import Foundation

extension MeasureRecord {
    /// The record as a measure of the household's 一户一策 while it is a 监测对象 at risk (issue 16 §4): same id as the
    /// ledger row, so ending a spell or a post ends its measure, and 户均帮扶措施 and the consistency checks count it.
    public static func ledger(for household: HouseholdRecord, id: UUID, _ category: MeasureCategory, _ name: String, amount: Money? = nil,
                        start: CivilDate, end: CivilDate? = nil, actor: Actor) -> MeasureRecord? {
        guard household.isAtRisk else { return nil }
        let m = MeasureRecord()
        (m.id, m.householdID, m.villageCode, m.category, m.name, m.department) = (id, household.id!, household.villageCode, category.rawValue,
                                                                                 String(name.prefix(100)), category.usualDepartment)
        (m.amountFen, m.startOn, m.endOn) = (amount?.fen, start.description, end?.description)
        (m.status, m.createdBy) = (end.map { $0 <= .today } == true ? MeasureStatus.completed.rawValue : MeasureStatus.ongoing.rawValue, actor.userID)
        return m
    }
}

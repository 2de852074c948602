import BottomlineDomain

extension HouseholdRecord {
    /// The household's standing on a day: a 监测对象 whose risk was not eliminated by then, else a 脱贫户, or neither
    /// (小额信贷, 雨露计划 and 防贫保险 read it).
    public func standing(on day: CivilDate) -> HouseholdStanding {
        if let since = monitoringSince.flatMap(CivilDate.init(parsing:)), since <= day,
           riskEliminatedOn.flatMap(CivilDate.init(parsing:)).map({ $0 > day }) ?? true {
            return .monitored
        }
        return category == HouseholdCategory.alleviated.rawValue ? .alleviated : .other
    }
}

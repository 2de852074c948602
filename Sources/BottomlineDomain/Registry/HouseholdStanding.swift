/// Where a household stands on a day for the help that is only for 脱贫户 and 监测对象 whose risk stands: 小额信贷
/// (the later restatements allow all 监测对象 [R25]), 雨露计划 (on the first day of term [R31]) and 防贫保险's insured
/// group. A 脱贫户 that is also a 监测对象 at risk stands as monitored.
public enum HouseholdStanding: Sendable, Equatable {
    case alleviated, monitored, other

    public var eligible: Bool { self != .other }
}

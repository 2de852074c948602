/// What changing a rule would do to the households it flags (issue 18 §2: a warning rule's threshold, a 疑点 check's
/// number): flagged under the rule in force and under the change, newly flagged and no longer flagged, by township, by
/// village, by a class of household (脱贫户, 一般农户, 监测对象) where the rule knows it, and by the household's risk types.
public struct FlagShift: Sendable, Equatable {
    /// Where a flagged household lives, what class it is ("" when not known) and its recorded risk types (labels; nil
    /// when not known, empty when none is recorded).
    public struct Place: Hashable, Sendable {
        public var village: String
        public var group: String
        public var risks: [String]?
        public init(village: String, group: String = "", risks: [String]? = nil) {
            self.village = village
            self.group = group
            self.risks = risks
        }
    }

    /// The risk line of a household with none recorded (most households not yet identified).
    public static let noRisk = "未标注风险"

    public struct Line: Sendable, Equatable {
        public var now = 0
        public var tried = 0
        /// Flagged under the change, not now.
        public var newly = 0
        /// Flagged now, not under the change.
        public var dropped = 0
        public init(now: Int = 0, tried: Int = 0, newly: Int = 0, dropped: Int = 0) {
            (self.now, self.tried, self.newly, self.dropped) = (now, tried, newly, dropped)
        }
    }

    /// By township code (the village code's first nine digits).
    public var townships: [String: Line] = [:]
    /// By village code.
    public var villages: [String: Line] = [:]
    /// By class; empty when the rule does not know it.
    public var groups: [String: Line] = [:]
    /// By risk type (a household with two counts under each; `noRisk`: none recorded); empty when not known.
    public var risks: [String: Line] = [:]
    public var total = Line()

    public init() {}

    /// Households (by any key) flagged now and under the change, with where each lives.
    public init<Key: Hashable>(now: [Key: Place], tried: [Key: Place]) {
        func add(_ place: Place, _ change: (inout Line) -> Void) {
            change(&total)
            change(&townships[String(place.village.prefix(9)), default: Line()])
            if !place.village.isEmpty { change(&villages[place.village, default: Line()]) }
            if !place.group.isEmpty { change(&groups[place.group, default: Line()]) }
            if let risks = place.risks {
                if risks.isEmpty { change(&self.risks[Self.noRisk, default: Line()]) }
                for r in Set(risks) { change(&self.risks[r, default: Line()]) }
            }
        }
        for (key, place) in now {
            add(place) { $0.now += 1 }
            if tried[key] == nil { add(place) { $0.dropped += 1 } }
        }
        for (key, place) in tried {
            add(place) { $0.tried += 1 }
            if now[key] == nil { add(place) { $0.newly += 1 } }
        }
    }
}

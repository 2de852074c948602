/// What changing a rule would do to the households it flags (issue 18 §2: a warning rule's threshold, a 疑点 check's
/// number): flagged under the rule in force and under the change, newly flagged and no longer flagged, by township
/// and by a class of household (脱贫户, 一般农户, 监测对象) where the rule knows it.
public struct FlagShift: Sendable, Equatable {
    /// Where a flagged household lives and what class it is ("" when not known).
    public struct Place: Hashable, Sendable {
        public var village: String
        public var group: String
        public init(village: String, group: String = "") {
            self.village = village
            self.group = group
        }
    }

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
    /// By class; empty when the rule does not know it.
    public var groups: [String: Line] = [:]
    public var total = Line()

    public init() {}

    /// Households (by any key) flagged now and under the change, with where each lives.
    public init<Key: Hashable>(now: [Key: Place], tried: [Key: Place]) {
        func add(_ place: Place, _ change: (inout Line) -> Void) {
            change(&total)
            change(&townships[String(place.village.prefix(9)), default: Line()])
            if !place.group.isEmpty { change(&groups[place.group, default: Line()]) }
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

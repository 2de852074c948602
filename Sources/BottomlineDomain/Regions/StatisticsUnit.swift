/// A city's own management and statistics unit over townships (ledgers-rules.md §L4): a 功能区 such as 商丘's
/// 城乡一体化示范区, which is not in the official division list — its townships are legally in counties — but which
/// offices rank beside the counties (seed 001). Dated: which townships, from when, until when.
public struct StatisticsUnit: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var township: RegionCode
        public var from: CivilDate
        /// The first day the township is no longer in the unit; nil while it is.
        public var to: CivilDate?

        public init(township: RegionCode, from: CivilDate, to: CivilDate? = nil) {
            self.township = township
            self.from = from
            self.to = to
        }

        public func holds(on day: CivilDate) -> Bool { from <= day && (to.map { day < $0 } ?? true) }
    }

    public var name: String
    public var city: RegionCode
    public var members: [Member]

    public init(name: String, city: RegionCode, members: [Member]) {
        self.name = name
        self.city = city
        self.members = members
    }

    /// The townships in the unit on `day`.
    public func townships(on day: CivilDate) -> [RegionCode] { members.filter { $0.holds(on: day) }.map(\.township) }
}

/// The units a region's bulletin ranks and which of them each village counts in: the region's child units, except
/// that in a city the townships of its statistics units on the bulletin's day leave their counties and count in
/// their unit, ranked beside the counties (after them, in the order given).
public struct BulletinUnits: Sendable {
    public struct Unit: Sendable, Equatable {
        /// A child region's code, or "unit:" and the statistics unit's name.
        public var key: String
        public var name: String
    }

    public let units: [Unit]
    let childDigits: Int
    let byTownship: [String: String]

    public init(children: [(code: String, name: String)], childDigits: Int, statisticsUnits: [StatisticsUnit] = [], on day: CivilDate) {
        var byTownship: [String: String] = [:], units = children.map { Unit(key: $0.code, name: $0.name) }
        for u in statisticsUnits {
            let townships = u.townships(on: day)
            guard !townships.isEmpty else { continue }
            units.append(Unit(key: "unit:\(u.name)", name: u.name))
            for t in townships { byTownship[t.digits] = "unit:\(u.name)" }
        }
        self.units = units
        self.childDigits = childDigits
        self.byTownship = byTownship
    }

    /// The key of the unit a village counts in.
    public func unit(ofVillage code: String) -> String {
        byTownship[String(code.prefix(9))] ?? String(code.prefix(childDigits))
    }
}

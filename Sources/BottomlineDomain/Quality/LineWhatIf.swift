/// 政策调整测算 (issue 18 §2): what a new monitoring line — or a new 关注带 above it — would mean for a region's
/// households, side by side with the line in force, without anything being written.
///
/// A household is within the monitoring range of a year when its 人均纯收入 of that year is below the line
/// (`isWithin`, the same comparison the eligibility reading makes). The 关注带 is the band just above the line that a
/// county watches (收入临界户): at or above the line, below line × (100 + percent)%.
public struct LineScenario: Sendable, Equatable {
    /// The year whose income records are read (a past year answers "what if the line had been X").
    public var incomeYear: Int
    /// The line in force for that income year.
    public var currentLine: Money
    /// The line tried.
    public var proposedLine: Money
    /// The 关注带 above the line, percent of the line (50 = up to 1.5 × the line); nil: no band.
    public var bandPercent: Int?
    /// The day whose monitoring standing is read (monitored, risk eliminated or never identified, from the registry's
    /// dates); nil: as the registry stands today. A past year is judged against who was monitored then, not since.
    public var standingOn: CivilDate?

    public init(incomeYear: Int, currentLine: Money, proposedLine: Money, bandPercent: Int? = nil, standingOn: CivilDate? = nil) {
        self.incomeYear = incomeYear
        self.currentLine = currentLine
        self.proposedLine = proposedLine
        self.bandPercent = bandPercent
        self.standingOn = standingOn
    }

    /// The day a past income year's standing is read on: its last day. "What if the line had been X in 2024" asks who
    /// was then within the range but not monitored, judged on that year's incomes.
    public static func standingDay(forPastIncomeYear year: Int) -> CivilDate? { CivilDate(year: year, month: 12, day: 31) }

    /// The top of the 关注带 above a line (exclusive), rounded to the fen; the line itself when there is no band.
    public func bandTop(above line: Money) -> Money {
        guard let p = bandPercent else { return line }
        return Money(fen: line.fen * Int64(100 + p)).divided(by: 100)
    }

    /// The amounts a household's 人均纯收入 is compared with, in this order: today's line, the line tried, and the tops
    /// of their 关注带. A store that compares in the database compares with these, with `isWithin`'s `<`.
    public var thresholds: [Money] { [currentLine, proposedLine, bandTop(above: currentLine), bandTop(above: proposedLine)] }

    /// The widest band a county may try (three times the line).
    public static let bandPercentRange = 1...200
    /// Lines a county may try, 元 per person per year.
    public static let lineRange = Money(yuan: 1_000)...Money(yuan: 100_000)
}

public enum LineWhatIf {
    /// Within the monitoring range: 人均纯收入 below the line.
    public static func isWithin(_ perCapita: Money, line: Money) -> Bool { perCapita < line }

    /// Where a household stands in the monitoring today.
    public enum Standing: Int, Sendable, Hashable, CaseIterable {
        /// Never identified.
        case none = 0
        /// A monitoring object whose risk is not eliminated.
        case monitored = 1
        /// A monitoring object whose risk was eliminated.
        case eliminated = 2
    }

    /// Households alike in everything the what-if reads: village, category, standing, risks and, for each of the
    /// scenario's `thresholds`, whether their income is below it (nil: no income recorded for the year). A group with no
    /// village holds households above every threshold, which count only in the total and by category (`judged`): they
    /// enter, leave and sit in no band, so a store need not tell their villages apart.
    public struct Group: Sendable, Equatable {
        public var villageCode: String
        public var category: HouseholdCategory?
        public var standing: Standing
        public var risks: [RiskType]
        public var below: [Bool]?
        public var households: Int
        public var persons: Int

        public init(villageCode: String, category: HouseholdCategory?, standing: Standing, risks: [RiskType], below: [Bool]?, households: Int, persons: Int) {
            self.villageCode = villageCode
            self.category = category
            self.standing = standing
            self.risks = risks
            self.below = below
            self.households = households
            self.persons = persons
        }

        /// One household: its per-capita income (nil: none recorded for the year) compared with the scenario here.
        public init(villageCode: String, category: HouseholdCategory?, standing: Standing, risks: [RiskType], perCapita: Money?, persons: Int, scenario: LineScenario) {
            self.init(villageCode: villageCode, category: category, standing: standing, risks: risks,
                      below: perCapita.map { pc in scenario.thresholds.map { LineWhatIf.isWithin(pc, line: $0) } }, households: 1, persons: persons)
        }
    }

    /// Households and persons.
    public struct Tally: Sendable, Equatable, Hashable {
        public var households = 0
        public var persons = 0
        public init(households: Int = 0, persons: Int = 0) {
            self.households = households
            self.persons = persons
        }
        mutating func add(_ g: Group) {
            households += g.households
            persons += g.persons
        }
        public static func + (a: Tally, b: Tally) -> Tally { Tally(households: a.households + b.households, persons: a.persons + b.persons) }
    }

    /// What a unit (a village, township, category or risk type) counts under both lines.
    public struct Counts: Sendable, Equatable {
        /// Households with an income record for the year (in a village's or a risk's counts only those below some
        /// threshold, see `Group`), and those without (not judged).
        public var judged = Tally()
        public var noIncome = Tally()
        /// Within the range under today's line and under the line tried.
        public var withinToday = Tally()
        public var withinProposed = Tally()
        /// Of those, not monitored now (never identified, or their risk eliminated): identification to consider.
        public var unmonitoredToday = Tally()
        public var unmonitoredProposed = Tally()
        /// Within the range under the line tried but not today's.
        public var entering = Tally()
        /// Of those, not monitored now: cases to open (the identification workload).
        public var casesToOpen = Tally()
        /// Of those, households whose risk was eliminated before (风险消除后再次低于标准).
        public var reentering = Tally()
        /// Within the range today but not under the line tried.
        public var leaving = Tally()
        /// Of those, monitored now (their income no longer keeps them in: 风险消除 by income to consider).
        public var leavingMonitored = Tally()
        /// In the 关注带 above the line, today and under the line tried.
        public var bandToday = Tally()
        public var bandProposed = Tally()

        public init() {}

        mutating func add(_ g: Group) {
            guard let below = g.below, below.count == 4 else {
                noIncome.add(g)
                return
            }
            judged.add(g)
            let (today, tried) = (below[0], below[1])
            let unmonitored = g.standing != .monitored
            if today { withinToday.add(g); if unmonitored { unmonitoredToday.add(g) } }
            if tried { withinProposed.add(g); if unmonitored { unmonitoredProposed.add(g) } }
            if tried && !today {
                entering.add(g)
                if unmonitored { casesToOpen.add(g) }
                if g.standing == .eliminated { reentering.add(g) }
            }
            if today && !tried {
                leaving.add(g)
                if g.standing == .monitored { leavingMonitored.add(g) }
            }
            if !today && below[2] { bandToday.add(g) }
            if !tried && below[3] { bandProposed.add(g) }
        }

        /// Every tally a unit keeps, for adding units up.
        static var tallies: [WritableKeyPath<Counts, Tally>] { [\.judged, \.noIncome, \.withinToday, \.withinProposed, \.unmonitoredToday,
                                                                 \.unmonitoredProposed, \.entering, \.casesToOpen, \.reentering, \.leaving,
                                                                 \.leavingMonitored, \.bandToday, \.bandProposed] }

        public static func + (a: Counts, b: Counts) -> Counts {
            var c = a
            for t in tallies { c[keyPath: t] = a[keyPath: t] + b[keyPath: t] }
            return c
        }
    }

    /// The what-if of a region: counts by village, by category and by risk type, and in all.
    public struct Outcome: Sendable, Equatable {
        public var villages: [String: Counts] = [:]
        /// By 户类别 (脱贫户, 一般农户; nil: not recorded).
        public var categories: [HouseholdCategory?: Counts] = [:]
        /// By recorded risk type; a household with two risks counts under each; nil: none recorded (most households not
        /// yet identified).
        public var risks: [RiskType?: Counts] = [:]
        public var total = Counts()

        public init() {}

        /// The villages summed into the units of a level (townships of a county, villages of a township), by code.
        public func units(digits: Int) -> [String: Counts] {
            var units: [String: Counts] = [:]
            for (code, counts) in villages { units[String(code.prefix(digits)), default: Counts()] = units[String(code.prefix(digits)), default: Counts()] + counts }
            return units
        }
    }

    public static func evaluate(_ groups: [Group]) -> Outcome {
        var o = Outcome()
        for g in groups {
            if g.villageCode.isEmpty {
                o.categories[g.category, default: Counts()].add(g)
                o.total.add(g)
                continue
            }
            o.villages[g.villageCode, default: Counts()].add(g)
            o.categories[g.category, default: Counts()].add(g)
            if g.risks.isEmpty {
                o.risks[nil, default: Counts()].add(g)
            } else {
                for r in Set(g.risks) { o.risks[r, default: Counts()].add(g) }
            }
            o.total.add(g)
        }
        return o
    }

    /// The identification workload of a unit: the cases a new line opens against the 15-day limit and the unit's cadres.
    public struct Workload: Sendable, Equatable {
        public var cases: Int
        public var cadres: Int
        public var days: Int
        public init(cases: Int, cadres: Int, days: Int) {
            self.cases = cases
            self.cadres = cadres
            self.days = days
        }
        /// Cases each cadre carries; nil without cadres on record.
        public var perCadre: Double? { cadres > 0 ? Double(cases) / Double(cadres) : nil }
        /// Households each cadre must finish a day for all to be identified within the limit.
        public var perCadrePerDay: Double? { cadres > 0 && days > 0 ? Double(cases) / Double(cadres * days) : nil }
    }

    /// What the county's own records say a monitored household receives: measures and amounts per category, over the
    /// households ever identified.
    public struct MeasureProfile: Sendable, Equatable {
        public struct Line: Sendable, Equatable {
            public var measures: Int
            public var amount: Money
            public init(measures: Int, amount: Money) {
                self.measures = measures
                self.amount = amount
            }
        }
        public var households: Int
        public var categories: [MeasureCategory: Line]
        public init(households: Int, categories: [MeasureCategory: Line]) {
            self.households = households
            self.categories = categories
        }
        public var measures: Int { categories.values.reduce(0) { $0 + $1.measures } }
        public var amount: Money { categories.values.reduce(.zero) { $0 + $1.amount } }

        /// 户均帮扶措施, to two decimals; nil before any household was identified.
        public var measuresPerHousehold: Double? { households > 0 ? Double(measures) / Double(households) : nil }
        /// 户均帮扶金额.
        public var amountPerHousehold: Money? { households > 0 ? amount.divided(by: households) : nil }

        /// Measures and amounts `cases` new households would receive at the county's own rates, by category (rounded
        /// to whole measures and to the fen).
        public func expected(for cases: Int) -> [MeasureCategory: Line] {
            guard households > 0 else { return [:] }
            return categories.mapValues { l in
                Line(measures: Int((Int64(l.measures) * Int64(cases) * 2 + Int64(households)) / (2 * Int64(households))),
                     amount: Money(fen: l.amount.fen * Int64(cases)).divided(by: households))
            }
        }
    }
}

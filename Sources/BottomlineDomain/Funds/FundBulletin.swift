/// 衔接资金支付进度通报 (issue 15 §4; seeds 000/001: reported before the 15th and the 30th of each month): the units
/// under a region — the counties of a city, or a county's townships by where their projects are — as of a day, ranked
/// by 支付率, with a 合计 row of the added sums and the units below the whole's rate marked for a 提示函.
public struct FundBulletin: Sendable {
    public struct Row: Sendable {
        public var unit: String
        public var progress: FundProgress
        /// 支付率 the row is ranked by: over 下达 where the unit receives batches (a county), over 对接 where it does
        /// not (a township's projects).
        public var rate: MoneyShare
        public var rank: Int?
        /// Below the whole's rate: a 提示函 goes to this unit.
        public var lagging: Bool
    }

    public var title: String
    public var asOf: CivilDate
    public var byIssued: Bool
    public var rows: [Row]
    public var total: FundProgress

    /// Builds the table: rows ranked by rate (equal printed rates share a rank), units with nothing to pay last.
    public init(title: String, asOf: CivilDate, byIssued: Bool, units: [(String, FundProgress)]) {
        self.title = title
        self.asOf = asOf
        self.byIssued = byIssued
        var total = FundProgress()
        for (_, p) in units {
            total.issued = total.issued + p.issued
            total.allocated = total.allocated + p.allocated
            total.paid = total.paid + p.paid
            total.industryAllocated = total.industryAllocated + p.industryAllocated
            total.industryBase = total.industryBase + p.industryBase
        }
        self.total = total
        let whole = byIssued ? total.paymentRate : total.paymentRateOfAllocated
        let rates = units.map { byIssued ? $0.1.paymentRate : $0.1.paymentRateOfAllocated }
        // Ranks from exact integer percentages to two decimals, as printed.
        let printed = rates.map { $0.scaledPercent(decimals: 2).map { Double($0) / 10_000 } }
        let ranks = Ranking.ranks(printed, higherIsBetter: true)
        let rows = zip(units, zip(rates, ranks)).map { unit, r in
            Row(unit: unit.0, progress: unit.1, rate: r.0, rank: r.1,
                lagging: r.0.whole.fen > 0 && whole.whole.fen > 0 && !r.0.atLeast(hundredthsOfPercent: whole.scaledPercent(decimals: 2) ?? 0))
        }
        self.rows = rows.sorted { a, b in
            switch (a.rank, b.rank) {
            case let (x?, y?): x == y ? a.unit < b.unit : x < y
            case (_?, nil): true
            case (nil, _?): false
            default: a.unit < b.unit
            }
        }
    }

    /// The whole's rate, printed.
    public var totalRate: MoneyShare { byIssued ? total.paymentRate : total.paymentRateOfAllocated }
}

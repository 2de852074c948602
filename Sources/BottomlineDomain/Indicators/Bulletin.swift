/// 通报 tables: units ranked on one indicator, figures in columns, a 合计 row of added counts.

public enum Ranking {
    /// Competition ranking as bulletins print it (1, 2, 2, 4): equal figures share a rank, the next rank skips. Units
    /// with no figure (nothing to divide by) get no rank.
    public static func ranks(_ values: [Double?], higherIsBetter: Bool) -> [Int?] {
        values.map { v -> Int? in
            guard let v else { return nil }
            // Rates compare as printed (one decimal of a percent), so 61.54% and 61.46% tie as 61.5%.
            let key = (v * 1000).rounded()
            return 1 + values.compactMap { $0 }.filter { higherIsBetter ? ($0 * 1000).rounded() > key : ($0 * 1000).rounded() < key }.count
        }
    }
}

public struct BulletinTable: Sendable {
    public struct Row: Sendable {
        public var position: Int
        public var unit: String
        public var counts: Counts
        public var rank: Int?
    }

    public var title: String
    public var unitHeader: String
    public var columns: [Indicator]
    public var rankBy: Indicator
    public var rows: [Row]
    public var total: Counts
    public var footnote: String

    /// Rows in rank order (ties keep the units' order; unranked last), numbered 1…n.
    public init(title: String, unitHeader: String, columns: [Indicator], rankBy: Indicator, units: [(name: String, counts: Counts)], footnote: String = "") {
        self.title = title
        self.unitHeader = unitHeader
        self.columns = columns
        self.rankBy = rankBy
        self.footnote = footnote
        let ranks = Ranking.ranks(units.map { rankBy.value($0.counts) }, higherIsBetter: rankBy.higherIsBetter)
        let order = units.indices.sorted { a, b in
            switch (ranks[a], ranks[b]) {
            case let (x?, y?): return x != y ? x < y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
        rows = order.enumerated().map { position, i in Row(position: position + 1, unit: units[i].name, counts: units[i].counts, rank: ranks[i]) }
        total = units.reduce(Counts()) { $0 + $1.counts }
    }

    /// The group a column sits under in the two-row header.
    public static func group(of indicator: Indicator) -> String {
        switch indicator.code.prefix(2) {
        case "JC": "监测识别"
        case "XC": "风险消除"
        case "BF": "帮扶落实"
        case "SB": "时效与问题"
        case "SR": "收入分档"
        case "LB": "监测对象类别"
        case "FX": "风险类型"
        default: "其他"
        }
    }
}

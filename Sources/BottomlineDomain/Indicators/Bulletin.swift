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
        case "ZJ": "衔接资金"
        case "XM": "项目实施"
        case "ZC": "项目资产"
        case "DK": "小额信贷"
        case "JY": "就业帮扶"
        case "BX": "防贫保险"
        default: "其他"
        }
    }
}

/// The quarterly township score: a weighted sum of indicators (weights are data). Each indicator scores a unit 0–100
/// between the worst and the best unit (reversed where lower is better; all equal → 100). A unit without a figure on
/// an indicator (nothing to divide by, say no identification that quarter) is scored on the others: the total is the
/// weighted mean over the indicators it has.
public struct ScoreCard: Sendable {
    public var weights: [(indicator: Indicator, weight: Double)]

    public init(weights: [(indicator: Indicator, weight: Double)]) { self.weights = weights }

    public struct Line: Sendable {
        public var unit: String
        public var parts: [Double?]
        public var total: Double
        public var rank: Int
    }

    public func score(_ units: [(name: String, counts: Counts)]) -> [Line] {
        var parts = Array(repeating: [Double?](), count: units.count)
        for (indicator, _) in weights {
            let values = units.map { indicator.value($0.counts) }
            let known = values.compactMap { $0 }
            let lo = known.min() ?? 0, hi = known.max() ?? 0
            for (i, v) in values.enumerated() {
                guard let v else { parts[i].append(nil); continue }
                let share = hi == lo ? 1 : (v - lo) / (hi - lo)
                parts[i].append(100 * (indicator.higherIsBetter ? share : 1 - share))
            }
        }
        let totals = parts.map { p -> Double in
            let known = zip(p, weights).compactMap { part, w in part.map { ($0, w.weight) } }
            let sum = known.reduce(0) { $0 + $1.1 }
            return sum == 0 ? 0 : known.reduce(0) { $0 + $1.0 * $1.1 } / sum
        }
        let ranks = Ranking.ranks(totals.map { $0 / 10 }, higherIsBetter: true)   // ties at 0.01 point
        return units.indices.map { Line(unit: units[$0].name, parts: parts[$0], total: totals[$0], rank: ranks[$0] ?? units.count) }
            .sorted { ($0.rank, $0.unit) < ($1.rank, $1.unit) }
    }

    /// "XC03=30\nBF03=20": the stored form of the weights; refused with the reason when a code is unknown or a weight
    /// is not a number from 0 to 100.
    public static func parse(_ text: String) -> Result<[(indicator: Indicator, weight: Double)], FieldProblem> {
        var out: [(Indicator, Double)] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == ";" }) where !line.trimmingASCIISpaces().isEmpty {
            let kv = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIISpaces() }
            guard kv.count == 2, let indicator = IndicatorCatalogue.indicator(kv[0]) else {
                return .failure(FieldProblem("“\(String(line.prefix(20)))”应为“指标编号=权重”，编号见指标目录"))
            }
            guard let w = Double(kv[1]), w >= 0, w <= 100 else { return .failure(FieldProblem("\(indicator.name)的权重应为0至100的数")) }
            if out.contains(where: { $0.0.code == indicator.code }) { return .failure(FieldProblem("\(indicator.name)重复")) }
            out.append((indicator, w))
        }
        guard !out.isEmpty, out.contains(where: { $0.1 > 0 }) else { return .failure(FieldProblem("至少设置一项大于0的权重")) }
        guard out.count <= 20 else { return .failure(FieldProblem("最多20项")) }
        return .success(out)
    }

    public var text: String { weights.map { "\($0.indicator.code)=\($0.weight == $0.weight.rounded() ? String(Int($0.weight)) : String($0.weight))" }.joined(separator: "\n") }

    public static let defaultText = "XC03=30\nBF03=20\nSB01=20\nBF01=15\nSB02=15"

    /// Indicators a score may weigh: rates and the counts where fewer is better, as the ranking allows. Of the
    /// indicators by a kind (监测类别, 风险类型, 疑点核查规则), a rule's 疑点数 and 整改率: a county may score its
    /// townships on the check an inspection is coming for.
    public static var weighable: [Indicator] {
        IndicatorCatalogue.all.filter { (!$0.code.contains("-") || isByRule($0)) && ($0.denominator != nil || !$0.higherIsBetter) }
    }

    /// ZL-YD01, ZL-YD02… (one a check) and their rates.
    public static func isByRule(_ i: Indicator) -> Bool { i.code.hasPrefix("ZL-YD") }

    /// The weights typed one field per indicator (w_XC03=30; blank: not scored), as the text `parse` reads; nil when
    /// the form has no such field (the weights were typed as text).
    public static func text(fromFields values: FormValues) -> String? {
        let typed = weighable.compactMap { i -> String? in
            guard let raw = values["w_" + i.code]?.trimmingASCIISpaces(), !raw.isEmpty else { return nil }
            return "\(i.code)=\(String(raw.prefix(12)))"
        }
        guard weighable.contains(where: { values["w_" + $0.code] != nil }) else { return nil }
        return typed.joined(separator: "\n")
    }
}

/// A saved bulletin: its title, columns (indicator codes), ranking column and footnote. The period and the units are
/// chosen when it is issued: the units are the children of the reader's own region, so a township sees its villages.
public struct BulletinDefinition: Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var rank: String
    public var footnote: String

    public init(title: String, columns: [String], rank: String, footnote: String) {
        self.title = title
        self.columns = columns
        self.rank = rank
        self.footnote = footnote
    }

    public static func validate(_ values: FormValues) -> Result<BulletinDefinition, FieldProblems> {
        var errors = FieldErrors()
        let title = values.text("title", limit: 100)
        if title.isEmpty || title.count > 60 || title.contains(where: { "<>&\"".contains($0) }) { errors["title"] = "标题应为1至60个字，不含 < > & \"" }
        // Ticked in the catalogue (col_XC03=on, in the catalogue's order), or typed as codes.
        let ticked = IndicatorCatalogue.all.map(\.code).filter { values["col_" + $0] == "on" }
        let columns = ticked.isEmpty ? values.text("columns", limit: 400).split(whereSeparator: { ", ，\n".contains($0) }).map(String.init) : ticked
        if columns.isEmpty || columns.count > 12 { errors["columns"] = "请选择1至12项指标" }
        else if let unknown = columns.first(where: { IndicatorCatalogue.indicator($0) == nil }) { errors["columns"] = "没有指标“\(String(unknown.prefix(12)))”，编号见指标目录" }
        else if Set(columns).count != columns.count { errors["columns"] = "指标重复" }
        let rank = values.text("rank", limit: 20)
        if IndicatorCatalogue.indicator(rank) == nil { errors["rank"] = "请选择排名依据" }
        let footnote = values.text("footnote", limit: 400)
        if footnote.count > 200 || footnote.contains(where: { "<>".contains($0) }) { errors["footnote"] = "脚注最多200个字，不含 < >" }
        guard errors.isEmpty else { return .failure(FieldProblems(errors)) }
        return .success(BulletinDefinition(title: title, columns: columns, rank: rank, footnote: footnote))
    }
}

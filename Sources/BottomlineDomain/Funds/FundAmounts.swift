/// Fund amounts are kept in 分 and printed in 万元 to two decimals, as offices print them; sums are of 分, never of
/// rounded figures.
extension Money {
    /// 1万元 in 分.
    static let wanFen: Int64 = 1_000_000

    /// The largest amount a fund ledger takes: 1000亿元 (a province's year is far below it).
    public static let largestFund = Money(yuan: 100_000_000_000)

    /// 万元 with two decimals, rounded half away from zero: 58,733.04万 for 587,330,400 元.
    public var wanText: String {
        let unit = Self.wanFen / 100  // 0.01万元 = 100元 = 10,000分
        let a = abs(fen)
        var hundredths = a / unit
        if (a % unit) * 2 >= unit { hundredths += 1 }
        let sign = fen < 0 && hundredths > 0 ? "-" : ""
        let cents = hundredths % 100
        return "\(sign)\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// An amount typed or read in 万元 ("18363.92", up to six decimals, i.e. to the 分); nil if it is not one or is
    /// larger than `largestFund`.
    public init?(wanYuan raw: String) {
        let text = raw.trimmingASCIISpaces()
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 9, parts[0].allSatisfy(\.isASCIIDigit),
              let whole = Int64(parts[0]) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 6, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(parts[1] + String(repeating: "0", count: 6 - parts[1].count))!
        }
        let fen = whole * Self.wanFen + fraction
        guard fen <= Self.largestFund.fen else { return nil }
        self.init(fen: fen)
    }
}

/// A part of a whole, both in 分, kept exact: rates are printed from the two sums, never from rounded figures.
public struct MoneyShare: Hashable, Sendable {
    public var part: Money
    public var whole: Money

    public init(_ part: Money, of whole: Money) {
        self.part = part
        self.whole = whole
    }

    /// Nil when the whole is nothing.
    public var fraction: Double? { whole.fen == 0 ? nil : Double(part.fen) / Double(whole.fen) }

    /// The percentage in units of 10^-`decimals` percent, rounded half away from zero (exact integer arithmetic).
    public func scaledPercent(decimals: Int) -> Int64? {
        guard whole.fen != 0 else { return nil }
        var scale: Int64 = 100
        for _ in 0..<decimals { scale *= 10 }
        let (n, overflow) = part.fen.multipliedReportingOverflow(by: scale)
        if overflow {
            return Int64((Double(part.fen) * Double(scale) / Double(whole.fen)).rounded(.toNearestOrAwayFromZero))
        }
        let q = n / whole.fen, r = n % whole.fen
        let negative = (n < 0) != (whole.fen < 0)
        return q + (abs(r) * 2 >= abs(whole.fen) ? (negative ? -1 : 1) : 0)
    }

    /// "77.63%": the percentage with `decimals` decimals, rounded half up; "—" when the whole is nothing.
    public func percentText(decimals: Int = 2) -> String {
        guard let scaled = scaledPercent(decimals: decimals) else { return "—" }
        var divisor: Int64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let a = abs(scaled)
        let sign = scaled < 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(a)%" }
        let fractionText = String(a % divisor)
        return "\(sign)\(a / divisor).\(String(repeating: "0", count: decimals - fractionText.count))\(fractionText)%"
    }

    /// Whether the share is at least `percent` (given in hundredths of a percent: 6000 is 60%), compared exactly.
    public func atLeast(hundredthsOfPercent minimum: Int64) -> Bool {
        guard whole.fen > 0 else { return false }
        // part / whole ≥ minimum / 10000  ⇔  part × 10000 ≥ minimum × whole, in integers while they fit.
        let (left, o1) = part.fen.multipliedReportingOverflow(by: 10_000)
        let (right, o2) = minimum.multipliedReportingOverflow(by: whole.fen)
        if !o1, !o2 { return left >= right }
        return Double(part.fen) * 10_000 >= Double(minimum) * Double(whole.fen)
    }
}

/// An amount of money in 分 (hundredths of a yuan), so sums never pick up floating-point error.
public struct Money: Hashable, Comparable, Sendable, Codable, AdditiveArithmetic, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }
    public init(yuan: Int64) { fen = yuan * 100 }

    public static let zero = Money(fen: 0)
    /// 10 亿元: anything larger in a household ledger is a typing error.
    public static let largest = Money(yuan: 1_000_000_000)

    /// Parses "12345", "12,345.6", "12345.67元", "1.2万". Refuses more than two decimals and non-numbers.
    public init?(parsing raw: String) {
        // Fast path: plain whole yuan, as most files write amounts.
        if !raw.isEmpty, raw.utf8.count <= 10, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let yuan = Int64(raw) {
            fen = yuan * 100
            return
        }
        var text = raw.trimmingASCIISpaces()
        // Unicode scalars, not Foundation's `contains`: this runs for every amount of a million-row file.
        if text.unicodeScalars.contains(where: { $0 == "," || $0 == "，" }) { text.removeAll { $0 == "," || $0 == "，" } }
        var scale: Int64 = 1
        if text.hasSuffix("元") { text.removeLast() }
        if text.hasSuffix("万") {
            text.removeLast()
            scale = 10_000
        }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])),
              parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCIIDigit), !parts[1].isEmpty, parts[1].count <= (scale == 1 ? 2 : 6) else { return nil }
            fractionDigits = parts[1].count
            fraction = Int64(parts[1])!
        }
        // Keep the arithmetic in integers: value = (whole + fraction / 10^digits) × scale × 100 fen.
        var pow10: Int64 = 1
        for _ in 0..<fractionDigits { pow10 *= 10 }
        let (w, o1) = whole.multipliedReportingOverflow(by: scale * 100)
        guard !o1, w <= Self.largest.fen else { return nil }
        let f = fraction * scale * 100
        guard f % pow10 == 0 else { return nil }
        fen = (w + f / pow10) * (negative ? -1 : 1)
    }

    public var isNegative: Bool { fen < 0 }

    /// Yuan with two decimals: "12345.67".
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let a = abs(fen)
        let cents = a % 100
        return "\(sign)\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Yuan for tables: whole yuan when there are no 分, else two decimals.
    public var yuanText: String { fen % 100 == 0 ? String(fen / 100) : description }

    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }

    /// Divides, rounding half away from zero to the 分.
    public func divided(by n: Int) -> Money {
        precondition(n > 0)
        let d = Int64(n)
        let q = fen / d, r = fen % d
        return Money(fen: q + (abs(r) * 2 >= d ? (fen < 0 ? -1 : 1) : 0))
    }
}

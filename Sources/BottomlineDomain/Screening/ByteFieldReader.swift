/// Reading values straight from a file's bytes, without building strings: a province's 医保 file has ten million rows.

public enum ByteFields {
    /// Spaces, tabs and a leading apostrophe (Excel's "text" mark) around a value.
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 || b[lo] == 0x27 || b[lo] == 0x3D || b[lo] == 0x22 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x22 { hi -= 1 }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }

    /// A resident ID as its 17-digit body (the check character is verified, so the body alone identifies the person).
    /// 15-digit numbers of the old format are widened (19 inserted before the year), lowercase x is accepted.
    public enum IDProblem: Error, Sendable, Equatable {
        case empty, length(Int), characters, checkCharacter, birthDate

        public var message: String {
            switch self {
            case .empty: "身份证号为空"
            case .length(let n): "身份证号应为18位（或15位旧号码），实际\(n)位"
            case .characters: "身份证号含有非法字符"
            case .checkCharacter: "身份证号校验位错误"
            case .birthDate: "身份证号中的出生日期无效"
            }
        }
    }

    static let checks: [UInt8] = Array("10X98765432".utf8)

    /// The key, once its birth date (digits 7–14 of the 18) is a real day from 1880 to `latestBirth` (YYYYMMDD) — the
    /// registry's own check, so a number the registry would refuse is a problem row here too.
    @inline(__always)
    public static func idKey(_ raw: UnsafeBufferPointer<UInt8>, latestBirth: Int = 9999_12_31) -> Result<UInt64, IDProblem> {
        switch bodyKey(raw) {
        case .failure(let p): return .failure(p)
        case .success(let key):
            let ymd = Int((key / 1000) % 100_000_000)
            let y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100
            guard y >= 1880, (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y), ymd <= latestBirth else { return .failure(.birthDate) }
            return .success(key)
        }
    }

    @inline(__always)
    static func bodyKey(_ raw: UnsafeBufferPointer<UInt8>) -> Result<UInt64, IDProblem> {
        let b = trimmed(raw)
        switch b.count {
        case 0: return .failure(.empty)
        case 18:
            var key: UInt64 = 0
            var sum: UInt64 = 0
            // Weights 2^(17-i) mod 11, as GB 11643 sets them.
            var weight: UInt64 = 7
            for i in 0..<17 {
                let c = b[i] &- 0x30
                guard c < 10 else { return .failure(.characters) }
                key = key &* 10 &+ UInt64(c)
                sum &+= UInt64(c) &* weight
                weight = weight & 1 == 0 ? weight >> 1 : (weight &+ 11) >> 1
            }
            var last = b[17]
            if last == 0x78 { last = 0x58 }
            guard last == 0x58 || (last >= 0x30 && last <= 0x39) else { return .failure(.characters) }
            guard checks[Int(sum % 11)] == last else { return .failure(.checkCharacter) }
            return .success(key)
        case 15:
            var key: UInt64 = 0
            for i in 0..<15 {
                let c = b[i] &- 0x30
                guard c < 10 else { return .failure(.characters) }
                key = key &* 10 &+ UInt64(c)
                if i == 5 { key = key &* 100 &+ 19 }
            }
            return .success(key)
        default:
            return .failure(.length(b.count))
        }
    }

    /// The key of an ID already stored by this program (18 characters, validated on entry).
    public static func idKey(_ id: String) -> UInt64? {
        var copy = id
        return copy.withUTF8 { if case .success(let k) = idKey($0) { k } else { nil } }
    }

    /// A date as its day number: 2026-03-05, 2026/3/5, 2026.3.5, 20260305, or "2026-03-05 10:20:00".
    @inline(__always)
    public static func dayNumber(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        let b = trimmed(raw)
        // The usual form, 2026-03-05 or 2026/03/05 (a time may follow), without building a date.
        if b.count >= 10, b[4] == b[7], b[4] == 0x2D || b[4] == 0x2F, b.count == 10 || b[10] == 0x20 || b[10] == 0x54 {
            var ok = true
            @inline(__always) func digit(_ k: Int) -> Int { let c = b[k] &- 0x30; if c > 9 { ok = false }; return Int(c) }
            let y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
            let m = digit(5) * 10 + digit(6)
            let d = digit(8) * 10 + digit(9)
            guard ok, y >= 1900, m >= 1, m <= 12, d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return nil }
            let yy = m <= 2 ? y - 1 : y
            let era = yy / 400
            let yoe = yy - era * 400
            let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1
            return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        }
        var parts = (0, 0, 0)
        var count = 0
        var digits = 0
        var value = 0
        var i = 0
        if b.count >= 8, b.count <= 19, (0..<8).allSatisfy({ b[$0] >= 0x30 && b[$0] <= 0x39 }), b.count == 8 || b[8] == 0x20 {
            for k in 0..<8 { value = value * 10 + Int(b[k] - 0x30) }
            parts = (value / 10000, value / 100 % 100, value % 100)
            count = 3
        } else {
            while i < b.count {
                let c = b[i]
                if c >= 0x30 && c <= 0x39 {
                    value = value * 10 + Int(c - 0x30)
                    digits += 1
                    if digits > 4 { return nil }
                } else if c == 0x2D || c == 0x2F || c == 0x2E || c == 0x20 || c == 0x54 {
                    if digits == 0 { return nil }
                    switch count { case 0: parts.0 = value; case 1: parts.1 = value; default: parts.2 = value }
                    count += 1
                    value = 0
                    digits = 0
                    if count == 3 { break }
                } else {
                    return nil
                }
                i += 1
            }
            if count == 2, digits > 0 { parts.2 = value; count = 3 }
        }
        guard count == 3, let date = CivilDate(year: parts.0, month: parts.1, day: parts.2), parts.0 >= 1900 else { return nil }
        return date.dayNumber
    }

    public enum AmountProblem: Error, Sendable { case missing, malformed, negative, tooLarge }

    /// An amount in 元 as 分: "1234.56", "1,234.5", "¥300". An empty amount is missing, not zero: a department's row
    /// without its amount is reported, never counted as nothing spent. Negative amounts are refused.
    @inline(__always)
    public static func fen(_ raw: UnsafeBufferPointer<UInt8>) -> Result<Int64, AmountProblem> {
        let b = trimmed(raw)
        var whole: Int64 = 0
        var frac: Int64 = 0
        var fracDigits = 0
        var seenDot = false
        var seenDigit = false
        for i in 0..<b.count {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                seenDigit = true
                if seenDot {
                    if fracDigits < 2 { frac = frac * 10 + Int64(c - 0x30); fracDigits += 1 }
                } else {
                    whole = whole * 10 + Int64(c - 0x30)
                    if whole > 10_000_000_000 { return .failure(.tooLarge) }
                }
            } else if c == 0x2E, !seenDot {
                seenDot = true
            } else if c == 0x2C {
                continue
            } else if c == 0x2D {
                return .failure(.negative)
            } else {
                return .failure(.malformed)
            }
        }
        if !seenDigit { return .failure(b.isEmpty ? .missing : .malformed) }
        if fracDigits == 1 { frac *= 10 }
        return .success(whole * 100 + frac)
    }
}

extension ByteFields {
    public static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool { trimmed(b).isEmpty }
}

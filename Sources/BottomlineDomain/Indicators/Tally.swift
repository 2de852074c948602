/// What is kept per village (and added up per township) so a dashboard reads a few rows instead of the registry
/// (issue 5 §4). Most counts are plain numbers. Counts that depend on the period asked or on the day of asking are
/// kept by day — households newly identified by the day they entered monitoring, clues by their due day, at-risk
/// households by the day of their last visit — and turned into figures when read (`counts(…)`), so one kept tally
/// answers any period and stays right as days pass without being recomputed.
public struct Tally: Equatable, Sendable {
    public var counts = Counts()
    /// Dated counts: key → day number → count.
    public var dated: [CountKey: [Int32: Int32]] = [:]

    public init(counts: Counts = Counts(), dated: [CountKey: [Int32: Int32]] = [:]) {
        self.counts = counts
        self.dated = dated
    }

    /// How a dated count becomes a figure.
    public enum Window: Sendable {
        /// Days within the period asked (from … to, both included).
        case period
        /// Days before the day of asking: items past their due day.
        case overdue
        /// Days on or after the start of the visit interval: visited in time.
        case visited
    }

    public static let windows: [CountKey: Window] = [
        .newHouseholds: .period, .newPersons: .period, .identified: .period, .identifiedInTime: .period,
        .overdueClues: .overdue, .overdueWarnings: .overdue, .visitedInTime: .visited,
    ]

    public mutating func add(_ key: CountKey, _ n: Int) { if n != 0 { counts[key] += n } }

    public mutating func add(_ key: CountKey, on day: CivilDate, _ n: Int = 1) {
        precondition(Self.windows[key] != nil, "\(key.rawValue) is not a dated count")
        if n != 0 { dated[key, default: [:]][Int32(day.dayNumber), default: 0] += Int32(n) }
    }

    /// The figures for a period, as of a day, with visits counted from `visitedSince`.
    public func counts(from: CivilDate, to: CivilDate, today: CivilDate, visitedSince: CivilDate) -> Counts {
        var out = counts
        let (lo, hi, now, since) = (Int32(from.dayNumber), Int32(to.dayNumber), Int32(today.dayNumber), Int32(visitedSince.dayNumber))
        for (key, days) in dated {
            guard let window = Self.windows[key] else { continue }
            var n = 0
            for (day, c) in days {
                switch window {
                case .period: if day >= lo && day <= hi { n += Int(c) }
                case .overdue: if day < now { n += Int(c) }
                case .visited: if day >= since && day <= now { n += Int(c) }
                }
            }
            if n != 0 { out[key] += n }
        }
        return out
    }

    public static func + (a: Tally, b: Tally) -> Tally {
        var out = a
        out += b
        return out
    }

    public static func += (a: inout Tally, b: Tally) {
        a.counts += b.counts
        for (key, days) in b.dated { a.dated[key, default: [:]].merge(days, uniquingKeysWith: +) }
    }

    // MARK: Bytes

    /// A compact form for keeping: plain counts, then dated counts as (day, count) pairs, all little-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = [1]
        func int(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func key(_ k: CountKey) {
            let utf8 = Array(k.rawValue.utf8.prefix(255))
            out.append(UInt8(utf8.count))
            out.append(contentsOf: utf8)
        }
        let plain = counts.values.filter { $0.value != 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        int32(Int32(plain.count))
        for (k, v) in plain { key(k); int(Int64(v)) }
        let keys = dated.filter { !$0.value.isEmpty }.keys.sorted { $0.rawValue < $1.rawValue }
        int32(Int32(keys.count))
        for k in keys {
            let days = dated[k]!.sorted { $0.key < $1.key }
            key(k)
            int32(Int32(days.count))
            for (day, n) in days { int32(day); int32(n) }
        }
        return out
    }

    /// Reads `bytes`; nil for anything malformed (a kept tally that cannot be read is recomputed, never trusted).
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let b = Array(bytes)
        var at = 0
        func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, at + n <= b.count else { return nil }
            defer { at += n }
            return b[at..<at + n]
        }
        func int() -> Int64? {
            guard at + 8 <= b.count else { return nil }
            defer { at += 8 }
            return Int64(littleEndian: b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Int64.self) })
        }
        func int32() -> Int32? {
            guard at + 4 <= b.count else { return nil }
            defer { at += 4 }
            return Int32(littleEndian: b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Int32.self) })
        }
        func key() -> CountKey? {
            guard let n = take(1)?.first, let s = take(Int(n)) else { return nil }
            return CountKey(rawValue: String(decoding: s, as: UTF8.self))
        }
        guard take(1)?.first == 1, let plain = int32(), plain >= 0 else { return nil }
        for _ in 0..<plain {
            guard let k = key(), let v = int() else { return nil }
            counts[k] = Int(v)
        }
        guard let keys = int32(), keys >= 0 else { return nil }
        for _ in 0..<keys {
            guard let k = key(), let n = int32(), n >= 0, at + Int(n) * 8 <= b.count else { return nil }
            var days: [Int32: Int32] = [:]
            days.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let day = int32(), let c = int32() else { return nil }
                days[day] = c
            }
            dated[k] = days
        }
        guard at == b.count else { return nil }
    }
}

/// What is kept per village (and added up per township) so a dashboard reads a few rows instead of the registry
/// (issue 5 §4). Most counts are plain numbers. Counts that depend on the period asked or on the day of asking are
/// kept by day — households newly identified by the day they entered monitoring, clues by their due day, at-risk
/// households by the day of their last visit — and turned into figures when read (`counts(…)`), so one kept tally
/// answers any period and stays right as days pass without being recomputed.
public struct Tally: Equatable, Sendable {
    public var counts = Counts()
    /// Dated counts: key → day number → count.
    public var dated: [CountKey: DayCounts] = [:]

    public init(counts: Counts = Counts(), dated: [CountKey: DayCounts] = [:]) {
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
        if n != 0 { dated[key, default: DayCounts()].add(Int32(n), on: Int32(day.dayNumber)) }
    }

    /// The figures for a period, as of a day, with visits counted from `visitedSince`.
    public func counts(from: CivilDate, to: CivilDate, today: CivilDate, visitedSince: CivilDate) -> Counts {
        Self.counts(of: CollectionOfOne(self), periods: [(from, to)], today: today, visitedSince: visitedSince)[0]
    }

    /// The figures of several tallies added together, for each of `periods`: what `counts(…)` of their sum gives,
    /// without adding their days together first (a county's monthly chart reads its townships' tallies this way).
    public static func counts(of tallies: some Collection<Tally>, periods: [(from: CivilDate, to: CivilDate)], today: CivilDate, visitedSince: CivilDate) -> [Counts] {
        var plain = Counts()
        for t in tallies { plain += t.counts }
        let (now, since) = (Int32(today.dayNumber), Int32(visitedSince.dayNumber))
        return periods.map { period in
            var out = plain
            let (lo, hi) = (Int32(period.from.dayNumber), Int32(period.to.dayNumber))
            for t in tallies {
                for (key, days) in t.dated {
                    guard let window = Self.windows[key] else { continue }
                    let n: Int
                    switch window {
                    case .period: n = days.sum(from: lo, through: hi)
                    case .overdue: n = now == .min ? 0 : days.sum(from: .min, through: now - 1)
                    case .visited: n = days.sum(from: since, through: now)
                    }
                    if n != 0 { out[key] += n }
                }
            }
            return out
        }
    }

    public static func + (a: Tally, b: Tally) -> Tally {
        var out = a
        out += b
        return out
    }

    public static func += (a: inout Tally, b: Tally) {
        a.counts += b.counts
        for (key, days) in b.dated { a.dated[key, default: DayCounts()] += days }
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
            let days = dated[k]!
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
            var days = DayCounts(capacity: Int(n))
            // Kept in order of day, each day once: anything else was not written by `bytes`. (Its length is checked
            // above; read in one pass, as a county's view reads some thirty thousand of these.)
            let inOrder = b.withUnsafeBytes { raw in
                for i in 0..<Int(n) {
                    let day = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at + i * 8, as: Int32.self))
                    let c = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at + i * 8 + 4, as: Int32.self))
                    guard days.append(c, on: day) else { return false }
                }
                return true
            }
            guard inOrder else { return nil }
            at += Int(n) * 8
            dated[k] = days
        }
        guard at == b.count else { return nil }
    }
}

/// Counts by day number, kept in order of day: read from a kept tally's bytes as they are stored, added to another in
/// one pass, and summed over a window found by binary search, with no hashing. A dashboard reads some twenty
/// townships' tallies on every view, each with a count for nearly every day of the years its registry covers; read
/// into dictionaries, those days were a fifth of a million-household county's view (BENCHMARKS.md bench/dashboard).
public struct DayCounts: Equatable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var days: [Int32] = []
    private var values: [Int32] = []

    public init() {}
    init(capacity: Int) {
        days.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    public init(dictionaryLiteral elements: (Int32, Int32)...) {
        for (day, n) in elements { add(n, on: day) }
    }

    public var count: Int { days.count }
    public var isEmpty: Bool { days.isEmpty }

    /// The count of one day (0 for a day with none).
    public subscript(day: Int32) -> Int32 {
        let i = firstIndex(notBefore: day)
        return i < days.count && days[i] == day ? values[i] : 0
    }

    /// The first position whose day is on or after `day`.
    private func firstIndex(notBefore day: Int32) -> Int {
        var (lo, hi) = (0, days.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public mutating func add(_ n: Int32, on day: Int32) {
        if let last = days.last, last < day {
            days.append(day); values.append(n)
            return
        }
        let i = firstIndex(notBefore: day)
        if i < days.count && days[i] == day { values[i] += n } else { days.insert(day, at: i); values.insert(n, at: i) }
    }

    /// Adds a day after every day already held; false (and nothing added) if it is not after them.
    mutating func append(_ n: Int32, on day: Int32) -> Bool {
        if let last = days.last, last >= day { return false }
        days.append(day); values.append(n)
        return true
    }

    /// The counts of the days from `lo` through `hi`, both included.
    public func sum(from lo: Int32, through hi: Int32) -> Int {
        guard lo <= hi else { return 0 }
        var n = 0
        var i = firstIndex(notBefore: lo)
        while i < days.count && days[i] <= hi {
            n += Int(values[i])
            i += 1
        }
        return n
    }

    public static func += (a: inout DayCounts, b: DayCounts) {
        if b.isEmpty { return }
        if a.isEmpty { a = b; return }
        var out = DayCounts(capacity: a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.days.count || j < b.days.count {
            if j == b.days.count || (i < a.days.count && a.days[i] < b.days[j]) {
                out.days.append(a.days[i]); out.values.append(a.values[i]); i += 1
            } else if i == a.days.count || b.days[j] < a.days[i] {
                out.days.append(b.days[j]); out.values.append(b.values[j]); j += 1
            } else {
                out.days.append(a.days[i]); out.values.append(a.values[i] + b.values[j]); i += 1; j += 1
            }
        }
        a = out
    }

    /// Each day with its count, in order of day.
    public func makeIterator() -> Zip2Sequence<[Int32], [Int32]>.Iterator { zip(days, values).makeIterator() }
}

/// The screening engine: a registry index keyed by compact ID, a run that takes a feed's rows one at a time (no whole
/// file in memory) and aggregates per household and rule, and the hits it ends with. The per-row path touches only
/// flat arrays of numbers, so it does no reference counting and no allocation.

/// The registry as screening needs it: every person's ID key mapped to a household, and per household its class and
/// how many labourers it has.
public struct RegistryIndex: Sendable {
    public struct Household: Sendable {
        public var id: String
        public var village: String
        public var classification: HouseholdClass
        public var labourers: Int
        public init(id: String, village: String, classification: HouseholdClass, labourers: Int) {
            self.id = id
            self.village = village
            self.classification = classification
            self.labourers = labourers
        }
    }

    public private(set) var households: [Household] = []
    /// Per household: class (0 脱贫户, 1 监测对象, 2 一般农户) and labourer count, for the per-row path.
    public private(set) var classes: [UInt8] = []
    public private(set) var labourerCounts: [Int32] = []
    private var table: PersonTable

    public init(expectedPersons: Int = 0) { table = PersonTable(capacity: expectedPersons) }

    public mutating func add(_ household: Household) -> Int {
        households.append(household)
        classes.append(household.classification.slot)
        labourerCounts.append(Int32(clamping: household.labourers))
        return households.count - 1
    }

    public mutating func setLabourers(_ count: Int, of household: Int) {
        households[household].labourers = count
        labourerCounts[household] = Int32(clamping: count)
    }

    public mutating func add(person key: UInt64, household: Int, labourer: Bool) {
        table.insert(key, UInt32(household) | (labourer ? 0x8000_0000 : 0))
    }

    public var personCount: Int { table.count }

    /// Raw lookups for a batch: household index with the top bit for a labourer, or 0xFFFF_FFFF.
    @inline(__always)
    func lookup(_ keys: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt32>) { table.find(keys, into: out) }

    /// The household index and the top bit for a labourer, or nil.
    @inline(__always)
    public func lookup(_ key: UInt64) -> (household: Int, labourer: Bool)? {
        guard let v = table.find(key) else { return nil }
        return (Int(v & 0x7FFF_FFFF), v & 0x8000_0000 != 0)
    }
}

extension HouseholdClass {
    var slot: UInt8 { self == .alleviated ? 0 : self == .monitored ? 1 : 2 }
}

/// Open addressing on a power-of-two table of ID keys (a key is never 0: a 17-digit body starts with a province code).
/// Key and value sit side by side, so a lookup costs one cache miss.
struct PersonTable: Sendable {
    struct Slot: Sendable {
        var key: UInt64 = 0
        var value: UInt32 = 0
    }
    private(set) var slots: [Slot]
    private(set) var count = 0
    private var mask: Int
    private var shift: UInt64

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    mutating func insert(_ key: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = slot(key)
        while true {
            if slots[i].key == 0 { slots[i] = Slot(key: key, value: value); count += 1; return }
            if slots[i].key == key { slots[i].value = value; return }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    func find(_ key: UInt64) -> UInt32? {
        slots.withUnsafeBufferPointer { k in
            var i = slot(key)
            while true {
                let found = k[i]
                if found.key == key { return found.value }
                if found.key == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Looks up many keys in one loop, so the memory reads of one do not wait for another's. `nil` is 0xFFFF_FFFF.
    @inline(__always)
    func find(_ keys: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt32>) {
        slots.withUnsafeBufferPointer { k in
            for n in 0..<keys.count {
                let key = keys[n]
                var i = slot(key)
                var result: UInt32 = 0xFFFF_FFFF
                while true {
                    let found = k[i]
                    if found.key == key { result = found.value; break }
                    if found.key == 0 { break }
                    i = (i + 1) & mask
                }
                out[n] = result
            }
        }
    }

    private mutating func grow() {
        let old = slots
        var bigger = PersonTable(capacity: slots.count)
        for s in old where s.key != 0 { bigger.insert(s.key, s.value) }
        self = bigger
    }
}

/// One row's fields as byte ranges over the reader's buffer: valid only during the call that receives it.
public struct RowFields {
    public let base: UnsafePointer<UInt8>
    public let starts: UnsafePointer<Int>
    public let ends: UnsafePointer<Int>
    public let count: Int

    public init(base: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>, count: Int) {
        self.base = base
        self.starts = starts
        self.ends = ends
        self.count = count
    }

    @inline(__always)
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        i < count ? UnsafeBufferPointer(start: base + starts[i], count: ends[i] - starts[i]) : UnsafeBufferPointer(start: base, count: 0)
    }
}

/// A row the run could not use, with its line number and the reason.
public struct BadRow: Hashable, Sendable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// A household over a rule's threshold: the evidence is the line numbers of the rows that counted (the file is kept).
public struct ScreeningHit: Sendable, Equatable {
    public var household: Int
    public var rule: Int
    public var value: Int64
    public var lines: [Int]
    public var rowsCounted: Int
    public var lastDay: Int
    /// Of `rowsCounted`, how many came from earlier files.
    public var priorRows: Int = 0
}

public struct ScreeningSummary: Sendable, Equatable {
    public var rowsRead = 0
    public var rowsBad = 0
    public var rowsUnmatched = 0
    public var rowsMatched = 0
    public var badRows: [BadRow] = []
}

/// One pass over one feed file (or one part of it: parts merge). Call `row` for each data row; `finish` at the end.
public struct ScreeningRun: Sendable {
    public static let evidencePerHit = 5
    /// Bad rows listed one by one; beyond this they are counted (the count is always exact).
    public static let listedBadRows = 20_000

    public let kind: FeedKind
    public let rules: [ScreeningRule]
    public let index: RegistryIndex
    let idColumn: Int
    let dateColumn: Int
    let firstDay: [Int]
    let lastDay: Int
    /// Filters flattened: per rule a range into `filterColumns`; per filter a range into `filterValues` (accepted byte strings).
    let filterRanges: [Range<Int>]
    let filterColumns: [Int]
    let filterValueRanges: [Range<Int>]
    let filterValues: [[UInt8]]
    /// Per rule: its slot among the amount columns, or -1 for a count.
    let sumSlots: [Int]
    let onlyLabourer: [Bool]
    /// Every amount column the rules read, validated once per row.
    let amountColumns: [Int]
    let neededColumns: Int
    /// Per rule and class slot (rule * 3 + slot): whether the rule applies, and its threshold.
    let applies: [Bool]
    let thresholds: [Int64]
    let ruleCount: Int

    var amounts: [Int64]
    /// Per household and rule (household * rules + rule): what counted so far, in one place in memory.
    struct Cell: Sendable {
        var value: Int64 = 0
        var count: Int32 = 0
        var latest: Int32 = 0
        var evidence: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)

        @inline(__always)
        subscript(k: Int) -> Int32 {
            get { switch k { case 0: evidence.0; case 1: evidence.1; case 2: evidence.2; case 3: evidence.3; default: evidence.4 } }
            set { switch k { case 0: evidence.0 = newValue; case 1: evidence.1 = newValue; case 2: evidence.2 = newValue; case 3: evidence.3 = newValue; default: evidence.4 = newValue } }
        }
    }
    var cells: [Cell]
    /// With `trackMonths`, sum rules also keep each cell's sum and rows by calendar month back from the screening day
    /// (slot 0 is its month), so the next file of the feed can count this one's rows within its own window.
    public var trackMonths = false {
        didSet { if trackMonths, monthValues.isEmpty { monthValues = Array(repeating: 0, count: cells.count * 13); monthRows = Array(repeating: 0, count: cells.count * 13) } }
    }
    var monthValues: [Int64] = []
    var monthRows: [Int32] = []
    let asOfMonth: Int
    /// No one on a department's file is born after today (YYYYMMDD), as the registry checks.
    let latestBirth: Int
    public private(set) var summary = ScreeningSummary()

    /// Rules not of this feed, or missing a column they need, are left out.
    public init(kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, columns: [String: Int], asOf: CivilDate) {
        self.kind = kind
        self.index = index
        let today = CivilDate.today
        latestBirth = today.year * 10000 + today.month * 100 + today.day
        let usableAll = rules.filter { r in
            r.feed == kind && r.filters.keys.allSatisfy { columns[$0] != nil } && {
                if case .sum(let f) = r.measure { return columns[f] != nil } else { return true }
            }()
        }
        let usable = Array(usableAll.prefix(64))
        self.rules = usable
        ruleCount = self.rules.count
        idColumn = columns["id"]!
        dateColumn = columns["date"]!
        lastDay = asOf.dayNumber
        asOfMonth = asOf.year * 12 + asOf.month - 1
        firstDay = usable.map { $0.windowMonths > 0 ? asOf.adding(months: -$0.windowMonths).dayNumber : Int.min }
        var ranges: [Range<Int>] = [], fcols: [Int] = [], vranges: [Range<Int>] = [], fvalues: [[UInt8]] = []
        for r in usable {
            let start = fcols.count
            for key in r.filters.keys.sorted() {
                fcols.append(columns[key]!)
                let vs = fvalues.count
                fvalues += r.filters[key]!.map { Array($0.utf8) }
                vranges.append(vs..<fvalues.count)
            }
            ranges.append(start..<fcols.count)
        }
        filterRanges = ranges
        filterColumns = fcols
        filterValueRanges = vranges
        filterValues = fvalues
        let sumColumns = usable.map { r -> Int? in if case .sum(let f) = r.measure { columns[f] } else { nil } }
        let amountColumns = Array(Set(sumColumns.compactMap { $0 })).sorted()
        self.amountColumns = amountColumns
        sumSlots = sumColumns.map { c in c.flatMap { amountColumns.firstIndex(of: $0) } ?? -1 }
        onlyLabourer = usable.map(\.onlyLabourer)
        amounts = Array(repeating: 0, count: amountColumns.count)
        neededColumns = ([idColumn, dateColumn] + amountColumns + fcols).max()! + 1
        applies = usable.flatMap { r in [HouseholdClass.alleviated, .monitored, .ordinary].map { r.thresholds[$0] != nil } }
        thresholds = usable.flatMap { r in [HouseholdClass.alleviated, .monitored, .ordinary].map { r.thresholds[$0] ?? .max } }
        cells = Array(repeating: Cell(), count: index.households.count * usable.count)
    }

    mutating func bad(_ line: Int, _ reason: String) {
        summary.rowsBad += 1
        if summary.badRows.count < Self.listedBadRows { summary.badRows.append(BadRow(line: line, reason: reason)) }
    }

    /// Rows parsed but not yet matched: the registry lookups are done a batch at a time, so their memory reads overlap.
    static let batchSize = 64
    var batchKeys = [UInt64](repeating: 0, count: batchSize)
    var batchDays = [Int32](repeating: 0, count: batchSize)
    var batchLines = [Int32](repeating: 0, count: batchSize)
    /// Bit r: the row passes rule r's filters and window (class and labourer are checked once the household is known).
    var batchMasks = [UInt64](repeating: 0, count: batchSize)
    var batchAmounts: [Int64] = []
    var batchFound = [UInt32](repeating: 0, count: batchSize)
    var batchCount = 0

    /// One data row.
    public mutating func row(line: Int, fields: RowFields) {
        summary.rowsRead += 1
        if fields.count < neededColumns {
            if fields.count <= 1, ByteFields.isBlank(fields[0]) { summary.rowsRead -= 1; return }
            return bad(line, "本行只有\(fields.count)列，缺少数据")
        }
        let key: UInt64
        switch ByteFields.idKey(fields[idColumn], latestBirth: latestBirth) {
        case .success(let k): key = k
        case .failure(let p): return bad(line, p.message)
        }
        guard let day = ByteFields.dayNumber(fields[dateColumn]) else {
            let text = String(decoding: ByteFields.trimmed(fields[dateColumn]).prefix(20), as: UTF8.self)
            return bad(line, "日期无法识别：“\(text)”")
        }
        let amountCount = amountColumns.count
        if batchAmounts.count < Self.batchSize * amountCount { batchAmounts = Array(repeating: 0, count: Self.batchSize * amountCount) }
        for slot in 0..<amountCount {
            let c = amountColumns[slot]
            switch ByteFields.fen(fields[c]) {
            case .success(let v): batchAmounts[batchCount * amountCount + slot] = v
            case .failure(.negative): return bad(line, "金额为负数")
            case .failure(.missing): return bad(line, "金额为空")
            case .failure:
                let text = String(decoding: ByteFields.trimmed(fields[c]).prefix(20), as: UTF8.self)
                return bad(line, "金额格式错误：“\(text)”")
            }
        }
        var mask: UInt64 = 0
        rules: for r in 0..<ruleCount {
            guard day >= firstDay[r], day <= lastDay else { continue }
            for f in filterRanges[r] {
                let v = ByteFields.trimmed(fields[filterColumns[f]])
                var matched = false
                for k in filterValueRanges[f] where filterValues[k].count == v.count && filterValues[k].elementsEqual(v) { matched = true; break }
                if !matched { continue rules }
            }
            mask |= 1 << UInt64(r)
        }
        batchKeys[batchCount] = key
        batchDays[batchCount] = Int32(truncatingIfNeeded: day)
        batchLines[batchCount] = Int32(truncatingIfNeeded: line)
        batchMasks[batchCount] = mask
        batchCount += 1
        if batchCount == Self.batchSize { flush() }
    }

    /// Matches the batch against the registry and adds what counts.
    public mutating func flush() {
        let n = batchCount
        guard n > 0 else { return }
        batchCount = 0
        batchKeys.withUnsafeBufferPointer { keys in
            batchFound.withUnsafeMutableBufferPointer { found in
                index.lookup(UnsafeBufferPointer(rebasing: keys[0..<n]), into: UnsafeMutableBufferPointer(rebasing: found[0..<n]))
            }
        }
        let amountCount = amountColumns.count
        for i in 0..<n {
            let v = batchFound[i]
            // A department's file covers everyone it serves; a person outside the registry is no fault of the file,
            // only counted, so the listed problem rows are the file's own (and are not crowded out by a million of these).
            guard v != 0xFFFF_FFFF else {
                summary.rowsUnmatched += 1
                continue
            }
            summary.rowsMatched += 1
            var mask = batchMasks[i]
            if mask == 0 { continue }
            let h = Int(v & 0x7FFF_FFFF)
            let labourer = v & 0x8000_0000 != 0
            let classSlot = Int(index.classes[h])
            while mask != 0 {
                let r = mask.trailingZeroBitCount
                mask &= mask &- 1
                guard applies[r * 3 + classSlot] else { continue }
                if onlyLabourer[r], !(labourer && index.labourerCounts[h] == 1) { continue }
                let slot = sumSlots[r]
                let add = slot >= 0 ? batchAmounts[i * amountCount + slot] : 1
                let dayValue = batchDays[i]
                let lineValue = batchLines[i]
                if trackMonths, slot >= 0 {
                    let date = CivilDate(dayNumber: Int(dayValue))
                    let m = min(12, max(0, asOfMonth - (date.year * 12 + date.month - 1)))
                    monthValues[(h &* ruleCount &+ r) * 13 + m] &+= add
                    monthRows[(h &* ruleCount &+ r) * 13 + m] &+= 1
                }
                cells.withUnsafeMutableBufferPointer { all in
                    let cell = all.baseAddress! + (h &* ruleCount &+ r)
                    cell.pointee.value &+= add
                    let c = Int(cell.pointee.count)
                    if c < Self.evidencePerHit { cell.pointee[c] = lineValue }
                    cell.pointee.count &+= 1
                    if cell.pointee.latest < dayValue { cell.pointee.latest = dayValue }
                }
            }
        }
    }

    /// Adds another part's aggregates: a later part of the same file, screened with the same rules and index, whose
    /// line numbers started at 1 where `lineOffset` lines of this part ended.
    public mutating func merge(_ other: ScreeningRun, lineOffset: Int) {
        flush()
        var other = other
        other.flush()
        let shift = Int32(truncatingIfNeeded: lineOffset)
        for i in 0..<cells.count where other.cells[i].count > 0 {
            let theirs = other.cells[i]
            cells[i].value &+= theirs.value
            let have = Int(cells[i].count)
            for k in 0..<Int(min(theirs.count, Int32(Self.evidencePerHit))) where have + k < Self.evidencePerHit {
                cells[i][have + k] = theirs[k] + shift
            }
            cells[i].count &+= theirs.count
            cells[i].latest = max(cells[i].latest, theirs.latest)
            if trackMonths, !other.monthValues.isEmpty {
                for m in 0..<13 { monthValues[i * 13 + m] &+= other.monthValues[i * 13 + m]; monthRows[i * 13 + m] &+= other.monthRows[i * 13 + m] }
            }
        }
        summary.rowsRead += other.summary.rowsRead
        summary.rowsBad += other.summary.rowsBad
        summary.rowsUnmatched += other.summary.rowsUnmatched
        summary.rowsMatched += other.summary.rowsMatched
        summary.badRows += other.summary.badRows.prefix(max(0, Self.listedBadRows - summary.badRows.count))
            .map { BadRow(line: $0.line + lineOffset, reason: $0.reason) }
    }

    /// Adds what earlier files of the feed counted for a household under rule `rule` (by its place in `rules`) within
    /// this run's window: their rows are not in this file, so they add to the sum and count but not to the evidence lines.
    public mutating func addPrior(household: Int, rule: Int, value: Int64, rows: Int, lastDay: Int) {
        flush()
        guard household >= 0, household < index.households.count, rule >= 0, rule < ruleCount, rows > 0 else { return }
        let i = household * ruleCount + rule
        cells[i].value &+= value
        cells[i].count &+= Int32(clamping: rows)
        // `latest` stays this file's: only its own rows are new evidence.
        _ = lastDay
        priorRows[i, default: 0] += rows
    }
    var priorRows: [Int: Int] = [:]

    /// This file's own sums by household, rule and calendar month ("2026-03"), for sum rules, when `trackMonths` is on.
    public func monthlySums() -> [(household: Int, rule: Int, month: String, value: Int64, rows: Int)] {
        guard trackMonths else { return [] }
        var out: [(Int, Int, String, Int64, Int)] = []
        for i in 0..<cells.count where cells[i].count > 0 {
            for m in 0..<13 where monthRows[i * 13 + m] > 0 {
                let month = asOfMonth - m
                out.append((i / ruleCount, i % ruleCount, "\(month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)", monthValues[i * 13 + m], Int(monthRows[i * 13 + m])))
            }
        }
        return out
    }

    /// Households at or over their class's threshold, by household then rule. Bad rows end in line order.
    public mutating func finish() -> [ScreeningHit] {
        flush()
        summary.badRows.sort { $0.line < $1.line }
        var hits: [ScreeningHit] = []
        for h in 0..<index.households.count {
            let classSlot = Int(index.classes[h])
            for r in 0..<ruleCount {
                let cell = cells[h * ruleCount + r]
                let prior = priorRows[h * ruleCount + r] ?? 0
                // A household warns on this file's rows: earlier files add to the sum, never make a warning alone.
                guard Int(cell.count) > prior, applies[r * 3 + classSlot], cell.value >= thresholds[r * 3 + classSlot] else { continue }
                let n = min(Int(cell.count), Self.evidencePerHit)
                let own = min(n, Int(cell.count) - prior)
                hits.append(ScreeningHit(household: h, rule: r, value: cell.value, lines: (0..<max(0, own)).map { Int(cell[$0]) },
                                         rowsCounted: Int(cell.count), lastDay: Int(cell.latest), priorRows: prior))
            }
        }
        return hits
    }
}

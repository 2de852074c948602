/// The screening engine: a registry index keyed by compact ID, a run that takes a feed's rows one at a time (no whole
/// file in memory) and aggregates per household and rule, and the hits it ends with.

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
    /// Person key → household index, with the top bit set for a labourer.
    private var persons: [UInt64: UInt32] = [:]

    public init(expectedPersons: Int = 0) { persons.reserveCapacity(expectedPersons) }

    public mutating func add(_ household: Household) -> Int {
        households.append(household)
        return households.count - 1
    }

    public mutating func add(person key: UInt64, household: Int, labourer: Bool) {
        persons[key] = UInt32(household) | (labourer ? 0x8000_0000 : 0)
    }

    public var personCount: Int { persons.count }

    @inline(__always)
    public func lookup(_ key: UInt64) -> (household: Int, labourer: Bool)? {
        guard let v = persons[key] else { return nil }
        return (Int(v & 0x7FFF_FFFF), v & 0x8000_0000 != 0)
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
}

public struct ScreeningSummary: Sendable, Equatable {
    public var rowsRead = 0
    public var rowsBad = 0
    public var rowsUnmatched = 0
    public var rowsMatched = 0
    public var badRows: [BadRow] = []
}

/// One pass over one feed file. Call `row` for each data row with a way to read its fields; call `finish` at the end.
public struct ScreeningRun {
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
    /// Per rule: the column and accepted byte strings of each filter.
    let filters: [[(column: Int, values: [[UInt8]])]]
    /// Per rule: the amount column summed, or nil for a count.
    let sumColumns: [Int?]
    /// Every amount column the rules read, validated once per row, and each rule's place among them.
    let amountColumns: [Int]
    let sumSlots: [Int?]
    var amounts: [Int64]
    let neededColumns: Int
    let applies: [[Bool]]

    var values: [Int64]
    var counts: [Int32]
    var evidence: [Int32]
    var latest: [Int32]
    public private(set) var summary = ScreeningSummary()

    /// Rules not of this feed, or missing a column they need, are left out (`skipped` names them).
    public init(kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, columns: [String: Int], asOf: CivilDate) {
        self.kind = kind
        self.index = index
        let usable = rules.filter { r in
            r.feed == kind && r.filters.keys.allSatisfy { columns[$0] != nil } && {
                if case .sum(let f) = r.measure { return columns[f] != nil } else { return true }
            }()
        }
        self.rules = usable
        idColumn = columns["id"]!
        dateColumn = columns["date"]!
        lastDay = asOf.dayNumber
        firstDay = usable.map { $0.windowMonths > 0 ? asOf.adding(months: -$0.windowMonths).dayNumber : Int.min }
        filters = usable.map { r in r.filters.keys.sorted().map { (columns[$0]!, r.filters[$0]!.map { Array($0.utf8) }) } }
        sumColumns = usable.map { r in if case .sum(let f) = r.measure { columns[f] } else { nil } }
        let amountColumns = Array(Set(sumColumns.compactMap { $0 })).sorted()
        self.amountColumns = amountColumns
        sumSlots = sumColumns.map { c in c.flatMap { amountColumns.firstIndex(of: $0) } }
        amounts = Array(repeating: 0, count: amountColumns.count)
        neededColumns = ([idColumn, dateColumn] + amountColumns + filters.flatMap { $0.map(\.column) }).max()! + 1
        applies = usable.map { r in HouseholdClass.allCases.map { r.thresholds[$0] != nil } }
        let cells = index.households.count * usable.count
        values = Array(repeating: 0, count: cells)
        counts = Array(repeating: 0, count: cells)
        latest = Array(repeating: 0, count: cells)
        evidence = Array(repeating: 0, count: cells * Self.evidencePerHit)
    }

    mutating func bad(_ line: Int, _ reason: String) {
        summary.rowsBad += 1
        if summary.badRows.count < Self.listedBadRows { summary.badRows.append(BadRow(line: line, reason: reason)) }
    }

    /// One data row. `fieldCount` is how many fields it has; `field(i)` gives field i's bytes.
    public mutating func row(line: Int, fieldCount: Int, field: (Int) -> UnsafeBufferPointer<UInt8>) {
        summary.rowsRead += 1
        if fieldCount < neededColumns {
            if fieldCount <= 1, ByteFields.trimmed(field(0)).isEmpty { summary.rowsRead -= 1; return }
            return bad(line, "本行只有\(fieldCount)列，缺少数据")
        }
        let key: UInt64
        switch ByteFields.idKey(field(idColumn)) {
        case .success(let k): key = k
        case .failure(let p): return bad(line, p.message)
        }
        guard let day = ByteFields.dayNumber(field(dateColumn)) else {
            let text = String(decoding: ByteFields.trimmed(field(dateColumn)).prefix(20), as: UTF8.self)
            return bad(line, "日期无法识别：“\(text)”")
        }
        for (slot, c) in amountColumns.enumerated() {
            switch ByteFields.fen(field(c)) {
            case .success(let v): amounts[slot] = v
            case .failure(.negative): return bad(line, "金额为负数")
            case .failure:
                let text = String(decoding: ByteFields.trimmed(field(c)).prefix(20), as: UTF8.self)
                return bad(line, "金额格式错误：“\(text)”")
            }
        }
        guard let person = index.lookup(key) else {
            summary.rowsUnmatched += 1
            return bad(line, "身份证号不在本辖区农户名册中")
        }
        summary.rowsMatched += 1
        let h = person.household
        let cls = index.households[h].classification
        let classIndex = cls == .alleviated ? 0 : cls == .monitored ? 1 : 2
        rules: for r in 0..<rules.count {
            guard applies[r][classIndex], day >= firstDay[r], day <= lastDay else { continue }
            for f in filters[r] {
                let v = ByteFields.trimmed(field(f.column))
                guard f.values.contains(where: { $0.count == v.count && $0.elementsEqual(v) }) else { continue rules }
            }
            if rules[r].onlyLabourer, !(person.labourer && index.households[h].labourers == 1) { continue }
            let cell = h * rules.count + r
            values[cell] += sumSlots[r].map { amounts[$0] } ?? 1
            let n = Int(counts[cell])
            if n < Self.evidencePerHit { evidence[cell * Self.evidencePerHit + n] = Int32(line) }
            counts[cell] += 1
            latest[cell] = max(latest[cell], Int32(day))
        }
    }

    /// Households at or over their class's threshold, by household then rule.
    public func finish() -> [ScreeningHit] {
        var hits: [ScreeningHit] = []
        for h in 0..<index.households.count {
            let cls = index.households[h].classification
            for r in 0..<rules.count {
                let cell = h * rules.count + r
                guard counts[cell] > 0, let threshold = rules[r].thresholds[cls], values[cell] >= threshold else { continue }
                let n = min(Int(counts[cell]), Self.evidencePerHit)
                hits.append(ScreeningHit(household: h, rule: r, value: values[cell],
                                         lines: (0..<n).map { Int(evidence[cell * Self.evidencePerHit + $0]) },
                                         rowsCounted: Int(counts[cell]), lastDay: Int(latest[cell])))
            }
        }
        return hits
    }
}

import Foundation

// The checks across a county's households (疑似一人多户, 多户共用联系电话, 多户共用补贴发放账号) group millions of
// entries. They are grouped as a run reads them, a township at a time while the next is being read, so what is left
// once the county is read is the few groups of two or more.

/// 疑似一人多户: present persons of the same name, sex and birth date in two or more active households of one county;
/// one finding a person. Persons are grouped by a 64-bit hash of the three (`sameness`) and their texts compared only
/// within a hash, so a name is compared as text (canonically equivalent names are one name) without normalizing every
/// person's.
public struct SamePersonGroups: Sendable {
    private var people: [(household: UUID, person: UUID, name: String, sex: String, birthDate: String)] = []
    private var chains = Chains<UInt64>()

    public init() {}

    /// Room for `count` persons.
    public mutating func reserveCapacity(_ count: Int) {
        people.reserveCapacity(count)
        chains.reserveCapacity(count)
    }

    /// A present person of an active household. One without a name or a birth date is nobody's double.
    public mutating func add(household: UUID, person: UUID, name: String, sex: String, birthDate: String) {
        guard !name.isEmpty, !birthDate.isEmpty else { return }
        people.append((household, person, name, sex, birthDate))
        chains.add(Self.sameness(name, sex, birthDate))
    }

    public func findings() -> [DataFinding] {
        struct Who: Hashable { var name: String, sex: String, birthDate: String }
        var out: [DataFinding] = []
        for run in chains.runs(least: 2) {
            var groups: [Who: [(household: UUID, person: UUID)]] = [:]
            for i in run.positions {
                let p = people[i]
                groups[Who(name: p.name, sex: p.sex, birthDate: p.birthDate), default: []].append((p.household, p.person))
            }
            for (who, list) in groups where list.count > 1 {
                let households = Set(list.map(\.household)).count
                guard households > 1 else { continue }
                let sex = Sex(rawValue: who.sex)?.label ?? who.sex
                for p in list {
                    out.append(.init(code: .samePersonTwice, householdID: p.household, subject: p.person,
                                     values: ["\(who.name)（\(sex)，\(who.birthDate)出生）在本县\(households)个户中在册"]))
                }
            }
        }
        return out
    }

    /// A 64-bit hash (FNV-1a) of a name in its canonical composed form (NFC), a sex and a birth date: names that are
    /// one name as text hash alike. A name of ASCII and unified CJK ideographs (nearly every one) is composed already
    /// and hashed as it is; any other is composed by Foundation first.
    static func sameness(_ name: String, _ sex: String, _ birthDate: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ bytes: String.UTF8View) {
            for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        if name.unicodeScalars.allSatisfy({ $0.isASCII || (0x3400...0x4DBF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }) {
            add(name.utf8)
        } else {
            add(name.precomposedStringWithCanonicalMapping.utf8)
        }
        add(sex.utf8)
        add(birthDate.utf8)
        return hash
    }
}

/// 多户共用联系电话 and 多户共用补贴发放账号: one number on `minimum` or more active households, counting households
/// joined by a 分户 or 并户 as one family; one finding a household.
public struct SharedNumbers: Sendable {
    public enum Kind: Sendable {
        /// A phone, named masked to its first three and last four digits; fewer than 7 digits is no phone.
        case phone
        /// A 补贴发放账号, named by its first and last four digits; fewer than 8 is no account.
        case account

        var fewestDigits: Int { self == .phone ? 7 : 8 }
        var code: DataCheckCode { self == .phone ? .sharedPhone : .sharedAccount }
        func name(_ digits: String) -> String {
            switch self {
            case .phone: "联系电话" + (digits.count > 7 ? String(digits.prefix(3)) + "****" + String(digits.suffix(4)) : digits)
            case .account: "补贴发放账号" + String(digits.prefix(4)) + "****" + String(digits.suffix(4))
            }
        }
    }

    public let kind: Kind
    private var households: [UUID] = []
    private var chains = Chains<Digits>()

    public init(_ kind: Kind) { self.kind = kind }

    /// Room for `count` households.
    public mutating func reserveCapacity(_ count: Int) {
        households.reserveCapacity(count)
        chains.reserveCapacity(count)
    }

    /// A household's phone or account as recorded.
    public mutating func add(household: UUID, _ text: String) {
        let digits = Digits(text)
        guard digits.count >= kind.fewestDigits else { return }
        households.append(household)
        chains.add(digits)
    }

    /// `links` are the 分户 and 并户 (household, other household) of the county.
    public func findings(links: [(UUID, UUID)], minimum: Int) -> [DataFinding] {
        var parent: [UUID: UUID] = [:]
        func root(_ x: UUID) -> UUID {
            var x = x
            while let p = parent[x], p != x { parent[x] = parent[p] ?? p; x = p }
            return x
        }
        for (a, b) in links {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[ra] = rb }
        }
        var out: [DataFinding] = []
        // A number on fewer households than the minimum is on fewer families: nearly every number stops there.
        for run in chains.runs(least: minimum) {
            let on = run.positions.map { households[$0] }
            let families = Set(on.map(root)).count
            guard families >= minimum else { continue }
            let named = kind.name(run.key.text)
            for h in on { out.append(.init(code: kind.code, householdID: h, values: ["\(named)登记在\(on.count)户（\(families)个家庭）"])) }
        }
        return out
    }

    /// The decimal digits of a phone or an account as typed (spaces, dashes, full-width digits as a Chinese input
    /// method types them): up to 38 as one number and their count, so 0123 and 123 differ; any beyond 38 (no phone or
    /// account is that long) as text.
    struct Digits: Hashable, Sendable {
        var value: UInt128 = 0
        var count = 0
        var beyond: String?

        init(_ text: String) {
            func add(_ digit: UInt8) {
                if count < 38 { value = value &* 10 &+ UInt128(digit) } else { beyond = (beyond ?? "") + String(digit) }
                count += 1
            }
            // ASCII digits by their byte, without asking Unicode; others (full-width １３９) by their numeric value.
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                for b in text.utf8 where (0x30...0x39).contains(b) { add(b - 0x30) }
            } else {
                for scalar in text.unicodeScalars {
                    if scalar.isASCII {
                        if ("0"..."9").contains(scalar) { add(UInt8(scalar.value - 0x30)) }
                    } else if scalar.properties.numericType == .decimal, let v = scalar.properties.numericValue, (0...9).contains(v) {
                        add(UInt8(v))
                    }
                }
            }
        }

        var text: String {
            let head = String(value)
            return String(repeating: "0", count: min(count, 38) - head.count) + head + (beyond ?? "")
        }
    }
}

/// Entries grouped by a key as they are added, without an array for every key: each key's count and last position,
/// and for each position the one before it with the same key.
struct Chains<Key: Hashable & Sendable>: Sendable {
    private var head: [Key: (last: Int32, count: Int32)] = [:]
    private var previous: [Int32] = []

    /// Room for `count` entries, so that the groups are not moved as they grow.
    mutating func reserveCapacity(_ count: Int) {
        head.reserveCapacity(count)
        previous.reserveCapacity(count)
    }

    /// The next position's key (its key hashed once).
    mutating func add(_ key: Key) {
        func bump(_ h: inout (last: Int32, count: Int32), to at: Int32) -> Int32 {
            defer { h = (at, h.count + 1) }
            return h.last
        }
        let at = Int32(previous.count)
        previous.append(bump(&head[key, default: (last: -1, count: 0)], to: at))
    }

    /// The keys added at least `least` times, in no particular order, each with its positions in the order added.
    func runs(least: Int) -> [(key: Key, positions: [Int])] {
        var out: [(key: Key, positions: [Int])] = []
        for (key, h) in head where h.count >= least {
            var positions: [Int] = []
            positions.reserveCapacity(Int(h.count))
            var at = h.last
            while at >= 0 { positions.append(Int(at)); at = previous[Int(at)] }
            out.append((key, positions.reversed()))
        }
        return out
    }
}

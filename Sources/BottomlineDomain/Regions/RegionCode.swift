/// A 统计用区划代码: 2 province + 2 city + 2 county + 3 township + 3 village digits.
///
/// The code is kept in its short form (41, 4116, 411681, 411681101, 411681101201): the number of digits is the level.
/// The padded 12-digit form cannot say its own level (乡 codes such as 411603200 pad to 411603200000, which looks like a
/// county), so the short form is what the database stores and what a jurisdiction is: everything whose code starts with
/// `411681` belongs to 项城市.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The short form: 2, 4, 6, 9 or 12 digits.
    public let digits: String

    public enum Level: Int, Sendable, CaseIterable, Comparable, Codable {
        case province = 1, city, county, township, village

        /// Digits of the code that name this level's region.
        public var significantDigits: Int {
            switch self {
            case .province: 2
            case .city: 4
            case .county: 6
            case .township: 9
            case .village: 12
            }
        }

        public init?(digitCount: Int) {
            guard let level = Level.allCases.first(where: { $0.significantDigits == digitCount }) else { return nil }
            self = level
        }

        public var label: String {
            switch self {
            case .province: "省"
            case .city: "市"
            case .county: "县（市、区）"
            case .township: "乡（镇、街道）"
            case .village: "村（社区）"
            }
        }

        public var child: Level? { Level(rawValue: rawValue + 1) }
        public var parent: Level? { Level(rawValue: rawValue - 1) }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// Accepts the short form (2, 4, 6, 9 or 12 digits).
    public init?(_ raw: String) {
        let trimmed = raw.trimmingASCIISpaces()
        guard Level(digitCount: trimmed.count) != nil, trimmed.allSatisfy(\.isASCIIDigit), !trimmed.hasPrefix("00") else {
            return nil
        }
        digits = trimmed
    }

    /// Reads a padded 12-digit code whose level is known from elsewhere (a column of villages, say).
    public init?(padded: String, level: Level) {
        guard padded.count == 12, padded.allSatisfy(\.isASCIIDigit) else { return nil }
        let short = String(padded.prefix(level.significantDigits))
        guard padded.dropFirst(level.significantDigits).allSatisfy({ $0 == "0" }) else { return nil }
        self.init(short)
    }

    public var level: Level { Level(digitCount: digits.count)! }

    /// The 12-digit form printed on official tables.
    public var padded: String { digits + String(repeating: "0", count: 12 - digits.count) }

    /// Whether `other` lies inside this region (a region contains itself).
    public func contains(_ other: RegionCode) -> Bool { other.digits.hasPrefix(digits) }

    /// Half-open range of codes inside this region: `lower <= code < upper`, for any stored short form.
    /// Range predicates use the ordinary B-tree index on both SQLite and PostgreSQL, where `LIKE 'x%'` may not.
    /// The upper bound is the prefix followed by a colon, which sorts after every digit in ASCII.
    public var codeRange: (lower: String, upper: String) { (digits, digits + ":") }

    public var parent: RegionCode? {
        guard let up = level.parent else { return nil }
        return RegionCode(String(digits.prefix(up.significantDigits)))
    }

    /// This code and every parent, province first.
    public var lineage: [RegionCode] {
        var chain = [self]
        while let up = chain.last?.parent { chain.append(up) }
        return chain.reversed()
    }

    public var description: String { digits }
    public static func < (a: RegionCode, b: RegionCode) -> Bool { a.digits < b.digits }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "区划代码格式错误"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

/// One row of the administrative hierarchy.
public struct Region: Hashable, Sendable {
    public let code: RegionCode
    public let name: String
    /// The parent as the official data gives it. Usually the code's own prefix, but not always: 济源市 (419001) is a
    /// county-level city directly under the province (41), with no 4190 city above it.
    public let parent: RegionCode?
    public init(code: RegionCode, name: String, parent: RegionCode? = nil) {
        self.code = code
        self.name = name
        self.parent = parent ?? code.parent
    }
    public var level: RegionCode.Level { code.level }
}

/// A 公民身份号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence (odd for men), check character.
///
/// Legacy 15-digit numbers are converted (the year gains "19" and a check character is computed); a trailing `x` is
/// upper-cased. Sex and birth date are derived from the number, never typed twice.
public struct ResidentID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The normalised 18-character form.
    public let value: String

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case wrongLength(Int)
        case badCharacters
        case unknownProvince(String)
        case badBirthDate(String)
        case badCheckCharacter(expected: Character, found: Character)

        /// The message a user reads, in Chinese.
        public var description: String {
            switch self {
            case .empty: "身份证号不能为空"
            case .wrongLength(let n): "身份证号应为18位（或15位旧号码），实为\(n)位"
            case .badCharacters: "身份证号只能包含数字，末位可为X"
            case .unknownProvince(let p): "身份证号前两位“\(p)”不是有效的省级行政区划代码"
            case .badBirthDate(let d): "身份证号中的出生日期“\(d)”不是有效日期"
            case .badCheckCharacter(let e, let f): "身份证号校验位错误（应为\(e)，实为\(f)），请核对"
            }
        }
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level codes of GB/T 2260 (mainland 11–65; 71 台湾, 81 香港, 82 澳门, 83 for residence permits).
    private static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ]

    /// The check character for a number whose first 17 digits are given as a number (a generator's fast path).
    public static func checkCharacter(forBody body: UInt64) -> Character {
        var sum = 0
        var rest = body
        for weight in weights.reversed() {
            sum += Int(rest % 10) * weight
            rest /= 10
        }
        return checkCharacters[sum % 11]
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(for first17: some StringProtocol) -> Character {
        var sum = 0
        for (byte, weight) in zip(first17.utf8, weights) where byte >= 0x30 && byte <= 0x39 {
            sum += Int(byte - 0x30) * weight
        }
        return checkCharacters[sum % 11]
    }

    /// Validates and normalises; throws the first problem found.
    public init(validating raw: String, today: CivilDate? = nil) throws(Problem) {
        var text = raw.trimmingASCIISpaces().uppercased()
        guard !text.isEmpty else { throw .empty }
        if text.count == 15 {
            guard text.allSatisfy(\.isASCIIDigit) else { throw .badCharacters }
            let body = text.prefix(6) + "19" + text.dropFirst(6)
            text = body + String(Self.checkCharacter(for: body))
        }
        guard text.count == 18 else { throw .wrongLength(text.count) }
        guard text.prefix(17).allSatisfy(\.isASCIIDigit), let last = text.last, last.isASCIIDigit || last == "X" else {
            throw .badCharacters
        }
        let province = String(text.prefix(2))
        guard Self.provinces.contains(province) else { throw .unknownProvince(province) }
        let dateText = String(text.dropFirst(6).prefix(8))
        guard let birth = CivilDate(compact: dateText), birth.year >= 1880, birth <= (today ?? .today) else {
            throw .badBirthDate(dateText)
        }
        let expected = Self.checkCharacter(for: text.prefix(17))
        guard expected == last else { throw .badCheckCharacter(expected: expected, found: last) }
        value = text
    }

    /// A number already validated and stored by this program.
    public init(trusted value: String) { self.value = value }

    public var birthDate: CivilDate { CivilDate(compact: String(value.dropFirst(6).prefix(8)))! }
    public var sex: Sex { (value.dropFirst(16).first!.wholeNumberValue! % 2 == 1) ? .male : .female }
    /// The 6-digit area code of the place that issued the number.
    public var areaCode: String { String(value.prefix(6)) }

    /// The form shown in lists: area code, eight stars, last four (411681********1234).
    public var masked: String { Self.mask(value) }

    public static func mask(_ value: String) -> String {
        guard value.count == 18 else { return String(repeating: "*", count: value.count) }
        return value.prefix(6) + "********" + value.suffix(4)
    }

    public var description: String { masked }
    public static func < (a: ResidentID, b: ResidentID) -> Bool { a.value < b.value }
}

public enum Sex: String, Sendable, CaseIterable, Codable {
    case male = "1", female = "2"
    public var label: String { self == .male ? "男" : "女" }
}

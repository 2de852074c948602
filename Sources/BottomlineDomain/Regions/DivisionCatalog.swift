import Foundation

/// The official 区划代码 of Henan down to township level (Ministry of Civil Affairs, 2025-12-31), shipped with the
/// program. Villages are not in it: they arrive by import or with the demo county.
public enum DivisionCatalog {
    public enum LoadError: Error, CustomStringConvertible {
        case missingResource
        case malformed(line: Int, text: String)
        public var description: String {
            switch self {
            case .missingResource: "区划代码数据文件缺失"
            case .malformed(let line, let text): "区划代码数据第 \(line) 行格式错误：\(text)"
            }
        }
    }

    /// Every province, city, county and township in the shipped file, parents before children.
    public static func henan() throws -> [Region] {
        guard let url = Bundle.module.url(forResource: "henan-divisions", withExtension: "csv") else {
            throw LoadError.missingResource
        }
        return try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// Parses `level,code,parent_code,name` lines.
    public static func parse(_ text: String) throws -> [Region] {
        var regions: [Region] = []
        var seen: Set<RegionCode> = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            // The file writes provinces and cities in six digits (410000, 411600); its level column says how many
            // of them are significant.
            guard fields.count == 4, let rawLevel = Int(fields[0]), let level = RegionCode.Level(rawValue: rawLevel),
                  let code = shortCode(fields[1], level: level), !fields[3].isEmpty else {
                throw LoadError.malformed(line: index + 1, text: String(line))
            }
            // A parent is usually one level up, but may be two (济源市 sits directly under the province); the file
            // lists parents first, so the parent is the nearest level up whose code has been seen.
            var parent: RegionCode?
            if !fields[2].isEmpty {
                let candidates = RegionCode.Level.allCases.filter { $0 < level }.reversed()
                parent = candidates.lazy.compactMap { shortCode(fields[2], level: $0) }.first(where: seen.contains)
                guard parent != nil else { throw LoadError.malformed(line: index + 1, text: String(line)) }
            }
            seen.insert(code)
            regions.append(Region(code: code, name: String(fields[3]), parent: parent))
        }
        return regions.sorted { ($0.level, $0.code) < ($1.level, $1.code) }
    }

    private static func shortCode(_ raw: Substring, level: RegionCode.Level) -> RegionCode? {
        let digits = level.significantDigits
        guard raw.count >= digits, raw.dropFirst(digits).allSatisfy({ $0 == "0" }) else { return nil }
        return RegionCode(String(raw.prefix(digits)))
    }
}

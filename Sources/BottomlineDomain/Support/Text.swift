extension Character {
    /// 0–9 only (`isNumber` looks up Unicode properties, which showed in the import's profile).
    public var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

extension StringProtocol {
    /// Trims spaces, tabs, full-width spaces and line breaks that office files leave around values.
    public func trimmingASCIISpaces() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0.isNewline || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = lastIndex(where: { !isBlank($0) })!
        return String(self[first...last])
    }
}

extension String {
    /// Trims as above, with a fast path for almost every cell of a file: when the first and last bytes cannot begin or
    /// end a blank, the string is returned as it is.
    public func trimmingASCIISpaces() -> String {
        if let head = utf8.first, let tail = utf8.last,
           ![0x20, 0x09, 0x0A, 0x0D, 0xE3, 0xEF].contains(head), ![0x20, 0x09, 0x0A, 0x0D, 0x80, 0xBF].contains(tail) {
            return self
        }
        return self[...].trimmingASCIISpaces()
    }
}

extension Int {
    /// 1234567 → "1,234,567": counts as every page and message writes them.
    public var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + String(out.reversed())
    }
}

/// Submitted forms, read from the submitted fields by name (a missing field reads as empty) and validated into
/// values, with each problem in Chinese keyed by its field.
public typealias FormValues = [String: String]

extension Dictionary where Key == String, Value == String {
    /// A field's text, trimmed; at most `limit` characters are read so an oversized post cannot grow messages.
    public func text(_ key: String, limit: Int = 2000) -> String { String((self[key] ?? "").prefix(limit)).trimmingASCIISpaces() }
    /// Whether a checkbox was ticked.
    public func ticked(_ key: String) -> Bool { ["on", "true", "1", "是", "yes"].contains(self[key] ?? "") }
}

extension String {
    /// Whether the text has a control character — a NUL, an escape, a line break, a tab. One-line fields refuse them
    /// (they break a cell of an exported table and a log line; PostgreSQL refuses a NUL outright); notes may keep line
    /// breaks and tabs.
    public func hasControlCharacter(allowingLineBreaks: Bool = false) -> Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control && !(allowingLineBreaks && "\n\r\t".unicodeScalars.contains($0)) }
    }
}

extension FieldRules {
    /// A number typed by a user, when it is one and lies in `range`; anything else (text, NaN, infinity, a hundred
    /// digits) is nil, so no later arithmetic can trap on it.
    public static func number(_ raw: String?, in range: ClosedRange<Double>) -> Double? {
        guard let raw, raw.utf8.count <= 32, let value = Double(raw.trimmingASCIISpaces()), value.isFinite, range.contains(value) else { return nil }
        return value
    }

    /// Descriptions and findings: several lines allowed, other control characters not.
    public static func longText(_ raw: String, label: String, max: Int = 500, required: Bool = false) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if required, text.isEmpty { return .failure(.init("请填写\(label)")) }
        if text.count > max { return .failure(.init("\(label)过长（最多\(max)个字）")) }
        if text.hasControlCharacter(allowingLineBreaks: true) {
            return .failure(.init("\(label)含有控制字符"))
        }
        return .success(text)
    }

    /// A date not after `today` (and not before `earliest` when given).
    public static func pastDate(_ raw: String, label: String, today: CivilDate, earliest: CivilDate? = nil) -> Result<CivilDate, FieldProblem> {
        guard let date = CivilDate(parsing: raw) else { return .failure(.init("请填写\(label)（年-月-日）")) }
        if date > today { return .failure(.init("\(label)不能晚于今天")) }
        if let earliest, date < earliest { return .failure(.init("\(label)不能早于\(earliest)")) }
        return .success(date)
    }

    /// Up to five risk types, ticked as `risk_01`, `risk_03`, …
    public static func risks(_ values: FormValues, required: Bool) -> Result<[RiskType], FieldProblem> {
        let risks = RiskType.allCases.filter { values.ticked("risk_" + $0.rawValue) }
        if required, risks.isEmpty { return .failure(.init("请至少选择一项风险类型")) }
        if risks.count > RiskType.maximumPerHousehold { return .failure(.init("风险类型最多选择\(RiskType.maximumPerHousehold)项")) }
        return .success(risks)
    }

    public static func choice<L: CodeList>(_ raw: String, _ type: L.Type) -> Result<L, FieldProblem> {
        guard let value = L(rawValue: raw) else { return .failure(.init("请选择\(L.listName)")) }
        return .success(value)
    }
}

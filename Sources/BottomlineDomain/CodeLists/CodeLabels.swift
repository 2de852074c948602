/// The code lists whose names are policy, not software: 监测对象类别, 风险类型, 帮扶措施类别 and 问题来源. Their codes are fixed (the
/// rules of §5 and §6 read them), but what each is called, and whether it is still offered for new records, is
/// effective-dated data per province (a county may word its own), so a renaming such as 2026's needs no code change.
public enum LabelledList: String, CaseIterable, Sendable {
    case monitoringCategory = "monitoring_category"
    case riskType = "risk_type"
    case measureCategory = "measure_category"
    case problemSource = "problem_source"

    public var name: String {
        switch self {
        case .monitoringCategory: MonitoringCategory.listName
        case .riskType: RiskType.listName
        case .measureCategory: MeasureCategory.listName
        case .problemSource: ProblemSource.listName
        }
    }

    /// The codes with the labels the software ships, in list order.
    public var entries: [(code: String, label: String)] {
        switch self {
        case .monitoringCategory: MonitoringCategory.allCases.map { ($0.rawValue, $0.label) }
        case .riskType: RiskType.allCases.map { ($0.rawValue, $0.label) }
        case .measureCategory: MeasureCategory.allCases.map { ($0.rawValue, $0.label) }
        case .problemSource: ProblemSource.allCases.map { ($0.rawValue, $0.label) }
        }
    }

    public func contains(code: String) -> Bool { entries.contains { $0.code == code } }
}

/// A code list whose labels the policy tables may reword.
public protocol LabelledCode: CodeList {
    static var labelledList: LabelledList { get }
}

extension MonitoringCategory: LabelledCode { public static var labelledList: LabelledList { .monitoringCategory } }
extension RiskType: LabelledCode { public static var labelledList: LabelledList { .riskType } }
extension MeasureCategory: LabelledCode { public static var labelledList: LabelledList { .measureCategory } }
extension ProblemSource: LabelledCode { public static var labelledList: LabelledList { .problemSource } }

/// One stored wording: from a date on, in a region, this code of this list is called `label`, and is or is not offered
/// for new records (records that carry it keep it and still show its name).
public struct CodeLabelSetting: Hashable, Sendable {
    public var list: LabelledList
    public var code: String
    public var region: RegionCode
    public var effectiveFrom: CivilDate
    public var label: String
    public var inUse: Bool
    public var source: String

    public init(list: LabelledList, code: String, region: RegionCode, effectiveFrom: CivilDate, label: String, inUse: Bool = true, source: String = "") {
        self.list = list
        self.code = code
        self.region = region
        self.effectiveFrom = effectiveFrom
        self.label = label
        self.inUse = inUse
        self.source = source
    }

    /// Checks a typed label: 1 to 20 characters, no markup or control characters. Returns the trimmed text.
    public static func validateLabel(_ raw: String) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        guard !text.isEmpty, text.count <= 20 else { return .failure(FieldProblem("名称应为1至20个字")) }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || "<>&\"".unicodeScalars.contains($0) }) else {
            return .failure(FieldProblem("名称不能含有控制字符或 < > & \""))
        }
        return .success(text)
    }
}

extension PolicyBook {
    /// The wording in force for a code: the most specific region's, latest date not after the day.
    public func codeLabel(_ list: LabelledList, _ code: String, for place: RegionCode, on date: CivilDate) -> CodeLabelSetting? {
        labels
            .filter { $0.list == list && $0.code == code && $0.region.contains(place) && $0.effectiveFrom <= date }
            .max { ($0.region.level, $0.effectiveFrom) < ($1.region.level, $1.effectiveFrom) }
    }

    /// The names of these lists for one place and day: what pages show and offer.
    public func names(for place: RegionCode, on date: CivilDate) -> CodeNames { CodeNames(book: self, place: place, date: date) }
}

/// Code-list names bound to a place and a day. `names(risk)` is the label; `options(RiskType.self)` the codes still offered.
public struct CodeNames: Sendable {
    public let book: PolicyBook
    public let place: RegionCode
    public let date: CivilDate

    public func callAsFunction<L: LabelledCode>(_ value: L) -> String {
        book.codeLabel(L.labelledList, value.rawValue, for: place, on: date)?.label ?? value.label
    }

    public func callAsFunction<L: LabelledCode>(_ values: [L]) -> String { values.map { self($0) }.joined(separator: "、") }

    public func inUse<L: LabelledCode>(_ value: L) -> Bool {
        book.codeLabel(L.labelledList, value.rawValue, for: place, on: date)?.inUse ?? true
    }

    /// The values offered for new records, with their names in force.
    public func options<L: LabelledCode>(_ type: L.Type) -> [(value: String, label: String)] {
        L.allCases.filter { inUse($0) }.map { ($0.rawValue, self($0)) }
    }

    /// The values offered, as values.
    public func offered<L: LabelledCode>(_ type: L.Type) -> [L] { L.allCases.filter { inUse($0) } }

    /// Refuses values no longer offered, naming them. Records already carrying them are not touched.
    public func problem<L: LabelledCode>(_ values: [L]) -> FieldProblem? {
        let retired = values.filter { !inUse($0) }
        guard !retired.isEmpty else { return nil }
        return FieldProblem("\(L.listName)“\(retired.map { self($0) }.joined(separator: "、"))”已停用，请重新选择")
    }
}

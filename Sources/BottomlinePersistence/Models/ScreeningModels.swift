import BottomlineDomain
import Fluent
import Foundation

/// A screening rule as stored: one row per version; a change is a new row from a date, the old one ends the day before.
public final class ScreeningRuleRecord: Model, @unchecked Sendable {
    public static let schema = "screening_rules"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "feed") public var feed: String
    @Field(key: "filters") public var filters: String
    @Field(key: "measure") public var measure: String
    @OptionalField(key: "threshold_alleviated") public var thresholdAlleviated: Int64?
    @OptionalField(key: "threshold_monitored") public var thresholdMonitored: Int64?
    @OptionalField(key: "threshold_ordinary") public var thresholdOrdinary: Int64?
    @Field(key: "window_months") public var windowMonths: Int
    @OptionalField(key: "risk_type") public var riskType: String?
    @Field(key: "only_labourer") public var onlyLabourer: Bool
    /// The province or county the rule is for.
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "effective_from") public var effectiveFrom: String
    @OptionalField(key: "effective_to") public var effectiveTo: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(_ rule: ScreeningRule, region: RegionCode) {
        code = rule.code
        name = rule.name
        feed = rule.feed.rawValue
        filters = rule.filterText
        measure = rule.measureText
        thresholdAlleviated = rule.thresholds[.alleviated]
        thresholdMonitored = rule.thresholds[.monitored]
        thresholdOrdinary = rule.thresholds[.ordinary]
        windowMonths = rule.windowMonths
        riskType = rule.risk?.rawValue
        onlyLabourer = rule.onlyLabourer
        regionCode = region.digits
        effectiveFrom = rule.effectiveFrom.description
        effectiveTo = rule.effectiveTo?.description
    }

    public var rule: ScreeningRule? {
        guard let feed = FeedKind(rawValue: feed), let filters = ScreeningRule.filters(parsing: filters),
              let measure = ScreeningRule.measure(parsing: measure), let from = CivilDate(parsing: effectiveFrom) else { return nil }
        var thresholds: [HouseholdClass: Int64] = [:]
        thresholds[.alleviated] = thresholdAlleviated
        thresholds[.monitored] = thresholdMonitored
        thresholds[.ordinary] = thresholdOrdinary
        return ScreeningRule(code: code, name: name, feed: feed, filters: filters, measure: measure, thresholds: thresholds,
                             windowMonths: windowMonths, risk: riskType.flatMap(RiskType.init(rawValue:)), onlyLabourer: onlyLabourer,
                             effectiveFrom: from, effectiveTo: effectiveTo.flatMap(CivilDate.init(parsing:)))
    }
}

/// A department's file as received: kept whole with its hash (the same file twice is recognised), with what the run
/// made of it.
public final class FeedFileRecord: Model, @unchecked Sendable {
    public static let schema = "feed_files"
    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "filename") public var filename: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "content") public var content: Data
    /// The region whose registry it was screened against (the uploader's).
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "uploaded_by") public var uploadedBy: String
    @Field(key: "channel") public var channel: String
    @Field(key: "encoding") public var encoding: String
    @Field(key: "as_of") public var asOf: String
    @Field(key: "rows_read") public var rowsRead: Int
    @Field(key: "rows_bad") public var rowsBad: Int
    @Field(key: "rows_unmatched") public var rowsUnmatched: Int
    @Field(key: "rows_matched") public var rowsMatched: Int
    @Field(key: "warnings_new") public var warningsNew: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public var kindValue: FeedKind? { FeedKind(rawValue: kind) }
}

/// A row of a feed file the run could not use.
public final class FeedBadRowRecord: Model, @unchecked Sendable {
    public static let schema = "feed_bad_rows"
    @ID(key: .id) public var id: UUID?
    @Field(key: "file_id") public var fileID: UUID
    @Field(key: "line") public var line: Int
    @Field(key: "reason") public var reason: String
    public init() {}
}

/// What a warning came to.
public enum WarningDisposition: String, CodeList {
    case included, alreadyMonitored = "already_monitored", noRisk = "no_risk", excluded
    public static let listName = "核实结论"
    public var label: String {
        switch self {
        case .included: "纳入监测"
        case .alreadyMonitored: "已是监测对象"
        case .noRisk: "核实无风险"
        case .excluded: "不符合条件"
        }
    }
}

/// A household over a rule's threshold, to be verified by its village within the deadline.
public final class WarningRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "warnings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "rule_code") public var ruleCode: String
    @Field(key: "rule_name") public var ruleName: String
    @Field(key: "feed") public var feed: String
    @Field(key: "file_id") public var fileID: UUID
    /// 分 for a sum rule, rows for a count rule.
    @Field(key: "value") public var value: Int64
    @Field(key: "is_sum") public var isSum: Bool
    @Field(key: "lines") public var lines: String
    @Field(key: "rows_counted") public var rowsCounted: Int
    @Field(key: "last_evidence_on") public var lastEvidenceOn: String
    @OptionalField(key: "risk_type") public var riskType: String?
    @Field(key: "exclusion") public var exclusion: Bool
    @Field(key: "status") public var status: String
    @OptionalField(key: "disposition") public var disposition: String?
    @OptionalField(key: "note") public var note: String?
    @Field(key: "raised_on") public var raisedOn: String
    @Field(key: "due_on") public var dueOn: String
    @OptionalField(key: "closed_on") public var closedOn: String?
    @OptionalField(key: "closed_by") public var closedBy: String?
    @OptionalField(key: "clue_id") public var clueID: UUID?
    @Field(key: "repeat_count") public var repeatCount: Int
    /// Of `rowsCounted`, rows from earlier files of the feed (their months inside the rule's window).
    @OptionalField(key: "prior_rows") public var priorRows: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public var isOpen: Bool { status == "open" }
    public var dispositionValue: WarningDisposition? { disposition.flatMap(WarningDisposition.init(rawValue:)) }
    public var risk: RiskType? { riskType.flatMap(RiskType.init(rawValue:)) }
    public var lineNumbers: [Int] { lines.split(separator: ",").compactMap { Int($0) } }
    public var valueText: String { isSum ? "\(Money(fen: value).yuanText)元" : "\(value)条" }
    /// Who should act now: the village until the due date, then the township for as long again, then the county.
    public func escalation(on day: CivilDate) -> Role {
        guard let due = CivilDate(parsing: dueOn), day > due else { return .village }
        let span = max(1, CivilDate(parsing: raisedOn).map { $0.days(until: due) } ?? 7)
        return day > due.adding(days: span) ? .county : .township
    }
}

/// A department's key for `POST /api/v1/feeds/{kind}`: which kinds it may send, for which region. Only the hash is kept.
public final class FeedTokenRecord: Model, @unchecked Sendable {
    public static let schema = "feed_tokens"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "kinds") public var kinds: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var kindValues: [FeedKind] { kinds.split(separator: ",").compactMap { FeedKind(rawValue: String($0)) } }
}

/// What one file counted for one household under one sum rule in one calendar month: the next file of the feed adds
/// the months inside its own window, so a rolling 12-month total spans monthly files.
public final class FeedSumRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "feed_sums"
    @ID(key: .id) public var id: UUID?
    @Field(key: "file_id") public var fileID: UUID
    @Field(key: "feed") public var feed: String
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "rule_code") public var ruleCode: String
    @Field(key: "month") public var month: String
    @Field(key: "value") public var value: Int64
    @Field(key: "rows") public var rows: Int
    public init() {}
}

/// One month-end freeze: which month, by whom, for which region (its villages' and townships' counts are the
/// snapshot rows).
public final class IndicatorFreezeRecord: Model, @unchecked Sendable {
    public static let schema = "indicator_freezes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "period") public var period: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "villages") public var villages: Int
    @Field(key: "frozen_by") public var frozenBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A village's indicator counts frozen at month end: the official figures for that month, which later corrections to
/// the live data do not change.
public final class IndicatorSnapshotRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "indicator_snapshots"
    @ID(key: .id) public var id: UUID?
    /// "2026-10".
    @Field(key: "period") public var period: String
    @Field(key: "village_code") public var villageCode: String
    /// The counts as JSON, {"monitored_persons": 12, …}.
    @Field(key: "counts") public var counts: String
    @Field(key: "frozen_by") public var frozenBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var countsValue: Counts { Self.decode(counts) }

    public static func decode(_ counts: String) -> Counts {
        let raw = (try? JSONDecoder().decode([String: Int].self, from: Data(counts.utf8))) ?? [:]
        return Counts(Dictionary(uniqueKeysWithValues: raw.map { (CountKey(rawValue: $0.key), $0.value) }))
    }

    public static func encode(_ counts: Counts) -> String {
        let raw = Dictionary(uniqueKeysWithValues: counts.values.map { ($0.key.rawValue, $0.value) })
        let data = (try? JSONEncoder().encode(raw)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The weights of the quarterly township score for a region from a date (`ScoreCard.text` form).
public final class ScoreWeightsRecord: Model, @unchecked Sendable {
    public static let schema = "score_weights"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "effective_from") public var effectiveFrom: String
    @Field(key: "weights") public var weights: String
    @Field(key: "source") public var source: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// A saved bulletin (`BulletinDefinition`) of a region.
public final class BulletinRecord: Model, @unchecked Sendable {
    public static let schema = "bulletins"
    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "title") public var title: String
    @Field(key: "columns") public var columns: String
    @Field(key: "rank_code") public var rankCode: String
    @Field(key: "footnote") public var footnote: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var definition: BulletinDefinition {
        BulletinDefinition(title: title, columns: columns.split(separator: ",").map(String.init), rank: rankCode, footnote: footnote)
    }
}

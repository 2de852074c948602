/// The two procedures of the mechanism (policy-rules.md §3, §6): identifying a household as a monitoring object, and
/// marking its risk eliminated. Each is a fixed sequence of steps; each step belongs to one level of government.

public enum CaseKind: String, CodeList {
    case identification, elimination
    public static let listName = "程序"
    public var label: String { self == .identification ? "识别纳入" : "风险消除" }

    /// 识别: 入户核实 → 信息比对 → 民主评议 → 公示 → 乡镇审核 → 县级审定 → 结果公告 (永城市 2024 [S19]).
    /// 消除: 入户核实 → 民主评议 → 公示 → 县级审核 → 公告 [S27].
    public var stages: [CaseStage] {
        switch self {
        case .identification: [.verification, .comparison, .deliberation, .notice, .townshipReview, .countyApproval, .announcement]
        case .elimination: [.verification, .deliberation, .notice, .countyApproval, .announcement]
        }
    }

    /// The step after `stage`; after the last, the case is completed.
    public func next(after stage: CaseStage) -> CaseStage {
        guard let i = stages.firstIndex(of: stage), i + 1 < stages.count else { return .completed }
        return stages[i + 1]
    }

    /// The step before `stage`, where a case is returned to; none before the first.
    public func previous(before stage: CaseStage) -> CaseStage? {
        guard let i = stages.firstIndex(of: stage), i > 0 else { return nil }
        return stages[i - 1]
    }
}

public enum CaseStage: String, CodeList {
    case verification, comparison, deliberation, notice, townshipReview = "township_review"
    case countyApproval = "county_approval", announcement, completed, rejected
    public static let listName = "环节"

    public var label: String { label(for: .identification) }

    public func label(for kind: CaseKind) -> String {
        switch self {
        case .verification: "入户核实"
        case .comparison: "信息比对"
        case .deliberation: "村级民主评议"
        case .notice: "村内公示"
        case .townshipReview: "乡镇审核"
        case .countyApproval: kind == .identification ? "县级审定" : "县级审核"
        case .announcement: "结果公告"
        case .completed: kind == .identification ? "已纳入监测" : "已标注风险消除"
        case .rejected: kind == .identification ? "不予纳入" : "不予消除"
        }
    }

    /// Which level's cadres act on this step: the village does the visits, meetings and postings, the township reviews,
    /// the county compares data and decides.
    public var ownerLevel: RegionCode.Level? {
        switch self {
        case .verification, .deliberation, .notice, .announcement: .village
        case .townshipReview: .township
        case .comparison, .countyApproval: .county
        case .completed, .rejected: nil
        }
    }

    public var isOpen: Bool { ownerLevel != nil }

    public var ownerLabel: String {
        switch ownerLevel {
        case .village: "村级"
        case .township: "乡镇"
        case .county: "县级"
        default: ""
        }
    }
}

/// What the owner of a step does with it.
public enum StepAction: String, CodeList {
    case advance, returnBack = "return", reject
    public static let listName = "办理结果"
    public var label: String {
        switch self {
        case .advance: "通过，进入下一环节"
        case .returnBack: "退回上一环节"
        case .reject: "不予通过，终止程序"
        }
    }
}


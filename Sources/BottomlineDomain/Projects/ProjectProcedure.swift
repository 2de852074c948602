/// A project's road through the 项目库 and after it (ledgers-rules.md §L2): 村 proposes (村“两委”/工作队, 村民代表大会,
/// 公示) → 乡镇 审核 (with its own 公示) → 县 主管部门 论证 → 县 审定 → 入库; then 年度计划 → 开工 → 完工 → 验收 → 报账.
/// Each step belongs to one level; a scope change after 审定 goes back to the county for approval.
public enum ProjectStage: String, CodeList {
    case proposed, townshipReview = "township_review", appraisal, countyApproval = "county_approval"
    case inLibrary = "in_library", planned, underway, built, accepted, settled
    case rejected
    public static let listName = "项目环节"

    public var label: String {
        switch self {
        case .proposed: "村级申报"
        case .townshipReview: "乡镇审核"
        case .appraisal: "县级主管部门论证"
        case .countyApproval: "县级审定"
        case .inLibrary: "已入库"
        case .planned: "已纳入年度计划"
        case .underway: "实施中（已开工）"
        case .built: "已完工"
        case .accepted: "已验收"
        case .settled: "已报账"
        case .rejected: "未通过"
        }
    }

    /// Who acts on a project at this stage: the village writes and posts its proposal, the township reviews, the
    /// county's department appraises and the county decides, plans, accepts and settles; the start and completion are
    /// reported by the township of the project's place (the county for a county-level project).
    public var ownerLevel: RegionCode.Level? {
        switch self {
        case .proposed: .village
        case .townshipReview, .underway, .planned: .township
        case .appraisal, .countyApproval, .inLibrary, .built, .accepted: .county
        case .settled, .rejected: nil
        }
    }

    /// The stage after this one when its owner passes it.
    public var next: ProjectStage? {
        switch self {
        case .proposed: .townshipReview
        case .townshipReview: .appraisal
        case .appraisal: .countyApproval
        case .countyApproval: .inLibrary
        case .inLibrary: .planned
        case .planned: .underway
        case .underway: .built
        case .built: .accepted
        case .accepted: .settled
        case .settled, .rejected: nil
        }
    }

    /// What passing this stage is called on the button and in the history.
    public var passLabel: String {
        switch self {
        case .proposed: "提交乡镇审核"
        case .townshipReview: "审核通过，报县级论证"
        case .appraisal: "论证通过，报县级审定"
        case .countyApproval: "审定通过，入库"
        case .inLibrary: "纳入年度计划"
        case .planned: "开工"
        case .underway: "完工"
        case .built: "验收合格"
        case .accepted: "报账完成"
        case .settled, .rejected: ""
        }
    }

    /// Approved by the county: content and budget are fixed; changing them needs the county again.
    public var isApproved: Bool {
        switch self {
        case .inLibrary, .planned, .underway, .built, .accepted, .settled: true
        default: false
        }
    }
}

public enum ProjectTransitions {
    /// What a step needs besides the owner's say.
    public struct Step: Sendable, Equatable {
        public var on: CivilDate
        /// The 公示 of the proposal (村) or of the review (乡镇), in the 公开栏 for at least `projectNoticeDays`.
        public var notice: NoticePeriod?
        public var comment: String

        public init(on: CivilDate, notice: NoticePeriod? = nil, comment: String = "") {
            self.on = on
            self.notice = notice
            self.comment = comment
        }
    }

    /// Passes `stage` (its owner's decision) and answers with the next stage, or why not. 公示 is required when the
    /// village proposes and when the township reviews, for at least the policy's days, and the step can only be
    /// taken after the 公示 has ended.
    public static func pass(_ stage: ProjectStage, _ step: Step, noticeDays: Int,
                            placeLevel: RegionCode.Level = .village) -> Result<ProjectStage, FieldProblem> {
        guard let next = stage.next(placeLevel: placeLevel) else { return .failure(FieldProblem("项目\(stage.label)，没有后续环节")) }
        if stage.needsNotice {
            guard let notice = step.notice else { return .failure(FieldProblem("请填写公示日期和天数（不少于\(noticeDays)天）")) }
            guard notice.days >= noticeDays else {
                return .failure(FieldProblem("公示\(notice.days)天，少于规定的\(noticeDays)天"))
            }
            guard notice.isOver(on: step.on) else {
                return .failure(FieldProblem("公示期至\(notice.end)，公示期满后才能\(stage.passLabel)"))
            }
        }
        return .success(next)
    }

    /// Sends a project back (to the village to rework, from any review step) or ends it; a reason is required.
    public static func refuse(_ stage: ProjectStage, reject: Bool, reason: String) -> Result<ProjectStage, FieldProblem> {
        guard !reason.trimmingASCIISpaces().isEmpty else { return .failure(FieldProblem("请填写退回或不予通过的理由")) }
        switch stage {
        case .townshipReview, .appraisal, .countyApproval: return .success(reject ? .rejected : .proposed)
        default: return .failure(FieldProblem("\(stage.label)环节不能退回"))
        }
    }

    /// A change of content or budget: before approval it is simply part of the proposal; after it, the project waits
    /// for the county's approval of the change (the stage it returns to is kept by the store).
    public static func changeNeedsApproval(at stage: ProjectStage) -> Bool { stage.isApproved && stage != .settled }
}

/// 联农带农: how a project links households, and how many of each kind (of which 脱贫户, 监测对象).
public struct FarmerLink: Hashable, Sendable {
    public var ways: Set<FarmerLinkWay>
    public var households: Int
    public var alleviated: Int
    public var monitored: Int

    public init(ways: Set<FarmerLinkWay>, households: Int, alleviated: Int, monitored: Int) {
        self.ways = ways
        self.households = households
        self.alleviated = alleviated
        self.monitored = monitored
    }

    /// Problems in Chinese; an 经营性 (industry) project must link households ("应带尽带").
    public func problems(category: ProjectCategory) -> [String] {
        var problems: [String] = []
        if households < 0 || alleviated < 0 || monitored < 0 { problems.append("带动户数不能为负数") }
        if alleviated + monitored > households { problems.append("脱贫户与监测户之和（\(alleviated + monitored)户）超过带动总户数（\(households)户）") }
        if category.countsAsIndustry, ways.isEmpty || households == 0 { problems.append("产业项目应明确联农带农方式和带动户数") }
        return problems
    }
}

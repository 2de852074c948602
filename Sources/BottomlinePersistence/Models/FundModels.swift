import BottomlineDomain
import Fluent
import Foundation

/// A project of the 项目库 (issue 15 §2), placed in a village, a township or the county.
public final class ProjectRecord: Model, @unchecked Sendable {
    public static let schema = "projects"
    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    /// The place in short form: a village (12 digits), a township (9) or the county (6).
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "number") public var number: String
    @Field(key: "name") public var name: String
    @Field(key: "year") public var year: Int
    @Field(key: "category") public var category: String
    @Field(key: "content") public var content: String
    @Field(key: "goals") public var goals: String
    @Field(key: "linkage_fen") public var linkageFen: Int64
    @Field(key: "integrated_fen") public var integratedFen: Int64
    @Field(key: "other_fen") public var otherFen: Int64
    /// ",production,dividend,".
    @Field(key: "link_ways") public var linkWays: String
    @Field(key: "link_households") public var linkHouseholds: Int
    @Field(key: "link_alleviated") public var linkAlleviated: Int
    @Field(key: "link_monitored") public var linkMonitored: Int
    @Field(key: "implementer") public var implementer: String
    @Field(key: "responsible") public var responsible: String
    @OptionalField(key: "planned_start") public var plannedStart: String?
    @OptionalField(key: "planned_end") public var plannedEnd: String?
    @Field(key: "stage") public var stage: String
    /// A change of an approved project waiting for the county (a `ProjectDraft` as JSON).
    @OptionalField(key: "pending_change") public var pendingChange: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var stageValue: ProjectStage { ProjectStage(rawValue: stage) ?? .rejected }
    public var categoryValue: ProjectCategory { ProjectCategory(rawValue: category) ?? .other }
    public var place: RegionCode { RegionCode(regionCode) ?? RegionCode(countyCode)! }

    public var draft: ProjectDraft {
        get {
            ProjectDraft(number: number, name: name, year: year, category: categoryValue, place: regionCode, content: content, goals: goals,
                         linkageBudget: Money(fen: linkageFen), integratedBudget: Money(fen: integratedFen), otherBudget: Money(fen: otherFen),
                         linkWays: FarmerLinkWay.allCases.filter { linkWays.contains(",\($0.rawValue),") },
                         linkedHouseholds: linkHouseholds, linkedAlleviated: linkAlleviated, linkedMonitored: linkMonitored,
                         implementer: implementer, responsible: responsible,
                         plannedStart: plannedStart.flatMap(CivilDate.init(parsing:)), plannedEnd: plannedEnd.flatMap(CivilDate.init(parsing:)))
        }
        set {
            number = newValue.number
            name = newValue.name
            year = newValue.year
            category = newValue.category.rawValue
            regionCode = newValue.place
            content = newValue.content
            goals = newValue.goals
            linkageFen = newValue.linkageBudget.fen
            integratedFen = newValue.integratedBudget.fen
            otherFen = newValue.otherBudget.fen
            linkWays = newValue.linkWays.isEmpty ? "" : "," + newValue.linkWays.map(\.rawValue).joined(separator: ",") + ","
            linkHouseholds = newValue.linkedHouseholds
            linkAlleviated = newValue.linkedAlleviated
            linkMonitored = newValue.linkedMonitored
            implementer = newValue.implementer
            responsible = newValue.responsible
            plannedStart = newValue.plannedStart.map { "\($0)" }
            plannedEnd = newValue.plannedEnd.map { "\($0)" }
        }
    }

    public var pendingDraft: ProjectDraft? {
        pendingChange.flatMap { try? JSONDecoder().decode(ProjectDraft.self, from: Data($0.utf8)) }
    }
}

/// One step of a project: passed, sent back, refused, a change proposed or decided.
public final class ProjectStepRecord: Model, @unchecked Sendable {
    public static let schema = "project_steps"
    @ID(key: .id) public var id: UUID?
    @Field(key: "project_id") public var projectID: UUID
    @Field(key: "action") public var action: String
    @Field(key: "from_stage") public var fromStage: String
    @Field(key: "to_stage") public var toStage: String
    @Field(key: "on_date") public var onDate: String
    @OptionalField(key: "notice_from") public var noticeFrom: String?
    @OptionalField(key: "notice_days") public var noticeDays: Int?
    @Field(key: "comment") public var comment: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "at") public var at: Date

    public init() {}

    public enum Action: String, Sendable {
        case propose, pass, sendBack = "send_back", reject, change, changeApproved = "change_approved", changeRefused = "change_refused"
        case imported = "import"
        public var label: String {
            switch self {
            case .propose: "申报"
            case .pass: "通过"
            case .sendBack: "退回修改"
            case .reject: "不予通过"
            case .change: "申请变更"
            case .changeApproved: "变更审定通过"
            case .changeRefused: "变更未获同意"
            case .imported: "自文件导入"
            }
        }
    }
    public var actionValue: Action? { Action(rawValue: action) }
}

/// 资金下达: a batch received by a county.
public final class FundBatchRecord: Model, @unchecked Sendable {
    public static let schema = "fund_batches"
    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "level") public var level: String
    @Field(key: "kind") public var kind: String
    @Field(key: "document") public var document: String
    @Field(key: "issued_on") public var issuedOn: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "purpose") public var purpose: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var batch: FundBatch {
        FundBatch(id: id!, year: year, level: FundLevel(rawValue: level) ?? .county, kind: FundKind(rawValue: kind) ?? .linkage,
                  document: document, issuedOn: CivilDate(parsing: issuedOn) ?? CivilDate(year: year, month: 1, day: 1)!,
                  amount: Money(fen: amountFen), purpose: purpose)
    }
}

/// 项目对接: part of a batch given to a project.
public final class FundAllocationRecord: Model, @unchecked Sendable {
    public static let schema = "fund_allocations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "batch_id") public var batchID: UUID
    @Field(key: "project_id") public var projectID: UUID
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "on_date") public var onDate: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public func allocation(industry: Bool) -> FundAllocation {
        FundAllocation(id: id!, batchID: batchID, projectID: projectID, amount: Money(fen: amountFen), industry: industry)
    }
}

/// 支付, or the reversal of one (negative, naming it).
public final class FundPaymentRecord: Model, @unchecked Sendable {
    public static let schema = "fund_payments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "batch_id") public var batchID: UUID
    @Field(key: "project_id") public var projectID: UUID
    @Field(key: "paid_on") public var paidOn: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "payee_kind") public var payeeKind: String
    @Field(key: "payee_name") public var payeeName: String
    @Field(key: "retention_fen") public var retentionFen: Int64
    @OptionalField(key: "reverses_id") public var reversesID: UUID?
    @Field(key: "note") public var note: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var payment: FundPayment {
        FundPayment(id: id!, batchID: batchID, projectID: projectID, paidOn: CivilDate(parsing: paidOn) ?? CivilDate(year: 2021, month: 1, day: 1)!,
                    amount: Money(fen: amountFen), payee: PayeeKind(rawValue: payeeKind) ?? .contractor,
                    retention: Money(fen: retentionFen), reverses: reversesID, note: note)
    }

    convenience init(_ p: FundPayment, payeeName: String, userID: UUID?) {
        self.init()
        id = p.id
        batchID = p.batchID
        projectID = p.projectID
        paidOn = "\(p.paidOn)"
        amountFen = p.amount.fen
        payeeKind = p.payee.rawValue
        self.payeeName = payeeName
        retentionFen = p.retention.fen
        reversesID = p.reverses
        note = p.note
        self.userID = userID
    }
}

/// A ledger file imported by a county, by the hash of its content.
public final class LedgerImportRecord: Model, @unchecked Sendable {
    public static let schema = "ledger_imports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "kind") public var kind: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "filename") public var filename: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "added") public var added: Int
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "at") public var at: Date

    public init() {}
}

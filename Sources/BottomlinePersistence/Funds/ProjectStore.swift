import BottomlineDomain
import Fluent
import Foundation

extension ScopedRegistry {
    /// Projects placed inside the actor's region: a village's, its township's and the county's own are each seen
    /// from their level up, never sideways (issue 15 §4).
    public func projects() -> QueryBuilder<ProjectRecord> {
        let range = actor.region.codeRange
        return ProjectRecord.query(on: db).filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper)
    }

    /// A project by id, or nil when absent or outside the jurisdiction (the caller answers the same 404).
    public func project(_ id: UUID) async throws -> ProjectRecord? {
        try await projects().filter(\.$id == id).first()
    }
}

/// Every write of the 项目库: proposal, the steps of entry and of implementation, sending back, and changes after
/// approval. Each checks that the actor's level owns the step and that the project lies in the actor's region, and
/// writes the project, its step and the audit row in one transaction.
public struct ProjectStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    /// Whether the actor owns `stage` of `project`: its role acts at the level that owns the stage, its region is of
    /// that level, and the project lies inside it.
    public func mayAct(on project: ProjectRecord, at stage: ProjectStage) -> Bool {
        guard let owner = stage.owner(placeLevel: project.place.level), actor.role.stepLevel == owner,
              actor.region.level == owner else { return false }
        return actor.region.contains(project.place)
    }

    /// The days a 项目公示 lasts at least, at the project's place on `date`.
    public static func noticeDays(place: RegionCode, on date: CivilDate, db: any Database) async throws -> Int {
        guard let days = try await PolicyStore.book(for: place, on: db).int(.projectNoticeDays, for: place, on: date) else {
            throw FieldProblems(["_": "尚未设置政策参数“\(PolicyParameter.projectNoticeDays.label)”，请县级管理员在“政策参数”中录入"])
        }
        return days
    }

    /// 申报: a village proposes a village's project; a township or the county proposes its own level's.
    public func propose(_ draft: ProjectDraft, today: CivilDate) async throws -> ProjectRecord {
        let place = try await checkedPlace(draft.place)
        guard actor.role.stepLevel == ProjectStage.proposed.owner(placeLevel: place.level), actor.region.level == place.level else {
            throw FieldProblems(["place": "\(place.level == .village ? "村级" : place.level == .township ? "乡镇级" : "县级")项目由\(Self.levelName(place.level))申报"])
        }
        let county = String(place.digits.prefix(RegionCode.Level.county.significantDigits))
        let actor = self.actor
        return try await db.writeTransaction { tx in
            if try await ProjectRecord.query(on: tx).filter(\.$countyCode == county).filter(\.$number == draft.number).first() != nil {
                throw FieldProblems(["number": "项目编号\(draft.number)已在本县项目库中，请换一个编号"])
            }
            let project = ProjectRecord()
            project.id = UUID()
            project.countyCode = county
            project.draft = draft
            project.stage = ProjectStage.proposed.rawValue
            project.createdBy = actor.userID
            try await project.create(on: tx)
            try await Self.step(project, .propose, from: .proposed, to: .proposed, on: today, notice: nil, comment: "", actor: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .project, entity: "project", entityID: project.id!.uuidString,
                                      region: project.regionCode, summary: "申报项目\(draft.number) \(draft.name)", after: draft)
            return project
        }
    }

    /// Passes the project's current stage. `notice` is the 公示 when the stage needs one.
    public func pass(_ project: ProjectRecord, on date: CivilDate, notice: NoticePeriod?, comment: String, today: CivilDate) async throws {
        let stage = project.stageValue
        guard mayAct(on: project, at: stage) else { throw FieldProblems(["_": "项目处于“\(stage.label)”环节，应由\(Self.ownerName(stage, project))办理"]) }
        guard project.pendingChange == nil else { throw FieldProblems(["_": "项目有待县级审定的变更，审定后才能继续办理"]) }
        let days = try await Self.noticeDays(place: project.place, on: date, db: db)
        let next: ProjectStage
        switch ProjectTransitions.pass(stage, .init(on: date, notice: notice, comment: comment), noticeDays: days,
                                       placeLevel: project.place.level) {
        case .success(let n): next = n
        case .failure(let p): throw FieldProblems([stage.needsNotice ? "notice" : "_": p.message])
        }
        try await checkDate(date, project, today: today)
        try await write(project, .pass, from: stage, to: next, on: date, notice: notice, comment: comment,
                        summary: "项目\(project.number)：\(stage.passLabel)")
    }

    /// Sends the project back to the village (or whoever proposed it) to rework, or refuses it for good.
    public func sendBack(_ project: ProjectRecord, reject: Bool, reason: String, today: CivilDate) async throws {
        let stage = project.stageValue
        guard mayAct(on: project, at: stage) else { throw FieldProblems(["_": "项目处于“\(stage.label)”环节，应由\(Self.ownerName(stage, project))办理"]) }
        let next: ProjectStage
        switch ProjectTransitions.refuse(stage, reject: reject, reason: reason) {
        case .success(let n): next = n
        case .failure(let p): throw FieldProblems(["reason": p.message])
        }
        guard reason.count <= 500 else { throw FieldProblems(["reason": "理由过长（最多500字）"]) }
        try await write(project, reject ? .reject : .sendBack, from: stage, to: next, on: today, notice: nil, comment: reason,
                        summary: "项目\(project.number)：\(reject ? "不予通过" : "退回修改")")
    }

    /// A change of content or budget. Before approval the proposing level edits its own proposal (at 村级申报); after
    /// approval the change waits for the county, and the project goes no further until the county decides.
    public func change(_ project: ProjectRecord, to draft: ProjectDraft, reason: String, today: CivilDate) async throws {
        let stage = project.stageValue
        let old = project.draft
        let changes = draft.changes(from: old)
        guard draft.number == old.number else { throw FieldProblems(["number": "项目编号不能修改"]) }
        guard draft.place == old.place else { throw FieldProblems(["place": "实施地点不能修改；地点不同应另行申报项目"]) }
        guard !changes.isEmpty else { throw FieldProblems(["_": "没有修改任何内容"]) }
        if stage == .proposed {
            guard mayAct(on: project, at: .proposed) else { throw FieldProblems(["_": "申报内容由\(Self.ownerName(.proposed, project))修改"]) }
            try await write(project, .change, from: stage, to: stage, on: today, notice: nil, comment: changes.joined(separator: "；"),
                            summary: "修改项目\(project.number)申报内容", apply: draft)
            return
        }
        guard ProjectTransitions.changeNeedsApproval(at: stage) else { throw FieldProblems(["_": "项目\(stage.label)，不能修改"]) }
        guard project.pendingChange == nil else { throw FieldProblems(["_": "上一项变更尚待县级审定"]) }
        let reason = reason.trimmingASCIISpaces()
        guard !reason.isEmpty, reason.count <= 500 else { throw FieldProblems(["reason": "请填写变更理由（最多500字）"]) }
        // The township of the place (the county for its own projects) asks; the county decides.
        let asker: RegionCode.Level = project.place.level <= .county ? .county : .township
        guard actor.role.stepLevel == asker || actor.role.stepLevel == .county, actor.region.contains(project.place),
              actor.role.stepLevel == actor.region.level else {
            throw FieldProblems(["_": "已审定项目的变更由乡镇或县级提出"])
        }
        let json = String(decoding: try JSONEncoder().encode(draft), as: UTF8.self)
        try await write(project, .change, from: stage, to: stage, on: today, notice: nil,
                        comment: "理由：\(reason)；\(changes.joined(separator: "；"))", summary: "项目\(project.number)申请变更", pending: .some(json))
    }

    /// The county approves or refuses a pending change.
    public func decideChange(_ project: ProjectRecord, approve: Bool, comment: String, today: CivilDate) async throws {
        guard let draft = project.pendingDraft else { throw FieldProblems(["_": "没有待审定的变更"]) }
        guard actor.role == .county, actor.region.level == .county, actor.region.contains(project.place) else {
            throw FieldProblems(["_": "项目变更由县级审定"])
        }
        if !approve, comment.trimmingASCIISpaces().isEmpty { throw FieldProblems(["reason": "请填写不同意变更的理由"]) }
        guard comment.count <= 500 else { throw FieldProblems(["reason": "意见过长（最多500字）"]) }
        let stage = project.stageValue
        try await write(project, approve ? .changeApproved : .changeRefused, from: stage, to: stage, on: today, notice: nil,
                        comment: approve ? (comment.isEmpty ? draft.changes(from: project.draft).joined(separator: "；") : comment) : comment,
                        summary: "项目\(project.number)变更\(approve ? "审定通过" : "未获同意")", pending: .some(nil),
                        apply: approve ? draft : nil)
    }

    public func steps(of project: ProjectRecord) async throws -> [ProjectStepRecord] {
        try await ProjectStepRecord.query(on: db).filter(\.$projectID == project.id!).sort(\.$at).sort(\.$onDate).all()
    }

    // MARK: -

    func checkedPlace(_ raw: String) async throws -> RegionCode {
        guard let place = RegionCode(raw), place.level >= .county, registry.canSee(place),
              let region = try await RegionRecord.find(place.digits, on: db), region.level == place.level.rawValue else {
            throw FieldProblems(["place": "实施地点不在您的管辖范围内"])
        }
        return place
    }

    func checkDate(_ date: CivilDate, _ project: ProjectRecord, today: CivilDate) async throws {
        guard date <= today else { throw FieldProblems(["on": "办理日期不能晚于今天"]) }
        if let last = try await ProjectStepRecord.query(on: db).filter(\.$projectID == project.id!).sort(\.$onDate, .descending).first(),
           let lastDate = CivilDate(parsing: last.onDate), date < lastDate {
            throw FieldProblems(["on": "办理日期不能早于上一环节（\(lastDate)）"])
        }
    }

    func write(_ project: ProjectRecord, _ action: ProjectStepRecord.Action, from: ProjectStage, to: ProjectStage, on date: CivilDate,
               notice: NoticePeriod?, comment: String, summary: String, pending: String?? = nil, apply: ProjectDraft? = nil) async throws {
        let actor = self.actor
        let id = project.id!
        let before = project.draft
        try await db.writeTransaction { tx in
            // Read again inside the transaction: another user may have passed the same step a moment ago.
            guard let fresh = try await ProjectRecord.find(id, on: tx), fresh.stage == from.rawValue else {
                throw FieldProblems(["_": "项目已被他人办理，请刷新后查看"])
            }
            fresh.stage = to.rawValue
            if let pending { fresh.pendingChange = pending }
            if let apply { fresh.draft = apply }
            try await fresh.update(on: tx)
            try await Self.step(fresh, action, from: from, to: to, on: date, notice: notice, comment: comment, actor: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .project, entity: "project", entityID: id.uuidString,
                                      region: fresh.regionCode, summary: summary, before: apply == nil ? nil : before, after: apply)
        }
        if let refreshed = try await ProjectRecord.find(id, on: db) {
            project.stage = refreshed.stage
            project.pendingChange = refreshed.pendingChange
            project.draft = refreshed.draft
        }
    }

    static func step(_ project: ProjectRecord, _ action: ProjectStepRecord.Action, from: ProjectStage, to: ProjectStage, on date: CivilDate,
                     notice: NoticePeriod?, comment: String, actor: Actor, on db: any Database) async throws {
        let step = ProjectStepRecord()
        step.id = UUID()
        step.projectID = project.id!
        step.action = action.rawValue
        step.fromStage = from.rawValue
        step.toStage = to.rawValue
        step.onDate = "\(date)"
        step.noticeFrom = notice.map { "\($0.start)" }
        step.noticeDays = notice?.days
        step.comment = String(comment.prefix(4000))
        step.userID = actor.userID
        step.username = actor.username
        step.at = Date()
        try await step.create(on: db)
    }

    static func levelName(_ level: RegionCode.Level) -> String {
        switch level {
        case .village: "村级"
        case .township: "乡镇"
        default: "县级"
        }
    }

    static func ownerName(_ stage: ProjectStage, _ project: ProjectRecord) -> String {
        stage.owner(placeLevel: project.place.level).map(levelName) ?? "无人"
    }
}

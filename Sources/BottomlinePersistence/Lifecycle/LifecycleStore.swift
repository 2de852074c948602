import BottomlineDomain
import Fluent
import Foundation

extension ScopedRegistry {
    /// Clues, cases, measures and visits of the actor's region: the same code-range predicate as households.
    public func scoped<M: VillageScoped>(_ type: M.Type) -> QueryBuilder<M> {
        let range = actor.region.codeRange
        return M.query(on: db).filter("village_code", .greaterThanOrEqual, range.lower).filter("village_code", .lessThan, range.upper)
    }

    public func clue(_ id: UUID) async throws -> ClueRecord? {
        try await scoped(ClueRecord.self).filter(\.$id == id).first()
    }

    public func monitoringCase(_ id: UUID) async throws -> CaseRecord? {
        try await scoped(CaseRecord.self).filter(\.$id == id).first()
    }

    public func measure(_ id: UUID) async throws -> MeasureRecord? {
        try await scoped(MeasureRecord.self).filter(\.$id == id).first()
    }
}

extension Role {
    /// The level whose steps this role acts on; system administrators and read-only roles act on none.
    public var stepLevel: RegionCode.Level? {
        switch self {
        case .village: .village
        case .township: .township
        case .county: .county
        default: nil
        }
    }
}

/// Why a proposal of 风险消除 was refused: every unmet criterion, in Chinese.
public struct EliminationRefused: Error, Sendable {
    public let unmet: [String]
}

/// Every write of the lifecycle: clues, the two procedures, measures, visits. Each call is scoped by the actor's region,
/// checks the actor's role against the step, and writes its records and audit row in one transaction. `today` is the
/// acting day (the web passes the real day; the demo passes earlier ones).
public struct LifecycleStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    // MARK: Policy

    static func parameter(_ p: PolicyParameter, village: String, on date: CivilDate, db: any Database) async throws -> Int {
        let place = RegionCode(village) ?? RegionCode("41")!
        return try parameter(p, in: try await PolicyStore.book(for: place, on: db), place: place, on: date)
    }

    static func parameter(_ p: PolicyParameter, in book: PolicyBook, place: RegionCode, on date: CivilDate) throws -> Int {
        guard let value = book.int(p, for: place, on: date) else {
            throw FieldProblems(["_": "尚未设置政策参数“\(p.label)”，请县级管理员在“政策参数”中录入"])
        }
        return value
    }

    /// The code-list names in force in a village on a day.
    static func names(village: String, on date: CivilDate, db: any Database) async throws -> CodeNames {
        let place = RegionCode(village) ?? RegionCode("41")!
        return try await PolicyStore.book(for: place, on: db).names(for: place, on: date)
    }

    // MARK: Clues

    /// 农户自主申报 from the public page of `village`: no user, so it is recorded in the village's name. An ID number the
    /// registry knows ties the clue to that household (in whatever village it lives); a second declaration while a clue
    /// for the same household or person is still open is merged into it.
    public static func receiveDeclaration(_ d: Declaration, village: RegionCode, today: CivilDate, on db: any Database) async throws -> (ClueRecord, merged: Bool) {
        guard village.level == .village, let region = try await RegionRecord.find(village.digits, on: db),
              region.level == RegionCode.Level.village.rawValue else {
            throw FieldProblems(["_": "二维码对应的村不存在，请向村干部索取新的二维码"])
        }
        let actor = Actor(userID: nil, username: "农户自主申报", role: .leader, region: village)
        var household: HouseholdRecord?
        if let person = try await PersonRecord.query(on: db).filter(\.$idNumber == d.id.value).first() {
            household = try await HouseholdRecord.find(person.householdID, on: db).flatMap { $0.isActive ? $0 : nil }
        }
        return try await file(source: .selfDeclared, village: household?.villageCode ?? village.digits, household: household,
                              name: d.name, idNumber: d.id.value, phone: d.phone, risk: d.difficulty, description: d.description,
                              consent: true, sourceRef: nil, today: today, actor: actor, on: db)
    }

    /// 基层干部排查: a cadre records a risk found in a household of their region.
    public func recordClue(_ household: HouseholdRecord, _ clue: CadreClue, today: CivilDate) async throws -> (ClueRecord, merged: Bool) {
        guard actor.role.canEditRegistry, actor.role != .admin else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以登记排查线索"]) }
        return try await Self.file(source: .cadre, village: household.villageCode, household: household, name: household.householderName,
                                   idNumber: nil, phone: nil, risk: clue.difficulty, description: clue.description, consent: false,
                                   sourceRef: nil, today: today, received: clue.foundOn, actor: actor, on: db)
    }

    /// 部门筛查预警: the entry point for the screening of departmental feeds. A warning about a household of the actor's
    /// region becomes a clue in its village's work list (merged into an open one), with the warning's reference kept.
    public func openScreeningClue(_ household: HouseholdRecord, risk: RiskType, description: String, sourceRef: String,
                                  today: CivilDate) async throws -> (ClueRecord, merged: Bool) {
        guard registry.canSee(RegionCode(household.villageCode) ?? RegionCode("0")!) else { throw FieldProblems(["_": "该户不在您的管辖范围内"]) }
        return try await Self.file(source: .screening, village: household.villageCode, household: household, name: household.householderName,
                                   idNumber: nil, phone: nil, risk: risk, description: String(description.prefix(500)), consent: false,
                                   sourceRef: String(sourceRef.prefix(100)), today: today, actor: actor, on: db)
    }

    static func file(source: ClueSource, village: String, household: HouseholdRecord?, name: String, idNumber: String?, phone: String?,
                     risk: RiskType, description: String, consent: Bool, sourceRef: String?, today: CivilDate, received: CivilDate? = nil,
                     actor: Actor, on db: any Database) async throws -> (ClueRecord, merged: Bool) {
        let place = RegionCode(village) ?? RegionCode("41")!
        let book = try await PolicyStore.book(for: place, on: db)
        let days = try parameter(.clueVerificationDays, in: book, place: place, on: today)
        // A person or cadre chooses from the types in use; a departmental rule names its own.
        if source != .screening, let problem = book.names(for: place, on: today).problem([risk]) {
            throw FieldProblems(["difficulty": problem.message])
        }
        // The open clue this one repeats: same household, or (for someone not in the registry) same ID number. A
        // farmer's declaration is never merged into an existing clue: the public page must not let a stranger edit
        // one (phone, consent, text), nor tell whether one exists. It stands as its own clue beside the other, and the
        // cadre sees both on the clue's page.
        var existing: ClueRecord?
        if source == .selfDeclared {
            existing = nil
        } else if let id = household?.id {
            existing = try await ClueRecord.query(on: db).filter(\.$householdID == id).filter(\.$status != ClueStatus.closed.rawValue)
                .sort(\.$receivedOn).first()
        } else if let idNumber {
            existing = try await ClueRecord.query(on: db).filter(\.$idNumber == idNumber).filter(\.$status != ClueStatus.closed.rawValue)
                .sort(\.$receivedOn).first()
        }
        let note = "【\(today) \(source.label)·\(risk.label)】\(description)"
        let repeated = existing
        return try await db.writeTransaction { tx in
            if let existing = repeated {
                existing.mergedCount += 1
                existing.description = String((existing.description + "\n" + note).prefix(4000))
                if existing.phone == nil { existing.phone = phone }
                if source == .selfDeclared { existing.consent = true }
                try await existing.save(on: tx)
                try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "clue", entityID: existing.id?.uuidString,
                                          householdID: existing.householdID, region: existing.villageCode,
                                          summary: "\(source.label)线索与待办线索合并（第\(existing.mergedCount + 1)次反映）：\(risk.label)")
                return (existing, true)
            }
            let clue = ClueRecord()
            clue.id = UUID()
            clue.villageCode = village
            clue.householdID = household?.id
            clue.source = source.rawValue
            clue.name = name
            clue.idNumber = idNumber
            clue.phone = phone
            clue.riskType = risk.rawValue
            clue.description = description
            clue.consent = consent
            clue.receivedOn = (received ?? today).description
            clue.dueOn = (received ?? today).adding(days: days).description
            clue.status = ClueStatus.open.rawValue
            clue.mergedCount = 0
            clue.sourceRef = sourceRef
            clue.createdBy = actor.userID
            try await clue.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "clue", entityID: clue.id?.uuidString,
                                      householdID: household?.id, region: village,
                                      summary: "收到\(source.label)线索：\(risk.label)（\(name)），\(clue.dueOn)前核实")
            return (clue, false)
        }
    }

    private func requireVillageCadre(_ what: String) throws {
        guard actor.role == .village else { throw FieldProblems(["_": "\(what)由村级干部办理"]) }
    }

    /// Ties a clue from someone not yet found in the registry to a household of the actor's region.
    public func link(_ clue: ClueRecord, to household: HouseholdRecord) async throws {
        try requireVillageCadre("关联农户")
        guard clue.householdID == nil, clue.statusValue == .open else { throw FieldProblems(["_": "该线索已关联农户或已办结"]) }
        clue.householdID = household.id
        clue.villageCode = household.villageCode
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await clue.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "clue", entityID: clue.id?.uuidString,
                                      householdID: household.id, region: household.villageCode, summary: "线索关联到户\(household.number)")
        }
    }

    /// Closes a clue after verification found no case to open (no risk, or already handled), with the reason.
    public func close(_ clue: ClueRecord, note raw: String, today: CivilDate) async throws {
        try requireVillageCadre("线索核实")
        guard clue.statusValue == .open else { throw FieldProblems(["_": "该线索已办结"]) }
        var errors = FieldErrors()
        let note = errors.take("note", FieldRules.longText(raw, label: "核实结论", max: 300, required: true))
        guard let note else { throw FieldProblems(errors) }
        clue.status = ClueStatus.closed.rawValue
        clue.closingNote = "\(today) 核实办结：\(note)"
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await clue.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "clue", entityID: clue.id?.uuidString,
                                      householdID: clue.householdID, region: clue.villageCode, summary: "线索核实办结：\(note)")
        }
    }

    // MARK: Identification

    /// Verifying a clue that shows a risk starts 识别纳入: the clock runs from the household's earliest open clue.
    public func startIdentification(from clue: ClueRecord, today: CivilDate) async throws -> CaseRecord {
        try requireVillageCadre("启动识别")
        guard clue.statusValue == .open else { throw FieldProblems(["_": "该线索已办结或已启动识别"]) }
        guard let householdID = clue.householdID, let household = try await registry.household(householdID), household.isActive else {
            throw FieldProblems(["_": "请先把线索关联到名册中的农户（新户请先建档）"])
        }
        if household.isAtRisk { throw FieldProblems(["_": "该户已是监测对象，风险未消除，无需重新识别；可登记走访或帮扶措施"]) }
        if try await openCase(of: household) != nil { throw FieldProblems(["_": "该户已有进行中的程序"]) }
        let clues = try await ClueRecord.query(on: db).filter(\.$householdID == householdID).filter(\.$status == ClueStatus.open.rawValue).all()
        let first = clues.compactMap { CivilDate(parsing: $0.receivedOn) }.min() ?? today
        let days = try await Self.parameter(.identificationDeadlineDays, village: household.villageCode, on: first, db: db)
        let record = CaseRecord()
        record.id = UUID()
        record.householdID = householdID
        record.villageCode = household.villageCode
        record.kind = CaseKind.identification.rawValue
        record.stage = CaseStage.verification.rawValue
        record.firstClueOn = first.description
        record.deadlineOn = IdentificationClock(firstClue: first, deadlineDays: days).deadline.description
        record.createdBy = actor.userID
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            for c in clues {
                c.status = ClueStatus.inCase.rawValue
                c.caseID = record.id
                try await c.save(on: tx)
            }
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "case", entityID: record.id?.uuidString,
                                      householdID: householdID, region: household.villageCode,
                                      summary: "启动识别纳入程序（首条线索\(first)，\(record.deadlineOn!)前完成）")
        }
        return record
    }

    public func openCase(of household: HouseholdRecord) async throws -> CaseRecord? {
        try await CaseRecord.query(on: db).filter(\.$householdID == household.id!)
            .filter(\.$stage !~ [CaseStage.completed.rawValue, CaseStage.rejected.rawValue]).first()
    }

    /// Whether the actor owns the case's current step: the right role, and the case inside its region.
    public func mayAct(on record: CaseRecord) -> Bool {
        guard let level = record.stageValue.ownerLevel, actor.role.stepLevel == level,
              let village = RegionCode(record.villageCode) else { return false }
        return actor.region.contains(village)
    }

    /// The owner of the current step advances the case, returns it one step, or ends it. Each step records who, when,
    /// the decision and the comment; 公示 cannot end before its days have passed; the last step writes the outcome onto
    /// the household.
    public func act(on record: CaseRecord, _ action: StepAction, values: FormValues, today: CivilDate) async throws {
        let stage = record.stageValue
        let kind = record.kindValue
        guard stage.isOpen else { throw FieldProblems(["_": "该程序已结束"]) }
        guard mayAct(on: record) else {
            throw FieldProblems(["_": "“\(stage.label(for: kind))”由\(stage.ownerLabel)干部办理，您不能办理此环节"])
        }
        guard let household = try await registry.household(record.householdID) else { throw FieldProblems(["_": "没有找到该户"]) }
        let place = RegionCode(record.villageCode) ?? RegionCode("41")!
        let state = CaseTransitions.State(kind: kind, stage: stage, notice: record.notice)
        let outcome = try CaseTransitions.act(state, action, values: values, book: try await PolicyStore.book(for: place, on: db),
                                              place: place, today: today).get()
        let next = outcome.next, comment = outcome.comment
        if let category = outcome.category { record.category = category.rawValue }
        if let risks = outcome.risks { record.riskTypes = RiskType.encode(risks) }
        switch outcome.notice {
        case .keep: break
        case .start(let notice):
            record.noticeFrom = notice.start.description
            record.noticeDays = notice.days
        case .clear:
            record.noticeFrom = nil
            record.noticeDays = nil
        }
        record.stage = next.rawValue
        if outcome.ends { record.completedOn = today.description }
        let step = CaseStepRecord()
        step.caseID = record.id!
        step.stage = stage.rawValue
        step.action = action.rawValue
        step.actedOn = today.description
        step.at = CivilDate.now
        step.userID = actor.userID
        step.username = actor.username
        step.comment = comment
        step.details = outcome.details.joined(separator: "；")
        let actor = self.actor
        try await db.writeTransaction { tx in
            if next == .completed {
                let before = MonitoringSnapshot(household)
                switch kind {
                case .identification:
                    household.monitoringCategory = record.category
                    household.monitoringSince = today.description
                    household.riskTypes = record.riskTypes
                    household.riskEliminatedOn = nil
                    household.eliminationMethod = nil
                case .elimination:
                    household.riskEliminatedOn = today.description
                    household.eliminationMethod = record.method
                }
                try await household.save(on: tx)
                try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "household", entityID: household.id?.uuidString,
                                          householdID: household.id, region: household.villageCode,
                                          summary: kind == .identification
                                              ? "纳入监测：\(record.categoryValue?.label ?? "")，风险类型" + record.risks.map(\.label).joined(separator: "、")
                                              : "标注风险消除（\(EliminationMethod(rawValue: record.method ?? "")?.label ?? "")）",
                                          before: before, after: MonitoringSnapshot(household))
            }
            if next == .completed || next == .rejected {
                let clues = try await ClueRecord.query(on: tx).filter(\.$caseID == record.id!).filter(\.$status == ClueStatus.inCase.rawValue).all()
                for c in clues {
                    c.status = ClueStatus.closed.rawValue
                    c.closingNote = "\(today) \(next.label(for: kind))"
                    try await c.save(on: tx)
                }
            }
            try await record.save(on: tx)
            try await step.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "case", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "\(kind.label)·\(stage.label(for: kind))：\(action.label)" + (comment.isEmpty ? "" : "（\(comment)）"))
        }
    }

    public func steps(of record: CaseRecord) async throws -> [CaseStepRecord] {
        try await CaseStepRecord.query(on: db).filter(\.$caseID == record.id!).sort(\.$at).all()
    }

    // MARK: Risk elimination

    /// Weighs every criterion of policy-rules.md §6 for the household as it is today.
    public func eliminationCheck(_ household: HouseholdRecord, method: EliminationMethod, resolved: Set<RiskType>, today: CivilDate) async throws -> EliminationCheck {
        let village = household.villageCode
        let minimum = try await Self.parameter(.eliminationMinimumMonths, village: village, on: today, db: db)
        let stable = try await Self.parameter(.stableIncomeMonths, village: village, on: today, db: db)
        let income = try await IncomeRecord.query(on: db).filter(\.$householdID == household.id!).sort(\.$year, .descending).first()
        var latest: (year: Int, perCapita: Money, afterSelfPaid: Money)?
        var line: Money?
        if let income, let perCapita = income.income.perCapitaNet(members: max(1, household.memberCount)) {
            let after = (income.income.netIncome - income.income.compliantSelfPaid).divided(by: max(1, household.memberCount))
            latest = (income.year, perCapita, after)
            line = try await PolicyStore.book(for: RegionCode(village)!, on: db).incomeLine(forIncomeYear: income.year, place: RegionCode(village)!)
        }
        let visits = try await VisitRecord.query(on: db).filter(\.$householdID == household.id!)
            .filter(\.$visitedOn >= today.adding(months: -stable).description).all()
        let delivered = try await MeasureRecord.query(on: db).filter(\.$householdID == household.id!)
            .filter(\.$status ~~ MeasureStatus.allCases.filter(\.delivered).map(\.rawValue)).count()
        var gaps: [String] = []
        if household.gapHousing { gaps.append(BasicNeed.housing.label) }
        if household.gapEducation { gaps.append(BasicNeed.education.label) }
        if household.gapMedical { gaps.append(BasicNeed.medical.label) }
        if household.gapWater { gaps.append(BasicNeed.water.label) }
        return EliminationCheck(.init(
            method: method, today: today, identifiedOn: household.monitoringSince.flatMap(CivilDate.init(parsing:)),
            alreadyEliminated: household.riskEliminatedOn != nil, minimumMonths: minimum, stableIncomeMonths: stable,
            latestIncome: latest, line: line,
            recentVisits: visits.compactMap { v in CivilDate(parsing: v.visitedOn).flatMap { d in v.trend.map { (d, $0) } } },
            deliveredMeasures: delivered, hasLabour: household.hasLabour, basicNeedGaps: gaps, risks: household.risks, resolvedRisks: resolved))
    }

    /// A cadre proposes 风险消除; every unmet criterion refuses it. When all hold, the elimination procedure starts.
    public func proposeElimination(_ household: HouseholdRecord, method: EliminationMethod, resolved: Set<RiskType>, note: String,
                                   today: CivilDate) async throws -> CaseRecord {
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以提出风险消除"]) }
        if try await openCase(of: household) != nil { throw FieldProblems(["_": "该户已有进行中的程序"]) }
        let check = try await eliminationCheck(household, method: method, resolved: resolved, today: today)
        guard check.passes else { throw EliminationRefused(unmet: check.unmet) }
        let record = CaseRecord()
        record.id = UUID()
        record.householdID = household.id!
        record.villageCode = household.villageCode
        record.kind = CaseKind.elimination.rawValue
        record.stage = CaseStage.verification.rawValue
        record.firstClueOn = today.description
        record.category = household.monitoringCategory
        record.riskTypes = household.riskTypes
        record.method = method.rawValue
        record.createdBy = actor.userID
        let actor = self.actor
        let text = String(note.trimmingASCIISpaces().prefix(300))
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "case", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "提出风险消除（\(method.label)），各项条件均已满足" + (text.isEmpty ? "" : "：\(text)"))
        }
        return record
    }

    /// 风险消除回退: the county takes an elimination back (the risk came back or the marking was wrong); the household is
    /// at risk again from its original identification, and the record of both stays.
    public func revertElimination(_ household: HouseholdRecord, reason raw: String, today: CivilDate) async throws {
        guard actor.role == .county else { throw FieldProblems(["_": "风险消除回退由县级管理员办理"]) }
        guard household.riskEliminatedOn != nil else { throw FieldProblems(["_": "该户风险未标注消除，无需回退"]) }
        var errors = FieldErrors()
        guard let reason = errors.take("reason", FieldRules.longText(raw, label: "回退原因", max: 300, required: true)) else { throw FieldProblems(errors) }
        let before = MonitoringSnapshot(household)
        let eliminated = household.riskEliminatedOn ?? ""
        household.riskEliminatedOn = nil
        household.eliminationMethod = nil
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await household.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "household", entityID: household.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "风险消除回退（原\(eliminated)标注消除）：\(reason)", before: before, after: MonitoringSnapshot(household))
        }
    }

    // MARK: Measures and visits

    private func requireCadre() throws {
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以登记帮扶工作"]) }
    }

    public func addMeasure(_ household: HouseholdRecord, _ draft: MeasureDraft) async throws -> MeasureRecord {
        try requireCadre()
        if let problem = try await Self.names(village: household.villageCode, on: draft.start, db: db).problem([draft.category]) {
            throw FieldProblems(["category": problem.message])
        }
        let record = MeasureRecord()
        record.id = UUID()
        record.householdID = household.id!
        record.villageCode = household.villageCode
        record.category = draft.category.rawValue
        record.name = draft.name
        record.department = draft.department.isEmpty ? draft.category.usualDepartment : draft.department
        record.amountFen = draft.amount?.fen
        record.startOn = draft.start.description
        record.endOn = draft.end?.description
        record.status = draft.status.rawValue
        record.createdBy = actor.userID
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "measure", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "登记帮扶措施：\(draft.category.label)·\(draft.name)（\(draft.status.label)）")
        }
        return record
    }

    public func setStatus(_ measure: MeasureRecord, _ status: MeasureStatus, today: CivilDate) async throws {
        try requireCadre()
        guard measure.statusValue != status else { return }
        let from = measure.statusValue?.label ?? measure.status
        measure.status = status.rawValue
        if status == .completed || status == .stopped, measure.endOn == nil { measure.endOn = today.description }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await measure.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "measure", entityID: measure.id?.uuidString,
                                      householdID: measure.householdID, region: measure.villageCode,
                                      summary: "帮扶措施“\(measure.name)”：\(from) → \(status.label)")
        }
    }

    public func addVisit(_ household: HouseholdRecord, _ draft: VisitDraft) async throws -> VisitRecord {
        try requireCadre()
        let record = VisitRecord()
        record.id = UUID()
        record.householdID = household.id!
        record.villageCode = household.villageCode
        record.visitedOn = draft.date.description
        record.userID = actor.userID
        record.username = actor.username
        record.findings = draft.findings
        record.incomeTrend = draft.incomeTrend.rawValue
        record.changes = draft.changes
        if household.lastVisitOn.map({ $0 < draft.date.description }) ?? true { household.lastVisitOn = draft.date.description }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await household.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .lifecycle, entity: "visit", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "走访（\(draft.date)）：收入\(draft.incomeTrend.label)")
        }
        return record
    }
}

/// What identification and elimination change on a household, for the audit log.
struct MonitoringSnapshot: Encodable {
    var monitoringCategory: String?
    var monitoringSince: String?
    var riskTypes: String?
    var riskEliminatedOn: String?
    var eliminationMethod: String?
    init(_ h: HouseholdRecord) {
        monitoringCategory = h.monitoringCategory
        monitoringSince = h.monitoringSince
        riskTypes = h.riskTypes
        riskEliminatedOn = h.riskEliminatedOn
        eliminationMethod = h.eliminationMethod
    }
}

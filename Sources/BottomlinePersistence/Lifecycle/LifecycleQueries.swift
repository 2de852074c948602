import BottomlineDomain
import Fluent
import Foundation

/// One thing waiting for a user: a clue to verify, a step to take, a household to visit.
public struct WorkItem: Sendable {
    public enum Kind: String, Sendable { case clue, step, visit, warning, loan, problem }
    public var kind: Kind
    public var title: String
    public var detail: String
    public var householdName: String
    public var villageCode: String
    public var due: CivilDate?
    public var link: String
    /// Work the user must do (false: a lower level's work the user supervises).
    public var mine: Bool = true
    /// Why the case came back to this step, when its last step was a return: "乡镇审核退回：……".
    public var returned: String?
    public func isOverdue(on today: CivilDate) -> Bool { due.map { $0 < today } ?? false }
}

/// The monitoring-object list's filters.
public struct MonitoringFilter: Sendable {
    /// Where a household stands: in identification, monitored at risk, in elimination, or eliminated.
    public enum State: String, Sendable, CaseIterable {
        case identifying, atRisk = "risk", eliminating, eliminated
        public var label: String {
            switch self {
            case .identifying: "识别纳入中"
            case .atRisk: "风险未消除"
            case .eliminating: "风险消除程序中"
            case .eliminated: "风险已消除"
            }
        }
    }
    public var region: String?
    public var category: MonitoringCategory?
    public var risk: RiskType?
    public var state: State?
    /// Households whose visit is overdue.
    public var visitOverdue: Bool
    public init(region: String? = nil, category: MonitoringCategory? = nil, risk: RiskType? = nil, state: State? = nil, visitOverdue: Bool = false) {
        self.region = region
        self.category = category
        self.risk = risk
        self.state = state
        self.visitOverdue = visitOverdue
    }
}

/// A line of a 公示 or 公告: what may be posted on a village wall. No ID number, phone, bank account, health condition
/// or risk type (因病 would reveal health) — the type has no field for them.
public struct NoticeLine: Sendable, Equatable {
    public var householderName: String
    public var members: Int
    public var address: String
    public var category: String
    public var method: String
    public var date: String
}

/// An entry of a household's timeline.
public struct TimelineEntry: Sendable {
    public var date: String
    public var kind: String
    public var text: String
    public var who: String
}

extension LifecycleStore {
    /// What waits for the actor in their region, due dates first: clues to verify and visits due (village cadres and
    /// 帮扶责任人), steps their level owns, and for townships and counties the clues gone past their date (督办).
    public func workList(today: CivilDate, limit: Int = 500) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        let names = try await PolicyStore.book(for: actor.region, on: db).names(for: actor.region, on: today)
        if let level = actor.role.stepLevel {
            let stages = CaseStage.allCases.filter { $0.ownerLevel == level }.map(\.rawValue)
            let cases = try await registry.scoped(CaseRecord.self).filter(\.$stage ~~ stages).limit(limit).all()
            let households = try await householdsByID(Set(cases.map(\.householdID)))
            // Each case's last step, to mark the ones returned to this step and say why.
            var lastSteps: [UUID: CaseStepRecord] = [:]
            let caseIDs = cases.compactMap(\.id)
            for chunk in caseIDs.chunked() {
                for step in try await CaseStepRecord.query(on: db).filter(\.$caseID ~~ chunk).all()
                where lastSteps[step.caseID].map({ $0.at < step.at }) ?? true { lastSteps[step.caseID] = step }
            }
            for c in cases {
                let name = households[c.householdID]?.householderName ?? ""
                // One clock per item: the day this step is due. Where that is not the procedure's own time limit (公示
                // runs to its end first), the limit is named as a date, not counted down a second time.
                let deadline = c.deadlineOn.flatMap(CivilDate.init(parsing:))
                var due = deadline
                var detail = ""
                if c.stageValue == .notice, let notice = c.notice {
                    due = notice.end.adding(days: 1)
                    detail = "公示至\(notice.end)" + (deadline.map { "；识别时限\($0)" } ?? "")
                }
                var returned: String?
                if let last = lastSteps[c.id!], last.action == StepAction.returnBack.rawValue {
                    let from = CaseStage(rawValue: last.stage)?.label(for: c.kindValue) ?? last.stage
                    returned = "\(from)退回（\(last.actedOn)）：\(last.comment.isEmpty ? "未填写原因" : last.comment)"
                }
                items.append(WorkItem(kind: .step, title: "\(c.kindValue.label)·\(c.stageValue.label(for: c.kindValue))",
                                      detail: detail, householdName: name, villageCode: c.villageCode,
                                      due: due, link: "/cases/\(c.id!.uuidString)", returned: returned))
            }
        }
        var clueQuery = registry.scoped(ClueRecord.self).filter(\.$status == ClueStatus.open.rawValue)
        if actor.role != .village { clueQuery = clueQuery.filter(\.$dueOn < today.description) }
        if actor.role.stepLevel != nil {
            for c in try await clueQuery.sort(\.$dueOn).limit(limit).all() {
                items.append(WorkItem(kind: .clue, title: (actor.role == .village ? "核实线索" : "督办：线索逾期未核实") + "（\(c.sourceValue?.label ?? "")）",
                                      detail: (c.risk.map { names($0) } ?? "") + (c.mergedCount > 0 ? "，已反映\(c.mergedCount + 1)次" : ""),
                                      householdName: c.name, villageCode: c.villageCode, due: CivilDate(parsing: c.dueOn),
                                      link: "/clues/\(c.id!.uuidString)", mine: actor.role == .village))
            }
        }
        // Screening warnings: the village verifies its own and the township follows them; past the due date the
        // township supervises, and past it by as long again the county (`WarningRecord.escalation`).
        if let level = actor.role.stepLevel {
            var query = registry.scoped(WarningRecord.self).filter(\.$status == "open")
            if level == .county { query = query.filter(\.$dueOn < today.description) }
            let warnings = try await query.sort(\.$dueOn).limit(limit).all()
            let households = try await householdsByID(Set(warnings.map(\.householdID)))
            for w in warnings {
                let escalation = w.escalation(on: today)
                if level == .county, escalation != .county { continue }
                let title = level == .village ? "核实筛查预警" : escalation == .village ? "筛查预警待村核实" : "督办：筛查预警逾期未核实"
                items.append(WorkItem(kind: .warning, title: title, detail: "\(w.ruleName)：\(w.valueText)",
                                      householdName: households[w.householdID]?.householderName ?? "", villageCode: w.villageCode,
                                      due: CivilDate(parsing: w.dueOn), link: "/warnings/\(w.id!.uuidString)", mine: level == .village))
            }
        }
        // 贷后: loans with a balance due within 30 days or reported overdue — the village's own, and a helper's households'.
        if actor.role.stepLevel != nil {
            let soon = today.adding(days: 30).description
            var query = registry.scoped(LoanRecord.self).filter(\.$balanceFen > 0).group(.or) { $0.filter(\.$dueOn <= soon).filter(\.$daysOverdue > 0) }
            if actor.role != .village {
                let mine = try await HelperAssignmentRecord.query(on: db).filter(\.$userID == actor.userID ?? UUID()).filter(\.$endDate == nil).all()
                query = query.filter(\.$householdID ~~ mine.map(\.householdID))
            }
            let loans = try await query.sort(\.$dueOn).limit(limit).all()
            let households = try await householdsByID(Set(loans.map(\.householdID)))
            for l in loans {
                let due = CivilDate(parsing: l.dueOn)
                let late = l.daysOverdue > 0 || (due.map { $0 < today } ?? false)
                items.append(WorkItem(kind: .loan, title: late ? "贷后：小额信贷逾期" : "贷后：小额信贷30天内到期",
                                      detail: "\(l.bank)，余额\(Money(fen: l.balanceFen).wanText)万元，\(l.dueOn)到期" + (l.daysOverdue > 0 ? "，银行报逾期\(l.daysOverdue)天" : ""),
                                      householdName: households[l.householdID]?.householderName ?? "", villageCode: l.villageCode, due: due,
                                      link: "/households/\(l.householdID.uuidString)#loans"))
            }
        }
        // 问题整改: a place's own problems until their deadline; past it the level above supervises for as long again,
        // then the county (`RectificationRules.escalation`, as overdue warnings climb).
        if let level = actor.role.stepLevel {
            let problems = try await registry.scoped(ProblemRecord.self).filter(\.$state == ProblemState.rectifying.rawValue).sort(\.$deadline).limit(limit).all()
            for r in problems {
                guard let p = r.problem else { continue }
                let acting = RectificationRules.escalation(p, place: r.placeLevel, on: today)
                let own = r.placeLevel == level && (level == .village || r.placeCode == actor.region.digits)
                guard own || acting == level else { continue }
                items.append(WorkItem(kind: .problem, title: own && acting == r.placeLevel ? "整改问题" : "督办：整改问题超期", detail: "\(r.category)：\(r.text.prefix(40))",
                                      householdName: "", villageCode: r.villageCode, due: CivilDate(parsing: r.deadline), link: "/problems?year=\(r.foundOn.prefix(4))",
                                      mine: own))
            }
        }
        // Visits: households at risk whose last visit is older than the interval — the helper's own, and for village
        // cadres every one in the village.
        if actor.role.stepLevel != nil {
            var query = registry.households().filter(\.$monitoringCategory != nil).filter(\.$riskEliminatedOn == nil)
            if actor.role != .village {
                let mine = try await HelperAssignmentRecord.query(on: db).filter(\.$userID == actor.userID ?? UUID()).filter(\.$endDate == nil).all()
                query = query.filter(\.$id ~~ mine.map(\.householdID))
            }
            // The interval is read once per village, not once per household.
            var intervals: [String: Int] = [:]
            for h in try await query.limit(5000).all() {
                let interval: Int
                if let known = intervals[h.villageCode] {
                    interval = known
                } else {
                    interval = try await Self.parameter(.visitIntervalDays, village: h.villageCode, on: today, db: db)
                    intervals[h.villageCode] = interval
                }
                let due = h.lastVisitOn.flatMap(CivilDate.init(parsing:)).map { $0.adding(days: interval) }
                    ?? h.monitoringSince.flatMap(CivilDate.init(parsing:)) ?? today
                guard DeadlineState(due: due, on: today).needsAttention else { continue }
                items.append(WorkItem(kind: .visit, title: "走访监测户", detail: h.lastVisitOn.map { "上次走访\($0)" } ?? "尚无走访记录",
                                      householdName: h.householderName, villageCode: h.villageCode, due: due,
                                      link: "/households/\(h.id!.uuidString)#visits"))
            }
        }
        return Array(items.sorted { ($0.due ?? .init(year: 9999, month: 12, day: 31)!, $0.title) < ($1.due ?? .init(year: 9999, month: 12, day: 31)!, $1.title) }.prefix(limit))
    }

    func householdsByID(_ ids: Set<UUID>) async throws -> [UUID: HouseholdRecord] { try await registry.households(ids) }

    /// Monitoring objects of the actor's region, filtered; the caller sorts, counts and pages.
    public func monitoringObjects(_ filter: MonitoringFilter, today: CivilDate) async throws -> QueryBuilder<HouseholdRecord> {
        var query = registry.households().filter(\.$status == HouseholdStatus.active.rawValue)
        if filter.state == .identifying || filter.state == .eliminating {
            // Households with an open case of that procedure (those in identification are not yet monitoring objects).
            let kind = filter.state == .identifying ? CaseKind.identification : .elimination
            let open = try await registry.scoped(CaseRecord.self).filter(\.$kind == kind.rawValue)
                .filter(\.$stage !~ [CaseStage.completed.rawValue, CaseStage.rejected.rawValue]).limit(10_000).all()
            query = query.filter(\.$id ~~ open.map(\.householdID))
        } else {
            query = query.filter(\.$monitoringCategory != nil)
        }
        if let raw = filter.region, !raw.isEmpty {
            // A place outside the user's region (or no place at all) matches nothing; it never falls back to the whole list.
            if let code = RegionCode(raw), registry.canSee(code) { query = query.within(code) } else { query = query.filter(\.$id == UUID()) }
        }
        if let c = filter.category { query = query.filter(\.$monitoringCategory == c.rawValue) }
        if let r = filter.risk { query = query.filter(\.$riskTypes, .custom("LIKE"), "%,\(r.rawValue),%") }
        switch filter.state {
        case .atRisk: query = query.filter(\.$riskEliminatedOn == nil)
        case .eliminated: query = query.filter(\.$riskEliminatedOn != nil)
        case .identifying, .eliminating, nil: break
        }
        if filter.visitOverdue {
            let interval = try await Self.parameter(.visitIntervalDays, village: registry.region.digits, on: today, db: db)
            let cutoff = today.adding(days: -interval).description
            query = query.filter(\.$riskEliminatedOn == nil).group(.or) { $0.filter(\.$lastVisitOn == nil).filter(\.$lastVisitOn < cutoff) }
        }
        return query
    }

    /// Households at risk whose measures do not fit their risks (policy-rules.md §5), with the problems.
    public func consistencyProblems(limit: Int = 5000) async throws -> [(HouseholdRecord, [String])] {
        let households = try await registry.households().filter(\.$monitoringCategory != nil).filter(\.$riskEliminatedOn == nil)
            .sort(\.$villageCode).sort(\.$number).limit(limit).all()
        var measures: [UUID: [MeasureCategory]] = [:]
        let ids = households.compactMap(\.id)
        for chunk in ids.chunked() {
            for m in try await MeasureRecord.query(on: db).filter(\.$householdID ~~ chunk)
                .filter(\.$status != MeasureStatus.stopped.rawValue).all() {
                if let c = m.categoryValue { measures[m.householdID, default: []].append(c) }
            }
        }
        return households.compactMap { h in
            let problems = MeasureConsistency.problems(risks: h.risks, measures: measures[h.id!] ?? [],
                                                       memberWithoutMedicalInsurance: h.gapMedical, hasLabour: h.hasLabour)
            return problems.isEmpty ? nil : (h, problems)
        }
    }

    /// The 公示 (cases whose notice began in the period) or 公告 (cases completed in the period) of one village.
    /// The households of a village's 公示 or 结果公告, in date order then by name. Without a period: what is due to be
    /// posted now — cases in 公示 (whose 公示 has not ended), or decided and waiting for the village to post the
    /// 结果公告. With a period: those whose 公示 began, or whose result was announced, within it (to print again).
    public func notice(village: RegionCode, kind: CaseKind, announcement: Bool, from: CivilDate?, to: CivilDate?, today: CivilDate = .today) async throws -> [NoticeLine] {
        guard registry.canSee(village) else { return [] }
        var query = registry.scoped(CaseRecord.self).filter(\.$villageCode == village.digits).filter(\.$kind == kind.rawValue)
        switch (announcement, from, to) {
        case (true, let from?, let to?):
            query = query.filter(\.$stage == CaseStage.completed.rawValue).filter(\.$completedOn >= from.description).filter(\.$completedOn <= to.description)
        case (true, _, _):
            query = query.filter(\.$stage == CaseStage.announcement.rawValue)
        case (false, let from?, let to?):
            query = query.filter(\.$noticeFrom >= from.description).filter(\.$noticeFrom <= to.description)
        case (false, _, _):
            query = query.filter(\.$stage == CaseStage.notice.rawValue)
        }
        let cases = try await query.all().filter { c in
            announcement || from != nil || (c.notice.map { $0.end >= today } ?? false)
        }
        let households = try await householdsByID(Set(cases.map(\.householdID)))
        // A result waiting to be posted is dated by the county's decision, its last step.
        var decided: [UUID: String] = [:]
        if announcement, from == nil, !cases.isEmpty {
            for chunk in cases.compactMap(\.id).chunked() {
                for step in try await CaseStepRecord.query(on: db).filter(\.$caseID ~~ chunk).all()
                where decided[step.caseID].map({ $0 < step.actedOn }) ?? true { decided[step.caseID] = step.actedOn }
            }
        }
        let names = try await LifecycleStore.names(village: village.digits, on: to ?? today, db: db)
        return cases.compactMap { c -> (String, NoticeLine)? in
            guard let h = households[c.householdID] else { return nil }
            let sortKey = announcement ? (c.completedOn ?? decided[c.id!] ?? "") : (c.noticeFrom ?? "")
            return (sortKey, NoticeLine(householderName: h.householderName, members: h.memberCount, address: h.address,
                                        category: c.categoryValue.map { names($0) } ?? "", method: EliminationMethod(rawValue: c.method ?? "")?.label ?? "",
                                        date: announcement ? (c.completedOn ?? decided[c.id!] ?? "") : (c.notice?.text ?? "")))
        }.sorted { ($0.0, $0.1.householderName) < ($1.0, $1.1.householderName) }.map(\.1)
    }

    /// Everything that happened to a household, newest first: clues, steps, measures, visits, membership events, and
    /// the audit log's income and monitoring changes.
    public func timeline(of household: HouseholdRecord) async throws -> [TimelineEntry] {
        let id = household.id!
        var entries: [TimelineEntry] = []
        let names = try await LifecycleStore.names(village: household.villageCode, on: .today, db: db)
        for c in try await ClueRecord.query(on: db).filter(\.$householdID == id).all() {
            entries.append(.init(date: c.receivedOn, kind: "线索", text: "\(c.sourceValue?.label ?? "")：\(c.risk.map { names($0) } ?? "")" + (c.closingNote.map { "；\($0)" } ?? ""), who: c.sourceValue == .selfDeclared ? c.name : ""))
        }
        let cases = try await CaseRecord.query(on: db).filter(\.$householdID == id).all()
        let kinds = Dictionary(uniqueKeysWithValues: cases.map { ($0.id!, $0.kindValue) })
        if !cases.isEmpty {
            for s in try await CaseStepRecord.query(on: db).filter(\.$caseID ~~ cases.map { $0.id! }).all() {
                let kind = kinds[s.caseID] ?? .identification
                let stage = CaseStage(rawValue: s.stage)?.label(for: kind) ?? s.stage
                let text = "\(kind.label)·\(stage)：\(StepAction(rawValue: s.action)?.label ?? s.action)" + (s.comment.isEmpty ? "" : "（\(s.comment)）") + (s.details.isEmpty ? "" : "；\(s.details)")
                entries.append(.init(date: s.actedOn, kind: "程序", text: text, who: s.username))
            }
        }
        for m in try await MeasureRecord.query(on: db).filter(\.$householdID == id).all() {
            entries.append(.init(date: m.startOn, kind: "措施", text: "\(m.categoryValue.map { names($0) } ?? "")·\(m.name)（\(m.statusValue?.label ?? "")）", who: m.department))
        }
        for v in try await VisitRecord.query(on: db).filter(\.$householdID == id).all() {
            entries.append(.init(date: v.visitedOn, kind: "走访", text: "收入\(v.trend?.label ?? "")：\(v.findings)" + (v.changes.isEmpty ? "" : "；变化：\(v.changes)"), who: v.username))
        }
        for e in try await MembershipEventRecord.query(on: db).filter(\.$householdID == id).all() {
            entries.append(.init(date: e.eventDate, kind: "人口", text: "\(MembershipEventKind(rawValue: e.kind)?.label ?? e.kind) \(e.note)", who: ""))
        }
        // Income registrations and monitoring changes (纳入, 消除, 回退) as the audit log recorded them.
        let wanted = [AuditLog.Action.income.rawValue, AuditLog.Action.lifecycle.rawValue]
        for a in try await AuditRecord.query(on: db).filter(\.$householdID == id).filter(\.$action ~~ wanted).all()
        where a.action == AuditLog.Action.income.rawValue || a.entity == "household" {
            entries.append(.init(date: CivilDate(a.at, timeZone: .chinaStandard).description,
                                 kind: a.action == AuditLog.Action.income.rawValue ? "收入" : "档案", text: a.summary, who: a.username))
        }
        return entries.sorted { $0.date > $1.date }
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent

extension CaseDetail.Model {
    /// The case as the user sees it; `values` are a refused attempt's fields, shown again.
    static func query(_ registry: ScopedRegistry, record: CaseRecord, names: CodeNames, values: FormValues,
                      context: PageContext, today: CivilDate) async throws -> Self? {
        let lifecycle = LifecycleStore(registry)
        guard let household = try await registry.household(record.householdID) else { return nil }
        let kind = record.kindValue, stage = record.stageValue
        let steps = try await lifecycle.steps(of: record)
        let people = try await UserStore.displayNames(steps.map(\.username), on: registry.db)
        let files = try await registry.attachments(of: "case_step", steps.map { $0.id! })
        let stages = kind.stages.map { s -> Stage in
            let done = kind.stages.firstIndex(of: s)! < (kind.stages.firstIndex(of: stage) ?? kind.stages.count)
            return Stage(label: s.label(for: kind), owner: s.ownerLabel, state: s == stage ? "current" : (done || stage == .completed) ? "done" : "")
        }
        let clock = record.clock.map { c -> Clock in
            let completed = record.completedOn.flatMap(CivilDate.init(parsing:))
            let late = c.isOverdue(on: today, completedOn: completed)
            return Clock(firstClue: c.firstClue, deadline: c.deadline,
                         tag: late ? "bad" : (c.isDueSoon(on: today) && completed == nil ? "mon" : "good"),
                         text: c.text(on: today, completedOn: completed))
        }
        var form = CaseDetail.StepForm.none
        if lifecycle.mayAct(on: record) {
            form = .act(.init(stageLabel: stage.label(for: kind),
                              fields: try await fields(registry, record: record, household: household, names: names, values: values, today: today),
                              canReturn: kind.previous(before: stage) != nil,
                              rejectLabel: kind == .identification ? "不予纳入的理由" : "不予消除的理由"))
        } else if stage.isOpen {
            form = .waiting(owner: stage.ownerLabel)
        }
        var model = Self(context: context, id: record.id!.uuidString, title: "\(kind.label)：\(household.householderName)户",
                    householdName: household.householderName, householdLink: "\(SitePath.household(.value(household.id!)))",
                    stages: stages, stageLabel: stage.label(for: kind), clock: clock, notice: record.notice?.text,
                    category: record.categoryValue.map { names($0) }, risks: record.risks.isEmpty ? nil : names(record.risks),
                    method: record.method.flatMap(EliminationMethod.init(rawValue:))?.label, form: form,
                    steps: steps.map { s in
                        Step(id: s.id!.uuidString, actedOn: s.actedOn, stage: CaseStage(rawValue: s.stage)?.label(for: kind) ?? s.stage,
                             action: StepAction(rawValue: s.action)?.label ?? s.action, username: people[s.username] ?? s.username,
                             comment: [s.comment, s.details].filter { !$0.isEmpty }.joined(separator: "\n"),
                             files: (files[s.id!] ?? []).map { ($0.id!.uuidString, $0.name) })
                    })
        model.mayAttach = registry.actor.role.stepLevel != nil
        // From the case to the notice it is posted on: the current 公示 or 结果公告, or the one it was announced in.
        let notices = "\(SitePath.notices)?village=\(record.villageCode)&kind=\(kind.rawValue)"
        switch stage {
        case .notice: model.printNotice = ("打印本村当前公示名单", notices + "&type=publicity")
        case .announcement: model.printNotice = ("打印本村结果公告", notices + "&type=announcement")
        case .completed:
            if let on = record.completedOn { model.printNotice = ("补打结果公告（\(on)）", notices + "&type=announcement&from=\(on)&to=\(on)") }
        default: break
        }
        return model
    }

    static func fields(_ registry: ScopedRegistry, record: CaseRecord, household: HouseholdRecord, names: CodeNames,
                       values: FormValues, today: CivilDate) async throws -> CaseDetail.StepFields {
        let kind = record.kindValue
        let ticked = { Set(RiskType.allCases.filter { values.ticked("risk_" + $0.rawValue) }.map(\.rawValue)) }
        switch (kind, record.stageValue) {
        case (_, .verification):
            guard kind == .identification else { return .verification(findings: values["findings"] ?? "", identification: nil) }
            let selected = ticked()
            return .verification(findings: values["findings"] ?? "", identification: .init(
                eligibility: try await EligibilityPanel.Model.query(registry, household: household, today: today),
                consent: values.ticked("consent"), categories: names.options(MonitoringCategory.self), category: values["category"] ?? "",
                risks: riskChoice(names, selected: selected)))
        case (_, .deliberation):
            return .deliberation(comment: values["comment"] ?? "")
        case (_, .notice):
            return .notice(period: record.notice?.text ?? "",
                           note: record.notice.map { $0.isOver(on: today) ? "公示期已满。" : "公示期满（\($0.end.adding(days: 1))起）后才能进入下一环节。" } ?? "",
                           comment: values["comment"] ?? "")
        case (.identification, .countyApproval):
            let selected = values.isEmpty ? Set(record.risks.map(\.rawValue)) : ticked()
            return .countyApproval(categories: names.options(MonitoringCategory.self), category: values["category"] ?? record.category ?? "",
                                   risks: riskChoice(names, selected: selected), comment: values["comment"] ?? "")
        case (_, .announcement):
            return .announcement(outcome: kind == .identification ? "本户即纳入监测" : "本户即标注风险消除", comment: values["comment"] ?? "")
        default:
            return .other(comment: values["comment"] ?? "")
        }
    }

    /// The risk types in use, and any already chosen that has since been retired (shown so the choice is visible;
    /// saving it is refused with the reason).
    static func riskChoice(_ names: CodeNames, selected: Set<String>) -> CaseDetail.RiskChoice {
        .init(shown: RiskType.allCases.filter { names.inUse($0) || selected.contains($0.rawValue) }.map { ($0.rawValue, names($0)) },
              selected: selected)
    }
}

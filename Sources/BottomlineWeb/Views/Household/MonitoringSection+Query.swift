import BottomlineDomain
import BottomlinePersistence
import Fluent

extension MonitoringSection.Model {
    static func query(_ registry: ScopedRegistry, household: HouseholdRecord, names: CodeNames, today: CivilDate) async throws -> Self {
        let db = registry.db
        let lifecycle = LifecycleStore(registry)
        let role = registry.actor.role
        let isCadre = role.stepLevel != nil && household.isActive
        let open = try await lifecycle.openCase(of: household)
        let measures = try await MeasureRecord.query(on: db).filter(\.$householdID == household.id!).sort(\.$startOn, .descending).all()
        let visits = try await VisitRecord.query(on: db).filter(\.$householdID == household.id!).sort(\.$visitedOn, .descending).limit(50).all()
        let clues = try await ClueRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$status == ClueStatus.open.rawValue).all()
        let status = household.monitoringValue.map { m in
            Status(category: names(m), since: household.monitoringSince ?? "", risks: names(household.risks),
                   eliminated: household.riskEliminatedOn.map { ($0, EliminationMethod(rawValue: household.eliminationMethod ?? "")?.label ?? "") })
        }
        let problems = household.isAtRisk
            ? MeasureConsistency.problems(risks: household.risks, measures: measures.filter { $0.statusValue != .stopped }.compactMap(\.categoryValue),
                                          memberWithoutMedicalInsurance: household.gapMedical, hasLabour: household.hasLabour)
            : []
        let timeline = try await lifecycle.timeline(of: household)
        // Payouts from project assets' income, with the asset named (and linked when the viewer sees it).
        var assetIncome: [(year: Int, asset: String, assetID: String, use: String, amount: Money)] = []
        let payouts = try await AssetPayoutRecord.query(on: db).filter(\.$householdID == household.id!).all()
        if !payouts.isEmpty {
            let lines = try await AssetDistributionRecord.query(on: db).filter(\.$id ~~ payouts.map(\.distributionID)).all()
            let assets = try await AssetRecord.query(on: db).filter(\.$id ~~ lines.map(\.assetID)).all()
            for p in payouts {
                guard let line = lines.first(where: { $0.id == p.distributionID }), let asset = assets.first(where: { $0.id == line.assetID }) else { continue }
                let visible = registry.canSee(asset.place)
                assetIncome.append((line.year, asset.name, visible ? asset.id!.uuidString : "", line.useValue?.label ?? line.use, Money(fen: p.amountFen)))
            }
            assetIncome.sort { $0.year > $1.year }
        }
        var linkedProjects: [(year: Int, project: String, projectID: String, way: String)] = []
        let links = try await ProjectHouseholdRecord.query(on: db).filter(\.$householdID == household.id!).all()
        if !links.isEmpty {
            let projects = try await ProjectRecord.query(on: db).filter(\.$id ~~ links.map(\.projectID)).all()
            for l in links {
                guard let p = projects.first(where: { $0.id == l.projectID }) else { continue }
                let visible = registry.canSee(p.place)
                linkedProjects.append((p.year, "\(p.number) \(p.name)", visible ? p.id!.uuidString : "", l.wayValue?.label ?? l.way))
            }
            linkedProjects.sort { ($0.year, $0.project) > ($1.year, $1.project) }
        }
        let loanRecords = try await LoanRecord.query(on: db).filter(\.$householdID == household.id!).sort(\.$issuedOn, .descending).all()
        let loanEvents = Dictionary(grouping: try await LoanEventRecord.query(on: db).filter(\.$loanID ~~ loanRecords.compactMap(\.id)).sort(\.$onDate).all(), by: \.loanID)
        let loans = loanRecords.map { l in
            (id: l.id!.uuidString, bank: l.bank, contract: l.contract, amount: Money(fen: l.amountFen), issued: l.issuedOn, due: l.dueOn,
             purpose: LoanPurpose(rawValue: l.purpose)?.label ?? l.purpose, balance: Money(fen: l.balanceFen),
             exception: l.outsideRules.isEmpty ? "" : "例外登记：\(l.outsideRules)（依据：\(l.exception)）",
             rate: Self.rateText(l, paid: (loanEvents[l.id!] ?? []).filter { $0.kindValue == .subsidy }.reduce(Money.zero) { $0 + Money(fen: $1.amountFen ?? 0) }),
             events: (l.renewsID.flatMap { id in loanRecords.first { $0.id == id } }.map { ["续贷（原合同\($0.contract)）"] } ?? []) + (loanEvents[l.id!] ?? []).map { e in
                 "\(e.onDate) \(e.kindValue?.label ?? e.kind)" + (e.kindValue == .extension ? "：到期日\(e.dueBefore ?? "")→\(e.dueAfter ?? "")" : "\(e.amountFen.map { Money(fen: $0).yuanText } ?? "")元")
                     + (e.note.isEmpty ? "" : "（\(e.note)）")
             },
             overdue: l.daysOverdue)
        }
        let mayAddLoan = role == .county && registry.actor.region.level == .county && household.isActive
        let members = mayAddLoan ? try await PersonRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$status == MemberStatus.present.rawValue).sort(\.$birthDate).all()
            .map { (id: $0.id!.uuidString, name: "\($0.name)（\($0.relation)）") } : []
        let people = try await UserStore.displayNames(visits.map(\.username) + timeline.map(\.who), on: db)
        return Self(
            householdID: household.id!.uuidString, today: today, status: status,
            openCase: open.map { c in ("\(SitePath.monitoringCase(.value(c.id!)))", "\(c.kindValue.label)·\(c.stageValue.label(for: c.kindValue))", c.clock?.text(on: today)) },
            clues: clues.map { c in ("\(SitePath.clue(.value(c.id!)))", "\(c.sourceValue?.label ?? "")·\(c.risk.map { names($0) } ?? "")（\(c.dueOn)前）") },
            problems: problems, isCadre: isCadre,
            riskTypes: names.options(RiskType.self), measureCategories: names.options(MeasureCategory.self),
            canVisit: household.status == HouseholdStatus.active.rawValue, canProposeElimination: household.isAtRisk && open == nil,
            canRevert: household.riskEliminatedOn != nil && role == .county,
            measures: measures.map { m in
                .init(id: m.id!.uuidString, category: m.categoryValue.map { names($0) } ?? m.category, name: m.name, department: m.department,
                      amount: m.amountFen.map { Money(fen: $0).yuanText } ?? "", start: m.startOn, end: m.endOn ?? "", status: m.status,
                      statusLabel: m.statusValue?.label ?? m.status)
            },
            assetIncome: assetIncome,
            jobs: try await JobsSection.Model.query(registry, household: household, today: today),
            loans: loans, mayAddLoan: mayAddLoan, members: members,
            linkedProjects: linkedProjects,
            visits: visits.map { v in
                .init(date: v.visitedOn, username: people[v.username] ?? v.username, trend: v.trend?.label ?? "",
                      findings: v.findings + (v.changes.isEmpty ? "" : "\n变化：" + v.changes))
            },
            timeline: timeline.prefix(200).map { .init(date: $0.date, kind: $0.kind, text: $0.text, who: people[$0.who] ?? $0.who) })
    }
}

extension MonitoringSection.Model {
    /// "年利率3.45%（放款日1年期LPR 3.45%）；贴息比例100%，全期应贴息…；已贴息…元": the loan's rate against the LPR it
    /// follows, and 贴息 expected over the contract (with its arithmetic) against what was paid.
    static func rateText(_ l: LoanRecord, paid: Money) -> String {
        guard let rate = l.loanRate, let issued = CivilDate(parsing: l.issuedOn), let due = CivilDate(parsing: l.dueOn) else {
            return paid > .zero ? "已贴息\(paid.yuanText)元" : ""
        }
        var text = "年利率\(LoanRate.percent(rate.rate))（放款日\(rate.term.label)" + (rate.lpr.map { " \(LoanRate.percent($0))）" } ?? "未录入）")
        if let expected = LoanSubsidy.expected(lent: Money(fen: l.amountFen), rate: rate, from: issued, to: due) {
            text += "；全期应贴息（按合同金额测算）：\(expected.arithmetic)；已贴息\(paid.yuanText)元"
        } else {
            text += "；未设贴息比例" + (paid > .zero ? "，已贴息\(paid.yuanText)元" : "")
        }
        return text
    }
}


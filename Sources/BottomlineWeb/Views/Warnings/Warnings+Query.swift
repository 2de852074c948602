import Foundation
import BottomlineDomain
import BottomlinePersistence

extension Warnings.ListModel {
    static func query(_ registry: ScopedRegistry, status: String, feed: FeedKind?, overdue: Bool, file: UUID?, names codes: CodeNames,
                      page: Int = 1, context: PageContext, today: CivilDate) async throws -> Self {
        let store = ScreeningStore(registry)
        let filter = ScreeningStore.WarningFilter(open: status == "all" ? nil : status == "open", feed: feed, file: file, overdue: overdue)
        let total = try await store.warningCount(filter, today: today)
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(page, pages)
        let list = try await store.warnings(filter, today: today, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        let households = try await registry.households(Set(list.map(\.householdID)))
        let names = try await RegionStore.names(for: Set(list.map(\.villageCode)), on: registry.db)
        return Self(context: context, today: today, status: status, feed: feed?.rawValue ?? "", overdue: overdue, file: file?.uuidString ?? "",
                    total: total, page: page, pages: pages, rows: list.map { w in
            let escalation = w.escalation(on: today)
            return .init(id: w.id!.uuidString, ruleName: w.ruleName, householderName: households[w.householdID]?.householderName ?? "",
                         villageName: names[w.villageCode] ?? w.villageCode, value: w.valueText,
                         risk: w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除" : ""), dueOn: w.dueOn, isOpen: w.isOpen,
                         escalatedTo: escalation == .village ? nil : escalation == .county ? "县级" : "乡镇", disposition: w.dispositionValue?.label ?? "")
        })
    }
}

extension Warnings.Model {
    static func query(_ registry: ScopedRegistry, warning w: WarningRecord, names codes: CodeNames, context: PageContext, today: CivilDate) async throws -> Self {
        let store = ScreeningStore(registry)
        let household = try await registry.household(w.householdID)
        let rule = try await store.rules(on: today).first { $0.code == w.ruleCode }
        let (header, rows) = try await store.evidence(of: w)
        let book = try await PolicyStore.book(for: registry.region, on: registry.db)
        let closer = try await w.closedBy.asyncMap { try await UserStore.displayNames([$0], on: registry.db)[$0] ?? $0 }
        return Self(context: context, today: today, id: w.id!.uuidString, ruleCode: w.ruleCode, ruleName: w.ruleName, explanation: rule?.explanation ?? "",
                    household: household.map { ("\(SitePath.household(.value($0.id!)))", "\($0.householderName)户（\($0.number)）") },
                    value: w.valueText, rowsCounted: w.rowsCounted, priorRows: w.priorRows ?? 0, lastEvidenceOn: w.lastEvidenceOn,
                    risk: w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除：请核实是否符合条件" : ""), dueOn: w.dueOn, repeatCount: w.repeatCount,
                    isOpen: w.isOpen,
                    closed: w.isOpen ? nil : "\(w.dispositionValue?.label ?? "")（\(closer ?? "")，\(w.closedOn ?? "")）\(w.note.map { "：\($0)" } ?? "")",
                    evidenceHeader: header, evidence: rows.map { ($0.0, $0.1) },
                    mayDispose: w.isOpen && registry.actor.role.stepLevel != nil,
                    dispositions: WarningDisposition.allCases.map { ($0.rawValue, $0.label) },
                    identificationDays: book.int(.identificationDeadlineDays, for: registry.region, on: today))
    }
}

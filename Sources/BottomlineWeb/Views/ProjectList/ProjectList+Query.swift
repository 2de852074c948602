import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension ProjectList.Model {
    static func query(_ registry: ScopedRegistry, filter: ProjectList.Filter, page: Int, context: PageContext) async throws -> Self {
        let store = ProjectStore(registry)
        func base() -> QueryBuilder<ProjectRecord> {
            var q = registry.projects()
            if let y = filter.year { q = q.filter(\.$year == y) }
            if let s = filter.stage { q = q.filter(\.$stage == s.rawValue) }
            if let c = filter.category { q = q.filter(\.$category == c.rawValue) }
            return q
        }
        // A county's 项目库 holds hundreds of projects a year (seed 003: 316); the page reads them whole and counts
        // what waits for the user among them.
        let all = try await base().sort(\.$year, .descending).sort(\.$number).limit(20_000).all()
        let waiting = all.filter { store.mayAct(on: $0, at: $0.stageValue) || ($0.pendingChange != nil && registry.actor.role == .county) }
        let shown = filter.mine ? waiting : all
        let pages = max(1, (shown.count + ProjectList.pageSize - 1) / ProjectList.pageSize)
        let page = min(page, pages)
        let slice = Array(shown.dropFirst((page - 1) * ProjectList.pageSize).prefix(ProjectList.pageSize))
        let names = try await RegionStore.names(for: Set(slice.flatMap { [$0.regionCode, String($0.regionCode.prefix(9))] }), on: registry.db)
        var allocated: [UUID: Money] = [:], paid: [UUID: Money] = [:]
        let ids = slice.compactMap(\.id)
        if !ids.isEmpty {
            for a in try await FundAllocationRecord.query(on: registry.db).filter(\.$projectID ~~ ids).all() { allocated[a.projectID, default: .zero] = allocated[a.projectID, default: .zero] + Money(fen: a.amountFen) }
            for p in try await FundPaymentRecord.query(on: registry.db).filter(\.$projectID ~~ ids).all() { paid[p.projectID, default: .zero] = paid[p.projectID, default: .zero] + Money(fen: p.amountFen) }
        }
        let waitingIDs = Set(waiting.compactMap(\.id))
        let rows = slice.map { p in
            ProjectList.Row(id: p.id!.uuidString, number: p.number, name: p.name, place: Self.placeName(p.place, names), category: p.categoryValue.label,
                            budget: Money(fen: p.linkageFen + p.integratedFen + p.otherFen), allocated: allocated[p.id!] ?? .zero,
                            paid: paid[p.id!] ?? .zero, stage: p.stageValue, yourTurn: waitingIDs.contains(p.id!), changePending: p.pendingChange != nil)
        }
        var counts: [ProjectStage: Int] = [:]
        for p in all { counts[p.stageValue, default: 0] += 1 }
        let years = try await registry.projects().all(\.$year)
        let role = registry.actor.role
        return .init(context: context, filter: filter, years: Array(Set(years + [CivilDate.today.year])).sorted(by: >), rows: rows, total: shown.count,
                     page: page, pages: pages, byStage: ProjectStage.allCases.compactMap { s in counts[s].map { (s, $0) } },
                     budget: all.reduce(.zero) { $0 + Money(fen: $1.linkageFen + $1.integratedFen + $1.otherFen) },
                     canPropose: [.village, .township, .county].contains(role) && role.stepLevel == registry.actor.region.level,
                     canImport: role == .county && registry.actor.region.level == .county)
    }

    /// "南顿镇 王庄村", "南顿镇", or the county's name.
    static func placeName(_ place: RegionCode, _ names: [String: String]) -> String {
        let own = names[place.digits] ?? place.digits
        guard place.level == .village, let township = place.parent else { return own }
        return "\(names[township.digits] ?? "") \(own)"
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent

extension CaseList.Model {
    static func query(_ registry: ScopedRegistry, context: PageContext, today: CivilDate) async throws -> Self {
        let open = try await registry.scoped(CaseRecord.self).filter(\.$stage !~ [CaseStage.completed.rawValue, CaseStage.rejected.rawValue])
            .sort(\.$deadlineOn).limit(2000).all()
        let households = try await registry.households().filter(\.$id ~~ open.map(\.householdID)).all()
        let byID = Dictionary(uniqueKeysWithValues: households.map { ($0.id!, $0) })
        let names = try await RegionStore.names(for: Set(open.map(\.villageCode)), on: registry.db)
        return Self(context: context, rows: open.map { c in
            Row(link: "\(SitePath.monitoringCase(.value(c.id!)))", kind: c.kindValue.label,
                stage: "\(c.stageValue.label(for: c.kindValue))（\(c.stageValue.ownerLabel)）",
                householdName: byID[c.householdID]?.householderName ?? "", villageName: names[c.villageCode] ?? "",
                clock: c.clock.map { k in (k.isOverdue(on: today) ? "bad" : k.isDueSoon(on: today) ? "mon" : "", k.text(on: today)) })
        })
    }
}

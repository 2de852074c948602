import BottomlineDomain
import BottomlinePersistence
import Fluent

extension Dashboard.Model {
    /// Nil when the region is unknown or outside the user's jurisdiction.
    static func query(_ registry: ScopedRegistry, code: RegionCode, names: CodeNames, context: PageContext, today: CivilDate) async throws -> Self? {
        guard registry.canSee(code), let region = try await registry.region(code) else { return nil }
        // Breadcrumbs: parents down to the user's own region are links; above it, plain names.
        var crumbs: [Layout.Crumb] = []
        var cursor = region.parentCode.flatMap(RegionCode.init)
        while let c = cursor, registry.canSee(c), let r = try await RegionRecord.find(c.digits, on: registry.db) {
            crumbs.insert((r.name, "\(SitePath.region(.value(c.digits)))"), at: 0)
            cursor = r.parentCode.flatMap(RegionCode.init)
        }
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)!
        let store = IndicatorStore(registry)
        let (children, total, monthly) = try await store.overview(of: code, from: monthStart, to: today, today: today)
        var attention: [Attention]?
        if code.level == .village {
            let rows = try await registry.search(HouseholdFilter(region: code.digits)).group(.or) {
                $0.filter(\.$monitoringCategory != nil).filter(\.$gapHousing == true).filter(\.$gapEducation == true)
                    .filter(\.$gapMedical == true).filter(\.$gapWater == true)
            }.sort(\.$number).limit(100).all()
            attention = rows.map { .init(id: $0.id!.uuidString, number: $0.number, householderName: $0.householderName, memberCount: $0.memberCount,
                                         tags: HouseholdTags($0, names: names)) }
        }
        return Self(context: context, name: region.name, code: code, crumbs: crumbs, today: today, monthStart: monthStart, total: total,
                    children: children.map { .init(code: $0.0.id!, name: $0.0.name, counts: $0.1) }, monthly: monthly,
                    frozen: try await store.frozenTotals(of: code), categoryNames: MonitoringCategory.allCases.map { names($0) },
                    attention: attention)
    }
}

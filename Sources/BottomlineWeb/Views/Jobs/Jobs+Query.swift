import BottomlineDomain
import BottomlinePersistence
import Fluent

extension JobsPage.Model {
    static func query(_ registry: ScopedRegistry, asOf day: CivilDate, context: PageContext) async throws -> Self {
        let store = JobStore(registry)
        let region = registry.actor.region
        let table = try await store.table(of: region, asOf: day)
        let targets = try await store.targets(of: region, year: day.year)
        let checks = try await store.postChecks(within: region, on: day)
        let names = try await RegionStore.names(for: Set(checks.map(\.villageCode)), on: registry.db)
        let regionName = try await RegionRecord.find(region.digits, on: registry.db)?.name ?? region.digits
        let handedDown = try await store.childTargets(of: region, year: day.year)
        let childTargets = table.rows.compactMap { row -> (name: String, lines: [JobsPage.TargetLine])? in
            guard let set = handedDown[row.code] else { return nil }
            return (row.name, JobMeasure.allCases.map { m in
                JobsPage.TargetLine(measure: m, done: row.figures.count(m), target: set[m]?.target, source: set[m]?.source ?? "")
            })
        }
        let maySetTargets = (registry.actor.role == .county || registry.actor.role == .admin) && region.level <= .county
        var model = Self(context: context, asOf: day, regionName: regionName, unitHeader: region.level.child?.label ?? "单位",
                     rows: table.rows.map { ($0.name, $0.figures) }, total: table.total,
                     targets: JobMeasure.allCases.map { m in
                         JobsPage.TargetLine(measure: m, done: table.total.count(m), target: targets[m]?.target, source: targets[m]?.source ?? "")
                     },
                     maySetTargets: maySetTargets,
                     findings: checks.map { c in
                         JobsPage.Finding(householdID: c.householdID.uuidString, householdNumber: c.householdNumber, village: names[c.villageCode] ?? c.villageCode,
                                          person: c.person, post: c.post, text: c.finding.text, attendance: c.finding.isAttendance)
                     })
        model.childTargets = childTargets
        if maySetTargets { model.targetUnits = [(region.digits, "本级（\(regionName)）")] + table.rows.map { ($0.code, $0.name) } }
        return model
    }
}

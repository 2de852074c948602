import BottomlineDomain
import BottomlinePersistence
import Fluent

extension RegionChoices {
    /// The townships of the user's region, and the villages of the township in view (the chosen one, the chosen
    /// village's, or the user's own), so the control stays short in a county of hundreds of villages.
    static func query(_ registry: ScopedRegistry, selected: String?) async throws -> RegionChoices {
        let db = registry.db
        let own = try await RegionRecord.find(registry.region.digits, on: db)
        let chosen = selected.flatMap(RegionCode.init).flatMap { registry.canSee($0) ? $0 : nil }
        let township = [chosen, registry.region].compactMap { $0 }.compactMap { code -> RegionCode? in
            switch code.level {
            case .township: code
            case .village: code.parent
            default: nil
            }
        }.first
        var regions = try await RegionRecord.query(on: db).within(registry.region)
            .filter(\.$level == RegionCode.Level.township.rawValue).sort(\.$id).all()
        if let township, registry.canSee(township) || township.contains(registry.region) {
            let villages = try await RegionRecord.query(on: db).within(township).filter(\.$level == RegionCode.Level.village.rawValue)
                .within(registry.region).sort(\.$id).all()
            let index = regions.firstIndex { $0.id == township.digits }.map { $0 + 1 } ?? regions.count
            regions.insert(contentsOf: villages, at: index)
        }
        let asked = selected?.trimmingASCIISpaces() ?? ""
        return RegionChoices(outside: !asked.isEmpty && RegionCode(asked).map { !registry.canSee($0) } ?? true, ownName: own?.name,
                             regions: regions.map { .init(code: $0.id!, name: $0.name, isVillage: $0.level == RegionCode.Level.village.rawValue) },
                             selected: selected)
    }
}

import BottomlineDomain
import Fluent
import Foundation

extension FlagShift {
    /// The recorded risk types (labels) of households, for a 试算's count by risk type: read by id, 500 at a time, so a
    /// change that flags a few thousand households costs a few queries, never a scan of the region.
    static func risks(of households: Set<UUID>, on db: any Database) async throws -> [UUID: [String]] {
        var out: [UUID: [String]] = [:]
        out.reserveCapacity(households.count)
        for chunk in Array(households).chunked() {
            for h in try await HouseholdRecord.query(on: db).filter(\.$id ~~ chunk).field(\.$id).field(\.$riskTypes).all() {
                if let id = h.id { out[id] = RiskType.decode(h.riskTypes).map(\.label) }
            }
        }
        return out
    }
}

import BottomlineDomain
import Fluent
import SQLKit

public enum RegionStore {
    /// The names of the regions with these codes (codes not found are left out).
    public static func names(for codes: Set<String>, on db: any Database) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        return Dictionary(try await RegionRecord.query(on: db).filter(\.$id ~~ Array(codes)).all().map { ($0.id!, $0.name) },
                          uniquingKeysWith: { a, _ in a })
    }

    /// Inserts regions that are missing and renames those whose official name changed.
    public static func upsert(_ regions: [Region], on db: any Database) async throws {
        let existing = try await RegionRecord.query(on: db).all()
        var byCode = Dictionary(uniqueKeysWithValues: existing.map { ($0.id!, $0) })
        var fresh: [RegionRecord] = []
        for region in regions {
            if let record = byCode[region.code.digits] {
                if record.name != region.name {
                    record.name = region.name
                    try await record.save(on: db)
                }
            } else {
                let record = RegionRecord(region)
                fresh.append(record)
                byCode[region.code.digits] = record
            }
        }
        for chunk in fresh.chunked() { try await chunk.create(on: db) }
    }
}

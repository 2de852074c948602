import Fluent
import SQLKit

struct CreateIndicatorFreezes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_freezes")
            .id()
            .field("period", .string, .required)
            .field("region_code", .string, .required)
            .field("villages", .int, .required)
            .field("frozen_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "indicator_freezes_region", on: "indicator_freezes", ["region_code", "period"])
        // Months frozen before this table: one row per county and month.
        let earlier = try await IndicatorSnapshotRecord.query(on: db).all()
        var seen = Set<String>()
        for r in earlier where seen.insert(r.period + "|" + r.villageCode.prefix(6)).inserted {
            let f = IndicatorFreezeRecord()
            (f.period, f.regionCode, f.frozenBy) = (r.period, String(r.villageCode.prefix(6)), r.frozenBy)
            f.villages = earlier.filter { $0.period == r.period && $0.villageCode.count == 12 && $0.villageCode.hasPrefix(f.regionCode) }.count
            try await f.create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await db.schema("indicator_freezes").delete() }
}

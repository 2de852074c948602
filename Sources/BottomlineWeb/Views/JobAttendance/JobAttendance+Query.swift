import BottomlineDomain
import BottomlinePersistence
import Fluent

extension JobAttendancePage.Model {
    static func query(_ registry: ScopedRegistry, month: CivilMonth, place: RegionCode, context: PageContext) async throws -> Self {
        let sheet = try await JobStore(registry).attendanceSheet(within: place, month: month)
        let name = try await RegionRecord.find(place.digits, on: registry.db)?.name ?? place.digits
        let units = sheet.more ? try await registry.children(of: place).map { (value: $0.id!, label: $0.name) } : []
        let villages = place.level == .village ? [:] : try await RegionStore.names(for: Set(sheet.rows.map(\.villageCode)), on: registry.db)
        return Self(context: context, month: month, place: place, placeName: name, units: units, rows: sheet.rows, villages: villages, more: sheet.more, saved: nil)
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent

extension LedgerImportPage.Model {
    static func query(_ registry: ScopedRegistry, context: PageContext) async throws -> Self {
        let records = try await LedgerImportRecord.query(on: registry.db).filter(\.$countyCode == registry.actor.region.digits)
            .sort(\.$at, .descending).limit(20).all()
        return .init(context: context, kind: nil, earlier: records.map {
            .init(at: $0.at, kind: LedgerImportKind(rawValue: $0.kind)?.label ?? $0.kind, filename: $0.filename, rows: $0.rows, added: $0.added)
        }, report: nil)
    }
}

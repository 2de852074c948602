import BottomlineDomain
import BottomlinePersistence
import Fluent

extension LedgerImportPage.Model {
    static func query(_ registry: ScopedRegistry, context: PageContext) async throws -> Self {
        let actor = registry.actor
        var query = LedgerImportRecord.query(on: registry.db).filter(\.$countyCode == actor.region.digits)
        // A bank's data officer sees its own uploads, not the county's other files.
        if actor.role == .department { query = query.filter(\.$userID == actor.userID).filter(\.$kind == LedgerImportKind.loanBalances.rawValue) }
        let records = try await query.sort(\.$at, .descending).limit(20).all()
        return .init(context: context, kind: actor.role == .department ? .loanBalances : nil, earlier: records.map {
            .init(at: $0.at, kind: LedgerImportKind(rawValue: $0.kind)?.label ?? $0.kind, filename: $0.filename, rows: $0.rows, added: $0.added)
        }, report: nil, bank: actor.role == .department ? actor.bank : nil)
    }
}

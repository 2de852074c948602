import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension FundsPage.Model {
    static func query(_ registry: ScopedRegistry, year: Int, context: PageContext) async throws -> Self {
        let store = FundStore(registry)
        let ledger = try await store.year(year)
        let names = try await RegionStore.names(for: Set(ledger.batches.map(\.countyCode)), on: registry.db)
        var allocated: [UUID: Money] = [:], paid: [UUID: Money] = [:]
        for a in ledger.allocations { allocated[a.batchID, default: .zero] = allocated[a.batchID, default: .zero] + Money(fen: a.amountFen) }
        for p in ledger.payments { paid[p.batchID, default: .zero] = paid[p.batchID, default: .zero] + Money(fen: p.amountFen) }
        let rows = ledger.batches.map { FundsPage.BatchRow(record: $0, allocated: allocated[$0.id!] ?? .zero, paid: paid[$0.id!] ?? .zero, county: names[$0.countyCode] ?? $0.countyCode) }
        // By level: 衔接资金 of each level, then the integrated funds apart.
        var byLevel: [(String, FundProgress)] = []
        for level in FundLevel.allCases {
            let part = ledger.batches.filter { $0.level == level.rawValue && $0.kind == FundKind.linkage.rawValue }
            if !part.isEmpty { byLevel.append(("\(level.label)衔接资金", Self.progress(part, ledger))) }
        }
        let integrated = ledger.batches.filter { $0.kind == FundKind.integrated.rawValue }
        if !integrated.isEmpty { byLevel.append((FundKind.integrated.label, Self.progress(integrated, ledger))) }
        let years = try await registry.fundBatches().all(\.$year)
        return .init(context: context, year: year, years: Array(Set(years + [year, CivilDate.today.year])).sorted(by: >), progress: ledger.progress(),
                     rule: ledger.rule, byLevel: byLevel, batches: rows, mayWrite: store.mayWrite)
    }

    static func progress(_ batches: [FundBatchRecord], _ ledger: FundStore.YearLedger) -> FundProgress {
        let ids = Set(batches.compactMap(\.id))
        var part = ledger
        part.batches = batches
        part.allocations = ledger.allocations.filter { ids.contains($0.batchID) }
        part.payments = ledger.payments.filter { ids.contains($0.batchID) }
        return part.progress()
    }
}

extension FundsPage.BatchRow {
    init(record b: FundBatchRecord, allocated: Money, paid: Money, county: String) {
        self.init(id: b.id!.uuidString, document: b.document, level: FundLevel(rawValue: b.level) ?? .county, kind: FundKind(rawValue: b.kind) ?? .linkage,
                  issuedOn: b.issuedOn, amount: Money(fen: b.amountFen), allocated: allocated, paid: paid, county: county)
    }
}

extension FundsPage.BatchModel {
    static func query(_ registry: ScopedRegistry, batch: FundBatchRecord, context: PageContext, today: CivilDate) async throws -> Self {
        let db = registry.db
        let allocations = try await FundAllocationRecord.query(on: db).filter(\.$batchID == batch.id!).all()
        let payments = try await FundPaymentRecord.query(on: db).filter(\.$batchID == batch.id!).sort(\.$paidOn).sort(\.$createdAt).all()
        let projectIDs = Set(allocations.map(\.projectID) + payments.map(\.projectID))
        var projects: [UUID: ProjectRecord] = [:]
        for chunk in Array(projectIDs).chunked(500) { for p in try await ProjectRecord.query(on: db).filter(\.$id ~~ chunk).all() { projects[p.id!] = p } }
        var allocated: [UUID: Money] = [:], paid: [UUID: Money] = [:]
        for a in allocations { allocated[a.projectID, default: .zero] = allocated[a.projectID, default: .zero] + Money(fen: a.amountFen) }
        for p in payments { paid[p.projectID, default: .zero] = paid[p.projectID, default: .zero] + Money(fen: p.amountFen) }
        let lines = allocated.keys.compactMap { id -> FundsPage.ProjectLine? in
            guard let p = projects[id] else { return nil }
            return .init(id: id.uuidString, number: p.number, name: p.name, stage: p.stageValue, allocated: allocated[id] ?? .zero, paid: paid[id] ?? .zero)
        }.sorted { $0.number < $1.number }
        let reversed = Set(payments.compactMap(\.reversesID))
        let candidates = try await ProjectRecord.query(on: db).filter(\.$countyCode == batch.countyCode)
            .filter(\.$stage ~~ [ProjectStage.inLibrary, .planned, .underway, .built, .accepted].map(\.rawValue)).sort(\.$number).limit(5000).all()
        let names = try await RegionStore.names(for: [batch.countyCode], on: db)
        let store = FundStore(registry)
        return .init(context: context,
                     row: .init(record: batch, allocated: allocations.reduce(.zero) { $0 + Money(fen: $1.amountFen) },
                                paid: payments.reduce(.zero) { $0 + Money(fen: $1.amountFen) }, county: names[batch.countyCode] ?? batch.countyCode),
                     purpose: batch.purpose, lines: lines,
                     payments: payments.map { p in
                         .init(id: p.id!.uuidString, projectID: p.projectID.uuidString, project: projects[p.projectID].map { "\($0.number) \($0.name)" } ?? "",
                               paidOn: p.paidOn, amount: Money(fen: p.amountFen), payee: "\(PayeeKind(rawValue: p.payeeKind)?.label ?? "")·\(p.payeeName)",
                               retention: Money(fen: p.retentionFen), note: p.note, reversed: reversed.contains(p.id!))
                     },
                     candidates: candidates.map { ($0.id!.uuidString, "\($0.number) \($0.name)（\($0.stageValue.label)）") },
                     mayWrite: store.mayWrite, today: today)
    }
}

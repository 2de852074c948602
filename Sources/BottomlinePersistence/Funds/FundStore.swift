import BottomlineDomain
import Fluent
import Foundation

extension Role {
    /// Whether the role reads the county's fund ledger (batches, 对接, payments). Townships and villages see the money
    /// of their own projects on the project's page.
    public var readsFunds: Bool { [.admin, .county, .leader].contains(self) }
}

extension ScopedRegistry {
    /// Batches received by counties inside the actor's region; none for a township or village user.
    public func fundBatches() -> QueryBuilder<FundBatchRecord> {
        guard actor.role.readsFunds, actor.region.level <= .county else {
            return FundBatchRecord.query(on: db).filter(\.$countyCode == "")
        }
        let range = actor.region.codeRange
        return FundBatchRecord.query(on: db).filter(\.$countyCode >= range.lower).filter(\.$countyCode < range.upper)
    }

    public func fundBatch(_ id: UUID) async throws -> FundBatchRecord? {
        try await fundBatches().filter(\.$id == id).first()
    }
}

/// The 衔接资金 ledger of a county (issue 15 §1): batches, 项目对接 and payments. Only a county user writes it; every
/// write checks the ledger's rules (`FundRules`) against the rows as they are inside the write's transaction, with the
/// batch's row locked on PostgreSQL, so two users cannot together give out more than a batch holds.
public struct FundStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    public var mayWrite: Bool { actor.role == .county && actor.region.level == .county }

    func requireWriter() throws {
        guard mayWrite else { throw FieldProblems(["_": "衔接资金台账由县级管理员登记"]) }
    }

    /// 资金下达.
    public func addBatch(_ batch: FundBatch) async throws -> FundBatchRecord {
        try requireWriter()
        let actor = self.actor
        return try await db.writeTransaction { tx in
            if try await FundBatchRecord.query(on: tx).filter(\.$countyCode == actor.region.digits).filter(\.$year == batch.year)
                .filter(\.$level == batch.level.rawValue).filter(\.$document == batch.document).first() != nil {
                throw FieldProblems(["document": "\(batch.year)年\(batch.level.label)资金文号\(batch.document)已登记"])
            }
            let record = try await Self.insert(batch, county: actor.region.digits, actor: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "fund_batch", entityID: batch.id.uuidString,
                                      region: actor.region.digits,
                                      summary: "登记资金下达：\(batch.level.label)\(batch.kind.label)\(batch.document) \(batch.amount.wanText)万元")
            return record
        }
    }

    static func insert(_ batch: FundBatch, county: String, actor: Actor, on db: any Database) async throws -> FundBatchRecord {
        let record = FundBatchRecord()
        record.id = batch.id
        record.countyCode = county
        record.year = batch.year
        record.level = batch.level.rawValue
        record.kind = batch.kind.rawValue
        record.document = batch.document
        record.issuedOn = "\(batch.issuedOn)"
        record.amountFen = batch.amount.fen
        record.purpose = batch.purpose
        record.createdBy = actor.userID
        try await record.create(on: db)
        return record
    }

    /// 项目对接: gives `amount` of `batch` to `project`, which must be approved (入库) and in the batch's county.
    public func allocate(_ batch: FundBatchRecord, to project: ProjectRecord, amount: Money, today: CivilDate) async throws {
        try requireWriter()
        guard project.countyCode == batch.countyCode else { throw FieldProblems(["project": "只能对接本县项目库中的项目"]) }
        let stage = project.stageValue
        guard stage.isApproved, stage != .settled else { throw FieldProblems(["project": "项目\(stage.label)，只有已入库、未报账的项目可以对接资金"]) }
        let actor = self.actor
        let batchID = batch.id!, projectID = project.id!
        try await db.writeTransaction { tx in
            try await WriteTransaction.lockRow(tx, table: FundBatchRecord.schema, id: batchID)
            guard let fresh = try await FundBatchRecord.find(batchID, on: tx) else { throw FieldProblems(["_": "资金批次不存在"]) }
            let allocations = try await FundAllocationRecord.query(on: tx).filter(\.$batchID == batchID).all().map { $0.allocation(industry: false) }
            if let problem = FundRules.checkAllocation(amount, from: fresh.batch, allocations: allocations) {
                throw FieldProblems(["amount": problem.message])
            }
            let record = FundAllocationRecord()
            record.id = UUID()
            record.batchID = batchID
            record.projectID = projectID
            record.amountFen = amount.fen
            record.onDate = "\(today)"
            record.userID = actor.userID
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "fund_allocation", entityID: record.id!.uuidString,
                                      region: project.regionCode,
                                      summary: "项目对接：\(fresh.document) → 项目\(project.number) \(amount.wanText)万元")
        }
    }

    /// 支付 from a project's allocation of a batch, once the project has started (开工) and until it is settled.
    public func pay(_ payment: FundPayment, payeeName: String, project: ProjectRecord) async throws {
        try requireWriter()
        let stage = project.stageValue
        guard [.underway, .built, .accepted].contains(stage) else {
            throw FieldProblems(["_": "项目\(stage.label)，开工后、报账前才能登记支付"])
        }
        guard payment.projectID == project.id else { throw FieldProblems(["_": "支付与项目不符"]) }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await WriteTransaction.lockRow(tx, table: FundBatchRecord.schema, id: payment.batchID)
            guard let batch = try await FundBatchRecord.find(payment.batchID, on: tx), batch.countyCode == project.countyCode else {
                throw FieldProblems(["batch": "资金批次不存在"])
            }
            let (allocations, payments) = try await Self.ledger(batch: payment.batchID, project: payment.projectID, on: tx)
            if let problem = FundRules.checkPayment(payment, allocations: allocations, payments: payments) {
                throw FieldProblems(["amount": problem.message])
            }
            try await FundPaymentRecord(payment, payeeName: payeeName, userID: actor.userID).create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "fund_payment", entityID: payment.id.uuidString,
                                      region: project.regionCode,
                                      summary: "支付：项目\(project.number)（\(batch.document)）\(payment.amount.wanText)万元，\(payment.payee.label)\(payeeName)")
        }
    }

    /// 冲销: a payment is never edited; it is reversed by a new row of the opposite sign that names it.
    public func reverse(_ paymentID: UUID, on date: CivilDate, reason: String, today: CivilDate) async throws {
        try requireWriter()
        guard date <= today else { throw FieldProblems(["on": "冲销日期不能晚于今天"]) }
        guard reason.count <= 500 else { throw FieldProblems(["reason": "冲销原因过长（最多500字）"]) }
        let actor = self.actor, registry = self.registry
        try await db.writeTransaction { tx in
            guard let original = try await FundPaymentRecord.find(paymentID, on: tx),
                  let batch = try await FundBatchRecord.find(original.batchID, on: tx),
                  registry.actor.region.contains(RegionCode(batch.countyCode) ?? RegionCode("0")!) else {
                throw FieldProblems(["_": "支付记录不存在"])
            }
            try await WriteTransaction.lockRow(tx, table: FundBatchRecord.schema, id: batch.id!)
            let (_, payments) = try await Self.ledger(batch: original.batchID, project: original.projectID, on: tx)
            switch FundRules.reversal(of: original.payment, on: date, reason: reason, payments: payments) {
            case .failure(let p): throw FieldProblems(["reason": p.message])
            case .success(let reversal):
                try await FundPaymentRecord(reversal, payeeName: original.payeeName, userID: actor.userID).create(on: tx)
                try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "fund_payment", entityID: reversal.id.uuidString,
                                          region: batch.countyCode,
                                          summary: "冲销支付\(Money(fen: original.amountFen).wanText)万元（\(original.paidOn)）：\(reason)")
            }
        }
    }

    static func ledger(batch: UUID, project: UUID, on db: any Database) async throws -> ([FundAllocation], [FundPayment]) {
        let allocations = try await FundAllocationRecord.query(on: db).filter(\.$batchID == batch).filter(\.$projectID == project).all()
            .map { $0.allocation(industry: false) }
        let payments = try await FundPaymentRecord.query(on: db).filter(\.$batchID == batch).filter(\.$projectID == project).all().map(\.payment)
        return (allocations, payments)
    }

    // MARK: Reading

    /// A year's batches, their allocations and payments in the actor's region, and the 产业占比 rule of that year.
    public struct YearLedger: Sendable {
        public var batches: [FundBatchRecord]
        public var allocations: [FundAllocationRecord]
        public var payments: [FundPaymentRecord]
        public var projects: [UUID: ProjectRecord]
        public var rule: (minimum: Int64, base: IndustryShareBase)?

        public func progress(base: IndustryShareBase? = nil) -> FundProgress {
            FundProgress(batches: batches.map(\.batch),
                         allocations: allocations.map { $0.allocation(industry: projects[$0.projectID]?.categoryValue.countsAsIndustry ?? false) },
                         payments: payments.map(\.payment), base: base ?? rule?.base ?? .allLinkage)
        }
    }

    public func year(_ year: Int) async throws -> YearLedger {
        let batches = try await registry.fundBatches().filter(\.$year == year).sort(\.$issuedOn).sort(\.$document).all()
        let ids = batches.compactMap(\.id)
        var allocations: [FundAllocationRecord] = [], payments: [FundPaymentRecord] = []
        for chunk in ids.chunked() {
            allocations += try await FundAllocationRecord.query(on: db).filter(\.$batchID ~~ chunk).all()
            payments += try await FundPaymentRecord.query(on: db).filter(\.$batchID ~~ chunk).all()
        }
        var projects: [UUID: ProjectRecord] = [:]
        for chunk in Array(Set(allocations.map(\.projectID))).chunked() {
            for p in try await ProjectRecord.query(on: db).filter(\.$id ~~ chunk).all() { projects[p.id!] = p }
        }
        let place = actor.region.level <= .county ? actor.region : RegionCode(String(actor.region.digits.prefix(6)))!
        let rule = try await PolicyStore.book(for: place, on: db).industryShareRule(for: place, on: CivilDate(year: year, month: 12, day: 31)!)
        return YearLedger(batches: batches, allocations: allocations, payments: payments, projects: projects, rule: rule)
    }

    /// The money of one project: what each batch gave it and what was paid, for the project's page (any user who sees
    /// the project).
    public struct ProjectMoney: Sendable {
        public var batches: [UUID: FundBatchRecord]
        public var allocations: [FundAllocationRecord]
        public var payments: [FundPaymentRecord]
        public var allocated: Money { allocations.reduce(.zero) { $0 + Money(fen: $1.amountFen) } }
        public var paid: Money { payments.reduce(.zero) { $0 + Money(fen: $1.amountFen) } }
    }

    public static func money(of project: ProjectRecord, on db: any Database) async throws -> ProjectMoney {
        let allocations = try await FundAllocationRecord.query(on: db).filter(\.$projectID == project.id!).sort(\.$createdAt).all()
        let payments = try await FundPaymentRecord.query(on: db).filter(\.$projectID == project.id!).sort(\.$paidOn).sort(\.$createdAt).all()
        let ids = Set(allocations.map(\.batchID) + payments.map(\.batchID))
        var batches: [UUID: FundBatchRecord] = [:]
        if !ids.isEmpty { for b in try await FundBatchRecord.query(on: db).filter(\.$id ~~ Array(ids)).all() { batches[b.id!] = b } }
        return ProjectMoney(batches: batches, allocations: allocations, payments: payments)
    }

    /// 支付进度通报 as of a day: a county's townships (by where their projects are; county-level projects as one row)
    /// ranked by 支付÷对接, or a city's or province's counties ranked by 支付÷下达. Only what was issued, given and
    /// paid on or before `asOf` counts, so the table of a past 15th is the same whenever it is printed.
    public func bulletin(year: Int, asOf: CivilDate) async throws -> FundBulletin {
        let ledger = try await self.year(year)
        let day = "\(asOf)"
        let batches = ledger.batches.filter { $0.issuedOn <= day }
        let ids = Set(batches.compactMap(\.id))
        let allocations = ledger.allocations.filter { ids.contains($0.batchID) && $0.onDate <= day }
        let payments = ledger.payments.filter { ids.contains($0.batchID) && $0.paidOn <= day }
        var projects = ledger.projects
        let missing = Set(payments.map(\.projectID)).subtracting(projects.keys)
        for chunk in Array(missing).chunked() { for p in try await ProjectRecord.query(on: db).filter(\.$id ~~ chunk).all() { projects[p.id!] = p } }
        let byCounty = actor.region.level < .county
        func unit(of project: UUID) -> String? {
            guard let p = projects[project] else { return nil }
            return byCounty ? p.countyCode : (p.place.level == .county ? p.countyCode : String(p.regionCode.prefix(9)))
        }
        var units: [String: FundProgress] = [:]
        let byID = Dictionary(uniqueKeysWithValues: batches.map { ($0.id!, $0) })
        let base = ledger.rule?.base ?? .allLinkage
        if byCounty {
            for b in batches {
                units[b.countyCode, default: FundProgress()].issued = units[b.countyCode, default: FundProgress()].issued + Money(fen: b.amountFen)
                if base.counts(FundLevel(rawValue: b.level) ?? .county, FundKind(rawValue: b.kind) ?? .linkage) {
                    units[b.countyCode, default: FundProgress()].industryBase = units[b.countyCode, default: FundProgress()].industryBase + Money(fen: b.amountFen)
                }
            }
        } else {
            for t in try await registry.children(of: actor.region) { units[t.id!] = FundProgress() }
        }
        for a in allocations {
            guard let u = unit(of: a.projectID), let b = byID[a.batchID] else { continue }
            units[u, default: FundProgress()].allocated = units[u, default: FundProgress()].allocated + Money(fen: a.amountFen)
            if projects[a.projectID]?.categoryValue.countsAsIndustry == true,
               base.counts(FundLevel(rawValue: b.level) ?? .county, FundKind(rawValue: b.kind) ?? .linkage) {
                units[u, default: FundProgress()].industryAllocated = units[u, default: FundProgress()].industryAllocated + Money(fen: a.amountFen)
            }
        }
        for p in payments {
            guard let u = unit(of: p.projectID) else { continue }
            units[u, default: FundProgress()].paid = units[u, default: FundProgress()].paid + Money(fen: p.amountFen)
        }
        let names = try await RegionStore.names(for: Set(units.keys), on: db)
        let rows = units.map { code, progress -> (String, FundProgress) in
            let name = names[code] ?? code
            return (!byCounty && code.count == 6 ? "\(name)（县级项目）" : name, progress)
        }
        let place = try await RegionStore.names(for: [actor.region.digits], on: db)[actor.region.digits] ?? ""
        return FundBulletin(title: "\(place)\(year)年衔接资金支付进度通报（截至\(asOf.month)月\(asOf.day)日）", asOf: asOf, byIssued: byCounty, units: rows)
    }
}

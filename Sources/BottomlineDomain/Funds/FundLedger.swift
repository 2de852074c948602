import Foundation

/// 资金下达: one batch of money issued to the county, with its document (文号).
public struct FundBatch: Hashable, Sendable {
    public var id: UUID
    public var year: Int
    public var level: FundLevel
    public var kind: FundKind
    /// 文号, e.g. 豫财农〔2024〕12号.
    public var document: String
    public var issuedOn: CivilDate
    public var amount: Money
    public var purpose: String

    public init(id: UUID = UUID(), year: Int, level: FundLevel, kind: FundKind = .linkage, document: String,
                issuedOn: CivilDate, amount: Money, purpose: String = "") {
        self.id = id
        self.year = year
        self.level = level
        self.kind = kind
        self.document = document
        self.issuedOn = issuedOn
        self.amount = amount
        self.purpose = purpose
    }
}

/// 项目对接: part of a batch given to one project.
public struct FundAllocation: Hashable, Sendable {
    public var id: UUID
    public var batchID: UUID
    public var projectID: UUID
    public var amount: Money
    /// The project is an 产业 project (its category says so): the allocation counts toward 产业占比.
    public var industry: Bool

    public init(id: UUID = UUID(), batchID: UUID, projectID: UUID, amount: Money, industry: Bool) {
        self.id = id
        self.batchID = batchID
        self.projectID = projectID
        self.amount = amount
        self.industry = industry
    }
}

/// 支付: money paid out of a project's allocation of a batch. A correction is a new payment of the opposite sign
/// that names the one it reverses; nothing is ever edited.
public struct FundPayment: Hashable, Sendable {
    public var id: UUID
    public var batchID: UUID
    public var projectID: UUID
    public var paidOn: CivilDate
    /// Negative for a reversal.
    public var amount: Money
    public var payee: PayeeKind
    /// 质保金 held back from this payment (paid later as a payment of its own).
    public var retention: Money
    /// The payment this one reverses.
    public var reverses: UUID?
    public var note: String

    public init(id: UUID = UUID(), batchID: UUID, projectID: UUID, paidOn: CivilDate, amount: Money, payee: PayeeKind,
                retention: Money = .zero, reverses: UUID? = nil, note: String = "") {
        self.id = id
        self.batchID = batchID
        self.projectID = projectID
        self.paidOn = paidOn
        self.amount = amount
        self.payee = payee
        self.retention = retention
        self.reverses = reverses
        self.note = note
    }
}

/// The rules a fund ledger keeps (ledgers-rules.md §L1): a batch cannot give out more than it holds, a project
/// cannot be paid more than it was given, and a payment is corrected by reversing it. Each refusal says by how much.
public enum FundRules {
    /// What is left of `batch` after `allocations` (those of any batch; only this batch's count).
    public static func unallocated(_ batch: FundBatch, allocations: [FundAllocation]) -> Money {
        batch.amount - allocations.filter { $0.batchID == batch.id }.reduce(.zero) { $0 + $1.amount }
    }

    /// Checks a new allocation of `amount` from `batch`; nil when it may be made.
    public static func checkAllocation(_ amount: Money, from batch: FundBatch, allocations: [FundAllocation]) -> FieldProblem? {
        guard amount > .zero else { return FieldProblem("对接金额应大于0") }
        let left = unallocated(batch, allocations: allocations)
        guard amount <= left else {
            return FieldProblem("超出批次（\(batch.document)）可对接余额\((amount - left).wanText)万元：批次\(batch.amount.wanText)万元，已对接\((batch.amount - left).wanText)万元，余额\(left.wanText)万元")
        }
        return nil
    }

    /// What is left to pay of a project's allocation from a batch.
    public static func unpaid(project: UUID, batch: UUID, allocations: [FundAllocation], payments: [FundPayment]) -> Money {
        let given = allocations.filter { $0.projectID == project && $0.batchID == batch }.reduce(Money.zero) { $0 + $1.amount }
        let paid = payments.filter { $0.projectID == project && $0.batchID == batch }.reduce(Money.zero) { $0 + $1.amount }
        return given - paid
    }

    /// Checks a new payment (not a reversal); nil when it may be made.
    public static func checkPayment(_ payment: FundPayment, allocations: [FundAllocation], payments: [FundPayment]) -> FieldProblem? {
        guard payment.reverses == nil else { return FieldProblem("冲销应通过冲销操作登记") }
        guard payment.amount > .zero else { return FieldProblem("支付金额应大于0") }
        guard payment.retention >= .zero else { return FieldProblem("质保金不能为负数") }
        let left = unpaid(project: payment.projectID, batch: payment.batchID, allocations: allocations, payments: payments)
        guard payment.amount <= left else {
            return FieldProblem("超出项目该批次资金未支付余额\((payment.amount - left).wanText)万元：未支付余额\(left.wanText)万元")
        }
        return nil
    }

    /// The reversal of `original` dated `on`: the same amount with the opposite sign. Refused for a reversal, for a
    /// payment already reversed, and before the payment's own date.
    public static func reversal(of original: FundPayment, on date: CivilDate, reason: String,
                                payments: [FundPayment]) -> Result<FundPayment, FieldProblem> {
        let reason = reason.trimmingASCIISpaces()
        guard !reason.isEmpty else { return .failure(FieldProblem("请填写冲销原因")) }
        guard original.reverses == nil, original.amount > .zero else { return .failure(FieldProblem("冲销记录不能再冲销")) }
        guard !payments.contains(where: { $0.reverses == original.id }) else { return .failure(FieldProblem("该笔支付已冲销")) }
        guard date >= original.paidOn else { return .failure(FieldProblem("冲销日期不能早于原支付日期\(original.paidOn)")) }
        return .success(FundPayment(batchID: original.batchID, projectID: original.projectID, paidOn: date,
                                    amount: Money(fen: -original.amount.fen), payee: original.payee,
                                    retention: Money(fen: -original.retention.fen), reverses: original.id,
                                    note: "冲销：\(reason)"))
    }
}

/// A year's money as offices report it (ledgers-rules.md §L1 "Figures"): 下达, 对接 (分配), 支付 and the rates over
/// them, and 产业占比 over the base the rule names.
public struct FundProgress: Sendable, Equatable {
    public var issued: Money = .zero
    public var allocated: Money = .zero
    public var paid: Money = .zero
    /// Allocations to 产业 projects of the batches the 产业占比 base counts, and those batches' total.
    public var industryAllocated: Money = .zero
    public var industryBase: Money = .zero

    public init() {}

    /// Sums over batches, their allocations and payments (batches outside `batches` are ignored).
    public init(batches: [FundBatch], allocations: [FundAllocation], payments: [FundPayment],
                base: IndustryShareBase = .allLinkage) {
        let byID = Dictionary(uniqueKeysWithValues: batches.map { ($0.id, $0) })
        for batch in batches {
            issued = issued + batch.amount
            if base.counts(batch.level, batch.kind) { industryBase = industryBase + batch.amount }
        }
        for allocation in allocations {
            guard let batch = byID[allocation.batchID] else { continue }
            allocated = allocated + allocation.amount
            if allocation.industry, base.counts(batch.level, batch.kind) { industryAllocated = industryAllocated + allocation.amount }
        }
        for payment in payments where byID[payment.batchID] != nil { paid = paid + payment.amount }
    }

    /// 分配率 = 已对接 ÷ 已下达.
    public var allocationRate: MoneyShare { MoneyShare(allocated, of: issued) }
    /// 支付进度 = 已支付 ÷ 已下达 (the base a 2022 county report uses).
    public var paymentRate: MoneyShare { MoneyShare(paid, of: issued) }
    /// 支付进度 over 已对接, as seed 001 prints it.
    public var paymentRateOfAllocated: MoneyShare { MoneyShare(paid, of: allocated) }
    /// 产业占比 = 产业项目资金 ÷ the base's 衔接资金.
    public var industryShare: MoneyShare { MoneyShare(industryAllocated, of: industryBase) }
}

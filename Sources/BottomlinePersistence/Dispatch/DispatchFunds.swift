import BottomlineDomain
import Fluent
import Foundation

/// 驻村经费 (issue 17 §1): the county allots a year's money to a 第一书记 or to a village; the county or township records
/// what is spent of it, never more than was allotted.
extension DispatchStore {
    /// The year's 经费 of one kind for a 第一书记 (`member`) or a village; a second allotment for the same corrects it.
    @discardableResult
    public func allot(_ kind: DispatchFundKind, village: String, member: DispatchMemberRecord?, year: Int, amount: Money, note: String, today: CivilDate) async throws -> DispatchFundRecord {
        guard actor.role == .county else { throw FieldProblems(["_": "驻村经费由县级安排"]) }
        guard let code = RegionCode(village), code.level == .village, registry.canSee(code) else { throw FieldProblems(["village": "请填写您辖区内村的12位区划代码"]) }
        if kind == .secretary {
            guard let member, member.villageCode == code.digits, member.roleValue == .secretary else { throw FieldProblems(["member": "第一书记工作经费应安排给该村的第一书记"]) }
        }
        guard amount > .zero, amount < Money(yuan: 100_000_000) else { throw FieldProblems(["amount": "金额应大于0"]) }
        guard (2015...today.year + 1).contains(year) else { throw FieldProblems(["year": "年度应在2015至\(today.year + 1)之间"]) }
        let note = note.trimmingASCIISpaces()
        guard note.count <= 200, !note.hasControlCharacter() else { throw FieldProblems(["note": "说明不超过200字，不含控制字符"]) }
        var query = DispatchFundRecord.query(on: db).filter(\.$villageCode == code.digits).filter(\.$year == year).filter(\.$kind == kind.rawValue)
        if kind == .secretary { query = query.filter(\.$memberID == member!.id!) }
        let r = try await query.first() ?? DispatchFundRecord()
        if r.id != nil, amount.fen < r.spentFen { throw FieldProblems(["amount": "已支出\(Money(fen: r.spentFen).wanText)万元，安排不能少于已支出"]) }
        let created = r.id == nil
        if created { (r.id, r.villageCode, r.memberID, r.year, r.kind, r.spentFen) = (UUID(), code.digits, kind == .secretary ? member!.id : nil, year, kind.rawValue, 0) }
        (r.amountFen, r.note, r.createdBy) = (amount.fen, note, actor.username)
        try await writeFund(r, create: created, "\(year)年\(kind.label)\(created ? "安排" : "调整为")\(amount.wanText)万元" + (member.map { "（\($0.name)）" } ?? ""))
        return r
    }

    /// Money spent of an allotment.
    public func spend(_ r: DispatchFundRecord, amount: Money, note: String) async throws {
        guard actor.role == .county || actor.role == .township else { throw FieldProblems(["_": "驻村经费支出由县、乡镇登记"]) }
        guard let code = RegionCode(r.villageCode), registry.canSee(code) else { throw FieldProblems(["_": "该记录不在您的辖区"]) }
        guard amount > .zero else { throw FieldProblems(["amount": "金额应大于0"]) }
        guard r.spentFen + amount.fen <= r.amountFen else {
            throw FieldProblems(["amount": "支出合计将超过安排的\(Money(fen: r.amountFen).wanText)万元（已支出\(Money(fen: r.spentFen).wanText)万元）"])
        }
        let note = note.trimmingASCIISpaces()
        guard (2...200).contains(note.count), !note.hasControlCharacter() else { throw FieldProblems(["note": "请写明用途（2至200字）"]) }
        r.spentFen += amount.fen
        try await writeFund(r, create: false, "\(r.year)年\(DispatchFundKind(rawValue: r.kind)?.label ?? r.kind)支出\(amount.wanText)万元：\(note)")
    }

    public func fund(_ id: UUID) async throws -> DispatchFundRecord? {
        try await registry.scoped(DispatchFundRecord.self).filter(\.$id == id).first()
    }

    public func funds(within region: RegionCode, year: Int) async throws -> [DispatchFundRecord] {
        guard registry.canSee(region) else { return [] }
        let range = region.codeRange
        return try await registry.scoped(DispatchFundRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$year == year).sort(\.$villageCode).all()
    }

    private func writeFund(_ r: DispatchFundRecord, create: Bool, _ summary: String) async throws {
        let actor = self.actor
        try await db.writeTransaction { tx in
            if create { try await r.create(on: tx) } else { try await r.save(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "dispatch_fund", entityID: r.id!.uuidString, region: r.villageCode, summary: summary)
        }
    }
}

/// A year's 驻村经费 figures: how many 第一书记 and villages have money, how much, how much spent.
public struct DispatchFundFigures: Sendable, Equatable {
    public var secretaries = 0, villages = 0
    public var secretaryMoney = Money.zero, villageMoney = Money.zero, spent = Money.zero

    public init(_ rows: [DispatchFundRecord]) {
        secretaries = Set(rows.filter { $0.kind == DispatchFundKind.secretary.rawValue }.compactMap(\.memberID)).count
        villages = Set(rows.filter { $0.kind == DispatchFundKind.village.rawValue }.map(\.villageCode)).count
        secretaryMoney = Money(fen: rows.filter { $0.kind == DispatchFundKind.secretary.rawValue }.reduce(0) { $0 + $1.amountFen })
        villageMoney = Money(fen: rows.filter { $0.kind == DispatchFundKind.village.rawValue }.reduce(0) { $0 + $1.amountFen })
        spent = Money(fen: rows.reduce(0) { $0 + $1.spentFen })
    }

    public var spending: CountShare { CountShare(Int(spent.fen), of: Int(secretaryMoney.fen + villageMoney.fen)) }
}

import BottomlineDomain
import Fluent
import Foundation

/// The 涉贫信访 ledger (issue 17 §3): county and township staff register a petition of their region, tell the
/// petitioner whether it is accepted, extend it once, and close it with the reply and the satisfaction asked; each step
/// dated and checked against 信访工作条例's deadlines in force on the day it was received (`PolicyBook.petitionDeadlines`).
/// Read through the place's code like every village record, so a township sees its own and its villages' petitions.
public struct PetitionStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    private func requireStaff() throws {
        guard actor.role == .county || actor.role == .township else { throw FieldProblems(["_": "信访由县、乡镇登记和办理"]) }
    }

    public func petition(_ id: UUID) async throws -> PetitionRecord? {
        try await registry.scoped(PetitionRecord.self).filter(\.$id == id).first()
    }

    public func deadlines(for r: PetitionRecord) async throws -> PetitionDeadlines {
        let place = RegionCode(String(r.villageCode.prefix(6)))!
        guard let d = try await PolicyStore.book(for: place, on: db).petitionDeadlines(for: place, on: CivilDate(parsing: r.receivedOn) ?? .today) else {
            throw FieldProblems(["_": "\(r.receivedOn)尚无信访办理期限的政策参数，请先在“政策参数”中录入"])
        }
        return d
    }

    @discardableResult
    public func register(_ d: PetitionDraft, today: CivilDate) async throws -> PetitionRecord {
        try requireStaff()
        var errors = FieldErrors()
        let petitioner = d.petitioner.trimmingASCIISpaces(), subject = d.subject.trimmingASCIISpaces(), handler = d.handler.trimmingASCIISpaces()
        let phone = d.phone.trimmingASCIISpaces()
        if petitioner.isEmpty || petitioner.count > 30 { errors["petitioner"] = "请填写信访人（不超过30字）" } else if petitioner.hasControlCharacter() { errors["petitioner"] = "信访人含有控制字符" }
        if subject.isEmpty || subject.count > 500 { errors["subject"] = "请填写信访事项（不超过500字）" }
        else if subject.hasControlCharacter(allowingLineBreaks: true) { errors["subject"] = "信访事项含有控制字符" }
        if handler.isEmpty || handler.count > 60 { errors["handler"] = "请填写承办单位（不超过60字）" } else if handler.hasControlCharacter() { errors["handler"] = "承办单位含有控制字符" }
        if !phone.isEmpty, phone.count > 20 || !phone.allSatisfy({ $0.isASCIIDigit || $0 == "-" }) { errors["phone"] = "联系电话应为数字" }
        if d.receivedOn > today { errors["receivedOn"] = "收到日期不能晚于今天" }
        if d.householdNumber.hasControlCharacter() || d.place.hasControlCharacter() { errors["place"] = "地点含有控制字符" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        var household: HouseholdRecord?
        var place: String
        let number = d.householdNumber.trimmingASCIISpaces()
        if !number.isEmpty {
            guard let h = try await registry.household(number: String(number.prefix(40))) else { throw FieldProblems(["household": "在您的辖区内没有找到户编号\(number.prefix(40))"]) }
            (household, place) = (h, h.villageCode)
        } else {
            guard let code = RegionCode(d.place.trimmingASCIISpaces()), code.level >= .county, registry.canSee(code),
                  try await RegionRecord.find(code.digits, on: db) != nil else {
                throw FieldProblems(["place": "请填写您辖区内的县、乡镇或村的区划代码，或该户户编号"])
            }
            place = code.padded
        }
        let r = PetitionRecord()
        (r.id, r.villageCode, r.householdID, r.petitioner, r.phone, r.channel) = (UUID(), place, household?.id, petitioner, phone, d.channel.rawValue)
        (r.receivedOn, r.subject, r.refusal, r.handler, r.extensionReason, r.reply, r.createdBy) = (d.receivedOn.description, subject, "", handler, "", "", actor.username)
        (r.effective, r.notEffectiveReason, r.supervisedBy) = (true, "", "")
        _ = try await deadlines(for: r)
        try await write(r, create: true, summary: "登记信访（\(d.channel.label)，\(d.receivedOn)收到）")
        return r
    }

    /// The petitioner is told on `day` whether it is accepted; a refusal gives its reason. Late telling is recorded as
    /// it happened (the figures count it late).
    public func tell(_ r: PetitionRecord, accepted: Bool, reason: String, on day: CivilDate, today: CivilDate) async throws {
        try requireStaff()
        guard r.toldOn == nil else { throw FieldProblems(["_": "已于\(r.toldOn!)告知，不能重复告知"]) }
        var errors = FieldErrors()
        if day > today { errors["on"] = "告知日期不能晚于今天" }
        if day.description < r.receivedOn { errors["on"] = "告知日期不能早于收到日期\(r.receivedOn)" }
        let reason = reason.trimmingASCIISpaces()
        if !accepted, reason.count < 4 || reason.count > 200 { errors["reason"] = "不予受理应写明理由（4至200字）" }
        if reason.hasControlCharacter(allowingLineBreaks: true) { errors["reason"] = "理由含有控制字符" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        (r.toldOn, r.accepted, r.refusal) = (day.description, accepted, accepted ? "" : reason)
        try await write(r, summary: accepted ? "告知受理（\(day)）" : "告知不予受理（\(day)）：\(reason)")
    }

    public func extend(_ r: PetitionRecord, days: Int, reason: String, on day: CivilDate, today: CivilDate) async throws {
        try requireStaff()
        guard let p = r.petition else { throw FieldProblems(["_": "该信访记录不完整"]) }
        var found = PetitionRules.extensionProblems(p, days: days, reason: reason, on: day, try await deadlines(for: r))
        if day > today { found.append("延期日期不能晚于今天") }
        if reason.hasControlCharacter(allowingLineBreaks: true) { found.append("延期理由含有控制字符") }
        guard found.isEmpty else { throw FieldProblems(["_": found.joined(separator: "；")]) }
        (r.extendedDays, r.extensionReason) = (days, String(reason.trimmingASCIISpaces().prefix(200)))
        try await write(r, summary: "延期\(days)天（\(day)）：\(r.extensionReason)")
    }

    /// Closed with the written reply on `day`, and the satisfaction when the petitioner was asked and answered.
    public func close(_ r: PetitionRecord, reply: String, satisfaction: PetitionSatisfaction?, on day: CivilDate, today: CivilDate) async throws {
        try requireStaff()
        guard r.accepted == true, let told = r.toldOn else { throw FieldProblems(["_": "受理后才能办结"]) }
        guard r.closedOn == nil else { throw FieldProblems(["_": "已于\(r.closedOn!)办结"]) }
        var errors = FieldErrors()
        if day > today { errors["on"] = "办结日期不能晚于今天" }
        if day.description < told { errors["on"] = "办结日期不能早于受理日期\(told)" }
        let reply = reply.trimmingASCIISpaces()
        if reply.count < 4 || reply.count > 1000 { errors["reply"] = "请填写答复意见（4至1000字）" } else if reply.hasControlCharacter(allowingLineBreaks: true) { errors["reply"] = "答复意见含有控制字符" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        (r.closedOn, r.reply, r.satisfaction) = (day.description, reply, satisfaction?.rawValue)
        try await write(r, summary: "办结（\(day)）" + (satisfaction.map { "，信访人评价：\($0.label)" } ?? "，未参评"))
    }

    /// Not a 有效件: a repeat of an earlier petition of the region (named by its id), or a matter outside 信访, with
    /// the reason; it then counts in no rate.
    public func markNotEffective(_ r: PetitionRecord, reason: String, repeatOf earlier: UUID?) async throws {
        try requireStaff()
        let reason = reason.trimmingASCIISpaces()
        guard (4...200).contains(reason.count), !reason.hasControlCharacter(allowingLineBreaks: true) else { throw FieldProblems(["reason": "请写明不计为有效件的理由（4至200字）"]) }
        if let earlier {
            guard earlier != r.id, let first = try await petition(earlier), first.receivedOn <= r.receivedOn else { throw FieldProblems(["repeatOf": "重复件应指向本辖区更早收到的信访"]) }
        }
        (r.effective, r.notEffectiveReason, r.repeatOf) = (false, reason, earlier)
        try await write(r, summary: (earlier == nil ? "不计为有效件：" : "标记为重复件：") + reason)
    }

    /// 督办: the county takes a township's petition under supervision on `day`.
    public func supervise(_ r: PetitionRecord, on day: CivilDate, today: CivilDate) async throws {
        guard actor.role == .county else { throw FieldProblems(["_": "督办由县级开展"]) }
        guard r.supervisedOn == nil else { throw FieldProblems(["_": "已于\(r.supervisedOn!)督办"]) }
        guard day <= today, day.description >= r.receivedOn else { throw FieldProblems(["on": "督办日期应在收到日期和今天之间"]) }
        (r.supervisedOn, r.supervisedBy) = (day.description, actor.username)
        try await write(r, summary: "县级督办（\(day)）")
    }

    /// 复查 or 复核 asked on `day` (within 30 days of the reply or of the 复查 answer), or answered on `day`.
    public func review(_ r: PetitionRecord, _ kind: PetitionRules.Review, answered: Bool, on day: CivilDate, today: CivilDate) async throws {
        try requireStaff()
        guard let p = r.petition else { throw FieldProblems(["_": "该信访记录不完整"]) }
        let name = kind == .recheck ? "复查" : "复核"
        if day > today { throw FieldProblems(["on": "日期不能晚于今天"]) }
        if answered {
            let asked = kind == .recheck ? p.reviewRequestedOn : p.recheckRequestedOn
            guard let asked else { throw FieldProblems(["_": "尚未请求\(name)"]) }
            guard (kind == .recheck ? r.reviewAnsweredOn : r.recheckAnsweredOn) == nil else { throw FieldProblems(["_": "已出具\(name)意见"]) }
            guard day >= asked else { throw FieldProblems(["on": "\(name)意见日期不能早于请求日期\(asked)"]) }
            if kind == .recheck { r.reviewAnsweredOn = day.description } else { r.recheckAnsweredOn = day.description }
            let by = PetitionRules.reviewAnswerBy(asked, try await deadlines(for: r))
            try await write(r, summary: "出具\(name)意见（\(day)）" + (day > by ? "，超过\(by)的期限" : ""))
        } else {
            let found = PetitionRules.reviewProblems(p, kind, on: day, try await deadlines(for: r))
            guard found.isEmpty else { throw FieldProblems(["_": found.joined(separator: "；")]) }
            if kind == .recheck { r.reviewRequestedOn = day.description } else { r.recheckRequestedOn = day.description }
            try await write(r, summary: "信访人请求\(name)（\(day)）")
        }
    }

    private func write(_ r: PetitionRecord, create: Bool = false, summary: String) async throws {
        let actor = self.actor
        try await db.writeTransaction { tx in
            if create { try await r.create(on: tx) } else { try await r.save(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: create ? .create : .update, entity: "petition", entityID: r.id!.uuidString,
                                      householdID: r.householdID, region: r.villageCode, summary: summary)
        }
    }

    /// The bulletin's rates for petitions inside `region` received in `from...to`, looked at on `day`, read by the
    /// deadlines in force on the period's last day (信访工作条例's since 2022; a change of rule within a month would
    /// need each petition read by its own day).
    public func figures(within region: RegionCode, receivedFrom from: CivilDate, to: CivilDate, on day: CivilDate) async throws -> PetitionFigures {
        guard registry.canSee(region) else { return PetitionFigures() }
        let range = region.codeRange
        let rows = try await registry.scoped(PetitionRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$receivedOn >= from.description).filter(\.$receivedOn <= to.description).all()
        guard !rows.isEmpty, let d = try await PolicyStore.book(for: region, on: db).petitionDeadlines(for: region, on: to) else { return PetitionFigures() }
        return PetitionFigures(rows.compactMap(\.petition), on: day, d)
    }
}

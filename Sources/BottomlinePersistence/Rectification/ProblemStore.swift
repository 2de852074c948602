import BottomlineDomain
import Fluent
import Foundation

/// The 问题整改台账 (issue 17 §2): county and township staff register a problem of their region and hand it to a unit and
/// a person (双交办) with measures and a deadline; whoever is in charge of the place reports it rectified with evidence;
/// only the level that assigned it 销号; 回头看 later keeps it closed or reopens it with a new deadline. Every step
/// audited; read through the place's code like every village record.
public struct ProblemStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    public func problem(_ id: UUID) async throws -> ProblemRecord? {
        try await registry.scoped(ProblemRecord.self).filter(\.$id == id).first()
    }

    private func requireSees(_ r: ProblemRecord) throws {
        guard let code = RegionCode(r.villageCode), registry.canSee(code) else { throw FieldProblems(["_": "该记录不在您的辖区"]) }
    }

    private func clean(_ text: String, _ field: String, _ label: String, _ range: ClosedRange<Int>, lines: Bool = false, into errors: inout FieldErrors) -> String {
        let t = text.trimmingASCIISpaces()
        if !range.contains(t.count) { errors[field] = "请填写\(label)（\(range.lowerBound)至\(range.upperBound)字）" }
        else if t.hasControlCharacter(allowingLineBreaks: lines) { errors[field] = "\(label)含有控制字符" }
        return t
    }

    @discardableResult
    public func register(_ d: ProblemDraft, petition: PetitionRecord? = nil, today: CivilDate) async throws -> ProblemRecord {
        guard actor.role == .county || actor.role == .township, let level = actor.role.stepLevel else { throw FieldProblems(["_": "整改问题由县、乡镇交办"]) }
        var errors = FieldErrors()
        let category = clean(d.category, "category", "问题类别", 2...20, into: &errors)
        let text = clean(d.text, "text", "问题描述", 4...1_000, lines: true, into: &errors)
        let unit = clean(d.leadUnit, "leadUnit", "牵头单位", 2...60, into: &errors)
        let person = clean(d.responsible, "responsible", "责任人", 2...30, into: &errors)
        let measures = clean(d.measures, "measures", "整改措施", 4...1_000, lines: true, into: &errors)
        if d.foundOn > today { errors["foundOn"] = "发现日期不能晚于今天" }
        if d.deadline < d.foundOn { errors["deadline"] = "整改时限不能早于发现日期" }
        else if d.foundOn.days(until: d.deadline) > 730 { errors["deadline"] = "整改时限不超过两年" }
        for (field, value) in [("household", d.householdNumber), ("project", d.projectNumber), ("place", d.place)] where value.hasControlCharacter() { errors[field] = "含有控制字符" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        var household: HouseholdRecord?, project: ProjectRecord?
        var place: RegionCode
        let number = String(d.householdNumber.trimmingASCIISpaces().prefix(40)), projectNumber = String(d.projectNumber.trimmingASCIISpaces().prefix(40))
        if let petition {
            place = petition.householdID == nil ? try await placeOf(padded: petition.villageCode) : RegionCode(petition.villageCode)!
            household = try await petition.householdID.asyncFlatMap { try await registry.household($0) }
        } else if !number.isEmpty {
            guard let h = try await registry.household(number: number) else { throw FieldProblems(["household": "在您的辖区内没有找到户编号\(number)"]) }
            (household, place) = (h, RegionCode(h.villageCode)!)
        } else if !projectNumber.isEmpty {
            guard let p = try await ProjectRecord.query(on: db).filter(\.$number == projectNumber).all()
                .first(where: { RegionCode($0.regionCode).map(registry.canSee) ?? false }),
                  let code = RegionCode(p.regionCode) else { throw FieldProblems(["project": "在您的辖区内没有找到项目\(projectNumber)"]) }
            (project, place) = (p, code)
        } else {
            guard let code = RegionCode(d.place.trimmingASCIISpaces()), code.level >= .county, registry.canSee(code),
                  try await RegionRecord.find(code.digits, on: db) != nil else {
                throw FieldProblems(["place": "请填写您辖区内的县、乡镇或村的区划代码，或农户户编号、项目编号"])
            }
            place = code
        }
        let r = ProblemRecord()
        (r.id, r.villageCode, r.placeLevelValue, r.householdID, r.projectID, r.petitionID) = (UUID(), place.padded, place.level.rawValue, household?.id, project?.id, petition?.id)
        (r.source, r.foundOn, r.category, r.text, r.leadUnit, r.responsible, r.measures) = (d.source.rawValue, d.foundOn.description, category, text, unit, person, measures)
        (r.deadline, r.state, r.assignedLevel, r.evidence, r.reopened, r.createdBy) = (d.deadline.description, ProblemState.rectifying.rawValue, level.rawValue, "", 0, actor.username)
        try await write(r, create: true, "交办整改问题（\(d.source.label)，\(category)），牵头单位\(unit)，责任人\(person)，\(d.deadline)前整改")
        return r
    }

    /// A petition's place from its padded code: the region table says which level it is (a village's own code first).
    private func placeOf(padded: String) async throws -> RegionCode {
        for length in [12, 9, 6] {
            let code = String(padded.prefix(length))
            guard code + String(repeating: "0", count: 12 - length) == padded, let c = RegionCode(code) else { continue }
            if try await RegionRecord.find(code, on: db) != nil { return c }
        }
        throw FieldProblems(["_": "信访的地点无法识别"])
    }

    /// Reported rectified on `day` with the evidence; by the place's own level or any level above it in charge.
    public func rectify(_ r: ProblemRecord, evidence: String, on day: CivilDate, today: CivilDate) async throws {
        try requireSees(r)
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "整改情况由村、乡镇、县级登记"]) }
        guard r.stateValue == .rectifying else { throw FieldProblems(["_": "该问题已\(r.stateValue.label)"]) }
        var errors = FieldErrors()
        let evidence = clean(evidence, "evidence", "整改情况和佐证", 4...1_000, lines: true, into: &errors)
        if day > today { errors["on"] = "整改完成日期不能晚于今天" }
        if day.description < r.foundOn { errors["on"] = "整改完成日期不能早于发现日期\(r.foundOn)" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        (r.state, r.rectifiedOn, r.evidence) = (ProblemState.rectified.rawValue, day.description, evidence)
        try await write(r, "整改完成（\(day)）：\(evidence)")
    }

    /// 销号 by the level that assigned it.
    public func close(_ r: ProblemRecord, on day: CivilDate, today: CivilDate) async throws {
        try requireSees(r)
        guard let p = r.problem else { throw FieldProblems(["_": "该问题记录不完整"]) }
        var found = RectificationRules.closeProblems(p, by: actor.role.stepLevel)
        if day > today { found.append("销号日期不能晚于今天") }
        if let done = r.rectifiedOn, day.description < done { found.append("销号日期不能早于整改完成日期\(done)") }
        guard found.isEmpty else { throw FieldProblems(["_": found.joined(separator: "；")]) }
        (r.state, r.closedOn) = (ProblemState.closed.rawValue, day.description)
        try await write(r, "销号（\(day)）")
    }

    /// 回头看 of a closed problem: it holds, or it is back, reopened with a new deadline and the reason.
    public func review(_ r: ProblemRecord, holds: Bool, note: String, newDeadline: CivilDate?, on day: CivilDate, today: CivilDate) async throws {
        try requireSees(r)
        guard let level = actor.role.stepLevel, level.rawValue <= r.assignedLevel else { throw FieldProblems(["_": "回头看由交办的层级或其上级开展"]) }
        guard r.stateValue == .closed else { throw FieldProblems(["_": "销号后才能回头看"]) }
        var errors = FieldErrors()
        let note = clean(note, "note", "回头看情况", holds ? 0...500 : 4...500, lines: true, into: &errors)
        if day > today { errors["on"] = "回头看日期不能晚于今天" }
        if let closed = r.closedOn, day.description < closed { errors["on"] = "回头看日期不能早于销号日期\(closed)" }
        if !holds, (newDeadline.map { $0 <= day } ?? true) { errors["deadline"] = "重新整改应填写晚于今天的整改时限" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        r.reviewedOn = day.description
        if holds {
            try await write(r, "回头看（\(day)）：整改成效巩固" + (note.isEmpty ? "" : "，\(note)"))
        } else {
            (r.state, r.deadline, r.rectifiedOn, r.closedOn, r.reopened) = (ProblemState.rectifying.rawValue, newDeadline!.description, nil, nil, r.reopened + 1)
            try await write(r, "回头看（\(day)）发现问题反弹，重新整改至\(newDeadline!)：\(note)")
        }
    }

    private func write(_ r: ProblemRecord, create: Bool = false, _ summary: String) async throws {
        let actor = self.actor
        try await db.writeTransaction { tx in
            if create { try await r.create(on: tx) } else { try await r.save(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: create ? .create : .update, entity: "problem", entityID: r.id!.uuidString,
                                      householdID: r.householdID, region: r.villageCode, summary: summary)
        }
    }

    /// Problems of `region` found in `from...to`, newest first.
    public func problems(within region: RegionCode, from: CivilDate, to: CivilDate, limit: Int = 5_000) async throws -> [ProblemRecord] {
        guard registry.canSee(region) else { return [] }
        let range = region.codeRange
        return try await registry.scoped(ProblemRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$foundOn >= from.description).filter(\.$foundOn <= to.description).sort(\.$foundOn, .descending).limit(limit).all()
    }

    public func figures(within region: RegionCode, from: CivilDate, to: CivilDate, on day: CivilDate) async throws -> RectificationFigures {
        RectificationFigures(try await problems(within: region, from: from, to: to).compactMap { r in r.problem.flatMap { p in r.sourceValue.map { (p, $0) } } }, on: day)
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// 就业帮扶 (issue 16 §3): 务工 spells, 公益性岗位, 雨露计划, 培训/持证 and 交通补助 of a household's members, entered by
/// the cadres of its village, township or county and checked by `JobRules` against what the person already has; the
/// figures a region reports for a year and the targets set for it. Read through the household's village like every
/// household record.
public struct JobStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    private func requireCadre(_ household: HouseholdRecord) throws {
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以登记就业帮扶"]) }
        guard registry.canSee(RegionCode(household.villageCode) ?? actor.region), household.isActive else {
            throw FieldProblems(["_": "该户不在您的辖区内或已注销"])
        }
    }

    /// The member the record is for: present in this household.
    private func member(_ id: UUID?, of household: HouseholdRecord) async throws -> PersonRecord {
        guard let id, let p = try await PersonRecord.find(id, on: db), p.householdID == household.id, p.status == MemberStatus.present.rawValue else {
            throw FieldProblems(["person": "请选择本户在册成员"])
        }
        return p
    }

    private func home(_ household: HouseholdRecord) -> RegionCode { RegionCode(String(household.villageCode.prefix(6)))! }

    private func write<R: Model>(_ r: R, household: HouseholdRecord, entity: String, summary: String, measure: MeasureRecord? = nil) async throws {
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await r.create(on: tx)
            try await measure?.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: entity, entityID: (r.id as? UUID)?.uuidString,
                                      householdID: household.id, region: household.villageCode, summary: "户\(household.number)：" + summary)
        }
    }

    public func spells(of person: UUID) async throws -> [WorkSpellRecord] {
        try await WorkSpellRecord.query(on: db).filter(\.$personID == person).sort(\.$startMonth).all()
    }

    public func posts(of person: UUID) async throws -> [PublicPostRecord] {
        try await PublicPostRecord.query(on: db).filter(\.$personID == person).sort(\.$startOn).all()
    }

    @discardableResult
    public func addSpell(_ household: HouseholdRecord, person id: UUID?, _ spell: WorkSpell, today: CivilDate) async throws -> WorkSpellRecord {
        try requireCadre(household)
        let person = try await member(id, of: household)
        var errors = JobRules.spellProblems(spell, others: try await spells(of: person.id!).compactMap(\.spell), thisMonth: CivilMonth(today))
        let scope = WorkPlaceScope.of(place: spell.place, home: home(household))
        if errors.isEmpty, scope != .county {
            for p in try await posts(of: person.id!).compactMap(\.post) where p.overlaps(spell.start.firstDay, spell.end?.lastDay) {
                errors["place"] = "\(person.name)在公益性岗位（\(p.type.label)，\(p.period)）上，不能同时\(scope.label)务工；请先登记离岗"
            }
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = WorkSpellRecord()
        (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
        (r.placeCode, r.employer, r.channel) = (spell.place.digits, spell.employer.trimmingASCIISpaces(), spell.channel.rawValue)
        (r.startMonth, r.endMonth, r.monthlyIncomeFen, r.createdBy) = (spell.start.description, spell.end?.description, spell.monthlyIncome?.fen, actor.username)
        try await write(r, household: household, entity: "work_spell", summary: "登记\(person.name)务工\(spell.period)（\(scope.label)\(spell.place.digits)）",
                        measure: MeasureRecord.ledger(for: household, id: r.id!, .employment, "\(person.name)\(scope.label)务工\(spell.employer.isEmpty ? "" : "（\(r.employer)）")",
                                              start: spell.start.firstDay, end: spell.end?.lastDay, actor: actor))
        return r
    }

    /// Ends a spell still open: the person came back (or changed jobs) in `month`.
    public func endSpell(_ id: UUID, household: HouseholdRecord, month: CivilMonth, today: CivilDate) async throws {
        try requireCadre(household)
        guard let r = try await WorkSpellRecord.find(id, on: db), r.householdID == household.id, r.endMonth == nil, let s = r.spell else {
            throw FieldProblems(["end": "没有找到该户尚未结束的务工时段"])
        }
        if month < s.start { throw FieldProblems(["end": "结束月份不能早于开始月份（\(s.start)）"]) }
        if month > CivilMonth(today) { throw FieldProblems(["end": "结束月份不能晚于本月"]) }
        let actor = self.actor
        r.endMonth = month.description
        try await db.writeTransaction { tx in
            try await r.save(on: tx)
            try await Self.endMeasure(id, on: month.lastDay, tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "work_spell", entityID: id.uuidString, householdID: household.id,
                                      region: household.villageCode, summary: "户\(household.number)：务工时段\(s.start)起，结束于\(month)")
        }
    }

    static func endMeasure(_ id: UUID, on day: CivilDate, _ db: any Database) async throws {
        guard let m = try await MeasureRecord.find(id, on: db), m.endOn == nil else { return }
        (m.endOn, m.status) = (day.description, MeasureStatus.completed.rawValue)
        try await m.save(on: db)
    }

    @discardableResult
    public func addPost(_ household: HouseholdRecord, person id: UUID?, _ post: PublicPost, today: CivilDate) async throws -> PublicPostRecord {
        try requireCadre(household)
        let person = try await member(id, of: household)
        let errors = JobRules.postProblems(post, birth: CivilDate(parsing: person.birthDate), otherPosts: try await posts(of: person.id!).compactMap(\.post),
                                           spells: try await spells(of: person.id!).compactMap(\.spell), home: home(household), today: today)
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = PublicPostRecord()
        (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
        (r.postType, r.employer, r.startOn, r.endOn) = (post.type.rawValue, post.employer.trimmingASCIISpaces(), post.start.description, post.end?.description)
        (r.monthlyPayFen, r.createdBy) = (post.monthlyPay.fen, actor.username)
        try await write(r, household: household, entity: "public_post", summary: "\(person.name)上岗\(post.type.label)（\(post.period)，月补贴\(post.monthlyPay.yuanText)元）",
                        measure: MeasureRecord.ledger(for: household, id: r.id!, .welfareJob, "\(person.name)任\(post.type.label)（\(r.employer)）", amount: post.monthlyPay,
                                              start: post.start, actor: actor))
        return r
    }

    /// 离岗: the post ends on `day`.
    public func endPost(_ id: UUID, household: HouseholdRecord, on day: CivilDate, today: CivilDate) async throws {
        try requireCadre(household)
        guard let r = try await PublicPostRecord.find(id, on: db), r.householdID == household.id, r.endOn == nil, let p = r.post else {
            throw FieldProblems(["end": "没有找到该户在岗的公益性岗位"])
        }
        if day < p.start { throw FieldProblems(["end": "离岗日期不能早于上岗日期（\(p.start)）"]) }
        if day > today { throw FieldProblems(["end": "离岗日期不能晚于今天"]) }
        let actor = self.actor
        r.endOn = day.description
        try await db.writeTransaction { tx in
            try await r.save(on: tx)
            try await Self.endMeasure(id, on: day, tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "public_post", entityID: id.uuidString, householdID: household.id,
                                      region: household.villageCode, summary: "户\(household.number)：\(p.type.label)离岗（\(day)）")
        }
    }

    @discardableResult
    public func addYulu(_ household: HouseholdRecord, person id: UUID?, school: String, type: VocationalSchoolType, termStart: CivilDate,
                        amount: Money, paidOn: CivilDate, today: CivilDate) async throws -> YuluPaymentRecord {
        try requireCadre(household)
        let person = try await member(id, of: household)
        var errors = JobRules.yuluProblems(standing: household.standing(on: termStart), termStart: termStart, amount: amount, school: school, today: today)
        if paidOn > today { errors["paidOn"] = "发放日期不能晚于今天" }
        if try await YuluPaymentRecord.query(on: db).filter(\.$personID == person.id!).filter(\.$termStart == termStart.description).first() != nil {
            errors["termStart"] = "\(person.name)\(termStart)开学的学期已发放过雨露计划补助"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = YuluPaymentRecord()
        (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
        (r.school, r.schoolType, r.termStart, r.amountFen, r.paidOn, r.createdBy) = (school.trimmingASCIISpaces(), type.rawValue, termStart.description, amount.fen,
                                                                                  paidOn.description, actor.username)
        try await write(r, household: household, entity: "yulu_payment", summary: "雨露计划：\(person.name)，\(r.school)，\(termStart)开学，\(amount.yuanText)元",
                        measure: MeasureRecord.ledger(for: household, id: r.id!, .otherEducation, "雨露计划：\(person.name)（\(r.school)）", amount: amount,
                                              start: paidOn, end: paidOn, actor: actor))
        return r
    }

    @discardableResult
    public func addSkill(_ household: HouseholdRecord, person id: UUID?, kind: SkillRecordKind, name: String, on day: CivilDate, today: CivilDate) async throws -> SkillRecord {
        try requireCadre(household)
        let person = try await member(id, of: household)
        let name = name.trimmingASCIISpaces()
        var errors = FieldErrors()
        if name.isEmpty || name.count > 60 { errors["name"] = kind == .certificate ? "请填写证书名称（不超过60字）" : "请填写培训项目（不超过60字）" }
        else if name.hasControlCharacter() { errors["name"] = (kind == .certificate ? "证书名称" : "培训项目") + "含有控制字符" }
        if day > today { errors["onDate"] = "日期不能晚于今天" }
        if errors.isEmpty, try await SkillRecord.query(on: db).filter(\.$personID == person.id!).filter(\.$kind == kind.rawValue).filter(\.$name == name)
            .filter(\.$onDate == day.description).first() != nil {
            errors["name"] = "已登记过\(person.name)\(day)的“\(name)”"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = SkillRecord()
        (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
        (r.kind, r.name, r.onDate, r.createdBy) = (kind.rawValue, name, day.description, actor.username)
        try await write(r, household: household, entity: "skill_record", summary: "\(kind.label)：\(person.name)，\(name)（\(day)）",
                        measure: MeasureRecord.ledger(for: household, id: r.id!, .employment, "\(kind.label)：\(person.name)，\(name)", start: day, end: day, actor: actor))
        return r
    }

    /// 交通补助 for `year`, paid only when the person's spells in another province meet the rule in force.
    @discardableResult
    public func payTransport(_ household: HouseholdRecord, person id: UUID?, year: Int, amount: Money, paidOn: CivilDate, today: CivilDate) async throws -> TransportSubsidyRecord {
        try requireCadre(household)
        let person = try await member(id, of: household)
        var errors = FieldErrors()
        if amount.fen <= 0 || amount > Money(yuan: 5_000) { errors["amount"] = "交通补助应为大于0、不超过5000元的金额" }
        if paidOn > today { errors["paidOn"] = "发放日期不能晚于今天" }
        if !(2000...today.year).contains(year) { errors["year"] = "年度应不晚于今年" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let place = home(household), asOf = min(CivilDate(year: year, month: 12, day: 31)!, paidOn)
        guard let rule = try await PolicyStore.book(for: place, on: db).transportRule(for: place, on: asOf) else {
            throw FieldProblems(["_": "\(year)年尚无跨省务工交通补助的月数规定，请先在“政策参数”中录入"])
        }
        let decision = JobRules.transportSubsidy(try await spells(of: person.id!).compactMap(\.spell), home: place, year: year, through: CivilMonth(asOf), rule: rule)
        guard decision.due else { throw FieldProblems(["_": "\(person.name)\(decision.reason)，不能发放交通补助"]) }
        if try await TransportSubsidyRecord.query(on: db).filter(\.$personID == person.id!).filter(\.$year == year).first() != nil {
            throw FieldProblems(["year": "\(person.name)\(year)年的交通补助已发放"])
        }
        let r = TransportSubsidyRecord()
        (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
        (r.year, r.amountFen, r.paidOn, r.reason, r.createdBy) = (year, amount.fen, paidOn.description, decision.reason, actor.username)
        try await write(r, household: household, entity: "transport_subsidy", summary: "交通补助：\(person.name)\(year)年\(amount.yuanText)元（\(decision.reason)）",
                        measure: MeasureRecord.ledger(for: household, id: r.id!, .employment, "跨省务工交通补助：\(person.name)\(year)年", amount: amount,
                                              start: paidOn, end: paidOn, actor: actor))
        return r
    }
}

import BottomlineDomain
import Fluent
import SQLKit
import Foundation

/// Every change to the registry made from a form or the API: scoped to the actor's region, validated against the
/// registry, written in one transaction with its audit row, and followed by the household's derived fields.
public struct RegistryStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    /// Events that add a person to a household, and those that take one away.
    public static let arrivals: [MembershipEventKind] = [.birth, .marriageIn, .moveIn]
    public static let departures: [MembershipEventKind] = [.death, .marriageOut, .moveOut]

    private func requireEditor() throws(FieldProblems) {
        guard actor.role.canEditRegistry else { throw FieldProblems(["_": "当前角色只能查看，不能修改名册"]) }
    }

    /// Creates a household with its householder.
    public func createHousehold(_ fields: HouseholdForm.Fields, householder: PersonDraft) async throws -> HouseholdRecord {
        try requireEditor()
        var errors = FieldErrors()
        if !actor.region.contains(fields.villageCode) {
            errors["villageCode"] = "该村不在您的管辖范围内"
        } else if try await RegionRecord.find(fields.villageCode.digits, on: db)?.level != RegionCode.Level.village.rawValue {
            errors["villageCode"] = "系统中没有这个村"
        }
        if try await HouseholdRecord.query(on: db).filter(\.$number == fields.number).first() != nil {
            errors["number"] = "户编号\(fields.number)已被使用"
        }
        if householder.relation != .householder { errors["relation"] = "新建户的第一位成员应为户主" }
        try await checkUniqueID(householder.id, excluding: nil, into: &errors)
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = self.actor
        return try await db.writeTransaction { tx in
            let household = HouseholdRecord()
            household.id = UUID()
            household.apply(HouseholdDraft(number: fields.number, villageCode: fields.villageCode, address: fields.address,
                                           phone: fields.phone, bankAccount: fields.bankAccount ?? nil, category: fields.category, relocated: fields.relocated,
                                           housingGrade: fields.housingGrade, waterSecure: fields.waterSecure))
            let person = PersonRecord.new(householder, household: household.id!)
            DerivedFields(housingGrade: household.housingGrade, waterSecure: household.waterSecure,
                          members: [DerivedFields.Member(person)]).apply(to: household)
            try await household.create(on: tx)
            try await person.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "household", entityID: household.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "新建户 \(household.number)，户主 \(person.name)", after: HouseholdSnapshot(household))
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "person", entityID: person.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "登记户主 \(person.name)", after: PersonSnapshot(person))
            return household
        }
    }

    /// Changes a household's own fields. Its number and village are not edited here: a number is its identity, and a
    /// move to another village is a dated event.
    public func updateHousehold(_ household: HouseholdRecord, _ fields: HouseholdForm.Fields) async throws {
        try requireEditor()
        let before = HouseholdSnapshot(household)
        household.address = fields.address
        household.phone = fields.phone
        if let account = fields.bankAccount { household.bankAccount = account }
        household.category = fields.category.rawValue
        household.relocated = fields.relocated
        household.housingGrade = fields.housingGrade?.rawValue
        household.waterSecure = fields.waterSecure
        guard HouseholdSnapshot(household) != before else { return }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await Self.refresh(household, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "household", entityID: household.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "修改户 \(household.number) 的基本信息", before: before, after: HouseholdSnapshot(household))
        }
    }

    /// Corrects a person's details (including a mistyped ID number, which must stay unique).
    public func updatePerson(_ person: PersonRecord, in household: HouseholdRecord, _ draft: PersonDraft) async throws {
        try requireEditor()
        var errors = FieldErrors()
        try await checkUniqueID(draft.id, excluding: person.id, into: &errors)
        if draft.relation == .householder, person.relation != Relation.householder.rawValue,
           try await registry.members(of: household, includingFormer: false).contains(where: { $0.relation == Relation.householder.rawValue }) {
            errors["relation"] = "本户已有户主；请先把原户主改为其他关系"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let before = PersonSnapshot(person)
        person.apply(draft)
        guard PersonSnapshot(person) != before || person.hasChanges else { return }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await person.save(on: tx)
            try await Self.refresh(household, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "person", entityID: person.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "修改人员 \(person.name) 的信息", before: before, after: PersonSnapshot(person))
        }
    }

    /// Adds a person by birth, marriage or moving in, as a dated event.
    public func addMember(to household: HouseholdRecord, _ draft: PersonDraft, event: MembershipEventForm.Fields) async throws -> PersonRecord {
        try requireEditor()
        var errors = FieldErrors()
        guard Self.arrivals.contains(event.kind) else { throw FieldProblems(["kind": "新增成员的变动类型应为新生儿、婚入或迁入"]) }
        try await checkUniqueID(draft.id, excluding: nil, into: &errors)
        if draft.relation == .householder { errors["relation"] = "本户已有户主，新增成员不能登记为户主" }
        if event.kind == .birth, draft.birthDate.days(until: event.date) > 366 || event.date < draft.birthDate {
            errors["date"] = "新生儿的登记日期应在出生后一年内"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = self.actor
        return try await db.writeTransaction { tx in
            let person = PersonRecord.new(draft, household: household.id!)
            try await person.create(on: tx)
            try await Self.recordEvent(event, household: household, person: person, actor: actor, on: tx)
            try await Self.refresh(household, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "person", entityID: person.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "\(event.kind.label)：\(person.name)（\(event.date)）", after: PersonSnapshot(person))
            return person
        }
    }

    /// Records that a person left the household (death, marriage out, moving out). The person stays on record.
    public func recordDeparture(_ person: PersonRecord, from household: HouseholdRecord, event: MembershipEventForm.Fields) async throws {
        try requireEditor()
        guard Self.departures.contains(event.kind) else { throw FieldProblems(["kind": "减少成员的变动类型应为死亡、婚出或迁出"]) }
        guard person.isMember else { throw FieldProblems(["kind": "\(person.name)已不在本户（\(MemberStatus(rawValue: person.status)?.label ?? person.status)）"]) }
        if event.date < person.birth ?? event.date { throw FieldProblems(["date": "变动日期早于出生日期"]) }
        let before = PersonSnapshot(person)
        person.status = (event.kind.departureStatus ?? .movedOut).rawValue
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await person.save(on: tx)
            try await Self.recordEvent(event, household: household, person: person, actor: actor, on: tx)
            try await Self.refresh(household, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "person", entityID: person.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "\(event.kind.label)：\(person.name)（\(event.date)）", before: before, after: PersonSnapshot(person))
        }
    }

    /// Records or corrects a year's income.
    public func setIncome(_ household: HouseholdRecord, _ income: HouseholdIncome) async throws {
        try requireEditor()
        let existing = try await IncomeRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$year == income.year).first()
        let before = existing?.income
        guard before != income else { return }
        let record = existing ?? IncomeRecord()
        if existing == nil {
            record.householdID = household.id!
        }
        record.set(income)
        record.memberCount = household.memberCount
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await record.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .income, entity: "income", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "\(before == nil ? "登记" : "修改")\(income.year)年收入：人均纯收入\(income.perCapitaNet(members: max(1, household.memberCount))?.yuanText ?? "")元",
                                      before: before, after: income)
        }
    }

    /// Refusals of an ID number registered outside the actor's region, per user and hour, before further tries wait:
    /// enough for a cadre's honest mistakes, too few to map the province's registry.
    public static let outsideIDRefusalsPerHour = 20
    static let outsideIDSummary = "登记身份证号被拒：辖区外已登记"

    private func checkUniqueID(_ id: ResidentID, excluding: UUID?, into errors: inout FieldErrors) async throws {
        guard let other = try await PersonRecord.query(on: db).filter(\.$idNumber == id.value).first(), other.id != excluding else { return }
        // Say where only when the actor may see that household. Otherwise say only that the number cannot be used
        // here, the same words whatever the number; log it, and make a user who keeps trying wait.
        if let household = try await registry.household(other.householdID) {
            errors["idNumber"] = "该身份证号已登记在户\(household.number)（\(other.name)）"
            return
        }
        let hourAgo = CivilDate.now.addingTimeInterval(-3600)
        let recent = try await AuditRecord.query(on: db).filter(\.$username == actor.username).filter(\.$action == AuditLog.Action.denied.rawValue)
            .filter(\.$summary == Self.outsideIDSummary).filter(\.$at >= hourAgo).count()
        try await AuditLog.record(on: db, actor: actor, action: .denied, entity: "person", entityID: id.masked, summary: Self.outsideIDSummary)
        if recent >= Self.outsideIDRefusalsPerHour {
            errors["idNumber"] = "登记被拒次数过多，请一小时后再试，或联系县级管理员"
        } else {
            errors["idNumber"] = Self.idUnavailable
        }
    }

    /// What an editor is told of an ID number, or a household number, that is registered where the editor cannot see.
    public static let idUnavailable = "该身份证号不能在此登记；如确属本辖区人员，请联系县级管理员核实处理"

    static func recordEvent(_ event: MembershipEventForm.Fields, household: HouseholdRecord, person: PersonRecord, actor: Actor,
                            on db: any Database) async throws {
        try await recordEvent(kind: event.kind, date: event.date, household: household,
                              note: event.note.isEmpty ? person.name : "\(person.name)：\(event.note)", person: person.id,
                              actor: actor, on: db)
    }

    /// Recomputes size, householder, labour and 三保障 from the members, and saves.
    static func refresh(_ household: HouseholdRecord, on db: any Database) async throws {
        let members = try await PersonRecord.query(on: db).filter(\.$householdID == household.id!).all()
        DerivedFields(housingGrade: household.housingGrade, waterSecure: household.waterSecure,
                      members: members.map(DerivedFields.Member.init)).apply(to: household)
        try await household.save(on: db)
    }
}

extension RegistryStore {
    /// 分户: some members leave to form a new household in the same village, one of them its householder.
    public func split(_ household: HouseholdRecord, members ids: [UUID], newNumber: String, newHouseholder: UUID,
                      date: CivilDate, note: String) async throws -> HouseholdRecord {
        try requireEditor()
        var errors = FieldErrors()
        let current = try await registry.members(of: household, includingFormer: false)
        let leaving = current.filter { ids.contains($0.id!) }
        if leaving.isEmpty { errors["members"] = "请选择要分出的成员" }
        if leaving.count != Set(ids).count { errors["members"] = "所选成员不在本户" }
        if leaving.count == current.count { errors["members"] = "不能把全部成员分出；整户迁移请用“迁至他村”" }
        if !leaving.contains(where: { $0.id == newHouseholder }) { errors["newHouseholder"] = "新户户主应是分出的成员之一" }
        if leaving.contains(where: { $0.relation == Relation.householder.rawValue }) { errors["members"] = "原户主不能分出；请先变更户主" }
        switch FieldRules.householdNumber(newNumber) {
        case .success(let number):
            if try await HouseholdRecord.query(on: db).filter(\.$number == number).first() != nil { errors["newNumber"] = "户编号\(number)已被使用" }
        case .failure(let p): errors["newNumber"] = p.message
        }
        if date > .today { errors["date"] = "变动日期不能晚于今天" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = self.actor
        return try await db.writeTransaction { tx in
            let created = HouseholdRecord()
            created.id = UUID()
            created.number = newNumber.trimmingASCIISpaces()
            created.villageCode = household.villageCode
            created.address = household.address
            created.phone = nil
            created.bankAccount = nil
            created.category = household.category
            created.relocated = household.relocated
            created.housingGrade = nil
            created.waterSecure = household.waterSecure
            for person in leaving {
                person.householdID = created.id!
                person.relation = person.id == newHouseholder ? Relation.householder.rawValue
                    : (person.relation == Relation.householder.rawValue ? Relation.other.rawValue : person.relation)
            }
            DerivedFields(housingGrade: nil, waterSecure: created.waterSecure, members: leaving.map(DerivedFields.Member.init)).apply(to: created)
            try await created.create(on: tx)
            for person in leaving { try await person.save(on: tx) }
            try await Self.carryPersonRecords(of: leaving.map { $0.id! }, to: created, on: tx)
            let names = leaving.map(\.name).joined(separator: "、")
            try await Self.recordEvent(kind: .split, date: date, household: household, note: "\(names)分出为新户\(created.number)" + (note.isEmpty ? "" : "：\(note)"),
                                       other: created.id, actor: actor, on: tx)
            try await Self.recordEvent(kind: .split, date: date, household: created, note: "由户\(household.number)分出：\(names)",
                                       other: household.id, actor: actor, on: tx)
            try await Self.refresh(household, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "household", entityID: created.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "分户：\(names)分出为新户\(created.number)（\(date)）", after: HouseholdSnapshot(created))
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "household", entityID: created.id?.uuidString,
                                      householdID: created.id, region: created.villageCode,
                                      summary: "由户\(household.number)分出（\(date)）", after: HouseholdSnapshot(created))
            return created
        }
    }

    /// 并户: every member joins another household of the actor's region; this household is closed, kept on record.
    public func merge(_ household: HouseholdRecord, into targetNumber: String, date: CivilDate, note: String) async throws -> HouseholdRecord {
        try requireEditor()
        guard let target = try await registry.household(number: targetNumber.trimmingASCIISpaces()), target.isActive else {
            throw FieldProblems(["target": "在您的管辖范围内没有找到户编号为\(targetNumber)的农户"])
        }
        guard target.id != household.id else { throw FieldProblems(["target": "不能并入本户"]) }
        guard household.isActive else { throw FieldProblems(["target": "本户已并入他户"]) }
        if date > .today { throw FieldProblems(["date": "变动日期不能晚于今天"]) }
        let actor = self.actor
        let moving = try await registry.members(of: household, includingFormer: false)
        try await db.writeTransaction { tx in
            for person in moving {
                person.householdID = target.id!
                // Their relation to the new householder is for a cadre to confirm.
                person.relation = Relation.other.rawValue
                try await person.save(on: tx)
            }
            try await Self.carryPersonRecords(of: moving.map { $0.id! }, to: target, on: tx)
            let before = HouseholdSnapshot(household)
            household.status = HouseholdStatus.merged.rawValue
            let names = moving.map(\.name).joined(separator: "、")
            try await Self.recordEvent(kind: .merge, date: date, household: household, note: "全户并入户\(target.number)" + (note.isEmpty ? "" : "：\(note)"),
                                       other: target.id, actor: actor, on: tx)
            try await Self.recordEvent(kind: .merge, date: date, household: target, note: "户\(household.number)并入：\(names)（与户主关系待核实）",
                                       other: household.id, actor: actor, on: tx)
            try await Self.refresh(household, on: tx)
            try await Self.refresh(target, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "household", entityID: household.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "并户：全户并入户\(target.number)（\(date)）", before: before, after: HouseholdSnapshot(household))
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "household", entityID: target.id?.uuidString,
                                      householdID: target.id, region: target.villageCode,
                                      summary: "并户：户\(household.number)并入（\(names)）")
        }
        return target
    }

    /// The tables whose rows belong to one household and carry its village for jurisdiction: a household that moves
    /// takes them along. A new ledger that keeps `household_id` and `village_code` joins this list (a test reads the
    /// schema and fails until it does).
    public static let householdOwnedTables = ["clues", "cases", "measures", "visits", "warnings", "feed_sums", "asset_payouts", "project_households", "loans",
                                                   "work_spells", "public_posts", "yulu_payments", "skill_records", "transport_subsidies", "loan_reports",
                                                   "insurance_claims", "loan_events", "post_attendance",
                                                   "petitions", "problems", "attachments", "data_findings"]

    /// Ledgers whose rows belong to one person of a household (a loan's borrower, a worker's spell): when the person
    /// leaves in a 分户 or 并户 the rows go with the person to the new household and its village.
    public static let personOwnedTables = ["loans", "work_spells", "public_posts", "yulu_payments", "skill_records", "transport_subsidies", "loan_reports",
                                           "loan_events", "post_attendance"]

    static func carryPersonRecords(of persons: [UUID], to household: HouseholdRecord, on db: any Database) async throws {
        guard !persons.isEmpty, let sql = db as? any SQLDatabase else { return }
        for table in personOwnedTables {
            try await sql.update(table).set("household_id", to: household.id!).set("village_code", to: household.villageCode)
                .where("person_id", .in, persons).run()
        }
    }

    /// 迁至他村: the whole household moves to another village of the actor's region.
    public func moveVillage(_ household: HouseholdRecord, to village: RegionCode, date: CivilDate, note: String) async throws {
        try requireEditor()
        guard village.level == .village, actor.region.contains(village),
              let record = try await RegionRecord.find(village.digits, on: db), record.level == RegionCode.Level.village.rawValue else {
            throw FieldProblems(["village": "请选择您管辖范围内的村"])
        }
        guard village.digits != household.villageCode else { throw FieldProblems(["village": "已在该村"]) }
        if date > .today { throw FieldProblems(["date": "变动日期不能晚于今天"]) }
        let before = HouseholdSnapshot(household)
        let from = household.villageCode
        household.villageCode = village.digits
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await household.save(on: tx)
            // Everything the household owns follows it, so the new village's cadres see it and the old village's no
            // longer do.
            guard let sql = tx as? any SQLDatabase else { throw FieldProblems(["_": "数据库不支持迁村"]) }
            for table in Self.householdOwnedTables {
                try await sql.update(table).set("village_code", to: village.digits).where("household_id", .equal, household.id!).run()
            }
            try await Self.recordEvent(kind: .moveVillage, date: date, household: household,
                                       note: "由村\(from)迁至\(record.name)（\(village.digits)）" + (note.isEmpty ? "" : "：\(note)"),
                                       other: nil, actor: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .event, entity: "household", entityID: household.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "迁至\(record.name)（\(date)）", before: before, after: HouseholdSnapshot(household))
        }
    }

    static func recordEvent(kind: MembershipEventKind, date: CivilDate, household: HouseholdRecord, note: String,
                            person: UUID? = nil, other: UUID? = nil, actor: Actor, on db: any Database) async throws {
        let record = MembershipEventRecord()
        record.householdID = household.id!
        record.personID = person
        record.kind = kind.rawValue
        record.eventDate = date.description
        record.note = note
        record.otherHouseholdID = other
        record.recordedBy = actor.userID
        try await record.create(on: db)
    }
}

extension RegistryStore {
    /// Cadres who may be a household's 帮扶责任人: active village, township or county users whose region contains it.
    public func helperCandidates(for household: HouseholdRecord) async throws -> [UserRecord] {
        guard let village = RegionCode(household.villageCode) else { return [] }
        let lineage = village.lineage.map(\.digits)
        return try await UserRecord.query(on: db).filter(\.$regionCode ~~ lineage).filter(\.$active == true)
            .filter(\.$role ~~ [Role.village, .township, .county].map(\.rawValue)).sort(\.$displayName).all()
    }

    /// Pairs a 帮扶责任人 with the household from `date`, closing the current pairing the day before.
    public func assignHelper(_ household: HouseholdRecord, to userID: UUID, from date: CivilDate) async throws {
        try requireEditor()
        guard let helper = try await helperCandidates(for: household).first(where: { $0.id == userID }) else {
            throw FieldProblems(["helper": "帮扶责任人应为管辖该户的村、乡镇或县级干部"])
        }
        if date > .today { throw FieldProblems(["startDate": "开始日期不能晚于今天"]) }
        let current = try await HelperAssignmentRecord.query(on: db).filter(\.$householdID == household.id!)
            .filter(\.$endDate == nil).first()
        if let current {
            guard current.userID != userID else { throw FieldProblems(["helper": "\(helper.displayName)已是本户帮扶责任人"]) }
            guard let start = CivilDate(parsing: current.startDate), date > start else {
                throw FieldProblems(["startDate": "开始日期应晚于现任帮扶责任人的开始日期（\(current.startDate)）"])
            }
        }
        let actor = self.actor
        try await db.writeTransaction { tx in
            if let current {
                current.endDate = date.adding(days: -1).description
                try await current.save(on: tx)
            }
            let record = HelperAssignmentRecord()
            record.householdID = household.id!
            record.userID = userID
            record.startDate = date.description
            record.assignedBy = actor.userID
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "helper", entityID: record.id?.uuidString,
                                      householdID: household.id, region: household.villageCode,
                                      summary: "\(current == nil ? "确定" : "调整")帮扶责任人为\(helper.displayName)（自\(date)起）")
        }
    }

    /// Pairings of a household, the current one first.
    public func helperHistory(of household: HouseholdRecord) async throws -> [(HelperAssignmentRecord, UserRecord?)] {
        let records = try await HelperAssignmentRecord.query(on: db).filter(\.$householdID == household.id!)
            .sort(\.$startDate, .descending).all()
        let users = try await UserRecord.query(on: db).filter(\.$id ~~ records.map(\.userID)).all()
        return records.map { r in (r, users.first { $0.id == r.userID }) }
    }
}

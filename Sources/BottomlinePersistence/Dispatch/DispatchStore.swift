import BottomlineDomain
import Fluent
import Foundation

/// The 驻村帮扶 ledger (issue 17 §1): the county sends cadres to its villages and ends their stay (轮换, 召回, 撤换) and
/// grades them each year; a cadre records, from their own login, that they are in the village (the server's clock, not
/// a typed date), asks for leave and keeps a work log; the township or county approves leave within the rule's limits
/// and makes spot checks. Read through the village's code like every village record.
public struct DispatchStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    /// Taps closer together than this are one: a second tap within ten minutes records nothing new.
    public static let tapInterval: TimeInterval = 600

    public func rule(for village: String, on day: CivilDate) async throws -> DispatchRule {
        let place = RegionCode(String(village.prefix(6))) ?? RegionCode("41")!
        guard let rule = try await PolicyStore.book(for: place, on: db).dispatchRule(for: place, on: day) else {
            throw FieldProblems(["_": "\(day)尚无驻村工作的政策参数（工作队人数、任期、请假），请先在“政策参数”中录入"])
        }
        return rule
    }

    public func member(_ id: UUID) async throws -> DispatchMemberRecord? {
        try await registry.scoped(DispatchMemberRecord.self).filter(\.$id == id).first()
    }

    /// The stay the acting user is in on `day`, when they are a cadre with their own login.
    public func ownStay(on day: CivilDate) async throws -> DispatchMemberRecord? {
        guard let user = actor.userID else { return nil }
        return try await DispatchMemberRecord.query(on: db).filter(\.$userID == user).all().first { $0.serves(on: day) && registry.canSee(RegionCode($0.villageCode)!) }
    }

    private func require(_ roles: Set<Role>, _ message: String) throws {
        guard roles.contains(actor.role) else { throw FieldProblems(["_": message]) }
    }

    /// A record handed in from outside must lie in the actor's region (the web reaches it through `member`, which is
    /// scoped; this keeps every other caller to the same rule).
    private func requireSees(_ village: String) throws {
        guard let code = RegionCode(village), registry.canSee(code) else { throw FieldProblems(["_": "该记录不在您的辖区"]) }
    }

    private func clean(_ text: String, _ field: String, _ label: String, _ range: ClosedRange<Int>, lines: Bool = false, into errors: inout FieldErrors) -> String {
        let t = text.trimmingASCIISpaces()
        if !range.contains(t.count) { errors[field] = range.lowerBound == 0 ? "\(label)不超过\(range.upperBound)字" : "请填写\(label)（\(range.lowerBound)至\(range.upperBound)字）" }
        else if t.hasControlCharacter(allowingLineBreaks: lines) { errors[field] = "\(label)含有控制字符" }
        return t
    }

    // MARK: The county's steps

    @discardableResult
    public func send(_ d: DispatchDraft, today: CivilDate) async throws -> DispatchMemberRecord {
        try require([.county], "驻村干部由县级选派登记")
        var errors = FieldErrors()
        let name = clean(d.name, "name", "姓名", 1...30, into: &errors)
        let unit = clean(d.sendingUnit, "sendingUnit", "派出单位", 1...60, into: &errors)
        let batch = clean(d.batch, "batch", "轮换批次", 1...20, into: &errors)
        let phone = d.phone.trimmingASCIISpaces()
        if phone.count > 20 || !phone.allSatisfy({ $0.isASCIIDigit || $0 == "-" }) { errors["phone"] = "联系电话应为数字" }
        if d.plannedEnd <= d.start { errors["plannedEnd"] = "计划期满日应晚于到村日" }
        if d.start > today.adding(days: 366) { errors["start"] = "到村日不能晚于一年以后" }
        let code = RegionCode(d.village.trimmingASCIISpaces())
        if code?.level != .village || !(code.map(registry.canSee) ?? false) { errors["village"] = "请填写您辖区内村的12位区划代码" }
        else if try await RegionRecord.find(code!.digits, on: db) == nil { errors["village"] = "没有区划代码为\(code!.digits)的村" }
        var user: UserRecord?
        let username = d.username.trimmingASCIISpaces()
        if !username.isEmpty {
            user = try await UserRecord.query(on: db).filter(\.$username == String(username.prefix(60))).first()
            if let u = user, u.roleValue == .village, u.regionCode == code?.digits, u.active {
                let others = try await DispatchMemberRecord.query(on: db).filter(\.$userID == u.id!).all()
                if others.contains(where: { $0.endedOn == nil }) { errors["username"] = "账号\(username)已关联一名在岗驻村干部" }
            } else { errors["username"] = "登录账号应为该村的村级用户" }
        }
        guard errors.isEmpty, let code else { throw FieldProblems(errors) }
        _ = try await rule(for: code.digits, on: d.start)
        let r = DispatchMemberRecord()
        (r.id, r.villageCode, r.name, r.phone, r.role, r.sendingUnit, r.sendingLevel) = (UUID(), code.digits, name, phone, d.role.rawValue, unit, d.sendingLevel.rawValue)
        (r.batch, r.startedOn, r.plannedEnd, r.endingReason, r.userID, r.createdBy) = (batch, d.start.description, d.plannedEnd.description, "", user?.id, actor.username)
        try await write(r, r.villageCode, create: true, "选派驻村（\(d.role.label)，\(unit)，\(d.start)到村）")
        return r
    }

    /// The stay ends on `day`: at the end of the term (轮换), or early by 召回 or 撤换 with the reason.
    public func end(_ m: DispatchMemberRecord, _ ending: DispatchEnding, reason: String, on day: CivilDate, today: CivilDate) async throws {
        try require([.county], "驻村干部由县级召回、撤换和轮换")
        try requireSees(m.villageCode)
        guard m.endedOn == nil else { throw FieldProblems(["_": "已于\(m.endedOn!)离村"]) }
        var errors = FieldErrors()
        let reason = clean(reason, "reason", "原因", ending == .rotated ? 0...200 : 4...200, lines: true, into: &errors)
        if day > today { errors["on"] = "离村日期不能晚于今天" }
        if let start = m.start, day < start { errors["on"] = "离村日期不能早于到村日\(start)" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        (m.endedOn, m.ending, m.endingReason) = (day.description, ending.rawValue, reason)
        try await write(m, m.villageCode, "\(ending.label)（\(day)）" + (reason.isEmpty ? "" : "：\(reason)"))
    }

    /// The year's 考核; a second entry for the same year corrects the first (the audit keeps it).
    public func review(_ m: DispatchMemberRecord, year: Int, grade: DispatchGrade, note: String, today: CivilDate) async throws {
        try require([.county], "年度考核由县级登记")
        try requireSees(m.villageCode)
        var errors = FieldErrors()
        let note = clean(note, "note", "考核评语", 0...500, lines: true, into: &errors)
        if let start = m.start, year < start.year || year > today.year { errors["year"] = "考核年度应在\(start.year)至\(today.year)之间" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        // The year's checks that found the cadre away without approved leave cap the grade (a rule of the province).
        let first = CivilDate(year: year, month: 1, day: 1)!, last = CivilDate(year: year, month: 12, day: 31)!
        let absences = try await unexcusedAbsences(m, from: first, to: last)
        if let problem = DispatchRules.gradeProblem(grade, absences: absences, try await rule(for: m.villageCode, on: min(last, today))) {
            throw FieldProblems(["grade": problem])
        }
        let r = try await DispatchReviewRecord.query(on: db).filter(\.$memberID == m.id!).filter(\.$year == year).first() ?? DispatchReviewRecord()
        let old = r.id == nil ? nil : DispatchGrade(rawValue: r.grade)?.label
        if r.id == nil { (r.id, r.memberID, r.villageCode, r.year) = (UUID(), m.id!, m.villageCode, year) }
        (r.grade, r.note, r.reviewedBy) = (grade.rawValue, note, actor.username)
        try await write(r, m.villageCode, create: old == nil, "\(m.name)\(year)年度考核：\(grade.label)" + (old.map { "（原为\($0)）" } ?? ""))
    }

    // MARK: The cadre's own steps

    /// “我在村”: the server's time, and the phone's location when given. Nothing is recorded for a cadre not in a stay.
    @discardableResult
    public func tap(at now: Date, latitude: Double?, longitude: Double?, accuracy: Double?) async throws -> DispatchTapRecord {
        guard let m = try await ownStay(on: CivilDate(now, timeZone: TimeZone.chinaStandard)) else { throw FieldProblems(["_": "您的账号没有关联在岗的驻村干部"]) }
        if let lat = latitude, !(-90...90).contains(lat) { throw FieldProblems(["_": "位置无效"]) }
        if let lon = longitude, !(-180...180).contains(lon) { throw FieldProblems(["_": "位置无效"]) }
        let located = latitude != nil && longitude != nil
        if let last = try await DispatchTapRecord.query(on: db).filter(\.$memberID == m.id!).sort(\.$at, .descending).first(),
           now.timeIntervalSince(last.at) < Self.tapInterval, now >= last.at { return last }
        let t = DispatchTapRecord()
        (t.id, t.memberID, t.villageCode, t.at) = (UUID(), m.id!, m.villageCode, now)
        if located { (t.latitude, t.longitude, t.accuracy) = (latitude, longitude, accuracy.flatMap { (0...100_000).contains($0) ? $0 : nil }) }
        try await t.create(on: db)
        return t
    }

    /// A leave request of the acting cadre; it counts once approved.
    @discardableResult
    public func askLeave(from: CivilDate, to: CivilDate, reason: String, today: CivilDate) async throws -> DispatchLeaveRecord {
        guard let m = try await ownStay(on: today) else { throw FieldProblems(["_": "您的账号没有关联在岗的驻村干部"]) }
        var errors = FieldErrors()
        let reason = clean(reason, "reason", "请假事由", 2...200, lines: true, into: &errors)
        if to < from { errors["to"] = "结束日期不能早于开始日期" } else if from.days(until: to) >= 60 { errors["to"] = "一次请假不超过60天" }
        if from < today.adding(days: -7) { errors["from"] = "补请假不能早于7天前" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let overlapping = try await DispatchLeaveRecord.query(on: db).filter(\.$memberID == m.id!).filter(\.$state != "refused")
            .filter(\.$fromDay <= to.description).filter(\.$toDay >= from.description).first()
        if let o = overlapping { throw FieldProblems(["from": "与\(o.fromDay)至\(o.toDay)的请假重叠"]) }
        let r = DispatchLeaveRecord()
        (r.id, r.memberID, r.villageCode, r.fromDay, r.toDay, r.reason, r.state, r.decidedBy) = (UUID(), m.id!, m.villageCode, from.description, to.description, reason, "requested", "")
        try await write(r, m.villageCode, create: true, "\(m.name)请假\(r.days.count)天（\(from)至\(to)）：\(reason)")
        return r
    }

    public func leave(_ id: UUID) async throws -> DispatchLeaveRecord? {
        try await registry.scoped(DispatchLeaveRecord.self).filter(\.$id == id).first()
    }

    /// Approve or refuse a request: the township up to the rule's limit, the county beyond it.
    public func decide(_ l: DispatchLeaveRecord, approve: Bool, today: CivilDate) async throws {
        try require([.township, .county], "请假由乡镇或县级审批")
        try requireSees(l.villageCode)
        guard l.state == "requested" else { throw FieldProblems(["_": "该请假已审批"]) }
        guard let from = CivilDate(parsing: l.fromDay) else { throw FieldProblems(["_": "该请假记录不完整"]) }
        let days = l.days.count
        if approve, DispatchRules.leaveApprover(days: days, try await rule(for: l.villageCode, on: from)) == .county, actor.role != .county {
            throw FieldProblems(["_": "请假\(days)天，超过乡镇审批权限（\(try await rule(for: l.villageCode, on: from).townshipLeaveDays)天），应报县级审批"])
        }
        (l.state, l.decidedBy, l.decidedOn) = (approve ? "approved" : "refused", actor.username, today.description)
        try await write(l, l.villageCode, "\(approve ? "批准" : "不批准")请假（\(l.fromDay)至\(l.toDay)，\(days)天）")
    }

    /// A day's work log of the acting cadre; a second entry the same day adds to it.
    /// The cadre's 工作日志 of `day`, about the village household numbered `household` when one is given.
    public func log(_ text: String, on day: CivilDate, household number: String = "", today: CivilDate) async throws {
        guard let m = try await ownStay(on: today) else { throw FieldProblems(["_": "您的账号没有关联在岗的驻村干部"]) }
        var errors = FieldErrors()
        let text = clean(text, "text", "工作日志", 2...2_000, lines: true, into: &errors)
        if day > today || day < today.adding(days: -7) { errors["day"] = "日志日期应在7天以内，且不晚于今天" }
        let number = number.trimmingASCIISpaces()
        var household: HouseholdRecord?
        if !number.isEmpty {
            household = try await registry.households().filter(\.$number == String(number.prefix(40))).filter(\.$villageCode == m.villageCode).first()
            if household == nil { errors["household"] = "本村没有户编号为\(number.prefix(40))的农户" }
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = DispatchLogRecord()
        (r.id, r.memberID, r.villageCode, r.day, r.text, r.aboutHouseholdID) = (UUID(), m.id!, m.villageCode, day.description, text, household?.id)
        try await write(r, m.villageCode, create: true, "\(m.name)工作日志（\(day)）" + (household.map { "，农户\($0.number)" } ?? ""))
    }

    // MARK: Checks

    /// A spot check by the township or county: the day, the method, and whether the cadre was found in the village.
    public func check(_ m: DispatchMemberRecord, on day: CivilDate, method: DispatchCheckMethod, present: Bool, note: String, today: CivilDate) async throws {
        try require([.township, .county], "查岗由乡镇或县级登记")
        try requireSees(m.villageCode)
        var errors = FieldErrors()
        let note = clean(note, "note", "查岗情况", present ? 0...300 : 2...300, lines: true, into: &errors)
        if day > today { errors["on"] = "查岗日期不能晚于今天" }
        if !m.serves(on: day) { errors["on"] = "\(day)该干部不在驻村期内" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let r = DispatchCheckRecord()
        (r.id, r.memberID, r.villageCode, r.day, r.method, r.present, r.note, r.checkedBy) = (UUID(), m.id!, m.villageCode, day.description, method.rawValue, present, note, actor.username)
        try await write(r, m.villageCode, create: true, "\(method.label)\(m.name)（\(day)）：\(present ? "在岗" : "不在岗")" + (note.isEmpty ? "" : "，\(note)"))
    }

    private func write<M: Model>(_ r: M, _ village: String, create: Bool = false, _ summary: String) async throws where M.IDValue == UUID {
        let actor = self.actor
        try await db.writeTransaction { tx in
            if create { try await r.create(on: tx) } else { try await r.save(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: create ? .create : .update, entity: "dispatch", entityID: r.id?.uuidString,
                                      region: village, summary: summary)
        }
    }

    // MARK: Reading

    /// The checks of `from...to` that found the cadre away on a day without approved leave.
    public func unexcusedAbsences(_ m: DispatchMemberRecord, from: CivilDate, to: CivilDate) async throws -> Int {
        let checks = try await DispatchCheckRecord.query(on: db).filter(\.$memberID == m.id!).filter(\.$day >= from.description).filter(\.$day <= to.description).all()
        guard checks.contains(where: { !$0.present }) else { return 0 }
        let leave = try await DispatchLeaveRecord.query(on: db).filter(\.$memberID == m.id!).filter(\.$state == "approved")
            .filter(\.$toDay >= from.description).filter(\.$fromDay <= to.description).all().reduce(into: Set<CivilDate>()) { $0.formUnion($1.days) }
        return DispatchRules.unexcusedAbsences(checks.compactMap { c in CivilDate(parsing: c.day).map { DispatchCheck(day: $0, present: c.present) } }, leave: leave)
    }

    /// Each cadre of `region` in a stay at some time in `from...to`, with their presence, approved leave and the checks
    /// of that span (`from` reaches back to the Monday before, so the span's first week is whole).
    public func stays(within region: RegionCode, from: CivilDate, to: CivilDate) async throws -> [MemberStay] {
        guard registry.canSee(region) else { return [] }
        let range = region.codeRange
        let members = try await registry.scoped(DispatchMemberRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$startedOn <= to.description).sort(\.$villageCode).sort(\.$role).all()
            .filter { m in m.endedOn.map { $0 >= from.description } ?? true }
        guard !members.isEmpty else { return [] }
        let ids = members.map { $0.id! }
        let start = DispatchRules.weekStart(from)
        // A night's tap may come up to six in the morning of the day after.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.chinaStandard
        let lower = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day))!
        let upper = calendar.date(from: DateComponents(year: to.year, month: to.month, day: to.day))!.addingTimeInterval(86_400 + 6 * 3_600)
        var taps: [UUID: [Date]] = [:], leaves: [UUID: Set<CivilDate>] = [:], checks: [UUID: [DispatchCheckRecord]] = [:]
        for chunk in ids.chunked() {
            for t in try await DispatchTapRecord.query(on: db).filter(\.$memberID ~~ chunk).filter(\.$at >= lower).filter(\.$at < upper).all() {
                taps[t.memberID, default: []].append(t.at)
            }
            for l in try await DispatchLeaveRecord.query(on: db).filter(\.$memberID ~~ chunk).filter(\.$state == "approved")
                .filter(\.$toDay >= start.description).filter(\.$fromDay <= to.description).all() {
                leaves[l.memberID, default: []].formUnion(l.days)
            }
            for c in try await DispatchCheckRecord.query(on: db).filter(\.$memberID ~~ chunk).filter(\.$day >= from.description).filter(\.$day <= to.description).all() {
                checks[c.memberID, default: []].append(c)
            }
        }
        return members.map { m in
            MemberStay(member: m, stay: DispatchStay(start: m.start ?? from, ended: m.end, presence: Presence(taps: taps[m.id!] ?? []), leave: leaves[m.id!] ?? []),
                       checks: (checks[m.id!] ?? []).sorted { $0.day < $1.day })
        }
    }

    /// A region's figures for month `month` of `year`, looked at on `asOf` (the month's last day, or today within it),
    /// by each child unit (townships of a county, villages of a township) and in total.
    public func figures(within region: RegionCode, year: Int, month: Int, asOf: CivilDate) async throws -> (total: DispatchFigures, children: [String: DispatchFigures], stays: [MemberStay], rule: DispatchRule?) {
        let first = CivilDate(year: year, month: month, day: 1)!
        let week = DispatchRules.lastWholeWeek(before: asOf)
        // Early in a month the last whole week began in the month before.
        let stays = try await stays(within: region, from: min(first, week), to: asOf)
        guard let rule = try? await self.rule(for: region.digits, on: asOf) else { return (DispatchFigures(), [:], stays, nil) }
        let childLength = region.level == .county ? 9 : region.level == .township ? 12 : 6
        var children: [String: DispatchFigures] = [:]
        var teams: [String: [DispatchRole]] = [:]
        for s in stays {
            let child = String(s.member.villageCode.prefix(childLength))
            var f = children[child] ?? DispatchFigures()
            if s.member.serves(on: asOf) {
                f.cadres += 1
                if s.member.roleValue == .secretary { f.secretaries += 1 }
                teams[s.member.villageCode, default: []].append(s.member.roleValue ?? .member)
                if DispatchRules.weekShortfall(s.stay, week: week, rule) != nil { f.belowRuleLastWeek += 1 }
            }
            if DispatchRules.monthShortfall(s.stay, year: year, month: month, asOf: asOf, rule) != nil { f.belowRuleLastMonth += 1 }
            let checks = s.checks.filter { $0.day >= first.description }
            f.checks += checks.count
            f.presentAtChecks += checks.filter(\.present).count
            f.unexcused += DispatchRules.unexcusedAbsences(checks.compactMap { c in CivilDate(parsing: c.day).map { DispatchCheck(day: $0, present: c.present) } }, leave: s.stay.leave)
            children[child] = f
        }
        for (village, roles) in teams {
            let child = String(village.prefix(childLength))
            children[child]?.teams += 1
            if !DispatchRules.teamProblems(roles: roles, rule).isEmpty { children[child]?.smallTeams += 1 }
        }
        return (children.values.reduce(DispatchFigures(), +), children, stays, rule)
    }
}

/// One cadre's stay with what was recorded of it over a span.
public struct MemberStay: Sendable {
    public let member: DispatchMemberRecord
    public let stay: DispatchStay
    public let checks: [DispatchCheckRecord]
}

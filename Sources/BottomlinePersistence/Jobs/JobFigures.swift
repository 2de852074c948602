import BottomlineDomain
import Fluent
import Foundation

/// One finding of the 公益岗位 checks, with whose it is.
public struct PostCheck: Sendable {
    public var householdID: UUID
    public var householdNumber: String
    public var villageCode: String
    public var person: String
    public var post: String
    public var finding: PostFinding
}

extension JobStore {
    /// Of `ids`, the households whose people the figures count: 脱贫户 and 监测户 (eliminated or not), active. Only the
    /// households the records name are read, so a province's figures do not read its registry.
    private func countedHouseholds(_ ids: Set<UUID>) async throws -> [UUID: HouseholdRecord] {
        var out: [UUID: HouseholdRecord] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 1_000) {
            for h in try await HouseholdRecord.query(on: db).filter(\.$id ~~ Array(all[start..<min(start + 1_000, all.count)]))
                .filter(\.$status == HouseholdStatus.active.rawValue).all()
            where h.category == HouseholdCategory.alleviated.rawValue || h.monitoringCategory != nil {
                out[h.id!] = h
            }
        }
        return out
    }

    /// Figures per village inside `region` (within the actor's) for `day`'s year up to `day`.
    public func figures(within region: RegionCode, asOf day: CivilDate) async throws -> [String: JobFigures] {
        guard registry.canSee(region) else { return [:] }
        let range = region.codeRange
        let spells = try await WorkSpellRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).all()
        let posts = try await PublicPostRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).all()
        let yearStart = CivilDate(year: day.year, month: 1, day: 1)!, month = CivilMonth(day), firstMonth = CivilMonth(year: day.year, month: 1)!
        var out: [String: JobFigures] = [:]
        // Workers, by their latest spell of the period; a post alone makes a 县内 worker.
        var latest: [UUID: (village: String, start: CivilMonth, scope: WorkPlaceScope)] = [:]
        let skills = try await SkillRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$onDate >= yearStart.description).filter(\.$onDate <= day.description).all()
        let counted = try await countedHouseholds(Set(spells.map(\.householdID) + posts.map(\.householdID) + skills.map(\.householdID)))
        for r in spells {
            guard let h = counted[r.householdID], let s = r.spell, let months = s.months(through: month), months.upperBound >= firstMonth.index else { continue }
            if let seen = latest[r.personID], seen.start > s.start { continue }
            latest[r.personID] = (r.villageCode, s.start, WorkPlaceScope.of(place: s.place, home: RegionCode(String(h.villageCode.prefix(6)))!))
        }
        for r in posts {
            guard counted[r.householdID] != nil, let p = r.post else { continue }
            if p.overlaps(yearStart, day), latest[r.personID] == nil { latest[r.personID] = (r.villageCode, CivilMonth(p.start), .county) }
            if p.overlaps(day, day) { out[r.villageCode, default: JobFigures()].posts += 1 }
        }
        for (_, w) in latest {
            out[w.village, default: JobFigures()].workers += 1
            switch w.scope {
            case .county: out[w.village]!.inCounty += 1
            case .province: out[w.village]!.inProvince += 1
            case .outside: out[w.village]!.outside += 1
            }
        }
        let from = yearStart.description, to = day.description
        var students: [String: Set<UUID>] = [:]
        for r in try await YuluPaymentRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$paidOn >= from).filter(\.$paidOn <= to).all() {
            students[r.villageCode, default: []].insert(r.personID)
            out[r.villageCode, default: JobFigures()].yuluAmount = out[r.villageCode, default: JobFigures()].yuluAmount + Money(fen: r.amountFen)
        }
        for (v, s) in students { out[v, default: JobFigures()].yuluStudents = s.count }
        for r in try await TransportSubsidyRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$year == day.year).filter(\.$paidOn <= to).all() {
            out[r.villageCode, default: JobFigures()].transportPersons += 1
            out[r.villageCode]!.transportAmount = out[r.villageCode]!.transportAmount + Money(fen: r.amountFen)
        }
        var skilled: [String: (certified: Set<UUID>, trained: Set<UUID>)] = [:]
        for r in skills where counted[r.householdID] != nil {
            if r.kind == SkillRecordKind.certificate.rawValue { skilled[r.villageCode, default: ([], [])].certified.insert(r.personID) }
            else { skilled[r.villageCode, default: ([], [])].trained.insert(r.personID) }
        }
        for (v, s) in skilled {
            out[v, default: JobFigures()].certificates = s.certified.count
            out[v]!.trained = s.trained.count
        }
        return out
    }

    /// The figures of `region`'s child units (a county's townships, a township's villages) and of the whole.
    public func table(of region: RegionCode, asOf day: CivilDate) async throws -> (rows: [(code: String, name: String, figures: JobFigures)], total: JobFigures) {
        let villages = try await figures(within: region, asOf: day)
        let digits = region.level.child?.significantDigits ?? 12
        var byChild: [String: JobFigures] = [:]
        for (code, f) in villages { byChild[String(code.prefix(digits)), default: JobFigures()] = byChild[String(code.prefix(digits)), default: JobFigures()] + f }
        let children = try await registry.children(of: region)
        let rows = children.map { (code: $0.id!, name: $0.name, figures: byChild[$0.id!] ?? JobFigures()) }
        return (rows, villages.values.reduce(JobFigures(), +))
    }

    /// The 公益岗位 checks over every post inside `region` held at some time in `day`'s year, looked at on `day`.
    public func postChecks(within region: RegionCode, on day: CivilDate) async throws -> [PostCheck] {
        guard registry.canSee(region) else { return [] }
        let range = region.codeRange
        let yearStart = CivilDate(year: day.year, month: 1, day: 1)!
        let posts = try await PublicPostRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).all()
            .filter { $0.post?.overlaps(yearStart, day) ?? false }
        guard !posts.isEmpty else { return [] }
        let personIDs = Set(posts.map(\.personID))
        let persons = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ personIDs).all().map { ($0.id!, $0) })
        let households = try await registry.households(Set(posts.map(\.householdID)))
        var allPosts: [UUID: [PublicPostRecord]] = [:], spells: [UUID: [WorkSpell]] = [:]
        for p in try await PublicPostRecord.query(on: db).filter(\.$personID ~~ personIDs).all() { allPosts[p.personID, default: []].append(p) }
        for s in try await WorkSpellRecord.query(on: db).filter(\.$personID ~~ personIDs).all() { if let w = s.spell { spells[s.personID, default: []].append(w) } }
        var out: [PostCheck] = []
        for r in posts {
            guard let post = r.post, let h = households[r.householdID], let person = persons[r.personID] else { continue }
            let others = (allPosts[r.personID] ?? []).filter { $0.id != r.id }.compactMap(\.post)
            for f in JobRules.postFindings(post, birth: CivilDate(parsing: person.birthDate), otherPosts: others, spells: spells[r.personID] ?? [],
                                           home: RegionCode(String(h.villageCode.prefix(6)))!, on: day) {
                out.append(PostCheck(householdID: h.id!, householdNumber: h.number, villageCode: h.villageCode, person: person.name,
                                     post: "\(post.type.label)（\(post.period)）", finding: f))
            }
        }
        return out.sorted { ($0.villageCode, $0.householdNumber) < ($1.villageCode, $1.householdNumber) }
    }

    /// The targets set for `region`'s `year`, by measure.
    public func targets(of region: RegionCode, year: Int) async throws -> [JobMeasure: JobTargetRecord] {
        var out: [JobMeasure: JobTargetRecord] = [:]
        for r in try await JobTargetRecord.query(on: db).filter(\.$regionCode == region.digits).filter(\.$year == year).all() {
            if let m = JobMeasure(rawValue: r.measure) { out[m] = r }
        }
        return out
    }

    /// Records the target set for the actor's own region (a county or above) for a year, replacing an earlier one.
    public func setTarget(_ measure: JobMeasure, year: Int, target: Int, source: String, today: CivilDate) async throws {
        guard actor.role == .county || actor.role == .admin, actor.region.level <= .county else {
            throw FieldProblems(["_": "目标任务由县级及以上登记"])
        }
        var errors = FieldErrors()
        if !(today.year - 5...today.year + 1).contains(year) { errors["year"] = "年度应在\(today.year - 5)至\(today.year + 1)年之间" }
        if !(1...10_000_000).contains(target) { errors["target"] = "目标应为1至1000万之间的整数" }
        let source = source.trimmingASCIISpaces()
        if source.isEmpty || source.count > 100 { errors["source"] = "请填写目标依据（文件或通知，不超过100字）" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let region = actor.region, actor = self.actor
        try await db.writeTransaction { tx in
            let r = try await JobTargetRecord.query(on: tx).filter(\.$regionCode == region.digits).filter(\.$year == year).filter(\.$measure == measure.rawValue).first()
                ?? JobTargetRecord()
            let before = r.id == nil ? "" : "（原为\(r.target)）"
            (r.regionCode, r.year, r.measure, r.target, r.source, r.setBy) = (region.digits, year, measure.rawValue, target, source, actor.username)
            try await r.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "job_target", entityID: r.id?.uuidString, region: region.digits,
                                      summary: "\(year)年\(measure.label)目标\(target)\(before)，依据：\(source)")
        }
    }
}

extension JobStore {
    /// What the ledgers hold of a household's income in `year` up to `today` (issue 16 §4): wages from its members' 务工
    /// spells with a recorded monthly income and from 公益岗位 pay; transfers from 雨露计划, 交通补助 and paid 防贫保险
    /// claims. Offered on the income form for the cadre to confirm.
    public func recordedIncome(of household: HouseholdRecord, year: Int, today: CivilDate) async throws -> [LedgerIncomeLine] {
        guard registry.canSee(RegionCode(household.villageCode) ?? actor.region) else { return [] }
        let id = household.id!
        let names = Dictionary(try await PersonRecord.query(on: db).filter(\.$householdID == id).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let home = RegionCode(String(household.villageCode.prefix(6)))!
        let lastDay = min(today, CivilDate(year: year, month: 12, day: 31)!)
        var out: [LedgerIncomeLine] = []
        for r in try await WorkSpellRecord.query(on: db).filter(\.$householdID == id).sort(\.$startMonth).all() {
            guard let s = r.spell, let pay = s.monthlyIncome else { continue }
            let w = JobRules.wages(s, year: year, through: CivilMonth(lastDay))
            if w.months > 0 {
                out.append(LedgerIncomeLine(field: .wages, source: "\(names[r.personID] ?? "")\(WorkPlaceScope.of(place: s.place, home: home).label)务工（\(s.period)，\(w.months)个月×\(pay.yuanText)元）",
                                            amount: w.amount))
            }
        }
        for r in try await PublicPostRecord.query(on: db).filter(\.$householdID == id).sort(\.$startOn).all() {
            guard let p = r.post else { continue }
            let w = JobRules.postPay(p, year: year, through: lastDay)
            if w.months > 0 {
                out.append(LedgerIncomeLine(field: .wages, source: "\(names[r.personID] ?? "")公益岗位\(p.type.label)（\(w.months)个月×\(p.monthlyPay.yuanText)元）", amount: w.amount))
            }
        }
        let from = "\(year)-01-01", to = lastDay.description
        for r in try await YuluPaymentRecord.query(on: db).filter(\.$householdID == id).filter(\.$paidOn >= from).filter(\.$paidOn <= to).all() {
            out.append(LedgerIncomeLine(field: .transfers, source: "雨露计划：\(names[r.personID] ?? "")（\(r.paidOn)发放）", amount: Money(fen: r.amountFen)))
        }
        for r in try await TransportSubsidyRecord.query(on: db).filter(\.$householdID == id).filter(\.$paidOn >= from).filter(\.$paidOn <= to).all() {
            out.append(LedgerIncomeLine(field: .transfers, source: "跨省务工交通补助：\(names[r.personID] ?? "")（\(r.paidOn)发放）", amount: Money(fen: r.amountFen)))
        }
        for r in try await InsuranceClaimRecord.query(on: db).filter(\.$householdID == id).filter(\.$status == ClaimStatus.paid.rawValue)
            .filter(\.$paidOn >= from).filter(\.$paidOn <= to).all() {
            out.append(LedgerIncomeLine(field: .transfers, source: "防贫保险\(r.triggerValue?.label ?? "")赔付（\(r.paidOn ?? "")）", amount: Money(fen: r.amountFen)))
        }
        return out
    }
}

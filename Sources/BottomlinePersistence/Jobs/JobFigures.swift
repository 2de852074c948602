import BottomlineDomain
import Fluent
import Foundation
import SQLKit

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
    /// Figures per village inside `region` (within the actor's) for `day`'s year up to `day`.
    ///
    /// Counted by the database, not by loading rows: a township with twenty thousand spells took seconds a page when
    /// each spell was read (issue 16's note), and a province holds millions. Workers, posts and 培训/持证 count only the
    /// people of households the figures are for — 脱贫户 and 监测户 (eliminated or not), active; 雨露 and 交通补助 are
    /// counted as paid. A worker is counted once, in the village and place of their latest spell overlapping the year up
    /// to `day`'s month; one with a 公益岗位 in that time and no spell is a 县内 worker.
    public func figures(within region: RegionCode, asOf day: CivilDate) async throws -> [String: JobFigures] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let (lower, upper) = region.codeRange
        let yearStart = CivilDate(year: day.year, month: 1, day: 1)!
        let (from, to) = (yearStart.description, day.description)
        let (firstMonth, month) = (CivilMonth(year: day.year, month: 1)!.description, CivilMonth(day).description)
        // Whether the row's household is one the figures count, asked of that household alone (by its key) for each
        // row: as `household_id IN (SELECT …)` both databases read every household of the registry first — 10 ms a
        // query on PostgreSQL at 30,000 households for 500 spells, three times a dashboard.
        func counted(_ row: String) -> SQLQueryString {
            """
            (SELECT COUNT(*) FROM households h WHERE h.id = \(unsafeRaw: row).household_id AND h.status = \(bind: HouseholdStatus.active.rawValue)
               AND (h.category = \(bind: HouseholdCategory.alleviated.rawValue) OR h.monitoring_category IS NOT NULL)) = 1
            """
        }
        var out: [String: JobFigures] = [:]
        func int(_ row: any SQLRow, _ column: String) throws -> Int { try row.decode(column: column, as: Int?.self) ?? 0 }

        // 县内 / 省内县外 / 省外 by the spell's place against its household's county (both codes' first six and two digits).
        for row in try await sql.raw("""
            SELECT village_code, scope, COUNT(*) AS n FROM (
              SELECT village_code, scope, ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY kind, start DESC) AS latest FROM (
                SELECT s.person_id, s.village_code, s.start_month AS start, 0 AS kind,
                       CASE WHEN substr(s.place_code, 1, 6) = substr(s.village_code, 1, 6) THEN 'county'
                            WHEN substr(s.place_code, 1, 2) = substr(s.village_code, 1, 2) THEN 'province' ELSE 'outside' END AS scope
                FROM work_spells s
                WHERE s.village_code >= \(bind: lower) AND s.village_code < \(bind: upper) AND s.start_month <= \(bind: month)
                  AND (s.end_month IS NULL OR s.end_month >= \(bind: firstMonth)) AND \(counted("s"))
                UNION ALL
                SELECT p.person_id, p.village_code, p.start_on AS start, 1 AS kind, 'county' AS scope
                FROM public_posts p
                WHERE p.village_code >= \(bind: lower) AND p.village_code < \(bind: upper) AND p.start_on <= \(bind: to)
                  AND (p.end_on IS NULL OR p.end_on >= \(bind: from)) AND \(counted("p"))
              ) AS worked
            ) AS ranked
            WHERE latest = 1 GROUP BY village_code, scope
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self), n = try int(row, "n")
            var f = out[village] ?? JobFigures()
            f.workers += n
            switch try row.decode(column: "scope", as: String.self) {
            case "county": f.inCounty += n
            case "province": f.inProvince += n
            default: f.outside += n
            }
            out[village] = f
        }
        for row in try await sql.raw("""
            SELECT village_code, COUNT(*) AS n FROM public_posts
            WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND start_on <= \(bind: to)
              AND (end_on IS NULL OR end_on >= \(bind: to)) AND \(counted("public_posts"))
            GROUP BY village_code
            """).all() {
            out[try row.decode(column: "village_code", as: String.self), default: JobFigures()].posts = try int(row, "n")
        }
        for row in try await sql.raw("""
            SELECT village_code, COUNT(DISTINCT person_id) AS n, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM yulu_payments
            WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND paid_on >= \(bind: from) AND paid_on <= \(bind: to)
            GROUP BY village_code
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self)
            out[village, default: JobFigures()].yuluStudents = try int(row, "n")
            out[village]!.yuluAmount = Money(fen: Int64(try int(row, "fen")))
        }
        for row in try await sql.raw("""
            SELECT village_code, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM transport_subsidies
            WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND year = \(bind: day.year) AND paid_on <= \(bind: to)
            GROUP BY village_code
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self)
            out[village, default: JobFigures()].transportPersons = try int(row, "n")
            out[village]!.transportAmount = Money(fen: Int64(try int(row, "fen")))
        }
        for row in try await sql.raw("""
            SELECT village_code, CASE WHEN kind = \(bind: SkillRecordKind.certificate.rawValue) THEN 1 ELSE 0 END AS certified,
                   COUNT(DISTINCT person_id) AS n FROM skill_records
            WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND on_date >= \(bind: from) AND on_date <= \(bind: to)
              AND \(counted("skill_records"))
            GROUP BY village_code, certified
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self), n = try int(row, "n")
            if try int(row, "certified") == 1 { out[village, default: JobFigures()].certificates = n } else { out[village, default: JobFigures()].trained = n }
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
        var attendance: [UUID: [PostAttendance]] = [:]
        for chunk in posts.compactMap(\.id).chunked() {
            for a in try await PostAttendanceRecord.query(on: db).filter(\.$postID ~~ chunk).filter(\.$month >= "\(day.year - 1)-01").all() {
                if let m = a.attendance { attendance[a.postID, default: []].append(m) }
            }
        }
        var out: [PostCheck] = []
        for r in posts {
            guard let post = r.post, let h = households[r.householdID], let person = persons[r.personID] else { continue }
            let others = (allPosts[r.personID] ?? []).filter { $0.id != r.id }.compactMap(\.post)
            for f in JobRules.postFindings(post, birth: CivilDate(parsing: person.birthDate), otherPosts: others, spells: spells[r.personID] ?? [],
                                           home: RegionCode(String(h.villageCode.prefix(6)))!, on: day)
                + JobRules.attendanceFindings(post, attendance: attendance[r.id!] ?? [], on: day) {
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

    /// The targets set for each child unit of `region` for a year (a province's counties, a county's townships), by
    /// unit code and measure.
    public func childTargets(of region: RegionCode, year: Int) async throws -> [String: [JobMeasure: JobTargetRecord]] {
        guard registry.canSee(region) else { return [:] }
        let codes = try await registry.children(of: region).compactMap(\.id)
        guard !codes.isEmpty else { return [:] }
        var out: [String: [JobMeasure: JobTargetRecord]] = [:]
        for r in try await JobTargetRecord.query(on: db).filter(\.$regionCode ~~ codes).filter(\.$year == year).all() {
            if let m = JobMeasure(rawValue: r.measure) { out[r.regionCode, default: [:]][m] = r }
        }
        return out
    }

    /// Records the target set for a year, replacing an earlier one: for the actor's own region (a county or above),
    /// or handed down to one of its child units (a province's to its counties, a county's to its townships), which
    /// then read it as their own.
    public func setTarget(_ measure: JobMeasure, year: Int, target: Int, source: String, for unit: RegionCode? = nil, today: CivilDate) async throws {
        guard actor.role == .county || actor.role == .admin, actor.region.level <= .county else {
            throw FieldProblems(["_": "目标任务由县级及以上登记"])
        }
        let region = unit ?? actor.region
        if region != actor.region {
            guard try await registry.children(of: actor.region).contains(where: { $0.id == region.digits }) else {
                throw FieldProblems(["unit": "只能下达给本级或直接下级单位"])
            }
        }
        var errors = FieldErrors()
        if !(today.year - 5...today.year + 1).contains(year) { errors["year"] = "年度应在\(today.year - 5)至\(today.year + 1)年之间" }
        if !(1...10_000_000).contains(target) { errors["target"] = "目标应为1至1000万之间的整数" }
        let source = source.trimmingASCIISpaces()
        if source.isEmpty || source.count > 100 { errors["source"] = "请填写目标依据（文件或通知，不超过100字）" }
        else if source.hasControlCharacter() { errors["source"] = "目标依据含有控制字符" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = self.actor
        let unitName = region == actor.region ? "" : (try await RegionRecord.find(region.digits, on: db)?.name ?? region.digits) + "："
        try await db.writeTransaction { tx in
            let r = try await JobTargetRecord.query(on: tx).filter(\.$regionCode == region.digits).filter(\.$year == year).filter(\.$measure == measure.rawValue).first()
                ?? JobTargetRecord()
            let before = r.id == nil ? "" : "（原为\(r.target)）"
            (r.regionCode, r.year, r.measure, r.target, r.source, r.setBy) = (region.digits, year, measure.rawValue, target, source, actor.username)
            try await r.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "job_target", entityID: r.id?.uuidString, region: region.digits,
                                      summary: "\(unitName)\(year)年\(measure.label)目标\(target)\(before)，依据：\(source)")
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
        let posts = try await PublicPostRecord.query(on: db).filter(\.$householdID == id).sort(\.$startOn).all()
        var paid: [UUID: [CivilMonth: Money]] = [:]
        for a in try await PostAttendanceRecord.query(on: db).filter(\.$postID ~~ posts.compactMap(\.id)).all() {
            if let m = CivilMonth(parsing: a.month) { paid[a.postID, default: [:]][m] = Money(fen: a.payFen) }
        }
        for r in posts {
            guard let p = r.post else { continue }
            let w = JobRules.postPay(p, year: year, through: lastDay, paid: paid[r.id!] ?? [:])
            if w.months > 0 {
                let how = w.attended == 0 ? "\(w.months)个月×\(p.monthlyPay.yuanText)元"
                    : w.attended == w.months ? "\(w.months)个月，按考勤发放" : "\(w.months)个月，其中\(w.attended)个月按考勤发放、\(w.months - w.attended)个月按月补贴\(p.monthlyPay.yuanText)元"
                out.append(LedgerIncomeLine(field: .wages, source: "\(names[r.personID] ?? "")公益岗位\(p.type.label)（\(how)）", amount: w.amount))
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

import BottomlineDomain
import Fluent
import Foundation

/// A scheme as the county enters it.
public struct InsuranceSchemeDraft: Sendable {
    public var year: Int
    public var insurer: String
    public var coversOrdinary: Bool
    public var insuredPersons: Int
    public var premiumPerPerson: Money
    public var carriedIn: Money
    public var noticeDays: Int
    public var rules: [InsuranceTrigger: TriggerRule]
    public init(year: Int, insurer: String, coversOrdinary: Bool, insuredPersons: Int, premiumPerPerson: Money, carriedIn: Money, noticeDays: Int,
                rules: [InsuranceTrigger: TriggerRule]) {
        (self.year, self.insurer, self.coversOrdinary, self.insuredPersons) = (year, insurer, coversOrdinary, insuredPersons)
        (self.premiumPerPerson, self.carriedIn, self.noticeDays, self.rules) = (premiumPerPerson, carriedIn, noticeDays, rules)
    }
}

/// What a scheme's year comes to.
public struct InsuranceSummary: Sendable {
    public var premium: Money
    public var paid: Money
    public var claims: [ClaimStatus: Int]
    public var householdsPaid: Int
    public var lossRatio: MoneyShare
    public var meanPayout: Money?
    public var carriedForward: Money
}

/// 防贫保险 (issue 16 §2): the county's scheme for a year, and its households' claims — opened by a cadre or proposed
/// from the 医保 feed the screening reads (the household's 12-month 个人自付 above the scheme's 因病 line), each
/// computed from the scheme's numbers with its arithmetic kept, checked and paid by the county (after 公示 where the
/// scheme asks for one). Claims are read through the household's village.
public struct InsuranceStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }
    var isCounty: Bool { actor.role == .county && actor.region.level == .county }

    /// The scheme of the actor's county (or the county of a township's or village's) for a year.
    public func scheme(year: Int) async throws -> InsuranceSchemeRecord? {
        guard actor.region.level >= .county else { return nil }
        return try await InsuranceSchemeRecord.query(on: db).filter(\.$countyCode == String(actor.region.digits.prefix(6))).filter(\.$year == year).first()
    }

    @discardableResult
    public func saveScheme(_ d: InsuranceSchemeDraft, today: CivilDate) async throws -> InsuranceSchemeRecord {
        guard isCounty else { throw FieldProblems(["_": "防贫保险方案由县级登记"]) }
        var errors = FieldErrors()
        if !(today.year - 3...today.year + 1).contains(d.year) { errors["year"] = "年度应在\(today.year - 3)至\(today.year + 1)年之间" }
        let insurer = d.insurer.trimmingASCIISpaces()
        if insurer.isEmpty || insurer.count > 60 { errors["insurer"] = "请填写承保公司（不超过60字）" } else if insurer.hasControlCharacter() { errors["insurer"] = "承保公司含有控制字符" }
        if !(1...10_000_000).contains(d.insuredPersons) { errors["insuredPersons"] = "参保人数应为1至1000万之间的整数" }
        if d.premiumPerPerson.fen <= 0 || d.premiumPerPerson > Money(yuan: 1_000) { errors["premium"] = "人均保费应为大于0、不超过1000元的金额" }
        if d.carriedIn.fen < 0 { errors["carriedIn"] = "上年结转不能为负数" }
        if !(0...30).contains(d.noticeDays) { errors["noticeDays"] = "公示天数应为0至30天（0为不公示）" }
        if d.rules.isEmpty { errors["_"] = "至少填写一种赔付类型的起付线和赔付比例" }
        for (t, r) in d.rules {
            if r.line.fen < 0 || !(1...10_000).contains(r.ratio) || (r.cap.map { $0.fen <= 0 } ?? false) {
                errors[t.rawValue] = "\(t.label)：起付线不能为负，赔付比例应在0至100%之间，封顶应大于0"
            }
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let county = actor.region.digits, actor = self.actor
        return try await db.writeTransaction { tx in
            let r = try await InsuranceSchemeRecord.query(on: tx).filter(\.$countyCode == county).filter(\.$year == d.year).first() ?? InsuranceSchemeRecord()
            if let id = r.id, try await InsuranceClaimRecord.query(on: tx).filter(\.$schemeID == id).count() > 0,
               InsuranceTrigger.allCases.contains(where: { r.rule($0) != d.rules[$0] }) {
                throw FieldProblems(["_": "\(d.year)年方案已有理赔，不能再改赔付规则"])
            }
            (r.countyCode, r.year, r.insurer, r.coversOrdinary, r.insuredPersons) = (county, d.year, insurer, d.coversOrdinary, d.insuredPersons)
            (r.premiumPerPersonFen, r.carriedInFen, r.noticeDays, r.createdBy) = (d.premiumPerPerson.fen, d.carriedIn.fen, d.noticeDays, actor.username)
            for t in InsuranceTrigger.allCases { r.set(t, d.rules[t]) }
            try await r.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "insurance_scheme", entityID: r.id?.uuidString, region: county,
                                      summary: "\(d.year)年防贫保险方案：\(insurer)，\(d.insuredPersons)人，人均\(d.premiumPerPerson.yuanText)元；"
                                        + InsuranceTrigger.allCases.compactMap { t in d.rules[t].map { "\(t.label)\($0.text)" } }.joined(separator: "；"))
            return r
        }
    }

    /// Whether the scheme covers the household on a day.
    public static func covers(_ scheme: InsuranceSchemeRecord, _ h: HouseholdRecord, on day: CivilDate) -> Bool {
        h.standing(on: day).eligible || scheme.coversOrdinary
    }

    /// Opens a claim by hand: a cadre of the household's place, for a cost the household bore.
    @discardableResult
    public func open(_ household: HouseholdRecord, trigger: InsuranceTrigger, cost: Money, note: String, today: CivilDate,
                     source: String = "manual") async throws -> InsuranceClaimRecord {
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以登记理赔"]) }
        guard registry.canSee(RegionCode(household.villageCode) ?? actor.region), household.isActive else { throw FieldProblems(["_": "该户不在您的辖区内或已注销"]) }
        guard let scheme = try await InsuranceSchemeRecord.query(on: db).filter(\.$countyCode == String(household.villageCode.prefix(6))).filter(\.$year == today.year).first() else {
            throw FieldProblems(["_": "本县尚未登记\(today.year)年的防贫保险方案"])
        }
        return try await db.writeTransaction { tx in try await Self.open(household, scheme: scheme, trigger: trigger, cost: cost, note: note, source: source, today: today, actor: self.actor, on: tx) }
    }

    static func open(_ household: HouseholdRecord, scheme: InsuranceSchemeRecord, trigger: InsuranceTrigger, cost: Money, note: String, source: String,
                     today: CivilDate, actor: Actor, on db: any Database) async throws -> InsuranceClaimRecord {
        guard let rule = scheme.rule(trigger) else { throw FieldProblems(["trigger": "\(scheme.year)年方案不含\(trigger.label)赔付"]) }
        guard covers(scheme, household, on: today) else { throw FieldProblems(["_": "\(scheme.year)年方案只保脱贫户和监测户，该户不在参保范围"]) }
        if cost.fen <= 0 || cost > Money(yuan: 10_000_000) { throw FieldProblems(["cost": "\(trigger.costLabel)应为大于0的金额（元）"]) }
        if note.hasControlCharacter(allowingLineBreaks: true) { throw FieldProblems(["note": "说明含有控制字符"]) }
        if try await InsuranceClaimRecord.query(on: db).filter(\.$schemeID == scheme.id!).filter(\.$householdID == household.id!)
            .filter(\.$trigger == trigger.rawValue).filter(\.$status != ClaimStatus.refused.rawValue).first() != nil {
            throw FieldProblems(["trigger": "该户\(scheme.year)年已有\(trigger.label)理赔"])
        }
        let (amount, arithmetic) = InsuranceRules.payout(cost: cost, rule: rule, trigger: trigger)
        guard amount.fen > 0 else { throw FieldProblems(["cost": arithmetic + "，不予赔付"]) }
        let r = InsuranceClaimRecord()
        (r.id, r.schemeID, r.householdID, r.villageCode, r.trigger) = (UUID(), scheme.id!, household.id!, household.villageCode, trigger.rawValue)
        (r.costFen, r.amountFen, r.arithmetic, r.source, r.status) = (cost.fen, amount.fen, arithmetic, source, ClaimStatus.proposed.rawValue)
        (r.openedOn, r.note, r.createdBy) = (today.description, String(note.trimmingASCIISpaces().prefix(200)), actor.username)
        try await r.create(on: db)
        try await AuditLog.record(on: db, actor: actor, action: .create, entity: "insurance_claim", entityID: r.id!.uuidString, householdID: household.id,
                                  region: household.villageCode, summary: "户\(household.number)：\(trigger.label)理赔\(FeedKind(rawValue: source).map { "（\($0.department)数据建议）" } ?? "")，\(arithmetic)")
        return r
    }

    /// The feeds claims are proposed from, each with the trigger it proposes and the screening rule whose monthly sums
    /// are the household's self-paid cost: 医保 结算个人自付 (YB01) for 因病, 教育 非义务教育阶段自付费用 (JY01) for 因学.
    public static let proposingFeeds: [(feed: FeedKind, trigger: InsuranceTrigger, rule: String)] = [(.medical, .illness, "YB01"), (.education, .education, "JY01")]

    /// Claims proposed from the 医保 and 教育 feeds, for each trigger the scheme has: every covered household of the
    /// county whose self-paid cost over the 12 months to `asOf`'s month passes the trigger's line and that has no such
    /// claim this year yet. Returns those opened.
    public func proposeFromFeeds(asOf: CivilDate, today: CivilDate) async throws -> [InsuranceClaimRecord] {
        guard isCounty else { throw FieldProblems(["_": "由县级根据部门数据生成理赔建议"]) }
        guard let scheme = try await scheme(year: asOf.year), Self.proposingFeeds.contains(where: { scheme.rule($0.trigger) != nil }) else {
            throw FieldProblems(["_": "\(asOf.year)年方案未登记或不含因病、因学赔付"])
        }
        var out: [InsuranceClaimRecord] = []
        for source in Self.proposingFeeds where scheme.rule(source.trigger) != nil {
            out += try await propose(source.trigger, from: source.feed, rule: source.rule, scheme: scheme, asOf: asOf, today: today)
        }
        return out
    }

    func propose(_ trigger: InsuranceTrigger, from feed: FeedKind, rule code: String, scheme: InsuranceSchemeRecord, asOf: CivilDate,
                 today: CivilDate) async throws -> [InsuranceClaimRecord] {
        guard let rule = scheme.rule(trigger) else { return [] }
        let last = CivilMonth(asOf), first = CivilMonth(index: last.index - 11)
        var spent: [UUID: Int64] = [:]
        for s in try await registry.scoped(FeedSumRecord.self).filter(\.$feed == feed.rawValue).filter(\.$ruleCode == code)
            .filter(\.$month >= first.description).filter(\.$month <= last.description).all() {
            spent[s.householdID, default: 0] += s.value
        }
        let over = spent.filter { $0.value > rule.line.fen }
        guard !over.isEmpty else { return [] }
        let households = try await registry.households(Set(over.keys))
        let claimed = Set(try await InsuranceClaimRecord.query(on: db).filter(\.$schemeID == scheme.id!).filter(\.$trigger == trigger.rawValue)
            .filter(\.$status != ClaimStatus.refused.rawValue).all().map(\.householdID))
        let actor = self.actor
        let what = feed == .medical ? "医保结算\(first)至\(last)个人自付合计" : "\(first)至\(last)非义务教育阶段自付费用合计"
        return try await db.writeTransaction { tx in
            var out: [InsuranceClaimRecord] = []
            for (id, fen) in over.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                guard let h = households[id], h.isActive, !claimed.contains(id), Self.covers(scheme, h, on: today) else { continue }
                out.append(try await Self.open(h, scheme: scheme, trigger: trigger, cost: Money(fen: fen), note: what,
                                               source: feed.rawValue, today: today, actor: actor, on: tx))
            }
            return out
        }
    }

    /// The county checks a claim, pays it (after its 公示 where the scheme asks one) or refuses it with a reason.
    public func decide(_ claim: InsuranceClaimRecord, _ action: String, noticeFrom: CivilDate?, paidOn: CivilDate?, reason: String, today: CivilDate) async throws {
        guard isCounty else { throw FieldProblems(["_": "理赔由县级审核和支付"]) }
        guard let scheme = try await InsuranceSchemeRecord.find(claim.schemeID, on: db), let household = try await registry.household(claim.householdID) else {
            throw FieldProblems(["_": "没有找到该理赔"])
        }
        let before = claim.statusValue
        switch (action, before) {
        case ("check", .proposed?): claim.status = ClaimStatus.checked.rawValue
        case ("pay", .checked?):
            guard let paidOn, paidOn <= today, paidOn.description >= claim.openedOn else { throw FieldProblems(["paidOn": "支付日期应在登记之后、不晚于今天"]) }
            if scheme.noticeDays > 0 {
                guard let noticeFrom else { throw FieldProblems(["noticeFrom": "方案要求公示\(scheme.noticeDays)天，请填写公示开始日期"]) }
                if noticeFrom.description < claim.openedOn { throw FieldProblems(["noticeFrom": "公示不能早于理赔登记日\(claim.openedOn)"]) }
                if noticeFrom.adding(days: scheme.noticeDays) > paidOn {
                    throw FieldProblems(["noticeFrom": "公示\(scheme.noticeDays)天应于\(noticeFrom.adding(days: scheme.noticeDays - 1))结束，结束后才能支付"])
                }
                claim.noticeFrom = noticeFrom.description
            }
            (claim.status, claim.paidOn) = (ClaimStatus.paid.rawValue, paidOn.description)
        case ("refuse", .proposed?), ("refuse", .checked?):
            let reason = reason.trimmingASCIISpaces()
            guard reason.count >= 2 else { throw FieldProblems(["reason": "请写明不予赔付的理由"]) }
            guard !reason.hasControlCharacter(allowingLineBreaks: true) else { throw FieldProblems(["reason": "理由含有控制字符"]) }
            (claim.status, claim.note) = (ClaimStatus.refused.rawValue, String((claim.note.isEmpty ? "" : claim.note + "；") + "不予赔付：" + reason).prefix(300).description)
        default:
            throw FieldProblems(["_": "该理赔\(before?.label ?? "")，不能\(["check": "审核", "pay": "支付", "refuse": "不予赔付"][action] ?? "这样操作")"])
        }
        let actor = self.actor
        let measure = claim.statusValue == .paid
            ? MeasureRecord.ledger(for: household, id: claim.id!, .socialSecurity, "防贫保险\(claim.triggerValue?.label ?? "")赔付", amount: Money(fen: claim.amountFen),
                               start: paidOn!, end: paidOn!, actor: actor)
            : nil
        try await db.writeTransaction { tx in
            try await claim.save(on: tx)
            try await measure?.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "insurance_claim", entityID: claim.id!.uuidString, householdID: household.id,
                                      region: household.villageCode, summary: "户\(household.number)：\(claim.triggerValue?.label ?? "")理赔\(claim.statusValue?.label ?? "")")
        }
    }

    public func claims(schemeID: UUID) async throws -> [InsuranceClaimRecord] {
        try await registry.scoped(InsuranceClaimRecord.self).filter(\.$schemeID == schemeID).sort(\.$openedOn, .descending).all()
    }

    public func summary(_ scheme: InsuranceSchemeRecord) async throws -> InsuranceSummary {
        let all = try await InsuranceClaimRecord.query(on: db).filter(\.$schemeID == scheme.id!).all()
        let paid = all.filter { $0.statusValue == .paid }
        let total = paid.reduce(Money.zero) { $0 + Money(fen: $1.amountFen) }
        return InsuranceSummary(premium: scheme.premium, paid: total, claims: Dictionary(grouping: all.compactMap(\.statusValue), by: { $0 }).mapValues(\.count),
                                householdsPaid: Set(paid.map(\.householdID)).count, lossRatio: InsuranceRules.lossRatio(paid: total, premium: scheme.premium),
                                meanPayout: paid.isEmpty ? nil : total.divided(by: paid.count),
                                carriedForward: InsuranceRules.carriedForward(carriedIn: Money(fen: scheme.carriedInFen), premium: scheme.premium, paid: total))
    }
}

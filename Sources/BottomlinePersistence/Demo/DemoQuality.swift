import BottomlineDomain
import Fluent
import Foundation

/// The demo county's 疑点数据 (issue 18 §1): records of 南顿镇 made to contradict each other or the policy as a
/// county's registry does before an inspection — at least one for each shipped check — and the county's first run of
/// the checks, so /quality opens on findings of every kind.
struct DemoQuality {
    let county: RegionCode
    let township: RegionCode

    func seed(on db: any Database, incomeYear: Int, rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let range = township.codeRange
        let book = try await PolicyStore.book(for: county, on: db)
        guard let line = book.incomeLine(forIncomeYear: incomeYear, place: county),
              let xian = try await UserRecord.query(on: db).filter(\.$username == "xian").first() else { return }
        let households = try await HouseholdRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$status == HouseholdStatus.active.rawValue).sort(\.$number).limit(3_000).all()
        guard households.count > 40 else { return }
        var used = Set<UUID>()
        func take(_ test: (HouseholdRecord) -> Bool) -> HouseholdRecord? {
            let pool = households.filter { !used.contains($0.id!) && test($0) }
            guard !pool.isEmpty else { return nil }
            let h = pool[Int(rng.next() % UInt64(pool.count))]
            used.insert(h.id!)
            return h
        }
        func members(_ h: HouseholdRecord) async throws -> [PersonRecord] {
            try await PersonRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$status == MemberStatus.present.rawValue).all()
        }
        func income(_ h: HouseholdRecord) async throws -> IncomeRecord? {
            try await IncomeRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$year == incomeYear).first()
        }
        let ordinary: (HouseholdRecord) -> Bool = { $0.monitoringCategory == nil && $0.category == HouseholdCategory.ordinary.rawValue }
        let fitting: Set<RiskType> = [.illness, .education, .disability, .housing, .water]

        // YD01: an ordinary household whose income was entered 200 元 a head under the line.
        if let h = take(ordinary), let i = try await income(h) {
            (i.wages, i.business, i.property, i.transfers, i.businessCosts) = ((line.fen - 200_00) * Int64(i.memberCount), 0, 0, 0, 0)
            try await i.save(on: db)
            // Its year before entered alike, a little lower: a low income, not a fall (that is YD16's household).
            if let before = try await IncomeRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$year == incomeYear - 1).first() {
                (before.wages, before.business, before.property, before.transfers, before.businessCosts) = (i.wages * 94 / 100, 0, 0, 0, 0)
                try await before.save(on: db)
            }
        }
        // YD02: a household marked 风险消除 whose drinking water is still unsafe.
        if let h = take({ $0.riskEliminatedOn != nil }) ?? take({ $0.isAtRisk }) {
            if h.riskEliminatedOn == nil { (h.riskEliminatedOn, h.eliminationMethod) = (today.adding(days: -40).description, EliminationMethod.assisted.rawValue) }
            h.gapWater = true
            try await h.save(on: db)
        }
        // YD03: a monitoring object whose 帮扶责任人 left and was not replaced.
        if let h = take({ $0.isAtRisk }) {
            for a in try await HelperAssignmentRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$endDate == nil).all() {
                a.endDate = today.adding(days: -12).description
                try await a.save(on: db)
            }
        }
        // YD04: one whose measures were all stopped.
        if let h = take({ $0.isAtRisk }) {
            try await MeasureRecord.query(on: db).filter(\.$householdID == h.id!).set(\.$status, to: MeasureStatus.stopped.rawValue).update()
        }
        // YD05: one at risk of illness (or another risk with its own kind of measure) given only 金融帮扶.
        if let h = take({ $0.isAtRisk && !Set($0.risks).isDisjoint(with: fitting) }) {
            let measures = try await MeasureRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$status != MeasureStatus.stopped.rawValue).all()
            for m in measures {
                m.category = MeasureCategory.finance.rawValue
                try await m.save(on: db)
            }
            if measures.isEmpty {
                let m = MeasureRecord()
                (m.id, m.householdID, m.villageCode, m.category, m.name, m.department) = (UUID(), h.id!, h.villageCode, MeasureCategory.finance.rawValue, "小额信贷贴息", "县乡村振兴局")
                (m.startOn, m.status) = (today.adding(days: -60).description, MeasureStatus.ongoing.rawValue)
                try await m.create(on: db)
            }
        }
        // YD06 and YD09: a person entered in a second household with the first one's name and birth date (the ID
        // number typed wrong), in another village.
        if let a = take(ordinary), let aHead = try await members(a).first(where: { $0.relation == Relation.householder.rawValue }),
           let b = take({ ordinary($0) && $0.villageCode != a.villageCode }),
           let bPerson = try await members(b).first(where: { $0.relation != Relation.householder.rawValue && $0.sex == aHead.sex }) {
            (bPerson.name, bPerson.birthDate) = (aHead.name, aHead.birthDate)
            try await bPerson.save(on: db)
        }
        // YD07: a household whose members have all moved out, still on the register.
        if let h = take({ ordinary($0) && $0.memberCount <= 2 }) {
            try await PersonRecord.query(on: db).filter(\.$householdID == h.id!).set(\.$status, to: MemberStatus.movedOut.rawValue).update()
        }
        // YD08: a householder of fifteen (the parents died; the register was never corrected).
        if let h = take(ordinary), let head = try await members(h).first(where: { $0.relation == Relation.householder.rawValue }),
           let id = try await freeID(born: CivilDate(year: today.year - 15, month: 3, day: 18)!, sex: head.sex, rng: &rng, on: db) {
            (head.idNumber, head.birthDate, head.education) = (id.value, id.birthDate.description, EducationStage.compulsory.rawValue)
            try await head.save(on: db)
        }
        // YD09: a birth date one day off the ID number's.
        if let h = take(ordinary), let p = try await members(h).first, let born = CivilDate(parsing: p.birthDate) {
            p.birthDate = born.adding(days: 1).description
            try await p.save(on: db)
        }
        // YD10: a child of school age entered as 辍学.
        for h in households where !used.contains(h.id!) {
            guard let child = try await members(h).first(where: { p in
                CivilDate(parsing: p.birthDate).map { DataChecks.isCompulsorySchoolAge($0, today: today) && $0.age(on: today) >= 8 } ?? false
            }) else { continue }
            used.insert(h.id!)
            child.education = EducationStage.dropout.rawValue
            try await child.save(on: db)
            break
        }
        // YD11: a disability grade entered for someone whose health is 健康.
        if let h = take(ordinary), let p = try await members(h).first(where: { $0.health == HealthStatus.healthy.rawValue }) {
            p.disability = DisabilityGrade.third.rawValue
            try await p.save(on: db)
        }
        // YD12: 省外务工 with no spell in the ledger and no wages entered.
        // Households are drawn until one has someone of working age (a small demo's first draw may be two pensioners).
        var migrant: (PersonRecord, IncomeRecord)?
        while migrant == nil, let h = take(ordinary) {
            if let p = try await members(h).first(where: { p in CivilDate(parsing: p.birthDate).map { (20...50).contains($0.age(on: today)) } ?? false }),
               let i = try await income(h) { migrant = (p, i) }
        }
        if let (p, i) = migrant {
            p.employment = EmploymentStatus.outsideProvince.rawValue
            try await p.save(on: db)
            i.business += i.wages
            i.wages = 0
            try await i.save(on: db)
        }
        // YD13 needs nothing made: the post DemoJobs carries over from an old paper ledger has a holder past 70.
        // YD14: a loan carried over from a bank's old list, lent to an ordinary household, with no exception written
        // (the demo's own loans go to 脱贫户 through LoanStore, which refuses this).
        if let template = try await LoanRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).sort(\.$contract).first(),
           let h = take(ordinary), let p = try await members(h).first(where: { $0.relation == Relation.householder.rawValue }) {
            let l = LoanRecord()
            (l.id, l.householdID, l.villageCode, l.personID, l.bank, l.contract) = (UUID(), h.id!, h.villageCode, p.id!, template.bank, template.contract + "-旧")
            (l.amountFen, l.issuedOn, l.dueOn, l.purpose, l.outsideRules, l.exception) = (template.amountFen, template.issuedOn, template.dueOn, template.purpose, "", "")
            (l.balanceFen, l.balanceOn, l.daysOverdue, l.createdBy) = (template.balanceFen, template.balanceOn, 0, "旧台账")
            (l.rate, l.lprTerm, l.lpr, l.subsidyRatio) = (template.rate, template.lprTerm, template.lpr, template.subsidyRatio)
            try await l.create(on: db)
        }
        // YD15: one phone entered for three unrelated households (a cadre's own number).
        for _ in 0..<3 {
            guard let h = take(ordinary) else { break }
            h.phone = "13703941688"
            try await h.save(on: db)
        }
        // YD16: last year's income (every household has one, a little lower) made less than half of this year's.
        // A household that lives on its work, not on pensions and subsidies, so its income moves with the wages.
        var earner: (HouseholdRecord, IncomeRecord)?
        while earner == nil, let h = take(ordinary) {
            if let i = try await income(h), i.wages + i.business - i.businessCosts > 2 * (i.property + i.transfers) { earner = (h, i) }
        }
        if let (h, i) = earner {
            let before = try await IncomeRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$year == incomeYear - 1).first() ?? IncomeRecord()
            if before.id == nil { (before.id, before.householdID, before.year) = (UUID(), h.id!, incomeYear - 1) }
            before.memberCount = i.memberCount
            (before.wages, before.business, before.property, before.transfers) = (i.wages * 2 / 5, i.business * 2 / 5, i.property, i.transfers)
            (before.businessCosts, before.compliantSelfPaid) = (i.businessCosts * 2 / 5, 0)
            try await before.save(on: db)
        }
        // YD17: a household of another village entered with the first one's 补贴发放账号 (the subsidies of both paid
        // into one card).
        if let a = take({ ordinary($0) && $0.bankAccount != nil }), let b = take({ ordinary($0) && $0.villageCode != a.villageCode }) {
            b.bankAccount = a.bankAccount
            try await b.save(on: db)
        }
        try await DataCheckStore(ScopedRegistry(db: db, actor: Actor(xian))).run(today: today)
    }

    /// A valid ID number of this county born on `born`, not yet on the register.
    private func freeID(born: CivilDate, sex: String, rng: inout SplitMix64, on db: any Database) async throws -> ResidentID? {
        let date = born.description.replacingOccurrences(of: "-", with: "")
        for _ in 0..<20 {
            var serial = Int(rng.next() % 500) * 2 + 1
            if sex == Sex.female.rawValue { serial += 1 }
            let body = county.digits + date + String(format: "%03d", serial % 1000)
            let id = ResidentID(trusted: body + String(ResidentID.checkCharacter(for: body)))
            if try await PersonRecord.query(on: db).filter(\.$idNumber == id.value).count() == 0 { return id }
        }
        return nil
    }
}

import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// The 小额信贷 ledger (issue 16 §1): the county records loans of its households, each checked against the limits in
/// force on its issue date and the household's standing then; what is outside the rules is kept beside the written
/// reason for the exception. Read through the household's village like every household record.
public struct LoanStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    @discardableResult
    public func add(_ d: LoanDraft, today: CivilDate) async throws -> LoanRecord {
        guard actor.role == .county, actor.region.level == .county else { throw FieldProblems(["_": "小额信贷由县级登记"]) }
        var errors = FieldErrors()
        let bank = d.bank.trimmingASCIISpaces(), contract = d.contract.trimmingASCIISpaces()
        if bank.isEmpty || bank.count > 60 { errors["bank"] = "请填写贷款银行（不超过60字）" } else if bank.hasControlCharacter() { errors["bank"] = "贷款银行含有控制字符" }
        if contract.isEmpty || contract.count > 60 { errors["contract"] = "请填写合同编号（不超过60字）" }
        else if contract.hasControlCharacter() { errors["contract"] = "合同编号含有控制字符" }
        if d.exception.hasControlCharacter(allowingLineBreaks: true) { errors["exception"] = "例外依据含有控制字符" }
        if d.householdNumber.hasControlCharacter() { errors["household"] = "户编号含有控制字符" }
        if d.borrowerID.hasControlCharacter() { errors["borrower"] = "身份证号含有控制字符" }
        // Nothing with a control character goes into a query: PostgreSQL refuses a NUL with a driver error.
        if errors.values.contains(where: { $0.hasSuffix("含有控制字符") }) { throw FieldProblems(errors) }
        if d.issuedOn > today { errors["issuedOn"] = "发放日期不能晚于今天" }
        if let rate = d.rate, rate <= 0 || rate > LoanRate.largestRate { errors["rate"] = "年利率应大于0、不超过\(LoanRate.percent(LoanRate.largestRate))" }
        if let ratio = d.subsidyRatio, ratio < 0 || ratio > 10_000 { errors["subsidyRatio"] = "贴息比例应在0至100%之间" }
        guard let household = try await registry.household(number: d.householdNumber.trimmingASCIISpaces()) else {
            errors["household"] = "在您的辖区内没有找到户编号\(d.householdNumber.prefix(40))"
            throw FieldProblems(errors)
        }
        let borrower = try await PersonRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$idNumber == d.borrowerID.trimmingASCIISpaces().uppercased()).first()
        if borrower == nil { errors["borrower"] = "借款人应为该户成员（按身份证号）" }
        if try await LoanRecord.query(on: db).filter(\.$bank == bank).filter(\.$contract == contract).first() != nil {
            errors["contract"] = "\(bank)合同\(contract)已登记"
        }
        guard errors.isEmpty, let borrower else { throw FieldProblems(errors) }
        let place = RegionCode(String(household.villageCode.prefix(6)))!
        let book = try await PolicyStore.book(for: place, on: db)
        guard let limits = book.loanLimits(for: place, on: d.issuedOn) else {
            throw FieldProblems(["_": "\(d.issuedOn)尚无小额信贷额度、期限和年龄的政策参数，请先在“政策参数”中录入"])
        }
        // 续贷: the renewed loan is the household's, at the same bank; what it still owes is repaid by this one, so it does
        // not count against the ceiling.
        var renewed: LoanRecord?
        let renews = d.renews.trimmingASCIISpaces()
        if !renews.isEmpty {
            renewed = try await LoanRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$bank == bank).filter(\.$contract == renews).first()
            if renewed == nil { throw FieldProblems(["renews": "本户在\(bank)没有合同\(renews.prefix(40))，无法登记为续贷"]) }
            if try await LoanRecord.query(on: db).filter(\.$renewsID == renewed!.id!).first() != nil { throw FieldProblems(["renews": "合同\(renews)已续贷过"]) }
        }
        let others = try await LoanRecord.query(on: db).filter(\.$householdID == household.id!).filter(\.$balanceFen > 0).all().filter { $0.id != renewed?.id }
        let application = LoanApplication(borrowerBirth: CivilDate(parsing: borrower.birthDate), household: household.standing(on: d.issuedOn),
                                          amount: d.amount, issuedOn: d.issuedOn, dueOn: d.dueOn, purpose: d.purpose,
                                          householdBalance: others.reduce(.zero) { $0 + Money(fen: $1.balanceFen) },
                                          rate: d.rate.map { book.loanRate($0, term: LoanRules.termMonths(from: d.issuedOn, to: d.dueOn), for: place, on: d.issuedOn,
                                                                           subsidyRatio: d.subsidyRatio) })
        let outside = try LoanRules.decide(application, limits: limits, exception: d.exception).get()
        let r = LoanRecord()
        r.id = UUID()
        (r.householdID, r.villageCode, r.personID, r.bank, r.contract) = (household.id!, household.villageCode, borrower.id!, bank, contract)
        (r.amountFen, r.issuedOn, r.dueOn, r.purpose) = (d.amount.fen, d.issuedOn.description, d.dueOn.description, d.purpose.rawValue)
        (r.outsideRules, r.exception) = (outside.joined(separator: "；"), outside.isEmpty ? "" : String(d.exception.trimmingASCIISpaces().prefix(200)))
        (r.balanceFen, r.balanceOn, r.daysOverdue, r.createdBy) = (d.amount.fen, d.issuedOn.description, 0, actor.username)
        r.renewsID = renewed?.id
        if let rate = application.rate { (r.rate, r.lprTerm, r.lpr, r.subsidyRatio) = (rate.rate, rate.term.rawValue, rate.lpr, rate.subsidyRatio) }
        let (actor, renewedContract) = (self.actor, renewed?.contract)
        try await db.writeTransaction { tx in
            try await r.create(on: tx)
            try await MeasureRecord.ledger(for: household, id: r.id!, .finance, "小额信贷：\(bank)\(d.amount.wanText)万元", amount: d.amount,
                                       start: d.issuedOn, end: d.dueOn, actor: actor)?.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "loan", entityID: r.id!.uuidString, householdID: household.id,
                                      region: household.villageCode,
                                      summary: "登记小额信贷：户\(household.number)，\(bank)合同\(contract)，\(d.amount.wanText)万元，\(d.issuedOn)至\(d.dueOn)"
                                        + (renewedContract.map { "，续贷原合同\($0)" } ?? "")
                                        + (outside.isEmpty ? "" : "；例外登记（\(r.outsideRules)），依据：\(r.exception)"))
        }
        return r
    }

    /// 贴息, 展期 or 风险补偿 of a loan of the county's, checked by `LoanRules.eventProblems` against the loan as the
    /// bank last reported it; 风险补偿 once a loan; a 展期 moves the loan's due date and keeps the old one on the row.
    @discardableResult
    public func recordEvent(_ loanID: UUID, kind: LoanEventKind, on day: CivilDate, amount: Money?, newDue: CivilDate?, note: String,
                            today: CivilDate) async throws -> LoanEventRecord {
        guard actor.role == .county, actor.region.level == .county else { throw FieldProblems(["_": "贴息、展期和风险补偿由县级登记"]) }
        guard let loan = try await registry.scoped(LoanRecord.self).filter(\.$id == loanID).first(),
              let issued = CivilDate(parsing: loan.issuedOn), let due = CivilDate(parsing: loan.dueOn) else {
            throw FieldProblems(["_": "没有找到该贷款"])
        }
        var errors = LoanRules.eventProblems(kind, on: day, amount: amount, newDue: newDue, issued: issued, due: due, balance: Money(fen: loan.balanceFen),
                                             daysOverdue: loan.daysOverdue, today: today)
        if note.hasControlCharacter(allowingLineBreaks: true) { errors["note"] = "说明含有控制字符" }
        if kind == .compensation, try await LoanEventRecord.query(on: db).filter(\.$loanID == loanID).filter(\.$kind == kind.rawValue).first() != nil {
            errors["_"] = "该贷款已登记过风险补偿"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let e = LoanEventRecord()
        (e.id, e.loanID, e.householdID, e.villageCode, e.personID) = (UUID(), loanID, loan.householdID, loan.villageCode, loan.personID)
        (e.kind, e.onDate, e.amountFen, e.note, e.createdBy) = (kind.rawValue, day.description, kind == .extension ? nil : amount?.fen,
                                                                String(note.trimmingASCIISpaces().prefix(200)), actor.username)
        if kind == .extension { (e.dueBefore, e.dueAfter, loan.dueOn) = (loan.dueOn, newDue!.description, newDue!.description) }
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await e.create(on: tx)
            if kind == .extension { try await loan.save(on: tx) }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "loan", entityID: loanID.uuidString, householdID: loan.householdID,
                                      region: loan.villageCode, summary: "小额信贷\(loan.bank)合同\(loan.contract)：\(kind.label)"
                                        + (kind == .extension ? "，到期日\(e.dueBefore ?? "")改为\(e.dueAfter ?? "")" : "\(amount?.yuanText ?? "")元") + "（\(day)）")
        }
        return e
    }

    /// 户贷率 per village inside `region` as of `day`: the eligible 脱贫户 (A) and 监测对象 (B) in the registry now, the
    /// households with a loan balance (C, as banks last reported) and those lent to in `day`'s year up to it (D).
    public func coverage(within region: RegionCode, asOf day: CivilDate) async throws -> [String: LoanCoverage] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let range = region.codeRange
        var out: [String: LoanCoverage] = [:]
        func add(_ v: String, _ f: (inout LoanCoverage) -> Void) {
            f(&out[v, default: .zero])
        }
        for row in try await sql.raw("""
            SELECT village_code,
                   CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN 0 WHEN category = 'alleviated' THEN 1 ELSE 0 END) AS BIGINT) AS a,
                   CAST(SUM(CASE WHEN monitoring_category IS NOT NULL AND risk_eliminated_on IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS b
            FROM households WHERE status = 'active' AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code
            """).all() {
            let v = try row.decode(column: "village_code", as: String.self)
            let a = try row.decode(column: "a", as: Int?.self) ?? 0, b = try row.decode(column: "b", as: Int?.self) ?? 0
            add(v) { $0.alleviated += a; $0.monitored += b }
        }
        for (v, c) in try await villageLoans(within: region, asOf: day) {
            add(v) { $0.withBalance += c.withBalance; $0.newThisYear += c.newThisYear }
        }
        return out
    }

    /// Per village inside `region` (within the actor's), the loans issued by `day` as they stood then: the portfolio
    /// (balance as the bank's latest report on or before the day gives it, or the amount lent while no report has
    /// come), the households with a balance (户贷率's C) and those lent to in the day's year (D).
    ///
    /// Summed by the database: a province's ledger holds every loan of several years, and the dashboard asks for this
    /// on every view (loading the loans as rows was the way 就业帮扶 figures took seconds a page).
    /// The SQL carries `LoanPortfolio.add`'s rule: a loan is overdue only with a balance; bad past `badAfterDays`.
    public func villageLoans(within region: RegionCode, asOf day: CivilDate) async throws -> [String: VillageLoans] {
        guard registry.canSee(region), let sql = db as? any SQLDatabase else { return [:] }
        let (lower, upper) = region.codeRange
        let (to, yearStart) = (day.description, CivilDate(year: day.year, month: 1, day: 1)!.description)
        var out: [String: VillageLoans] = [:]
        func int(_ row: any SQLRow, _ column: String) throws -> Int64 { try row.decode(column: column, as: Int64?.self) ?? 0 }
        for row in try await sql.raw("""
            SELECT village_code, COUNT(*) AS loans, CAST(SUM(amount_fen) AS BIGINT) AS lent, CAST(SUM(balance) AS BIGINT) AS balance,
                   CAST(SUM(CASE WHEN overdue > 0 AND balance > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_loans,
                   CAST(SUM(CASE WHEN overdue > 0 AND balance > 0 THEN balance ELSE 0 END) AS BIGINT) AS overdue_balance,
                   CAST(SUM(CASE WHEN overdue > \(literal: LoanPortfolio.badAfterDays) AND balance > 0 THEN balance ELSE 0 END) AS BIGINT) AS bad_balance,
                   COUNT(DISTINCT CASE WHEN balance > 0 THEN household_id END) AS with_balance,
                   COUNT(DISTINCT CASE WHEN issued_on >= \(bind: yearStart) THEN household_id END) AS new_this_year
            FROM (
              SELECT l.village_code, l.household_id, l.amount_fen, l.issued_on,
                     COALESCE(r.balance_fen, l.amount_fen) AS balance, COALESCE(r.days_overdue, 0) AS overdue
              FROM loans l LEFT JOIN (
                SELECT loan_id, balance_fen, days_overdue, ROW_NUMBER() OVER (PARTITION BY loan_id ORDER BY reported_on DESC) AS latest
                FROM loan_reports WHERE village_code >= \(bind: lower) AND village_code < \(bind: upper) AND reported_on <= \(bind: to)
              ) r ON r.loan_id = l.id AND r.latest = 1
              WHERE l.village_code >= \(bind: lower) AND l.village_code < \(bind: upper) AND l.issued_on <= \(bind: to)
            ) AS standing
            GROUP BY village_code
            """).all() {
            var v = VillageLoans()
            (v.portfolio.loans, v.portfolio.overdueLoans) = (Int(try int(row, "loans")), Int(try int(row, "overdue_loans")))
            (v.portfolio.lent, v.portfolio.balance) = (Money(fen: try int(row, "lent")), Money(fen: try int(row, "balance")))
            (v.portfolio.overdueBalance, v.portfolio.badBalance) = (Money(fen: try int(row, "overdue_balance")), Money(fen: try int(row, "bad_balance")))
            (v.withBalance, v.newThisYear) = (Int(try int(row, "with_balance")), Int(try int(row, "new_this_year")))
            out[try row.decode(column: "village_code", as: String.self)] = v
        }
        return out
    }

    /// The loans of `region`'s child units and of the whole as of `day` (户均贷款, 逾期率, 不良率).
    public func portfolio(of region: RegionCode, asOf day: CivilDate) async throws -> (rows: [(name: String, portfolio: LoanPortfolio)], total: LoanPortfolio) {
        let digits = region.level.child?.significantDigits ?? 12
        var byChild: [String: LoanPortfolio] = [:], total = LoanPortfolio()
        for (village, v) in try await villageLoans(within: region, asOf: day) {
            byChild[String(village.prefix(digits)), default: LoanPortfolio()] = byChild[String(village.prefix(digits)), default: LoanPortfolio()] + v.portfolio
            total = total + v.portfolio
        }
        return (try await registry.children(of: region).map { ($0.name, byChild[$0.id!] ?? LoanPortfolio()) }, total)
    }

    /// 小额信贷通报 of `region` (within the actor's) as of `day`: its child units (a city's counties, a county's
    /// townships) in code order, and a city's statistics units (示范区) on that day beside its counties, their
    /// townships out of their counties' rows; 户贷率 ranked, as seed 001 prints it.
    public func bulletin(of region: RegionCode, asOf day: CivilDate) async throws -> LoanBulletin {
        let villages = try await coverage(within: region, asOf: day)
        let units = try await StatisticsUnitStore(registry).bulletinUnits(of: region, on: day)
        var byUnit: [String: LoanCoverage] = [:]
        for (code, c) in villages { byUnit[units.unit(ofVillage: code), default: .zero] = byUnit[units.unit(ofVillage: code), default: .zero] + c }
        let name = try await RegionRecord.find(region.digits, on: db)?.name ?? region.digits
        return LoanBulletin(title: "\(name)脱贫人口小额信贷通报表（截至\(day.year)年\(day.month)月\(day.day)日）", totalUnit: name,
                            units: units.units.map { ($0.name, byUnit[$0.key] ?? .zero) })
    }
}

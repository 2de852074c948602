import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// The 小额信贷 ledger (issue 16 §1): the county records a loan of its household to a member of it, checked against the
/// limits in force on the issue date and the household's standing then; outside the rules only with a written reason,
/// kept beside what was outside; one bank contract once; 户贷率's counts per village.
@Suite("小额信贷台账")
struct LoanStoreTests {
    static let issued = CivilDate(year: 2025, month: 4, day: 1)!, today = CivilDate(year: 2025, month: 6, day: 30)!
    static let zhangSan = validID("41168119700101101"), wangWu = validID("41168119500404104")

    static func draft(_ number: String = "T001", borrower: String = zhangSan, contract: String = "NX2025-001", yuan: Int64 = 50_000,
                      purpose: LoanPurpose = .breeding, exception: String = "") -> LoanDraft {
        LoanDraft(householdNumber: number, borrowerID: borrower, bank: "项城农商银行", contract: contract, amount: Money(yuan: yuan), issuedOn: issued,
                  dueOn: CivilDate(year: 2028, month: 4, day: 1)!, purpose: purpose, exception: exception)
    }

    @Test("a 脱贫户's loan within the rules is recorded; a second loan over the household's 5万, an ordinary household's, a borrower outside the household, a township and a repeated contract are refused with their reasons; an exception is kept with its reason; 户贷率's counts per village")
    func ledger() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            let first = try await county.add(Self.draft(), today: Self.today)
            #expect(first.outsideRules.isEmpty && first.balanceFen == 5_000_000)
            #expect(await FundStoreTests.refusal { try await county.add(Self.draft(contract: "NX2025-002", yuan: 10_000), today: Self.today) }
                == "本户已有贷款余额5.00万元，加上本笔1.00万元超过户均上限5.00万元1.00万元。如确属特殊情况，请填写例外登记的依据")
            #expect(await FundStoreTests.refusal { try await county.add(Self.draft(contract: "NX2025-001"), today: Self.today) }?.contains("项城农商银行合同NX2025-001已登记") == true)
            #expect(await FundStoreTests.refusal { try await county.add(Self.draft("T001", borrower: Self.wangWu, contract: "NX2025-003"), today: Self.today) }
                == "借款人应为该户成员（按身份证号）")
            #expect(await FundStoreTests.refusal { try await LoanStore(w.scoped(w.township)).add(Self.draft(contract: "NX2025-004"), today: Self.today) } == "小额信贷由县级登记")
            #expect(await FundStoreTests.refusal { try await county.add(Self.draft(contract: "NX2025\u{0}-006"), today: Self.today) } == "合同编号含有控制字符")
            // T002 is an ordinary household and its householder was 74 on the issue date: both reasons, then an exception.
            var refused: String?
            do { try await county.add(Self.draft("T002", borrower: Self.wangWu, contract: "NX2025-005", yuan: 20_000), today: Self.today) } catch let p as FieldProblems { refused = p.summary }
            #expect(refused?.contains("借款人家庭不是脱贫户或未消除风险的监测对象") == true && refused?.contains("借款人放款时74周岁") == true)
            let excepted = try await county.add(Self.draft("T002", borrower: Self.wangWu, contract: "NX2025-005", yuan: 20_000, exception: "县乡村振兴局〔2025〕7号特批"),
                                                today: Self.today)
            #expect(excepted.outsideRules.contains("74周岁") && excepted.exception == "县乡村振兴局〔2025〕7号特批")
            // 王庄村: T001 a 脱贫户 with a loan this year; 李楼村: T002 with an excepted loan, not in the base.
            let coverage = try await county.coverage(within: RegionCode("411681")!, asOf: Self.today)
            #expect(coverage[FundStoreTests.wang] == LoanCoverage(alleviated: 1, monitored: 0, withBalance: 1, newThisYear: 1))
            #expect(coverage["411681101202"] == LoanCoverage(alleviated: 0, monitored: 0, withBalance: 1, newThisYear: 1))
            #expect(try await LoanStore(w.scoped(w.otherTownship)).coverage(within: RegionCode("411681101")!, asOf: Self.today).isEmpty)
            let before = try await county.coverage(within: RegionCode("411681")!, asOf: CivilDate(year: 2025, month: 3, day: 31)!)
            #expect(before[FundStoreTests.wang] == LoanCoverage(alleviated: 1, monitored: 0, withBalance: 0, newThisYear: 0))
        }
    }

    @Test("a bank's balance file with bad rows changes nothing and names every bad row; a good one sets the balance as of its day, so 户贷率 and 逾期率 are answerable as of a date; the same report twice is unchanged; the loan lands in the village's 贷后 work list when overdue")
    func bankFile() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            let loan = try await county.add(Self.draft(), today: Self.today)
            let importer = LedgerImporter(w.scoped(w.county))
            let header = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数"
            let bad = [header,
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2025-05-31,20000,30000,0",
                       "项城农商银行,NX2025-999,\(Self.zhangSan),2025-05-31,20000,,",
                       "项城农商银行,NX2025-001,\(Self.wangWu),2025-06-01,20000,,",
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2025-06-02,60000,,",
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2026-01-01,20000,,",
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2025-03-01,20000,,",
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2025-05-31,20000,30000,0",
                       "项城农商银行,NX2025-001,\(Self.zhangSan),2025-06-03,20000,,-3"].joined(separator: "\n")
            var refused: [ImportProblem] = []
            do { _ = try await importer.importFile(try TextDecoding.gb18030(bad), filename: "农商行5月.csv", kind: .loanBalances, today: Self.today) }
            catch let r as LedgerImportRefused { refused = r.problems }
            #expect(refused.map(\.row) == [3, 4, 5, 6, 7, 8, 9])
            #expect(refused.map(\.reason) == ["本县小额信贷台账中没有项城农商银行的合同NX2025-999", "身份证号与该合同登记的借款人不符", "贷款余额超过放款金额50000元",
                                              "余额日期不能晚于今天", "余额日期早于放款日期2025-04-01", "与第2行是同一合同同一日期", "逾期天数应为0至3650的整数"])
            #expect(try await LoanReportRecord.query(on: app.db).count() == 0)
            #expect(try await LoanRecord.find(loan.id!, on: app.db)?.balanceFen == 5_000_000)
            let may = [header, "项城农商银行,NX2025-001,\(Self.zhangSan),2025-05-31,20000,30000,0"].joined(separator: "\n")
            let june = [header, "项城农商银行,NX2025-001,\(Self.zhangSan),2025-06-30,20000,0,45"].joined(separator: "\n")
            #expect(try await importer.importFile(Data(may.utf8), filename: "5月.csv", kind: .loanBalances, today: Self.today).added == 1)
            #expect(try await importer.importFile(Data(june.utf8), filename: "6月.xlsx.csv", kind: .loanBalances, today: Self.today).added == 1)
            #expect(try await importer.importFile(Data((may + "\n").utf8), filename: "5月（重发）.csv", kind: .loanBalances, today: Self.today).unchanged == 1)
            let after = try await LoanRecord.find(loan.id!, on: app.db)
            #expect(after?.balanceFen == 2_000_000 && after?.balanceOn == "2025-06-30" && after?.daysOverdue == 45)
            // Before any report the balance is the amount lent; each day reads the report of its own.
            let region = RegionCode(FundStoreTests.wang)!
            let beforeReport = try await county.villageLoans(within: region, asOf: CivilDate(year: 2025, month: 5, day: 30)!)[FundStoreTests.wang]
            #expect(beforeReport?.portfolio.balance == Money(yuan: 50_000) && beforeReport?.withBalance == 1 && beforeReport?.newThisYear == 1)
            let mayReport = try await county.villageLoans(within: region, asOf: CivilDate(year: 2025, month: 6, day: 29)!)[FundStoreTests.wang]
            #expect(mayReport?.portfolio.balance == Money(yuan: 20_000) && mayReport?.portfolio.lent == Money(yuan: 50_000) && mayReport?.portfolio.overdueLoans == 0)
            #expect(try await county.villageLoans(within: region, asOf: CivilDate(year: 2025, month: 3, day: 31)!).isEmpty, "not yet lent")
            let risk = try await county.portfolio(of: RegionCode("411681")!, asOf: Self.today).total
            #expect(risk.overdueRate.percentText() == "100.00%" && risk.badRate.percentText() == "0.00%")
            // Overdue: the village's work list has it; another village's does not.
            let work = try await LifecycleStore(w.scoped(w.cun)).workList(today: Self.today)
            #expect(work.filter { $0.kind == .loan }.map(\.title) == ["贷后：小额信贷逾期"])
            #expect(try await LifecycleStore(w.scoped(w.otherTownship)).workList(today: Self.today).allSatisfy { $0.kind != .loan })
        }
    }

    @Test("a bank's data officer sends its own bank's balance file: another bank's row refuses the file naming the row without telling whether that contract exists, nothing is written; any other ledger, and a department officer without a bank, are refused")
    func bankOfficer() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            try await county.add(Self.draft(), today: Self.today)
            let user = try await app.makeUser("nongshang", role: .department, region: "411681")
            try await UserStore.setBank("项城农商银行", of: user, on: app.db, actor: .system())
            let officer = Actor(try await UserRecord.find(user.id, on: app.db)!)
            #expect(officer.bank == "项城农商银行")
            let importer = LedgerImporter(ScopedRegistry(db: app.db, actor: officer))
            let header = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数"
            func problems(_ csv: String, _ kind: LedgerImportKind = .loanBalances) async -> [String] {
                do { _ = try await importer.importFile(Data(csv.utf8), filename: "本行5月.csv", kind: kind, today: Self.today); return [] }
                catch let r as LedgerImportRefused { return r.problems.map { "\($0.row) \($0.reason)" } }
                catch { return ["\(error)"] }
            }
            #expect(await problems([header, "项城农商银行,NX2025-001,\(Self.zhangSan),2025-05-31,20000,30000,0",
                                    "邮储银行项城支行,YC-7,\(Self.zhangSan),2025-05-31,0,0,0"].joined(separator: "\n"))
                == ["3 本账号只能报送项城农商银行的贷款"])
            #expect(try await LoanReportRecord.query(on: app.db).count() == 0)
            #expect(await problems("项目编号,项目名称\nX,Y", .projects) == ["0 银行数据员只能报送本行的小额信贷余额"])
            #expect(await problems([header, "项城农商银行,NX2025-001,\(Self.zhangSan),2025-05-31,20000,30000,0"].joined(separator: "\n")).isEmpty)
            #expect(try await LoanReportRecord.query(on: app.db).count() == 1)
            let yibao = Actor(try await app.makeUser("yibao", role: .department, region: "411681"))
            do {
                _ = try await LedgerImporter(ScopedRegistry(db: app.db, actor: yibao)).importFile(Data(header.utf8), filename: "x.csv", kind: .loanBalances, today: Self.today)
                Issue.record("a department officer without a bank sent a bank file")
            } catch let r as LedgerImportRefused { #expect(r.problems.map(\.reason) == ["项目和资金台账由县级管理员导入"]) }
        }
    }

    @Test("after the loan: 贴息 recorded; 展期 moves the due date and keeps the old one; 风险补偿 refused until the bank reports more than 90 days overdue, then within 80% of the balance, once; only the county")
    func afterTheLoan() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            let loan = try await county.add(Self.draft(), today: Self.today)
            try await county.recordEvent(loan.id!, kind: .subsidy, on: Self.today, amount: Money(yuan: 480), newDue: nil, note: "二季度贴息", today: Self.today)
            let moved = try await county.recordEvent(loan.id!, kind: .extension, on: Self.today, amount: nil, newDue: CivilDate(year: 2029, month: 4, day: 1)!,
                                                     note: "因灾展期一年", today: Self.today)
            #expect(moved.dueBefore == "2028-04-01" && moved.dueAfter == "2029-04-01")
            #expect(try await LoanRecord.find(loan.id!, on: app.db)?.dueOn == "2029-04-01")
            #expect(await FundStoreTests.refusal { try await county.recordEvent(loan.id!, kind: .compensation, on: Self.today, amount: Money(yuan: 10_000), newDue: nil, note: "", today: Self.today) }
                == "银行报逾期0天，逾期超过90天才能启动风险补偿")
            let report = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数\n项城农商银行,NX2025-001,\(Self.zhangSan),2025-06-30,30000,20000,120"
            _ = try await LedgerImporter(w.scoped(w.county)).importFile(Data(report.utf8), filename: "6月.csv", kind: .loanBalances, today: Self.today)
            #expect(await FundStoreTests.refusal { try await county.recordEvent(loan.id!, kind: .compensation, on: Self.today, amount: Money(yuan: 24_001), newDue: nil, note: "", today: Self.today) }
                == "补偿金额超过上限24000元（余额中5万元以内部分的80%）")
            try await county.recordEvent(loan.id!, kind: .compensation, on: Self.today, amount: Money(yuan: 24_000), newDue: nil, note: "县风险补偿金代偿", today: Self.today)
            #expect(await FundStoreTests.refusal { try await county.recordEvent(loan.id!, kind: .compensation, on: Self.today, amount: Money(yuan: 1_000), newDue: nil, note: "", today: Self.today) }
                == "该贷款已登记过风险补偿")
            #expect(await FundStoreTests.refusal { try await LoanStore(w.scoped(w.township)).recordEvent(loan.id!, kind: .subsidy, on: Self.today, amount: Money(yuan: 1), newDue: nil, note: "", today: Self.today) }
                == "贴息、展期和风险补偿由县级登记")
            #expect(try await LoanEventRecord.query(on: app.db).count() == 3)
        }
    }

    @Test("续贷: a new loan renewing the household's own contract at the same bank is linked to it and its balance does not count against the 5万 ceiling; a contract not the household's, or renewed already, is refused")
    func renewal() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            let first = try await county.add(Self.draft(), today: Self.today)
            var again = Self.draft(contract: "NX2025-101", yuan: 50_000)
            again.renews = "NX2025-404"
            #expect(await FundStoreTests.refusal { try await county.add(again, today: Self.today) } == "本户在项城农商银行没有合同NX2025-404，无法登记为续贷")
            again.renews = "NX2025-001"
            let renewal = try await county.add(again, today: Self.today)
            #expect(renewal.renewsID == first.id && renewal.outsideRules.isEmpty)
            var third = Self.draft(contract: "NX2025-102", yuan: 10_000)
            third.renews = "NX2025-001"
            #expect(await FundStoreTests.refusal { try await county.add(third, today: Self.today) } == "合同NX2025-001已续贷过")
        }
    }

    @Test("the rate is checked against the LPR shipped as policy for the issue date (a three-year loan of 1 April 2025: 5-year LPR 3.6%); the LPR and the county's 贴息比例 are kept on the loan, or the loan's own ratio; a rate of 0 or over 24% is refused")
    func rate() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let county = LoanStore(w.scoped(w.county))
            var high = Self.draft()
            high.rate = 365
            #expect(await FundStoreTests.refusal { try await county.add(high, today: Self.today) }
                == "年利率3.65%高于放款日5年期以上LPR（3.6%）。如确属特殊情况，请填写例外登记的依据")
            high.rate = 2_401
            #expect(await FundStoreTests.refusal { try await county.add(high, today: Self.today) } == "年利率应大于0、不超过24%")
            let ratio = PolicySettingRecord()
            (ratio.parameter, ratio.regionCode, ratio.effectiveFrom, ratio.value, ratio.source) = (PolicyParameter.microLoanSubsidyRatio.rawValue, "411681", "2021-03-04", "80", "县贴息办法")
            try await ratio.create(on: app.db)
            var within = Self.draft(yuan: 40_000)
            within.rate = 350
            let loan = try await county.add(within, today: Self.today)
            #expect(loan.loanRate == LoanRate(rate: 350, term: .fiveYear, lpr: 360, subsidyRatio: 8_000) && loan.outsideRules.isEmpty)
            var own = Self.draft(borrower: validID("41168119720202102"), contract: "NX2025-201", yuan: 10_000)
            (own.rate, own.subsidyRatio, own.dueOn) = (300, 5_000, CivilDate(year: 2026, month: 4, day: 1)!)
            let oneYear = try await county.add(own, today: Self.today)
            #expect(oneYear.loanRate == LoanRate(rate: 300, term: .oneYear, lpr: 310, subsidyRatio: 5_000))
        }
    }

    @Test("a monitored household borrows while its risk stands; the standing is read on the issue date")
    func standing() {
        let h = HouseholdRecord()
        h.category = HouseholdCategory.ordinary.rawValue
        h.monitoringSince = "2025-01-10"
        #expect(h.standing(on: CivilDate(year: 2025, month: 1, day: 9)!) == .other)
        #expect(h.standing(on: CivilDate(year: 2025, month: 2, day: 1)!) == .monitored)
        h.riskEliminatedOn = "2025-06-01"
        #expect(h.standing(on: CivilDate(year: 2025, month: 7, day: 1)!) == .other)
        h.category = HouseholdCategory.alleviated.rawValue
        #expect(h.standing(on: CivilDate(year: 2025, month: 7, day: 1)!) == .alleviated)
    }
}

import BottomlineDomain
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

    @Test("a monitored household borrows while its risk stands; the standing is read on the issue date")
    func standing() {
        let h = HouseholdRecord()
        h.category = HouseholdCategory.ordinary.rawValue
        h.monitoringSince = "2025-01-10"
        #expect(LoanStore.standing(h, on: CivilDate(year: 2025, month: 1, day: 9)!) == .other)
        #expect(LoanStore.standing(h, on: CivilDate(year: 2025, month: 2, day: 1)!) == .monitored)
        h.riskEliminatedOn = "2025-06-01"
        #expect(LoanStore.standing(h, on: CivilDate(year: 2025, month: 7, day: 1)!) == .other)
        h.category = HouseholdCategory.alleviated.rawValue
        #expect(LoanStore.standing(h, on: CivilDate(year: 2025, month: 7, day: 1)!) == .alleviated)
    }
}

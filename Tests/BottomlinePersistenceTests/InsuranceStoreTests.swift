import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 防贫保险 (issue 16 §2): the county's scheme for the year; a claim proposed from a crafted 医保 file and computed
/// with its arithmetic; one opened by hand and capped; a household outside the insured group refused; the county's
/// check, 公示 and payment in order; 赔付率 and what is carried into next year.
@Suite("防贫保险台账")
struct InsuranceStoreTests {
    static let chongzuo: [InsuranceTrigger: TriggerRule] = [.illness: TriggerRule(line: Money(yuan: 5_000), ratio: 7_000, cap: nil),
                                                             .disaster: TriggerRule(line: Money(yuan: 10_000), ratio: 9_000, cap: Money(yuan: 30_000))]

    @Test("the 医保 file's 26,000 yuan self-paid by 张三 (脱贫户) becomes a claim of 14,700 with its arithmetic; 赵六's 25,000 (一般农户, not insured) does not; paid only after check and 5 days' 公示; 赔付率 over the premium")
    func medicalClaim() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let today = CivilDate.today
            let county = InsuranceStore(w.scoped(w.county))
            #expect(await FundStoreTests.refusal { try await InsuranceStore(w.scoped(w.cun)).saveScheme(Self.draft(today.year), today: today) } == "防贫保险方案由县级登记")
            let scheme = try await county.saveScheme(Self.draft(today.year), today: today)
            #expect(scheme.premium == Money(yuan: 50_000))
            let yibao = Actor(try await app.makeUser("yibao", role: .department, region: "411681"))
            let medical = "身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(today.adding(days: -40)),16000\n"
                + "\(validID("41168119720202102")),李梅,\(today.adding(days: -10)),10000\n\(validID("41168119800505105")),赵六,\(today.adding(days: -10)),25000\n"
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: yibao)).screen(Data(medical.utf8), filename: "医保结算.csv", kind: .medical,
                                                                                     channel: "web", asOf: today, today: today)
            let proposed = try await county.proposeFromFeeds(asOf: today, today: today.adding(days: -7))
            #expect(proposed.count == 1)
            let claim = try #require(proposed.first)
            #expect(claim.costFen == Money(yuan: 26_000).fen && claim.amountFen == Money(yuan: 14_700).fen && claim.source == "medical")
            #expect(claim.arithmetic == "（合规自付医疗费用26000元 − 起付线5000元）× 70% = 14700元")
            #expect(try await county.proposeFromFeeds(asOf: today, today: today).isEmpty, "a household's 因病 claim is proposed once a year")
            // The county's steps in order.
            #expect(await FundStoreTests.refusal { try await county.decide(claim, "pay", noticeFrom: nil, paidOn: today, reason: "", today: today) } == "该理赔待审核，不能支付")
            #expect(await FundStoreTests.refusal { try await InsuranceStore(w.scoped(w.township)).decide(claim, "check", noticeFrom: nil, paidOn: nil, reason: "", today: today) }
                == "理赔由县级审核和支付")
            try await county.decide(claim, "check", noticeFrom: nil, paidOn: nil, reason: "", today: today)
            #expect(await FundStoreTests.refusal { try await county.decide(claim, "pay", noticeFrom: nil, paidOn: today, reason: "", today: today) }
                == "方案要求公示5天，请填写公示开始日期")
            #expect(await FundStoreTests.refusal { try await county.decide(claim, "pay", noticeFrom: today.adding(days: -3), paidOn: today, reason: "", today: today) }?
                .hasPrefix("公示5天应于") == true)
            #expect(await FundStoreTests.refusal { try await county.decide(claim, "pay", noticeFrom: today.adding(days: -8), paidOn: today, reason: "", today: today) }
                == "公示不能早于理赔登记日\(today.adding(days: -7))")
            try await county.decide(claim, "pay", noticeFrom: today.adding(days: -5), paidOn: today, reason: "", today: today)
            let summary = try await county.summary(scheme)
            #expect(summary.paid == Money(yuan: 14_700) && summary.householdsPaid == 1 && summary.lossRatio.percentText() == "29.40%")
            #expect(summary.carriedForward == Money(yuan: 35_300))
            // 张三's household is a 脱贫户 not monitored: no measure; the page's claims are the household's.
            #expect(try await MeasureRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("因学 from the 教育 file: 张小's 9,000 yuan of 高中 fees become a claim of 3,000 with its arithmetic, sourced to the 教育局; 赵六's (not insured) and a 义务教育 pupil's fees are not; a scheme without 因病 or 因学 proposes nothing and says so")
    func educationClaim() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let today = CivilDate.today
            let county = InsuranceStore(w.scoped(w.county))
            var draft = Self.draft(today.year)
            draft.rules = [.disaster: Self.chongzuo[.disaster]!]
            try await county.saveScheme(draft, today: today)
            #expect(await FundStoreTests.refusal { try await county.proposeFromFeeds(asOf: today, today: today) } == "\(today.year)年方案未登记或不含因病、因学赔付")
            draft.rules[.education] = TriggerRule(line: Money(yuan: 3_000), ratio: 5_000, cap: Money(yuan: 5_000))
            try await county.saveScheme(draft, today: today)
            let jiaoyu = Actor(try await app.makeUser("jiaoyu", role: .department, region: "411681"))
            let file = "身份证号,姓名,登记日期,学段,学籍状态,自付费用\n\(validID("41168120150303103")),张小,\(today.adding(days: -30)),高中,在读,9000\n"
                + "\(validID("41168119800505105")),赵六,\(today.adding(days: -30)),中职,在读,8000\n\(validID("41168119720202102")),李梅,\(today.adding(days: -30)),初中,在读,4000\n"
            _ = try await ScreeningStore(ScopedRegistry(db: app.db, actor: jiaoyu)).screen(Data(file.utf8), filename: "学籍资助.csv", kind: .education,
                                                                                      channel: "web", asOf: today, today: today)
            let proposed = try await county.proposeFromFeeds(asOf: today, today: today)
            #expect(proposed.map(\.trigger) == [InsuranceTrigger.education.rawValue] && proposed.first?.source == "education")
            #expect(proposed.first?.amountFen == Money(yuan: 3_000).fen && proposed.first?.costFen == Money(yuan: 9_000).fen)
            #expect(proposed.first?.note.hasSuffix("非义务教育阶段自付费用合计") == true)
            #expect(proposed.first?.arithmetic == "（自付教育费用9000元 − 起付线3000元）× 50% = 3000元")
            #expect(try await county.proposeFromFeeds(asOf: today, today: today).isEmpty, "once a year")
        }
    }

    @Test("a cadre opens a 因灾 claim by hand, capped at 30,000; an uninsured ordinary household, a trigger the scheme lacks, a cost under the line and a second claim are refused; other places see none of it")
    func manualClaims() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let today = CivilDate.today
            try await InsuranceStore(w.scoped(w.county)).saveScheme(Self.draft(today.year), today: today)
            let t001 = try await JobStoreTests.household(app, "T001"), t002 = try await JobStoreTests.household(app, "T002")
            let township = InsuranceStore(w.scoped(w.township))
            let claim = try await township.open(t001, trigger: .disaster, cost: Money(yuan: 60_000), note: "暴雨冲毁大棚", today: today)
            #expect(claim.amountFen == Money(yuan: 30_000).fen && claim.arithmetic.hasSuffix("超过封顶30000元，赔付30000元"))
            #expect(await FundStoreTests.refusal { try await township.open(t001, trigger: .disaster, cost: Money(yuan: 20_000), note: "", today: today) } == "该户\(today.year)年已有因灾理赔")
            #expect(await FundStoreTests.refusal { try await township.open(t002, trigger: .disaster, cost: Money(yuan: 60_000), note: "", today: today) }
                == "\(today.year)年方案只保脱贫户和监测户，该户不在参保范围")
            #expect(await FundStoreTests.refusal { try await township.open(t001, trigger: .education, cost: Money(yuan: 9_000), note: "", today: today) } == "\(today.year)年方案不含因学赔付")
            #expect(await FundStoreTests.refusal { try await township.open(t001, trigger: .illness, cost: Money(yuan: 4_000), note: "", today: today) }
                == "合规自付医疗费用4000元，未超过起付线5000元，不予赔付")
            #expect(try await InsuranceStore(w.scoped(w.otherTownship)).claims(schemeID: claim.schemeID).isEmpty)
            #expect(try await InsuranceStore(w.scoped(w.cun)).claims(schemeID: claim.schemeID).count == 1)
            try await InsuranceStore(w.scoped(w.county)).decide(claim, "refuse", noticeFrom: nil, paidOn: nil, reason: "核实为自建违章大棚", today: today)
            #expect(try await InsuranceClaimRecord.find(claim.id!, on: app.db)?.statusValue == .refused)
        }
    }

    static func draft(_ year: Int) -> InsuranceSchemeDraft {
        InsuranceSchemeDraft(year: year, insurer: "中国人寿项城支公司", coversOrdinary: false, insuredPersons: 1_000, premiumPerPerson: Money(yuan: 50),
                             carriedIn: .zero, noticeDays: 5, rules: chongzuo)
    }
}

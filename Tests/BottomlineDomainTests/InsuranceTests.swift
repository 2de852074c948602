import BottomlineDomain
import Testing

/// 防贫保险 as the counties' schemes state it (ledgers-rules.md §L8): a share of the cost above a line, up to a cap,
/// shown with its arithmetic; 赔付率 over the premium; the year's remainder carried forward.
@Suite("防贫保险")
struct InsuranceTests {
    @Test("崇左 (2021): 因病 self-paid above 5,000 yuan, 70% of the excess, no cap — 26,000 yuan self-paid is paid 14,700")
    func chongzuo() {
        let rule = TriggerRule(line: Money(yuan: 5_000), ratio: 7_000, cap: nil)
        let p = InsuranceRules.payout(cost: Money(yuan: 26_000), rule: rule, trigger: .illness)
        #expect(p.amount == Money(yuan: 14_700))
        #expect(p.arithmetic == "（合规自付医疗费用26000元 − 起付线5000元）× 70% = 14700元")
        #expect(InsuranceRules.payout(cost: Money(yuan: 5_000), rule: rule, trigger: .illness).amount == .zero)
        #expect(InsuranceRules.payout(cost: Money(yuan: 4_000), rule: rule, trigger: .illness).arithmetic == "合规自付医疗费用4000元，未超过起付线5000元")
    }

    @Test("潜江 (2019): 因灾 loss above 10,000 yuan, capped at 30,000 — a loss of 60,000 at 90% would be 45,000 and is paid 30,000; half a 分 rounds up")
    func qianjiangCap() {
        let rule = TriggerRule(line: Money(yuan: 10_000), ratio: 9_000, cap: Money(yuan: 30_000))
        let p = InsuranceRules.payout(cost: Money(yuan: 60_000), rule: rule, trigger: .disaster)
        #expect(p.amount == Money(yuan: 30_000) && p.arithmetic.hasSuffix("超过封顶30000元，赔付30000元"))
        // 0.05 yuan over the line at 90% is 4.5 分: 5 分.
        #expect(InsuranceRules.payout(cost: Money(fen: 1_000_005), rule: rule, trigger: .disaster).amount == Money(fen: 5))
        #expect(rule.text == "起付线10000元，超过部分赔付90%，封顶30000元")
    }

    @Test("舞阳 (2022): 50 yuan a person for 10% of the rural population; 赔付率 is paid over premium, and what is left is carried into the next year")
    func lossRatio() {
        let premium = Money(yuan: 50 * 42_000)
        let paid = Money(yuan: 1_365_000)
        #expect(InsuranceRules.lossRatio(paid: paid, premium: premium).percentText() == "65.00%")
        #expect(InsuranceRules.carriedForward(carriedIn: Money(yuan: 200_000), premium: premium, paid: paid) == Money(yuan: 935_000))
    }
}

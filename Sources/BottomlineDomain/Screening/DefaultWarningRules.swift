extension ScreeningRule {
    /// The rules the project ships (policy-rules.md §8 and the defaults). A county edits them as data.
    public static func defaults(from day: CivilDate) -> [ScreeningRule] {
        let all: (Int64) -> [HouseholdClass: Int64] = { t in [.alleviated: t, .monitored: t, .ordinary: t] }
        return [
            // YB01 医保 — the medical warning: 个人自付 over a rolling 12 months of ≥ 5,000 yuan (脱贫户, 监测户) or ≥ 20,000 (一般农户).
            ScreeningRule(code: "YB01", name: "医保个人自付（滚动12个月）", feed: .medical, measure: .sum("selfPaid"),
                          thresholds: [.alleviated: 500_000, .monitored: 500_000, .ordinary: 2_000_000], windowMonths: 12,
                          risk: .illness, effectiveFrom: day),
            // JY01 教育 — 非义务教育 self-paid fees of ≥ 10,000 yuan in 12 months.
            ScreeningRule(code: "JY01", name: "非义务教育阶段自付费用", feed: .education,
                          filters: ["stage": ["高中", "中职", "高职", "大专", "本科", "研究生", "普通高中", "中等职业教育", "高等教育"]],
                          measure: .sum("selfPaid"), thresholds: all(1_000_000), windowMonths: 12, risk: .education, effectiveFrom: day),
            // JY02 教育 — a pupil of 义务教育 age who dropped out.
            ScreeningRule(code: "JY02", name: "义务教育阶段辍学", feed: .education,
                          filters: ["status": ["辍学", "失学"], "stage": ["小学", "初中", "义务教育"]],
                          thresholds: all(1), windowMonths: 12, risk: .education, effectiveFrom: day),
            // MZ01 民政 — newly granted 低保 or 特困供养.
            ScreeningRule(code: "MZ01", name: "新纳入低保、特困", feed: .civilAffairs,
                          filters: ["change": ["新纳入", "新增", "纳入"], "item": ["低保", "最低生活保障", "特困", "特困供养", "特困人员"]],
                          thresholds: all(1), windowMonths: 12, risk: .other, effectiveFrom: day),
            // ZJ01 住建 — the house assessed C or D (unsafe).
            ScreeningRule(code: "ZJ01", name: "房屋鉴定为C级或D级", feed: .housing, filters: ["grade": ["C", "D", "C级", "D级"]],
                          thresholds: all(1), windowMonths: 12, risk: .housing, effectiveFrom: day),
            // YJ01 应急 — disaster losses of ≥ 5,000 yuan (脱贫户, 监测户) or ≥ 10,000 (一般农户) in 12 months.
            ScreeningRule(code: "YJ01", name: "灾害损失", feed: .emergency, measure: .sum("loss"),
                          thresholds: [.alleviated: 500_000, .monitored: 500_000, .ordinary: 1_000_000], windowMonths: 12,
                          risk: .otherDisaster, effectiveFrom: day),
            // GA01 公安 — the death of the household's only labourer.
            ScreeningRule(code: "GA01", name: "家中唯一劳动力死亡", feed: .police, filters: ["event": ["死亡", "注销（死亡）"]],
                          thresholds: all(1), windowMonths: 12, risk: .lackOfLabour, onlyLabourer: true, effectiveFrom: day),
            // RS01 人社 — unemployment or work broken off within 6 months (脱贫户 and 监测户 only).
            ScreeningRule(code: "RS01", name: "失业或务工中断", feed: .employment, filters: ["event": ["失业登记", "务工中断", "失业"]],
                          thresholds: [.alleviated: 1, .monitored: 1], windowMonths: 6, risk: .unstableEmployment, effectiveFrom: day),
            // CL01 残联 — a new grade-one or grade-two disability certificate.
            ScreeningRule(code: "CL01", name: "新办残疾人证（一、二级）", feed: .disability, filters: ["grade": ["一级", "二级", "1", "2"]],
                          thresholds: all(1), windowMonths: 12, risk: .disability, effectiveFrom: day),
            // PC01 市场监管 — a registered business (a 排除 check: the household may not qualify).
            ScreeningRule(code: "PC01", name: "登记有经营主体", feed: .business, thresholds: all(1), windowMonths: 0, risk: nil, effectiveFrom: day),
            // PC02 车管 — a registered motor vehicle (排除 check).
            ScreeningRule(code: "PC02", name: "登记有机动车", feed: .vehicle, thresholds: all(1), windowMonths: 0, risk: nil, effectiveFrom: day),
            // PC03 不动产 — urban property (排除 check).
            ScreeningRule(code: "PC03", name: "登记有城镇房产", feed: .property, thresholds: all(1), windowMonths: 0, risk: nil, effectiveFrom: day),
        ]
    }
}

import Foundation

/// The forms of the fund ledger (ledgers-rules.md §L1), read into domain values with every problem in Chinese.
public enum FundForms {
    /// 资金下达: fields `year`, `level`, `kind`, `document`, `issuedOn`, `amount` (万元), `purpose`.
    public static func batch(_ values: FormValues, today: CivilDate) -> Result<FundBatch, FieldProblems> {
        var errors = FieldErrors()
        var year: Int?
        if let y = Int(values.text("year", limit: 10)), (2021...today.year + 1).contains(y) { year = y } else {
            errors["year"] = "资金年度应为2021至\(today.year + 1)年"
        }
        let level = errors.take("level", FieldRules.choice(values.text("level", limit: 40), FundLevel.self))
        let kind = errors.take("kind", FieldRules.choice(values.text("kind", limit: 40), FundKind.self))
        let document = errors.take("document", ProjectRules.shortText(values.text("document", limit: 200), label: "文号", max: 60, required: true))
        let issued = errors.take("issuedOn", FieldRules.pastDate(values.text("issuedOn", limit: 20), label: "下达日期", today: today,
                                                                 earliest: CivilDate(year: 2020, month: 1, day: 1)))
        let amount = errors.take("amount", amountField(values.text("amount", limit: 40), label: "下达金额"))
        let purpose = errors.take("purpose", FieldRules.longText(values.text("purpose", limit: 2000), label: "资金用途", max: 500))
        if let year, let issued, issued.year > year { errors["issuedOn"] = "\(year)年度的资金不能晚于该年下达（下达日期\(issued)）" }
        guard errors.isEmpty, let year, let level, let kind, let document, let issued, let amount, let purpose else {
            return .failure(FieldProblems(errors))
        }
        return .success(FundBatch(year: year, level: level, kind: kind, document: document, issuedOn: issued, amount: amount, purpose: purpose))
    }

    /// An amount in 万元 greater than zero, at most `Money.largestFund`.
    public static func amountField(_ raw: String, label: String, allowZero: Bool = false) -> Result<Money, FieldProblem> {
        if raw.isEmpty { return allowZero ? .success(.zero) : .failure(.init("请填写\(label)（万元）")) }
        guard let money = Money(wanYuan: raw) else { return .failure(.init("\(label)应为以万元计的金额，最多六位小数，不超过1000亿元")) }
        if !allowZero, money == .zero { return .failure(.init("\(label)应大于0")) }
        return .success(money)
    }

    /// 支付: fields `paidOn`, `amount`, `payee` (kind), `payeeName`, `retention` (质保金, 万元), `note`. The batch and
    /// project are the page's.
    public static func payment(_ values: FormValues, batch: UUID, project: UUID, today: CivilDate) -> Result<(FundPayment, payeeName: String), FieldProblems> {
        var errors = FieldErrors()
        let paid = errors.take("paidOn", FieldRules.pastDate(values.text("paidOn", limit: 20), label: "支付日期", today: today,
                                                             earliest: CivilDate(year: 2020, month: 1, day: 1)))
        let amount = errors.take("amount", amountField(values.text("amount", limit: 40), label: "支付金额"))
        let payee = errors.take("payee", FieldRules.choice(values.text("payee", limit: 40), PayeeKind.self))
        let name = errors.take("payeeName", ProjectRules.shortText(values.text("payeeName", limit: 400), label: "收款方名称", max: 100, required: true))
        let retention = errors.take("retention", amountField(values.text("retention", limit: 40), label: "质保金", allowZero: true))
        let note = errors.take("note", FieldRules.longText(values.text("note", limit: 2000), label: "备注", max: 500))
        guard errors.isEmpty, let paid, let amount, let payee, let name, let retention, let note else { return .failure(FieldProblems(errors)) }
        return .success((FundPayment(batchID: batch, projectID: project, paidOn: paid, amount: amount, payee: payee, retention: retention,
                                     note: note), name))
    }
}

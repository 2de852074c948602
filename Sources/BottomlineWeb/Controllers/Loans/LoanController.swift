import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// 小额信贷 (issue 16 §1): the county records a household's loan and what happens to it after (贴息, 展期, 风险补偿)
/// from the household page, and anyone who reads the fund pages reads the 小额信贷通报 and its XLSX.
enum LoanController {
    /// 小额信贷: the county records a loan of the household to one of its members.
    static func addLoan(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        var errors = FieldErrors()
        var borrower: PersonRecord?
        if let id = UUID(uuidString: values.text("borrower", limit: 40)), let person = try await PersonRecord.find(id, on: req.db), person.householdID == household.id {
            borrower = person
        }
        if borrower == nil { errors["borrower"] = "请选择本户成员为借款人" }
        let amount = errors.take("amount", FundForms.amountField(values.text("amount", limit: 40), label: "金额"))
        let issued = CivilDate(parsing: values.text("issuedOn", limit: 20)), due = CivilDate(parsing: values.text("dueOn", limit: 20))
        if issued == nil { errors["issuedOn"] = "请填写发放日期" }
        if due == nil { errors["dueOn"] = "请填写到期日期" }
        let purpose = errors.take("purpose", FieldRules.choice(values.text("purpose", limit: 40), LoanPurpose.self))
        let rate = PolicyParameter.hundredthsOfPercent(values.text("rate", limit: 20))
        if rate == nil { errors["rate"] = "请填写合同年利率（%，最多两位小数，如3.45）" }
        let ratioText = values.text("subsidyRatio", limit: 20), ratio = ratioText.isEmpty ? nil : PolicyParameter.hundredthsOfPercent(ratioText)
        if !ratioText.isEmpty, ratio == nil { errors["subsidyRatio"] = "贴息比例应为0至100之间的百分数，最多两位小数" }
        guard errors.isEmpty, let borrower, let amount, let issued, let due, let purpose else {
            return try await req.errorPage("登记小额信贷", back: back, Array(errors.values))
        }
        do {
            try await LoanStore(try req.registry).add(LoanDraft(householdNumber: household.number, borrowerID: borrower.idNumber, bank: values.text("bank", limit: 200),
                                                                contract: values.text("contract", limit: 200), amount: amount, issuedOn: issued, dueOn: due,
                                                                purpose: purpose, exception: values.text("exception", limit: 600),
                                                                renews: values.text("renews", limit: 200), rate: rate, subsidyRatio: ratio), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("登记小额信贷", back: back, Array(p.errors.values), status: .unprocessableEntity)
        }
        return req.redirect(to: back + "#loans")
    }

    /// 贴息, 展期 or 风险补偿 of one of the household's loans, by the county.
    static func loanEvent(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        var errors = FieldErrors()
        let kind = errors.take("kind", FieldRules.choice(values.text("kind", limit: 20), LoanEventKind.self))
        let day = CivilDate(parsing: values.text("onDate", limit: 20))
        if day == nil { errors["onDate"] = "请填写日期" }
        let amountText = values.text("eventAmount", limit: 20), amount = amountText.isEmpty ? nil : Money(parsing: amountText)
        if !amountText.isEmpty, amount == nil { errors["eventAmount"] = "金额应为以元计的金额" }
        let loan = UUID(uuidString: values.text("loan", limit: 40))
        guard errors.isEmpty, let kind, let day, let loan,
              try await LoanRecord.query(on: req.db).filter(\.$id == loan).filter(\.$householdID == household.id!).first() != nil else {
            return try await req.errorPage("贷后登记", back: back + "#loans", errors.isEmpty ? ["请选择本户的贷款"] : Array(errors.values))
        }
        do {
            try await LoanStore(try req.registry).recordEvent(loan, kind: kind, on: day, amount: amount, newDue: CivilDate(parsing: values.text("newDue", limit: 20)),
                                                              note: values.text("note", limit: 400), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("贷后登记", back: back + "#loans", p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: back + "#loans")
    }

    // MARK: 小额信贷通报

    static func loanBulletin(_ req: Request) async throws -> HTML {
        try FundController.requireReader(req)
        let day = FundController.asOf(req)
        let region = try req.actor.region
        let b = try await LoanStore(try req.registry).bulletin(of: region, asOf: day)
        let header = LoanBulletin.header(unit: region.level.child?.label ?? "单位")
        let p = try await LoanStore(try req.registry).portfolio(of: region, asOf: day)
        let risk = (p.rows + [("合计", p.total)]).map { name, q -> HTML in
            let cells: [(String, String)] = [("贷款笔数", String(q.loans)), ("放款金额（万元）", q.lent.wanText), ("贷款余额（万元）", q.balance.wanText),
                                             ("户均贷款（万元）", q.averagePerLoan?.wanText ?? "—"), ("逾期笔数", String(q.overdueLoans)),
                                             ("逾期率", q.overdueRate.percentText()), ("不良率", q.badRate.percentText())]
            return "<tr><td data-label=\"\(region.level.child?.label ?? "单位")\">\(name)</td>\(cells.map { "<td class=\"num\" data-label=\"\($0.0)\">\($0.1)</td>" as HTML }.joined())</tr>"
        }.joined()
        let rows = b.cells.map { line -> HTML in
            "<tr>\(zip(header, line).enumerated().map { i, hv in "<td\(HTML(raw: i == 1 ? "" : " class=\"num\"")) data-label=\"\(hv.0)\">\(hv.1)</td>" as HTML }.joined())</tr>"
        }.joined()
        return Layout.page("小额信贷通报", context: req.pageContext(), crumbs: [("衔接资金", "\(SitePath.funds)")], """
            <form class="filters noprint" method="get" action="\(SitePath.loansBulletin)"><div><label for="f-asOf">截至</label><input id="f-asOf" type="date" name="asOf" value="\(day)"></div><div><button>生成</button></div></form>
            <p class="noprint"><a class="button secondary" href="\(SitePath.loansBulletinXLSX)?asOf=\(day)">导出 XLSX</a> <button type="button" class="secondary" data-print>打印</button></p>
            <article class="notice"><h2 class="notice-title">\(b.title)</h2>
            <div class="scroll-x"><table class="stack"><thead><tr>\(header.map { "<th>\($0)</th>" as HTML }.joined())</tr></thead><tbody>\(rows)</tbody></table></div>
            <p class="small">“总贷款余额户数”为户贷率 = 目前有贷款余额的户 ÷（享受政策的已脱贫户 + 监测户）；“总贷款新增户数”为当年新增户 ÷ 同一基数；按户贷率排名。脱贫户中未消除风险的监测对象只计入监测户。余额按截至日前银行最近一次报送（“项目库 → 从文件导入 → 小额信贷余额”），未报送的按放款金额。</p></article>
            <h2>贷款余额与风险</h2>
            <div class="scroll-x"><table class="stack"><thead><tr><th>\(region.level.child?.label ?? "单位")</th><th class="num">贷款笔数</th><th class="num">放款金额（万元）</th><th class="num">贷款余额（万元）</th><th class="num">户均贷款（万元）</th><th class="num">逾期笔数</th><th class="num">逾期率</th><th class="num">不良率</th></tr></thead><tbody>\(risk)</tbody></table></div>
            <p class="small">户均贷款 = 放款金额 ÷ 贷款笔数；逾期率 = 逾期贷款余额 ÷ 贷款余额；不良率 = 逾期\(LoanPortfolio.badAfterDays)天以上的贷款余额 ÷ 贷款余额。</p>
            """)
    }

    static func loanBulletinXLSX(_ req: Request) async throws -> Response {
        try FundController.requireReader(req)
        let day = FundController.asOf(req)
        let region = try req.actor.region
        let b = try await LoanStore(try req.registry).bulletin(of: region, asOf: day)
        let rows: [[XLSXWorkbook.Cell]] = b.rows.map { r in
            [.integer(Int64(r.position)), .text(r.unit), .integer(Int64(r.figures.alleviated)), .integer(Int64(r.figures.monitored)),
             .integer(Int64(r.figures.withBalance)), .integer(Int64(r.figures.newThisYear)), .text(r.figures.newRate.text), .text(r.figures.coverage.text),
             r.rank.map { .integer(Int64($0)) } ?? .text("—")]
        } + [[.text("合计"), .text(b.totalUnit), .integer(Int64(b.total.alleviated)), .integer(Int64(b.total.monitored)), .integer(Int64(b.total.withBalance)),
              .integer(Int64(b.total.newThisYear)), .text(b.total.newRate.text), .text(b.total.coverage.text), .text("")]]
        let sheet = XLSXWorkbook.list(name: "小额信贷（截至\(day.month)月\(day.day)日）", header: LoanBulletin.header(unit: region.level.child?.label ?? "单位"), rows: rows)
        return Download.response(try sheet.data(), type: Download.xlsx, asciiName: "micro-loans-\(day).xlsx", name: "脱贫人口小额信贷通报表-\(day).xlsx")
    }
}

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
        try await loanBulletinPage(req)
    }

    /// The bulletin, with (for a city's own staff) its statistics units and the form that sets them up; `values` and
    /// `errors` are a refused form's.
    static func loanBulletinPage(_ req: Request, values: FormValues = [:], errors: FieldErrors = [:]) async throws -> HTML {
        try FundController.requireReader(req)
        let day = FundController.asOf(req)
        let region = try req.actor.region
        let actor = try req.actor
        let mayDefineUnits = (actor.role == .county || actor.role == .admin) && region.level == .city
        let statisticsUnits = try await StatisticsUnitStore(try req.registry).units(of: region)
        let townshipNames = try await RegionStore.names(for: Set(statisticsUnits.flatMap { $0.members.map(\.township.digits) }), on: req.db)
        let unitRows = statisticsUnits.flatMap { u in u.members.map { m -> HTML in
            let name = townshipNames[m.township.digits] ?? m.township.digits
            let end: HTML = mayDefineUnits && m.to == nil ? """
                <form class="inline" method="post" action="\(SitePath.statisticsUnitsEnd)">\(req.pageContext().csrfField)<input type="hidden" name="name" value="\(u.name)"><input type="hidden" name="township" value="\(m.township.digits)"><input type="date" name="to" aria-label="\(name)退出日期" required> <button class="secondary">退出</button></form>
                """ : ""
            return "<tr><td data-label=\"统计单元\">\(u.name)</td><td data-label=\"乡镇（街道）\">\(name)（\(m.township.digits)）</td><td data-label=\"起止\">\(m.from)起\(m.to.map { "，\($0)退出" } ?? "")</td><td data-label=\"\">\(end)</td></tr>"
        } }.joined()
        let unitsPanel: HTML = !mayDefineUnits && statisticsUnits.isEmpty ? FormView.summary(errors) : """
            <h2 id="units">统计单元</h2>
            <p class="small muted">市里设立的管理和统计单元（如示范区）：其乡镇（街道）在起止日期内从所属县（市、区）移出，在本通报中单列排名。</p>
            \(statisticsUnits.isEmpty ? "<p class=\"muted\">尚未设立统计单元</p>" as HTML : "<table class=\"stack\"><thead><tr><th>统计单元</th><th>乡镇（街道）</th><th>起止</th><th></th></tr></thead><tbody>\(unitRows)</tbody></table>" as HTML)
            \(mayDefineUnits ? """
                <details class="panel noprint"\(HTML(raw: errors.isEmpty ? "" : " open"))><summary>设立统计单元或增加乡镇（街道）</summary>\(FormView.summary(errors))
                <form method="post" action="\(SitePath.statisticsUnits)">\(req.pageContext().csrfField)<div class="grid">
                \(FormView.text("name", "统计单元名称", value: values.text("name"), errors: errors, required: true, hint: "如：示范区", maxLength: 30))
                \(FormView.textarea("townships", "乡镇（街道）代码（9位，每行一个）", value: values.text("townships"), errors: errors, required: true))
                \(FormView.text("from", "起始日期", value: values.text("from").isEmpty ? day.description : values.text("from"), errors: errors, type: "date", required: true))
                </div><div class="actions"><button>设立</button></div></form></details>
                """ as HTML : "")
            """
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
            \(unitsPanel)
            """)
    }

    /// A city's statistics unit: set up, or more townships added, from a day.
    static func addStatisticsUnit(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        var errors = FieldErrors()
        let from = CivilDate(parsing: values.text("from", limit: 20))
        if from == nil { errors["from"] = "请填写起始日期" }
        if errors.isEmpty, let from {
            do {
                try await StatisticsUnitStore(try req.registry).add(values.text("name", limit: 200), townships: values.text("townships", limit: 4_000)
                    .split(whereSeparator: { $0.isNewline || $0.isWhitespace || $0 == "," || $0 == "，" || $0 == "、" }).map(String.init), from: from, today: .today)
                return req.redirect(to: "\(SitePath.loansBulletin)#units")
            } catch let p as FieldProblems { errors = p.errors }
        }
        return try await loanBulletinPage(req, values: values, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// A township leaves its statistics unit on a day.
    static func endStatisticsUnit(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        guard let day = CivilDate(parsing: values.text("to", limit: 20)) else {
            return try await req.errorPage("统计单元", back: "\(SitePath.loansBulletin)#units", ["请填写退出日期"])
        }
        do {
            try await StatisticsUnitStore(try req.registry).end(values.text("name", limit: 200), township: values.text("township", limit: 20), on: day)
        } catch let p as FieldProblems {
            return try await req.errorPage("统计单元", back: "\(SitePath.loansBulletin)#units", p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: "\(SitePath.loansBulletin)#units")
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

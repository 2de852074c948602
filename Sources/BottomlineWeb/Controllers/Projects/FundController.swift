import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 衔接资金: a year's batches and progress, one batch with its 项目对接 and payments, and the county's writes.
enum FundController {
    static func requireReader(_ req: Request) throws {
        let actor = try req.actor
        guard actor.role.readsFunds, actor.region.level <= .county else {
            throw Abort(.forbidden, reason: "衔接资金台账由县级查看和登记；乡镇、村可在项目页面查看本级项目的资金")
        }
    }

    static func year(_ req: Request) -> Int {
        req.queryText("year").flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CivilDate.today.year
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        return FundsPage.view(try await .query(try req.registry, year: year(req), context: req.pageContext()))
    }

    static func addBatch(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        let registry = try req.registry
        func refused(_ errors: FieldErrors) async throws -> Response {
            var model = try await FundsPage.Model.query(registry, year: Int(values.text("year", limit: 6)).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CivilDate.today.year,
                                                        context: req.pageContext())
            model.values = values
            model.errors = errors
            return try await FundsPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
        }
        switch FundForms.batch(values, today: .today) {
        case .failure(let p): return try await refused(p.errors)
        case .success(let batch):
            do {
                let record = try await FundStore(registry).addBatch(batch)
                return req.redirect(to: "\(SitePath.fundBatch(.value(record.id!)))")
            } catch let p as FieldProblems {
                return try await refused(p.errors)
            }
        }
    }

    static func scopedBatch(_ req: Request) async throws -> FundBatchRecord {
        try requireReader(req)
        let id = try await req.idParameter("fund_batch")
        guard let batch = try await req.registry.fundBatch(id) else { throw try await req.notFoundLogged("fund_batch", id: id.uuidString) }
        return batch
    }

    static func batch(_ req: Request) async throws -> HTML {
        let batch = try await scopedBatch(req)
        return FundsPage.batch(try await .query(try req.registry, batch: batch, context: req.pageContext(), today: .today))
    }

    static func refusedBatch(_ req: Request, _ batch: FundBatchRecord, form: String, values: FormValues, errors: FieldErrors) async throws -> Response {
        var model = try await FundsPage.BatchModel.query(try req.registry, batch: batch, context: req.pageContext(), today: .today)
        model.form = form
        model.values = values
        model.errors = errors
        return try await FundsPage.batch(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// The project named in a form, only if the user sees it.
    static func formProject(_ req: Request, _ values: FormValues) async throws -> ProjectRecord? {
        guard let id = UUID(uuidString: values.text("project", limit: 40)) else { return nil }
        return try await req.registry.project(id)
    }

    static func allocate(_ req: Request) async throws -> Response {
        let batch = try await scopedBatch(req)
        let values = try req.formValues()
        do {
            guard let project = try await formProject(req, values) else { throw FieldProblems(["project": "请选择项目"]) }
            let amount: Money
            switch FundForms.amountField(values.text("amount", limit: 40), label: "对接金额") {
            case .success(let a): amount = a
            case .failure(let p): throw FieldProblems(["amount": p.message])
            }
            try await FundStore(try req.registry).allocate(batch, to: project, amount: amount, today: .today)
        } catch let p as FieldProblems {
            return try await refusedBatch(req, batch, form: "allocate", values: values, errors: p.errors)
        }
        return req.redirect(to: "\(SitePath.fundBatch(.value(batch.id!)))")
    }

    static func pay(_ req: Request) async throws -> Response {
        let batch = try await scopedBatch(req)
        let values = try req.formValues()
        do {
            guard let project = try await formProject(req, values) else { throw FieldProblems(["project": "请选择项目"]) }
            switch FundForms.payment(values, batch: batch.id!, project: project.id!, today: .today) {
            case .failure(let p): throw p
            case .success(let (payment, name)): try await FundStore(try req.registry).pay(payment, payeeName: name, project: project)
            }
        } catch let p as FieldProblems {
            return try await refusedBatch(req, batch, form: "pay", values: values, errors: p.errors)
        }
        return req.redirect(to: "\(SitePath.fundBatch(.value(batch.id!)))")
    }

    /// 冲销, from the batch page or the project page; back to the page it came from.
    static func reverse(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("fund_payment")
        guard let payment = try await FundPaymentRecord.find(id, on: req.db), try await req.registry.fundBatch(payment.batchID) != nil else {
            throw try await req.notFoundLogged("fund_payment", id: id.uuidString)
        }
        let values = try req.formValues()
        let back = "\(SitePath.fundBatch(.value(payment.batchID)))"
        guard let on = CivilDate(parsing: values.text("on", limit: 20)) else { return try await req.errorPage("冲销支付", back: back, ["请填写冲销日期（年-月-日）"]) }
        do {
            try await FundStore(try req.registry).reverse(id, on: on, reason: values.text("reason", limit: 600), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("冲销支付", back: back, Array(p.errors.values))
        }
        return req.redirect(to: back)
    }

    /// The day a bulletin is as of: the `asOf` of the query, today by default, never after today.
    static func asOf(_ req: Request) -> CivilDate {
        guard let day = req.queryText("asOf").flatMap(CivilDate.init(parsing:)), day <= .today, day.year >= 2021 else { return .today }
        return day
    }

    static func bulletin(_ req: Request) async throws -> HTML {
        try requireReader(req)
        let day = asOf(req)
        let b = try await FundStore(try req.registry).bulletin(year: req.queryText("year") == nil ? day.year : year(req), asOf: day)
        return FundsPage.bulletin(b, year: req.queryText("year") == nil ? day.year : year(req), context: req.pageContext())
    }

    static func bulletinXLSX(_ req: Request) async throws -> Response {
        try requireReader(req)
        let day = asOf(req)
        let b = try await FundStore(try req.registry).bulletin(year: req.queryText("year") == nil ? day.year : year(req), asOf: day)
        var header = ["排名", b.byIssued ? "县（市、区）" : "乡镇"]
        if b.byIssued { header.append("下达（万元）") }
        header += ["对接（万元）", "支付（万元）", "支付进度", "提示"]
        var rows: [[XLSXWorkbook.Cell]] = b.rows.map { r in
            var cells: [XLSXWorkbook.Cell] = [r.rank.map { .integer(Int64($0)) } ?? .text("—"), .text(r.unit)]
            if b.byIssued { cells.append(.number(Double(r.progress.issued.fen) / 1_000_000)) }
            cells += [.number(Double(r.progress.allocated.fen) / 1_000_000), .number(Double(r.progress.paid.fen) / 1_000_000),
                      .text(r.rate.percentText()), .text(r.lagging ? "低于平均，发提示函" : "")]
            return cells
        }
        var total: [XLSXWorkbook.Cell] = [.text(""), .text("合计")]
        if b.byIssued { total.append(.number(Double(b.total.issued.fen) / 1_000_000)) }
        total += [.number(Double(b.total.allocated.fen) / 1_000_000), .number(Double(b.total.paid.fen) / 1_000_000), .text(b.totalRate.percentText()), .text("")]
        rows.append(total)
        let sheet = XLSXWorkbook.list(name: "支付进度（截至\(day.month)月\(day.day)日）", header: header, rows: rows)
        return Download.response(try sheet.data(), type: Download.xlsx, asciiName: "fund-progress-\(day).xlsx", name: "衔接资金支付进度-\(day).xlsx")
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 台账导入（项目、资金、资产、小额信贷余额、就业帮扶） and the exports of the project library and the fund ledger.
enum LedgerImportController {
    /// A county's ledger files are a few thousand rows: far below this.
    static let maximumFileBytes = 32 << 20

    static func requireCounty(_ req: Request) throws {
        let actor = try req.actor
        guard actor.role == .county, actor.region.level == .county else { throw Abort(.forbidden, reason: "项目和资金台账由县级管理员导入") }
    }

    static func form(_ req: Request) async throws -> HTML {
        try requireCounty(req)
        return LedgerImportPage.view(try await .query(try req.registry, context: req.pageContext()))
    }

    /// A bank's data officer: a county's department user that carries a bank.
    static func requireBank(_ req: Request) throws {
        let actor = try req.actor
        guard actor.role == .department, actor.bank != nil, actor.region.level == .county else { throw Abort(.forbidden, reason: "只有银行数据员报送小额信贷余额") }
    }

    /// 小额信贷余额报送: a bank's data officer sends its own bank's monthly file.
    static func bankForm(_ req: Request) async throws -> HTML {
        try requireBank(req)
        return LedgerImportPage.view(try await .query(try req.registry, context: req.pageContext()))
    }

    static func bankUpload(_ req: Request) async throws -> Response {
        try requireBank(req)
        return try await receive(req)
    }

    static func upload(_ req: Request) async throws -> Response {
        try requireCounty(req)
        return try await receive(req)
    }

    /// The upload of either page: the importer decides what the actor may send.
    static func receive(_ req: Request) async throws -> Response {
        let received = try await StreamedForm.receive(req, maxFileBytes: maximumFileBytes)
        defer { received.discard() }
        var model = try await LedgerImportPage.Model.query(try req.registry, context: req.pageContext())
        let kind = received.fields["kind"].flatMap(LedgerImportKind.init(rawValue:))
        model.kind = kind
        if kind == nil { model.errors["kind"] = "请选择要导入的台账" }
        if received.file == nil { model.errors["file"] = "没有收到文件，请选择要上传的文件" }
        guard let kind, let file = received.file else {
            return try await LedgerImportPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let report = try await LedgerImporter(try req.registry).importFile(try StreamedForm.contents(of: file.path), filename: file.filename,
                                                                               kind: kind, today: .today)
            model = try await LedgerImportPage.Model.query(try req.registry, context: req.pageContext())
            model.kind = kind
            model.report = (kind, report.rows, report.added, report.unchanged, report.repeatedOn)
            return try await LedgerImportPage.view(model).encodeResponse(for: req)
        } catch let refused as LedgerImportRefused {
            model.problems = refused.problems
            return try await LedgerImportPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    /// `projects.xlsx`, `payments.csv`, …: the kind's columns, required ones first, as an empty file to fill in.
    static func template(_ req: Request) async throws -> Response {
        let name = req.parameters.get("id") ?? ""
        let parts = name.split(separator: ".")
        guard parts.count == 2, let kind = LedgerImportKind(rawValue: String(parts[0])), ["xlsx", "csv"].contains(parts[1]) else {
            throw Abort(.notFound)
        }
        let header = kind.columns.map(\.name)
        if parts[1] == "csv" {
            return Download.response(CSV.write(header: header, rows: []), type: Download.csv, asciiName: "\(kind.rawValue)-template.csv", name: "\(kind.label)导入模板.csv")
        }
        let data = try XLSXWorkbook.list(name: kind.label, header: header, rows: []).data()
        return Download.response(data, type: Download.xlsx, asciiName: "\(kind.rawValue)-template.xlsx", name: "\(kind.label)导入模板.xlsx")
    }

    /// A list as CSV or XLSX by the address's extension; in XLSX the `numeric` columns are numbers (万元 amounts, counts),
    /// so a county's analyst can sum them; the CSV keeps the text exactly as the pages print it.
    static func file(_ req: Request, name: String, ascii: String, header: [String], rows: [[String]], numeric: Set<Int>) throws -> Response {
        let stamp = CivilDate.today.description
        if req.url.path.hasSuffix(".csv") {
            return Download.response(CSV.write(header: header, rows: rows), type: Download.csv, asciiName: "\(ascii)-\(stamp).csv", name: "\(name)-\(stamp).csv")
        }
        let cells = rows.map { row in
            row.enumerated().map { i, v -> XLSXWorkbook.Cell in
                guard numeric.contains(i), !v.isEmpty, let d = Double(v) else { return .text(v) }
                return .number(d)
            }
        }
        return Download.response(try XLSXWorkbook.list(name: name, header: header, rows: cells).data(), type: Download.xlsx,
                                 asciiName: "\(ascii)-\(stamp).xlsx", name: "\(name)-\(stamp).xlsx")
    }

    /// The projects the user sees, in the import's columns (so an export can be corrected and imported elsewhere), with
    /// the money given and paid.
    static func exportProjects(_ req: Request) async throws -> Response {
        let registry = try req.registry
        let projects = try await registry.projects().sort(\.$year, .descending).sort(\.$number).limit(50_000).all()
        var given: [UUID: Int64] = [:], paid: [UUID: Int64] = [:]
        for chunk in projects.compactMap(\.id).chunked() {
            for a in try await FundAllocationRecord.query(on: req.db).filter(\.$projectID ~~ chunk).all() { given[a.projectID, default: 0] += a.amountFen }
            for p in try await FundPaymentRecord.query(on: req.db).filter(\.$projectID ~~ chunk).all() { paid[p.projectID, default: 0] += p.amountFen }
        }
        let header = LedgerImportKind.projects.columns.map(\.name) + ["已对接（万元）", "已支付（万元）"]
        let rows = projects.map { p -> [String] in
            let d = p.draft
            let values = [d.number, d.name, String(d.year), d.category.label, d.place, d.content, d.goals, d.linkageBudget.wanText,
                          d.integratedBudget.wanText, d.otherBudget.wanText, d.linkWays.map(\.label).joined(separator: "、"),
                          String(d.linkedHouseholds), String(d.linkedAlleviated), String(d.linkedMonitored), d.implementer, d.responsible,
                          d.plannedStart.map { "\($0)" } ?? "", d.plannedEnd.map { "\($0)" } ?? "", p.stageValue.label,
                          Money(fen: given[p.id!] ?? 0).wanText, Money(fen: paid[p.id!] ?? 0).wanText]
            return values
        }
        return try file(req, name: "项目库", ascii: "projects", header: header, rows: rows, numeric: [2, 7, 8, 9, 11, 12, 13, 19, 20])
    }

    /// A year's batches (the `year` of the query, this year by default) with what was given and paid of each.
    static func exportFunds(_ req: Request) async throws -> Response {
        try FundController.requireReader(req)
        let ledger = try await FundStore(try req.registry).year(FundController.year(req))
        var given: [UUID: Int64] = [:], paid: [UUID: Int64] = [:]
        for a in ledger.allocations { given[a.batchID, default: 0] += a.amountFen }
        for p in ledger.payments { paid[p.batchID, default: 0] += p.amountFen }
        let header = LedgerImportKind.batches.columns.map(\.name) + ["已对接（万元）", "已支付（万元）", "支付进度"]
        let rows = ledger.batches.map { b -> [String] in
            let batch = b.batch
            return [String(batch.year), batch.level.label, batch.kind.label, batch.document, "\(batch.issuedOn)", batch.amount.wanText, batch.purpose,
                    Money(fen: given[b.id!] ?? 0).wanText, Money(fen: paid[b.id!] ?? 0).wanText,
                    MoneyShare(Money(fen: paid[b.id!] ?? 0), of: batch.amount).percentText()]
        }
        return try file(req, name: "衔接资金下达", ascii: "funds", header: header, rows: rows, numeric: [0, 5, 7, 8])
    }

    /// The assets the user sees, in the import's columns, with the year's income.
    static func exportAssets(_ req: Request) async throws -> Response {
        let registry = try req.registry
        let assets = try await registry.assets().sort(\.$number).limit(50_000).all()
        var projects: [UUID: String] = [:]
        for chunk in Array(Set(assets.compactMap(\.projectID))).chunked() {
            for p in try await ProjectRecord.query(on: req.db).filter(\.$id ~~ chunk).all() { projects[p.id!] = p.number }
        }
        let year = CivilDate.today.year
        var income: [UUID: Int64] = [:]
        for chunk in assets.compactMap(\.id).chunked() {
            for r in try await AssetIncomeRecord.query(on: req.db).filter(\.$assetID ~~ chunk).filter(\.$year == year).all() { income[r.assetID, default: 0] += r.amountFen }
        }
        let header = LedgerImportKind.assets.columns.map(\.name) + ["\(year)年收益（万元）", "处置"]
        let rows = assets.map { a -> [String] in
            [a.number, a.name, a.classValue.label, a.kindValue.label, a.regionCode, Money(fen: a.valueFen).wanText,
             AssetOwner(rawValue: a.owner)?.label ?? a.owner, a.confirmedOn ?? "", a.operatorName, OperationWay(rawValue: a.way)?.label ?? a.way,
             a.agreedReturn, a.caretaker, a.fourBatch.flatMap(FourBatchClass.init(rawValue:))?.label ?? "", a.capacityKW.map(String.init) ?? "",
             a.jobs.map(String.init) ?? "", a.jobsAlleviated.map(String.init) ?? "", a.jobsMonitored.map(String.init) ?? "",
             a.projectID.flatMap { projects[$0] } ?? "", Money(fen: income[a.id!] ?? 0).wanText, a.disposedOn.map { "\($0) \(a.disposalNote ?? "")" } ?? ""]
        }
        return try file(req, name: "项目资产", ascii: "assets", header: header, rows: rows, numeric: [5, 13, 14, 15, 16, 18])
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// 导入农户名册: a registry file checked whole, then written in one transaction or not at all.
enum ImportController {
    static func form(_ req: Request) async throws -> HTML {
        try requireImporter(req)
        return ImportPage.view(.init(context: req.pageContext()))
    }

    /// An empty registry file with every column the importer reads, required ones first, to fill in and import.
    static func template(_ req: Request) async throws -> Response {
        try requireImporter(req)
        let header = RegistryFileWriter.columns.map(\.header)
        if req.url.path.hasSuffix(".csv") {
            return Download.response(Data(CSV.write(header: header, rows: [])), type: Download.csv, asciiName: "registry-template.csv", name: "农户名册导入模板.csv")
        }
        let data = try XLSXWorkbook.list(name: "农户名册", header: header, rows: []).data()
        return Download.response(data, type: Download.xlsx, asciiName: "registry-template.xlsx", name: "农户名册导入模板.xlsx")
    }

    static func upload(_ req: Request) async throws -> Response {
        try requireImporter(req)
        let received = try await StreamedForm.receive(req, maxFileBytes: req.application.configuration.limits.registryUpload.value)
        defer { received.discard() }
        guard let file = received.file else {
            return try await ImportPage.view(.init(context: req.pageContext(), noFile: true)).encodeResponse(status: .badRequest, for: req)
        }
        let report = try await RegistryImporter(db: req.db, actor: try req.actor).importFile(try StreamedForm.contents(of: file.path), filename: file.filename)
        let model = ImportPage.Model.Report(
            succeeded: report.succeeded, summary: report.summary,
            problems: report.problems.prefix(1000).map { .init(row: $0.row, column: $0.column, value: $0.value, reason: $0.reason) },
            problemCount: report.problems.count)
        return try await ImportPage.view(.init(context: req.pageContext(), report: model))
            .encodeResponse(status: report.succeeded ? .ok : .unprocessableEntity, for: req)
    }

    static func requireImporter(_ req: Request) throws {
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "当前角色无权导入名册") }
    }
}

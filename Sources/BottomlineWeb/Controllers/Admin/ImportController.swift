import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// 导入农户名册: a registry file checked whole, then written in one transaction or not at all.
enum ImportController {
    static func form(_ req: Request) async throws -> HTML {
        try requireImporter(req)
        var model = ImportPage.Model(context: req.pageContext())
        model.recent = try await req.application.importJobs.recent(for: try req.user.requireID(), on: req.db)
        return ImportPage.view(model)
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
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        if size >= req.application.configuration.backgroundImportBytes || req.application.importJobs.busy {
            // A big file, or any file while another import runs: the job takes the file over and the browser goes to
            // the page that shows its progress (or its place in the queue).
            let owned = file.path + ".job"
            try FileManager.default.moveItem(atPath: file.path, toPath: owned)
            let id = req.application.importJobs.start(path: owned, filename: file.filename, actor: try req.actor,
                                                      userID: try req.user.requireID(), db: req.application.db,
                                                      logger: req.application.logger)
            return req.redirect(to: SitePath.importJob(.value(id)).description, redirectType: .normal)
        }
        let importer = RegistryImporter(db: req.db, actor: try req.actor)
        let report = try await req.application.importJobs.oneAtATime {
            try await importer.importFile(at: file.path, filename: file.filename)
        }
        return try await ImportPage.view(.init(context: req.pageContext(), report: .init(report)))
            .encodeResponse(status: report.succeeded ? .ok : .unprocessableEntity, for: req)
    }

    /// A big file's import: how far it is while it runs, its result when it ends. Only its uploader sees it.
    static func job(_ req: Request) async throws -> HTML {
        try requireImporter(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let job = try await req.application.importJobs.job(id, for: try req.user.requireID(), on: req.db) else {
            throw Abort(.notFound, reason: "没有找到这项导入")
        }
        return ImportPage.job(.init(context: req.pageContext(), job: job))
    }

    static func requireImporter(_ req: Request) throws {
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "当前角色无权导入名册") }
    }
}

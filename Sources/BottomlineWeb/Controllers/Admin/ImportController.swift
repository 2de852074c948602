import BottomlineDomain
import BottomlinePersistence
import Vapor

enum ImportController {
    /// Uploads larger than this are refused before they are read.

    static func form(_ req: Request) async throws -> HTML {
        try requireImporter(req)
        return req.page("导入农户名册", page(req, report: nil))
    }

    static func page(_ req: Request, report: RegistryImporter.Report?) -> HTML {
        let columns = RegistryColumn.allCases.map { c -> HTML in
            "<tr><td>\(c.header)\(RegistryColumn.required.contains(c) ? "<b class=\"error\">*</b>" as HTML : "")</td><td class=\"small muted\">\(c.aliases.joined(separator: "、"))</td></tr>"
        }.joined()
        var result: HTML = ""
        if let report {
            let problems = report.problems.prefix(1000).map { p -> HTML in
                "<tr><td class=\"num\">\(p.row)</td><td>\(p.column)</td><td>\(p.value)</td><td>\(p.reason)</td></tr>"
            }.joined()
            result = report.succeeded ? "<p class=\"flash\">\(report.summary)</p>" : """
                <p class="flash bad">\(report.summary)</p>
                <table><thead><tr><th class="num">行</th><th>列</th><th>内容</th><th>原因</th></tr></thead><tbody>\(problems)</tbody></table>
                \(report.problems.count > 1000 ? "<p class=\"muted\">仅显示前1000处问题</p>" as HTML : "")
                """
        }
        return """
            \(result)
            <div class="panel"><form method="post" action="/import" enctype="multipart/form-data">\(CSRF.field(for: req))
            <label for="file">选择文件（CSV：UTF-8 或 GBK 编码；或 XLSX）</label>
            <input id="file" type="file" name="file" accept=".csv,.xlsx,.txt" required>
            <button>校验并导入</button>
            <p class="small muted">整份文件先全部校验：有任何错误则不写入任何数据，并列出每一处问题；全部正确才在一个事务内一次写入。同一文件重复导入不会产生变化。</p>
            </form></div>
            <h2>文件格式：每行一人，同户各行填写相同的户编号</h2>
            <table><thead><tr><th>列名（<b class="error">*</b>为必填）</th><th>也可使用的列名</th></tr></thead><tbody>\(columns)</tbody></table>
            """
    }

    struct Upload: Content {
        var file: File
    }

    static func upload(_ req: Request) async throws -> Response {
        try requireImporter(req)
        let upload: Upload
        do { upload = try req.content.decode(Upload.self) } catch {
            return try await req.page("导入农户名册", "<p class=\"flash bad\">没有收到文件，请选择要导入的文件</p>" + page(req, report: nil))
                .encodeResponse(status: .badRequest, for: req)
        }
        let data = Data(buffer: upload.file.data)
        let report = try await RegistryImporter(db: req.db, actor: try req.actor).importFile(data, filename: upload.file.filename)
        return try await req.page("导入农户名册", page(req, report: report))
            .encodeResponse(status: report.succeeded ? .ok : .unprocessableEntity, for: req)
    }

    static func requireImporter(_ req: Request) throws {
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "当前角色无权导入名册") }
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 通报: saved definitions (title, columns, ranking column, footnote) issued for the reader's own region and a period:
/// a printable A4 page, XLSX and CSV.
enum BulletinController {
    static func list(_ req: Request) async throws -> HTML { try await listPage(req, values: [:], errors: [:]) }

    static func listPage(_ req: Request, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let store = IndicatorStore(try req.registry)
        let saved = try await store.bulletins()
        let rows = saved.map { b -> HTML in
            let d = b.definition
            return "<tr><td data-label=\"通报\"><a href=\"/bulletins/\(b.id!.uuidString)\">\(b.title)</a></td><td data-label=\"指标\">\(d.columns.compactMap { IndicatorCatalogue.indicator($0)?.name }.joined(separator: "、"))</td><td data-label=\"排名依据\">\(IndicatorCatalogue.indicator(d.rank)?.name ?? d.rank)</td><td data-label=\"制定\">\(b.createdBy)</td></tr>"
        }.joined()
        let canEdit = [.admin, .county].contains(try req.user.roleValue)
        let form: HTML = canEdit ? """
            <h2>制定通报</h2>
            \(FormView.summary(errors))
            <form method="post" action="/bulletins" class="panel">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("title", "标题（单位名称自动加在前面）", value: values["title"] ?? "", errors: errors, required: true, maxLength: 60))
            \(FormView.text("columns", "指标编号（逗号分隔）", value: values["columns"] ?? IndicatorCatalogue.headline.joined(separator: ","), errors: errors, required: true, hint: "编号见“指标”页的全部指标", maxLength: 400))
            \(FormView.select("rank", "排名依据", options: IndicatorCatalogue.all.filter { !$0.code.contains("-") }.map { ($0.code, $0.name) }, selected: values["rank"] ?? "XC03", errors: errors, required: true, blank: nil))
            \(FormView.text("footnote", "脚注", value: values["footnote"] ?? "", errors: errors, hint: "如：本版由县乡村振兴局供稿", maxLength: 200))
            </div><div class="actions"><button>保存</button></div></form>
            """ : ""
        return req.page("通报", crumbs: [("指标", "/indicators")], """
            <p class="muted">通报按阅读者本级的下一级单位排名（县看乡镇，乡镇看本乡镇各村），期间和月末冻结数在打开时选择。</p>
            \(saved.isEmpty ? "<p class=\"muted\">尚无通报</p>" as HTML : "<table class=\"stack\"><thead><tr><th>通报</th><th>指标</th><th>排名依据</th><th>制定</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(form)
            """)
    }

    static func create(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        switch BulletinDefinition.validate(values) {
        case .failure(let p):
            return try await listPage(req, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let d):
            do {
                let record = try await IndicatorStore(try req.registry).saveBulletin(d)
                return req.redirect(to: "/bulletins/\(record.id!.uuidString)")
            } catch let p as FieldProblems {
                throw Abort(.forbidden, reason: p.summary)
            }
        }
    }

    static func show(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let record = try await IndicatorStore(try req.registry).bulletin(id) else {
            throw try await req.notFoundLogged("bulletin", id: req.parameters.get("id") ?? "")
        }
        let table = try await req.issueBulletin(record.definition, what: "bulletin")
        switch (try? req.query.get(String.self, at: "format")) ?? "" {
        case "xlsx": return try table.download(csv: false)
        case "csv": return try table.download(csv: true)
        default: break
        }
        let head = table.columns.map { "<th class=\"num\">\($0.name)</th>" as HTML }.joined()
        let rows = table.rows.map { r -> HTML in
            "<tr><td class=\"num\">\(r.position)</td><td>\(r.unit)</td>\(table.columns.map { "<td class=\"num\">\($0.text(r.counts))</td>" as HTML }.joined())<td class=\"num\">\(r.rank.map(String.init) ?? "—")</td></tr>"
        }.joined()
        let query = req.url.query.map { $0.replacingOccurrences(of: "format=", with: "f=") } ?? ""
        return try await req.page(record.title, crumbs: [("通报", "/bulletins")], """
            <p class="noprint"><a class="button secondary" href="/bulletins/\(record.id!.uuidString)?\(query)&format=xlsx">导出 XLSX</a> <a class="button secondary" href="/bulletins/\(record.id!.uuidString)?\(query)&format=csv">导出 CSV</a> 可用 ?from=年-月-日&amp;to=年-月-日 或 ?snapshot=年-月 指定期间；打印即为 A4 通报。</p>
            <article class="notice"><h2 class="notice-title">\(table.title)</h2>
            <table><thead><tr><th class="num">序号</th><th>\(table.unitHeader)</th>\(head)<th class="num">排名</th></tr></thead><tbody>\(rows)
            <tr class="total"><td></td><td><b>合计</b></td>\(table.columns.map { "<td class=\"num\"><b>\($0.text(table.total))</b></td>" as HTML }.joined())<td></td></tr></tbody></table>
            <p class="small">\(table.footnote)</p></article>
            """).encodeResponse(for: req)
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 部门数据: a department's file uploaded on the page or posted by its system with a token, and what the run made of it.
enum FeedController {
    // MARK: Upload

    static func page(_ req: Request, errors: FieldErrors = [:], kind: String = "", asOf: String = "") async throws -> HTML {
        let store = try req.screening
        let today = CivilDate.today
        let files = try await store.files()
        let rules = try await store.rules(on: today)
        let upload: HTML = store.mayUpload ? """
            \(FormView.summary(errors))
            <div class="panel"><form method="post" action="/screening" enctype="multipart/form-data">\(CSRF.field(for: req))<div class="grid">
            \(FormView.select("kind", "数据类型", options: FeedKind.allCases.map { ($0.rawValue, "\($0.label)（\($0.department)）") }, selected: kind, errors: errors, required: true, blank: "请选择"))
            \(FormView.text("asOf", "筛查基准日", value: asOf.isEmpty ? today.description : asOf, errors: errors, type: "date", required: true, hint: "统计窗口（如近12个月）截至此日"))
            <div class="field\(HTML(raw: errors["file"] == nil ? "" : " invalid"))"><label for="f-file">文件（CSV：UTF-8 或 GBK；或 XLSX）<b class="error">*</b></label>
            <input id="f-file" type="file" name="file" accept=".csv,.xlsx,.txt" required>\(errors["file"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            </div><p class="small muted">文件原样保存并记录指纹，同一文件重复上传不会产生新的预警；有问题的行不影响其他行，逐行列出原因，可下载。</p>
            <div class="actions"><button>上传并筛查</button></div></form></div>
            """ : "<p class=\"muted\">部门数据由部门数据员或县级管理员上传。</p>"
        let fileRows = files.map { f -> HTML in
            "<tr><td data-label=\"时间\">\(f.createdAt.map(Format.time) ?? "")</td><td data-label=\"类型\">\(f.kindValue?.label ?? f.kind)</td><td data-label=\"文件\"><a href=\"/screening/files/\(f.id!.uuidString)\">\(f.filename)</a></td><td data-label=\"上传\">\(f.uploadedBy)（\(f.channel == "api" ? "接口" : "网页")）</td><td class=\"num\" data-label=\"读取\">\(f.rowsRead)</td><td class=\"num\" data-label=\"匹配\">\(f.rowsMatched)</td><td class=\"num\" data-label=\"问题行\">\(f.rowsBad)</td><td class=\"num\" data-label=\"新预警\">\(f.warningsNew)</td></tr>"
        }.joined()
        let ruleRows = rules.map { r -> HTML in
            "<tr><td>\(store.mayEditRules ? "<a href=\"/screening/rules/\(r.code)\">\(r.code)</a>" as HTML : "\(r.code)")</td><td>\(r.name)</td><td class=\"small\">\(r.explanation)</td><td>\(r.risk.map(\.label) ?? (r.isExclusion ? "比对排除" : ""))</td><td>\(r.effectiveFrom)起</td></tr>"
        }.joined()
        return req.page("部门数据筛查", """
            \(upload)
            <p><a class="button secondary" href="/warnings">预警核实</a> <a class="button secondary" href="/screening/stats">规则成效统计</a></p>
            <h2>已上传的文件</h2>
            \(files.isEmpty ? "<p class=\"muted\">尚无文件</p>" as HTML : "<table class=\"stack\"><thead><tr><th>时间</th><th>类型</th><th>文件</th><th>上传</th><th class=\"num\">读取行</th><th class=\"num\">匹配行</th><th class=\"num\">问题行</th><th class=\"num\">新预警</th></tr></thead><tbody>\(fileRows)</tbody></table>" as HTML)
            <h2>现行筛查规则</h2>
            <table><thead><tr><th>编号</th><th>名称</th><th>条件</th><th>提示风险</th><th>生效</th></tr></thead><tbody>\(ruleRows)</tbody></table>
            """)
    }

    static func show(_ req: Request) async throws -> HTML { try await page(req) }

    struct Upload: Content {
        var kind: String?
        var asOf: String?
        var file: File?
    }

    static func upload(_ req: Request) async throws -> Response {
        let store = try req.screening
        guard store.mayUpload else { throw Abort(.forbidden, reason: "只有部门数据员、县级管理员可以上传部门数据") }
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        var errors = FieldErrors()
        let kind = form.kind.flatMap(FeedKind.init(rawValue:))
        if kind == nil { errors["kind"] = "请选择数据类型" }
        let asOf = form.asOf.flatMap(CivilDate.init(parsing:))
        if asOf == nil { errors["asOf"] = "请填写筛查基准日（年-月-日）" }
        let data = form.file.map { Data(buffer: $0.data) } ?? Data()
        if data.isEmpty { errors["file"] = "没有收到文件，请选择要上传的文件" }
        if errors.isEmpty, let kind, let asOf {
            do {
                let outcome = try await store.screen(data, filename: form.file?.filename ?? "upload.csv", kind: kind, channel: "web", asOf: asOf, today: .today)
                return req.redirect(to: "/screening/files/\(outcome.file.id!.uuidString)" + (outcome.duplicate ? "?duplicate=1" : ""))
            } catch let p as FieldProblems {
                errors = p.errors
            }
        }
        return try await page(req, errors: errors, kind: form.kind ?? "", asOf: form.asOf ?? "").encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func scopedFile(_ req: Request) async throws -> FeedFileRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let file = try await req.screening.file(id) else {
            throw try await req.notFoundLogged("feed_file", id: req.parameters.get("id") ?? "")
        }
        return file
    }

    static func file(_ req: Request) async throws -> HTML {
        let file = try await scopedFile(req)
        let bad = try await req.screening.badRows(of: file)
        let duplicate = (try? req.query.get(String.self, at: "duplicate")) == "1"
        let rows = bad.prefix(500).map { "<tr><td class=\"num\">\($0.line)</td><td>\($0.reason)</td></tr>" as HTML }.joined()
        let warnings = try await req.screening.warnings(.init(open: nil, file: file.id), today: .today, limit: 1)
        return req.page("文件：\(file.filename)", crumbs: [("部门数据", "/screening")], """
            \(duplicate ? "<p class=\"flash\">该文件此前已上传并筛查过（内容完全相同），未产生新的预警。</p>" as HTML : "")
            <div class="panel"><dl class="facts">
            <dt>类型</dt><dd>\(file.kindValue?.label ?? file.kind)</dd>
            <dt>上传</dt><dd>\(file.uploadedBy)，\(file.createdAt.map(Format.time) ?? "")，\(file.channel == "api" ? "接口" : "网页")</dd>
            <dt>编码</dt><dd>\(file.encoding)，\(file.byteCount)字节，SHA-256 \(String(file.sha256.prefix(16)))…</dd>
            <dt>筛查基准日</dt><dd>\(file.asOf)</dd>
            <dt>读取</dt><dd>\(file.rowsRead)行：匹配名册\(file.rowsMatched)行，问题行\(file.rowsBad)行（其中不在本辖区名册\(file.rowsUnmatched)行）</dd>
            <dt>预警</dt><dd>新预警 <b>\(file.warningsNew)</b> 条\(warnings.isEmpty ? "" : "，<a href=\"/warnings?file=\(file.id!.uuidString)\">查看</a>" as HTML)</dd>
            </dl></div>
            <h2>问题行（\(file.rowsBad)）</h2>
            \(bad.isEmpty ? "<p class=\"muted\">没有问题行</p>" as HTML : """
                <p><a class="button secondary" href="/screening/files/\(file.id!.uuidString)/problems.csv">下载全部问题行（CSV）</a></p>
                <table><thead><tr><th class="num">行号</th><th>原因</th></tr></thead><tbody>\(rows)</tbody></table>
                \(bad.count > 500 ? "<p class=\"muted\">页面仅显示前500行，完整清单请下载</p>" as HTML : "")
                \(file.rowsBad > bad.count ? "<p class=\"muted\">共\(file.rowsBad)行，清单保存前\(bad.count)行</p>" as HTML : "")
                """ as HTML)
            """)
    }

    static func problems(_ req: Request) async throws -> Response {
        let file = try await scopedFile(req)
        let bad = try await req.screening.badRows(of: file)
        let data = CSV.write(header: ["行号", "原因"], rows: bad.map { [String($0.line), $0.reason] })
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "问题行-\(file.filename).csv")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Feed API

    struct FeedResult: Content {
        var file: UUID
        var duplicate: Bool
        var rowsRead: Int
        var rowsMatched: Int
        var rowsBad: Int
        var newWarnings: Int
    }

    /// `POST /api/v1/feeds/{kind}` with `Authorization: Bearer <token>`; the body is the file. `?asOf=YYYY-MM-DD`.
    static func apiFeed(_ req: Request) async throws -> Response {
        guard let bearer = req.headers.bearerAuthorization?.token, !bearer.isEmpty else { throw Abort(.unauthorized, reason: "缺少令牌") }
        let hash = SHA256.hash(data: Data(bearer.utf8)).map { String(format: "%02x", $0) }.joined()
        guard let token = try await FeedTokenRecord.query(on: req.db).filter(\.$tokenHash == hash).filter(\.$active == true).first(),
              let region = RegionCode(token.regionCode) else {
            throw Abort(.unauthorized, reason: "令牌无效或已停用")
        }
        guard let kind = req.parameters.get("kind").flatMap(FeedKind.init(rawValue:)) else {
            throw Abort(.notFound, reason: "没有这种数据类型，可用：\(FeedKind.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        guard token.kindValues.contains(kind) else { throw Abort(.forbidden, reason: "该令牌（\(token.name)）不能上传“\(kind.label)”数据") }
        let asOf = (try? req.query.get(String.self, at: "asOf")).map { CivilDate(parsing: $0) } ?? .today
        guard let asOf else { throw Abort(.badRequest, reason: "asOf 应为 年-月-日") }
        guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.badRequest, reason: "请求体为空，请把文件内容作为请求体发送") }
        let actor = Actor(userID: nil, username: "接口：\(token.name)", role: .department, region: region)
        do {
            let outcome = try await ScreeningStore(ScopedRegistry(db: req.db, actor: actor))
                .screen(Data(buffer: body), filename: (try? req.query.get(String.self, at: "filename")) ?? "\(kind.rawValue)-\(CivilDate.today).csv",
                        kind: kind, channel: "api", asOf: asOf, today: .today)
            let f = outcome.file
            return try await FeedResult(file: f.id!, duplicate: outcome.duplicate, rowsRead: f.rowsRead, rowsMatched: f.rowsMatched,
                                        rowsBad: f.rowsBad, newWarnings: outcome.newWarnings).encodeResponse(status: outcome.duplicate ? .ok : .created, for: req)
        } catch let p as FieldProblems {
            throw Abort(.unprocessableEntity, reason: p.summary)
        }
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 部门数据: a department's file uploaded on the page or posted by its system with a token, and what the run made of it.
enum FeedController {
    static func page(_ req: Request, errors: FieldErrors = [:], kind: String = "", asOf: String = "") async throws -> HTML {
        var model = try await Feeds.Model.query(try req.screening, context: req.pageContext(), today: .today)
        model.kind = kind
        model.asOf = asOf
        model.errors = errors
        return Feeds.view(model)
    }

    static func show(_ req: Request) async throws -> HTML {
        try req.requireFeedReader()
        return try await page(req)
    }

    struct Upload: Content {
        var kind: String?
        var asOf: String?
        var file: File?
    }

    static func upload(_ req: Request) async throws -> Response {
        let store = try req.screening
        guard store.mayUpload else { throw Abort(.forbidden, reason: "只有部门数据员、县级管理员可以上传部门数据") }
        let received = try await StreamedForm.receive(req, maxFileBytes: req.application.configuration.limits.feedUpload.value)
        defer { received.discard() }
        let form = Upload(kind: received.fields["kind"], asOf: received.fields["asOf"], file: nil)
        var errors = FieldErrors()
        let kind = form.kind.flatMap(FeedKind.init(rawValue:))
        if kind == nil { errors["kind"] = "请选择数据类型" }
        let asOf = form.asOf.flatMap(CivilDate.init(parsing:))
        if asOf == nil { errors["asOf"] = "请填写筛查基准日（年-月-日）" }
        if received.file == nil { errors["file"] = "没有收到文件，请选择要上传的文件" }
        if errors.isEmpty, let kind, let asOf, let file = received.file {
            do {
                let data = try StreamedForm.contents(of: file.path)
                let outcome = try await store.screen(data, filename: file.filename, kind: kind, channel: "web", asOf: asOf, today: .today)
                return req.redirect(to: "\(SitePath.screeningFile(.value(outcome.file.id!)))" + (outcome.duplicate ? "?duplicate=1" : ""))
            } catch let p as FieldProblems {
                errors = p.errors
            }
        }
        return try await page(req, errors: errors, kind: form.kind ?? "", asOf: form.asOf ?? "").encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func scopedFile(_ req: Request) async throws -> FeedFileRecord {
        try req.requireFeedReader()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let file = try await req.screening.file(id) else {
            throw try await req.notFoundLogged("feed_file", id: req.parameters.get("id") ?? "")
        }
        return file
    }

    static func file(_ req: Request) async throws -> HTML {
        let file = try await scopedFile(req)
        return Feeds.view(try await Feeds.FileModel.query(try req.screening, file: file, duplicate: req.queryText("duplicate") == "1",
                                                          context: req.pageContext(), today: .today))
    }

    /// The columns a department's file must have (and may have), as an empty CSV to fill in.
    static func template(_ req: Request) async throws -> Response {
        guard let kind = req.parameters.get("id").flatMap({ FeedKind(rawValue: $0.replacingOccurrences(of: ".csv", with: "")) }),
              try await req.screening.mayUse(kind) else {
            throw Abort(.notFound, reason: "没有这种数据类型")
        }
        let header = (kind.fields.filter(\.required) + kind.fields.filter { !$0.required }).map(\.label)
        return Download.response(Data(CSV.write(header: header, rows: [])), type: Download.csv, asciiName: "\(kind.rawValue)-template.csv",
                                 name: "\(kind.label)数据模板.csv")
    }

    static func problems(_ req: Request) async throws -> Response {
        let file = try await scopedFile(req)
        let (header, bad) = try await req.screening.badRowsWithOriginal(of: file)
        let data = CSV.write(header: ["行号", "原因"] + header, rows: bad.map { [String($0.line), $0.reason] + $0.cells })
        return Download.response(data, type: Download.csv, asciiName: "problems.csv", name: "问题行-\(file.filename).csv")
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
        guard let body = try await StreamedForm.receiveBody(req, maxBytes: req.application.configuration.limits.feedUpload.value) else {
            throw Abort(.badRequest, reason: "请求体为空，请把文件内容作为请求体发送")
        }
        defer { try? FileManager.default.removeItem(atPath: body.path) }
        var actor = Actor(userID: nil, username: "接口：\(token.name)", role: .department, region: region)
        actor.feedKinds = Set(token.kindValues)
        do {
            let outcome = try await ScreeningStore(ScopedRegistry(db: req.db, actor: actor))
                .screen(try StreamedForm.contents(of: body.path), filename: (try? req.query.get(String.self, at: "filename")) ?? "\(kind.rawValue)-\(CivilDate.today).csv",
                        kind: kind, channel: "api", asOf: asOf, today: .today)
            let f = outcome.file
            return try await FeedResult(file: f.id!, duplicate: outcome.duplicate, rowsRead: f.rowsRead, rowsMatched: f.rowsMatched,
                                        rowsBad: f.rowsBad, newWarnings: outcome.newWarnings).encodeResponse(status: outcome.duplicate ? .ok : .created, for: req)
        } catch let p as FieldProblems {
            throw Abort(.unprocessableEntity, reason: p.summary)
        }
    }
}

import BottomlinePersistence
import Foundation
import Vapor

/// Pages need a signed-in user: pages redirect to the login form, the API answers 401.
struct RequireUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(UserRecord.self) else {
            if request.url.path.hasPrefix("/api/") { throw Abort(.unauthorized, reason: "请先登录") }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: "\(SitePath.login)?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        return try await next.respond(to: request)
    }
}

/// A department data officer reaches its department's files and warnings, its own password and sign-out; every other
/// page (households, cases, figures, the registry API) answers 403. Listed by what it may reach, so a page added later
/// is closed to it until someone decides otherwise.
struct DepartmentScope: AsyncMiddleware {
    static let open = ["/screening", "/warnings", "/account/", "/bank/"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(UserRecord.self), !user.roleValue.readsRegistry else { return try await next.respond(to: request) }
        let path = request.url.path
        if path == "/" { return request.redirect(to: user.bank == nil ? "\(SitePath.screening)" : "\(SitePath.bankLoans)") }
        guard Self.open.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
            throw Abort(.forbidden, reason: "部门数据员只能上传、查看本部门的数据文件及其预警")
        }
        return try await next.respond(to: request)
    }
}

/// Errors as a Chinese page for people and as `{"error": true, "reason": …}` for the API; never a stack trace.
struct ChineseErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPStatus
            let reason: String
            // A 405 says which methods the site takes.
            let allow = (error as? any AbortError)?.headers.first(name: "Allow")
            if let abort = error as? any AbortError {
                status = abort.status
                if status == .seeOther || status == .found || status == .temporaryRedirect {
                    return request.redirect(to: abort.headers.first(name: .location) ?? "/")
                }
                reason = status == .payloadTooLarge ? "上传的文件过大" : (abort.reason.isEmpty || abort.reason == status.reasonPhrase ? Self.message(status) : abort.reason)
            } else if error is DecodingError {
                status = .badRequest
                reason = "提交的数据格式错误"
            } else if DatabaseBusy.matches(error) {
                // Another writer held the database longer than a write waits; what this request wrote was rolled back.
                status = .serviceUnavailable
                reason = DatabaseBusy.message
                request.logger.warning("数据库忙：\(String(reflecting: error))")
            } else {
                status = .internalServerError
                reason = "服务器内部错误，请稍后重试或联系管理员"
                request.logger.report(error: error)
            }
            // Busy: a client may try again shortly (`Retry-After`); a page that only reads tries again by itself (the
            // progress page of a big import, which reloads every two seconds, would otherwise stop on this answer). A
            // form's answer does not: sending it again is the user's choice.
            let retry = status == .serviceUnavailable ? Self.retryAfter : nil
            if request.url.path.hasPrefix("/api/") || request.headers.accept.mediaTypes.first == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let body = try encoder.encode(["error": "true", "reason": reason])
                var headers = HTTPHeaders()
                headers.contentType = .json
                if let allow { headers.replaceOrAdd(name: "Allow", value: allow) }
                if let retry { headers.replaceOrAdd(name: .retryAfter, value: String(retry)) }
                return Response(status: status, headers: headers, body: .init(data: body))
            }
            let page = Layout.failure(Self.message(status), reason: reason, context: request.pageContext(),
                                      retry: request.method == .GET ? retry : nil)
            let response = try await page.encodeResponse(for: request)
            response.status = status
            if let allow { response.headers.replaceOrAdd(name: "Allow", value: allow) }
            if let retry { response.headers.replaceOrAdd(name: .retryAfter, value: String(retry)) }
            return response
        }
    }

    /// Seconds after which a request refused as busy may be tried again.
    static let retryAfter = 5

    static func message(_ status: HTTPStatus) -> String {
        switch status.code {
        case 400: "请求有误"
        case 401: "请先登录"
        case 403: "没有权限"
        case 404: "页面不存在"
        case 413: "上传的文件过大"
        case 405: "不支持该请求方法"
        case 429: "操作过于频繁"
        case 503: "数据库正忙"
        default: "出错了"
        }
    }
}

/// Pages load nothing from elsewhere (county intranets have no internet), so the browser may refuse anything else:
/// no external scripts, styles or frames, and no inline script.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // A response that set a stricter policy of its own (an attachment's sandbox) keeps it.
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                          value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        }
        // A body refused as too large was not read to its end: the rest may still be on its way, and a client that keeps
        // the connection would send its next request behind it and wait. The answer closes the connection instead.
        if response.status == .payloadTooLarge { response.headers.replaceOrAdd(name: .connection, value: "close") }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        return response
    }
}

/// The site answers GET, HEAD and POST; any other method (TRACE, PUT, DELETE, …) is 405 with the methods it takes.
struct AllowedMethodsMiddleware: AsyncMiddleware {
    static let allowed: [HTTPMethod] = [.GET, .HEAD, .POST]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.allowed.contains(request.method) else {
            throw Abort(.methodNotAllowed, headers: ["Allow": Self.allowed.map(\.rawValue).joined(separator: ", ")],
                        reason: "不支持该请求方法")
        }
        return try await next.respond(to: request)
    }
}

/// The stylesheet and scripts under `/static/`, and nothing else: other paths never reach the file system (a path of
/// thousands of characters made the file lookup fail with a server error).
struct StaticFiles: AsyncMiddleware {
    let files: FileMiddleware
    init(_ files: FileMiddleware) { self.files = files }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.hasPrefix("/static/"), path.utf8.count <= 200, request.method == .GET || request.method == .HEAD else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next).get()
    }
}

/// Refuses a NUL character anywhere in the address, or in a form or JSON body: no text a person types holds one,
/// PostgreSQL refuses to store one (the robustness suite found a sign-in with one answering 500 on PostgreSQL only), and
/// a check that passes it on would pass it into logs and files. Uploaded files (multipart, the feed API) may hold any
/// bytes and are read by the file readers.
struct NulGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let refused = Abort(.badRequest, reason: "提交的内容含有不允许的控制字符（NUL）")
        let address = request.url.string
        if address.contains("\u{0}") || address.range(of: "%00", options: .caseInsensitive) != nil { throw refused }
        if let body = request.body.data, request.content.contentType == .urlEncodedForm || request.content.contentType == .json {
            let view = body.readableBytesView
            if view.contains(0) { throw refused }
            let text = String(decoding: view, as: UTF8.self)
            if text.range(of: "%00", options: .caseInsensitive) != nil || text.range(of: "\\u0000", options: .caseInsensitive) != nil { throw refused }
        }
        return try await next.respond(to: request)
    }
}

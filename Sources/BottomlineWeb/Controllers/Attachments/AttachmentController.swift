import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

extension Request {
    /// Attachments of the signed-in user's region, kept where this deployment keeps files.
    var attachments: AttachmentStore {
        get throws {
            let location = DatabaseSetup.location(of: application) ?? .sqlite(path: "bottomline.sqlite")
            return AttachmentStore(try registry, storage: AttachmentStorage.resolve(location))
        }
    }
}

/// 附件 (issue 17 §4): a file uploaded to a problem or a petition, and read back only within the jurisdiction.
enum AttachmentController {
    /// `POST /problems/:id/files`, `/petitions/:id/files` and `/case-steps/:id/files`; `back` is the page of the record
    /// the owner is shown on (a step's case).
    static func upload(_ owner: String, back: @escaping @Sendable (UUID) -> String) -> @Sendable (Request) async throws -> Response {
        { req in
            guard try req.actor.role.stepLevel != nil else { throw Abort(.forbidden, reason: "附件由村、乡镇、县级干部上传") }
            let id = try await req.idParameter(owner)
            let store = try req.attachments
            let received: StreamedForm
            do {
                received = try await StreamedForm.receive(req, maxFileBytes: AttachmentKind.maxBytes)
            } catch let abort as Abort where abort.status == .payloadTooLarge {
                // The connection closes after this answer (`SecurityHeadersMiddleware`): the rest of the file is not read.
                let page = try await store.owner(owner, id)?.record ?? id
                return try await req.errorPage("上传附件", back: back(page), ["文件超过\(AttachmentKind.maxBytes / 1024 / 1024) MB，请压缩后再上传"], status: .payloadTooLarge)
            }
            defer { received.discard() }
            // Nothing is said of a record outside the region: the same 404 as one that does not exist.
            guard let found = try await store.owner(owner, id) else { throw try await req.notFoundLogged(owner, id: id.uuidString) }
            guard let file = received.file else { return try await req.errorPage("上传附件", back: back(found.record), ["请选择要上传的照片或PDF文件"]) }
            do {
                try await store.attach(to: owner, id, filename: file.filename, path: file.path)
            } catch let p as FieldProblems {
                return try await req.errorPage("上传附件", back: back(found.record), p.errors.sorted { $0.key < $1.key }.map(\.value))
            }
            return req.redirect(to: back(found.record))
        }
    }

    /// `GET /files/:id`: the bytes, as the type their content was checked to be, downloaded rather than shown inline
    /// for PDF, and never given a chance to run anything.
    static func download(_ req: Request) async throws -> Response {
        guard try req.actor.role.readsRegistry else { throw Abort(.forbidden) }
        let id = try await req.idParameter("attachment")
        guard let (a, data) = try await req.attachments.open(id), let kind = a.kindValue else { throw try await req.notFoundLogged("attachment", id: id.uuidString) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: kind.contentType)
        let encoded = a.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(kind == .pdf ? "attachment" : "inline"); filename=\"file.\(kind.extensions[0])\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; img-src 'self'; sandbox")
        return response
    }
}

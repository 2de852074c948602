import Foundation
import MultipartKit
import Vapor

/// A form with a file, read as it arrives: the file part goes straight to a temporary file on disk and the small fields
/// are kept, so a 500 MB upload never sits in memory (collecting it, then decoding the form, then copying the file held
/// three copies: near 4 GB for a 100 MB registry). The form token is checked here, since the CSRF middleware cannot read
/// a body it does not collect; no other way reads a streamed form.
struct StreamedForm: Sendable {
    var fields: [String: String] = [:]
    /// The file part: where it was written, the name the browser gave, its size. Nil when the form had none or it was empty.
    var file: (path: String, filename: String, bytes: Int)?

    /// Removes the temporary file. Callers `defer` it.
    func discard() {
        if let file { try? FileManager.default.removeItem(atPath: file.path) }
    }

    static let fieldLimit = 64 * 1024
    /// How long a refused body is still read and dropped so that its sender, which may not read the answer before it
    /// has sent everything (a script, or a browser), gets it: a 200 MB file on a LAN takes seconds. Measured in time, not
    /// bytes: past 64 MB the sender was left writing into a connection nobody read (a 200 MB bomb hung its client until
    /// it gave up). A sender still writing after this is left to the server's idle timeout.
    static let drainTime: Duration = .seconds(120)

    /// Whether a drain that began at `start` may go on.
    static func draining(since start: ContinuousClock.Instant) -> Bool { ContinuousClock.now - start < drainTime }

    /// Reads the request's multipart body. The file part named `fileField` may be up to `maxFileBytes`; a form that is not
    /// multipart gives no fields and no file (the caller says what is missing). Throws 403 when the form token is wrong,
    /// 413 when the file or a field is too large, 400 when the body is not well-formed multipart.
    static func receive(_ req: Request, fileField: String = "file", maxFileBytes: Int) async throws -> StreamedForm {
        var form = StreamedForm()
        guard req.headers.contentType?.type == "multipart", req.headers.contentType?.subType == "form-data",
              let boundary = req.headers.contentType?.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            try CSRFMiddleware.check(req, sent: nil)
            return form
        }
        let (path, handle) = try newFile(req)
        final class State: @unchecked Sendable {
            var headers: [String: String] = [:]
            var name: String?
            var filename: String?
            var value: [UInt8] = []
            /// Bytes of every text field so far: the limit is on them all, so a thousand small fields are as refused as one long one.
            var fieldBytes = 0
            var fileBytes = 0
            var failure: (any Error)?
            var form = StreamedForm()

            /// Reads the part's name from its headers, once, when its body or its end comes.
            func begin() {
                guard name == nil else { return }
                let disposition = headers["content-disposition"] ?? ""
                name = StreamedForm.parameter("name", in: disposition) ?? ""
                filename = StreamedForm.parameter("filename", in: disposition)
            }
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard state.failure == nil else { return }
            state.begin()
            if state.name == fileField, state.filename != nil {
                // The first file part with content is the file; a second one is counted against the limit and dropped,
                // never appended to the first.
                state.fileBytes += buffer.readableBytes
                guard state.fileBytes <= maxFileBytes else { state.failure = Abort(.payloadTooLarge, reason: "上传的文件过大"); return }
                if state.form.file == nil { handle.write(Data(buffer.readableBytesView)) }
            } else {
                state.value += buffer.readableBytesView
                state.fieldBytes += buffer.readableBytes
                if state.fieldBytes > fieldLimit { state.failure = Abort(.payloadTooLarge, reason: "表单内容过长") }
            }
        }
        parser.onPartComplete = {
            // A part with no body still has a name (an empty text field, or no file chosen).
            state.begin()
            if let name = state.name, !(name == fileField && state.filename != nil), state.form.fields[name] == nil {
                state.form.fields[name] = String(decoding: state.value, as: UTF8.self)
            }
            if state.name == fileField, let filename = state.filename, state.fileBytes > 0, state.form.file == nil {
                state.form.file = (path, filename, state.fileBytes)
            }
            state.headers = [:]
            state.name = nil
            state.filename = nil
            state.value = []
        }
        do {
            var refusedAt: ContinuousClock.Instant?
            for try await chunk in req.body {
                // Once refused, the rest of the body is read and dropped (for up to `drainTime`): a client still sending
                // it would otherwise stall on a full socket and never read the answer.
                if state.failure != nil {
                    if refusedAt == nil { refusedAt = .now }
                    if !Self.draining(since: refusedAt!) { break }
                    continue
                }
                try parser.execute(chunk)
            }
            if let failure = state.failure { throw failure }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            if error is any AbortError { throw error }
            throw Abort(.badRequest, reason: "上传的表单格式错误，请重新选择文件上传")
        }
        form = state.form
        if form.file == nil { try? FileManager.default.removeItem(atPath: path) }
        do { try CSRFMiddleware.check(req, sent: form.fields[CSRF.field]) } catch {
            form.discard()
            throw error
        }
        return form
    }

    /// A raw request body (the feed API's file), written to a temporary file as it arrives, up to `maxBytes`. Nil when
    /// the body is empty. The caller removes the file.
    static func receiveBody(_ req: Request, maxBytes: Int) async throws -> (path: String, bytes: Int)? {
        let (path, handle) = try newFile(req)
        var bytes = 0
        var refusedAt: ContinuousClock.Instant?
        do {
            for try await chunk in req.body {
                bytes += chunk.readableBytes
                if bytes > maxBytes {
                    // Read and drop the rest (as `receive` does) so the sender gets its answer.
                    if refusedAt == nil { refusedAt = .now }
                    if !draining(since: refusedAt!) { break }
                    continue
                }
                handle.write(Data(chunk.readableBytesView))
            }
            if bytes > maxBytes { throw Abort(.payloadTooLarge, reason: "上传的文件过大") }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        guard bytes > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        return (path, bytes)
    }

    /// A new, empty file in the upload directory, open for writing.
    static func newFile(_ req: Request) throws -> (String, FileHandle) {
        let directory = req.application.configuration.uploadDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Abort(.internalServerError, reason: "服务器无法保存上传的文件，请联系管理员检查临时目录")
        }
        return (path, handle)
    }

    /// The bytes of a received file, mapped rather than read: the page cache holds them, not the server's heap.
    static func contents(of path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    /// `name="…"` or `filename="…"` in a Content-Disposition header (quoted; a browser escapes `"` as `%22`).
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

/// Routes whose body is read by `StreamedForm`, not collected.
enum StreamedRoute {
    static let key = "bottomline.streamedForm"
}

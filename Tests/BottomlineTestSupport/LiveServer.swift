import Foundation
import NIOCore
import Vapor

/// The app served on a real port of the loopback address for one request at a time, as a browser reaches it: a body
/// larger than one network read then arrives as a stream, which the in-memory tester never does.
///
/// VaporTesting's own live tester gives every request 30 seconds. CI runs every suite at once on two cores, and on the
/// PostgreSQL pass a 1,800-household import through the page went past that (CI of stop 30, three runs: deadline
/// exceeded), so these requests wait as long as `timeout`, and a slow machine fails on what the answer says, not on time.
public struct LiveServer: Sendable {
    public struct Response: Sendable {
        public var status: HTTPStatus
        public var headers: HTTPHeaders
        public var body: ByteBuffer
    }

    let app: Application
    let timeout: TimeAmount

    public init(_ app: Application, timeout: TimeAmount = .minutes(10)) {
        self.app = app
        self.timeout = timeout
    }

    /// Starts the server on a free port, sends one request, and stops the server again.
    public func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Response {
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "服务未取得端口") }
            var request = ClientRequest(method: method, url: URI(string: "http://127.0.0.1:\(port)\(path)"), headers: headers, body: body)
            request.timeout = timeout
            let response = try await app.client.send(request).get()
            await app.server.shutdown()
            return Response(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}

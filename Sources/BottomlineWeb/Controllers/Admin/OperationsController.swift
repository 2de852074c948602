import BottomlinePersistence
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// What a data centre's monitoring reads: `/healthz` for a load balancer or a supervisor, `/metrics` for Prometheus.
enum OperationsController {
    /// 200 when the database answers and every migration this build knows has been applied; 503 otherwise. It says
    /// which, and nothing more: it is open to any host, since a load balancer in front of the server must reach it.
    static func health(_ req: Request) async throws -> Response {
        var database = "ok"
        var migrations = "current"
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            do {
                let pending = try await req.application.migrator.previewPrepareBatch().get()
                if !pending.isEmpty { migrations = "pending" }
            } catch {
                migrations = "unknown"
            }
        } catch {
            database = "unreachable"
            migrations = "unknown"
        }
        let healthy = database == "ok" && migrations == "current"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = try encoder.encode(["status": healthy ? "ok" : "unavailable", "database": database, "migrations": migrations])
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: healthy ? .ok : .serviceUnavailable, headers: headers, body: .init(data: body))
    }

    /// The Prometheus text exposition of `Telemetry`. Read from the server's own host, or from anywhere with the
    /// configured token; a request relayed by a proxy on the same host is not the server's own.
    static func metrics(_ req: Request) async throws -> Response {
        guard mayReadMetrics(req) else { throw Abort(.forbidden, reason: "运行指标只能从本机读取，或携带管理员配置的令牌（BOTTOMLINE_METRICS_TOKEN）") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: Telemetry.exposition()))
    }

    static func mayReadMetrics(_ req: Request) -> Bool {
        if let expected = req.application.configuration.metricsToken, let given = req.headers.bearerAuthorization?.token {
            // Compared as digests, so the time taken says nothing about how much of the token was right.
            return SHA256.hash(data: Data(given.utf8)) == SHA256.hash(data: Data(expected.utf8))
        }
        let relayed = req.headers.contains(name: "X-Forwarded-For") || req.headers.contains(name: "Forwarded") || req.headers.contains(name: "X-Real-IP")
        guard !relayed, let address = req.remoteAddress?.ipAddress else { return false }
        return address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
    }
}

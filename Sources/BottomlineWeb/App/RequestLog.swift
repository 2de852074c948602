import BottomlinePersistence
import Foundation
import Logging
import Vapor

/// One log line per request — method, route pattern, status, milliseconds and the user's id — and the same request
/// counted in `/metrics`. The route is the pattern (`/households/:id`), never the address as typed: a query string
/// holds what someone searched for (a name, an ID number), and personal data never goes to a log.
struct RequestLog: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // The error page is made further in; an error that reaches here still answers, as Vapor's would.
            record(request, status: Int((error as? any AbortError)?.status.code ?? 500), duration: clock.now - start)
            throw error
        }
        record(request, status: Int(response.status.code), duration: clock.now - start)
        return response
    }

    private func record(_ request: Request, status: Int, duration: Duration) {
        let route = Self.pattern(of: request)
        Telemetry.request(method: request.method.rawValue, route: route, status: status, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
            "ms": .string(String(format: "%.1f", milliseconds)),
        ]
        if let user = request.auth.get(UserRecord.self)?.id { metadata["user"] = .string(user.uuidString) }
        request.logger.info("\(request.method.rawValue) \(route) \(status)", metadata: metadata)
    }

    /// The matched route's pattern, or `unmatched`: what a stranger types never becomes a label or a log field.
    static func pattern(of request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// `--log-format json`: each log line one JSON object (time, level, label, message and the metadata as strings), for
/// a data centre's log collector.
public struct JSONLineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level = .info, write: @escaping @Sendable (String) -> Void = JSONLineLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        for (key, value) in merged { fields[key] = Self.text(value) }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = event.message.description
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        default: value.description
        }
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    private static let lock = NSLock()
    public static let standardOutput: @Sendable (String) -> Void = { line in
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

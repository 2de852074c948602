import BottomlineDomain
import Foundation
import Prometheus

/// What `/metrics` reports, in Prometheus's text format: requests by route and status with their latency, registry
/// imports and screening runs with their rows and seconds, and recounts of the kept indicator tallies.
///
/// One registry per process (a process serves one database). Labels carry route patterns, kinds and outcomes only:
/// never an address as typed, an ID number or a name, and never a value a stranger can choose, so a hostile request
/// cannot grow the registry (an unknown path is counted as `unmatched`).
public enum Telemetry {
    public static let registry = PrometheusCollectorRegistry()

    /// Request latency buckets, in seconds: a page should answer in tens of milliseconds; an import may take minutes.
    static let requestBuckets: [Duration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120].map { .milliseconds(Int64($0 * 1000)) }
    static let jobBuckets: [Duration] = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600].map { .milliseconds(Int64($0 * 1000)) }

    /// One answered request: `route` is the matched pattern (`/households/:id`), or `unmatched`.
    public static func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: .init(namespace: "bottomline", metricName: "http_requests", unitName: "total",
                                               helpText: "Requests answered, by method, route pattern and status"),
                             labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: "bottomline", metricName: "http_request_duration", unitName: "seconds",
                                                         helpText: "Time to answer a request, by method and route pattern"),
                                       labels: [("method", method), ("route", route)], buckets: requestBuckets).record(duration)
    }

    /// A finished job: `kind` is `registry_import`, `screening` or `tally_recount`; `outcome` is `written`, `refused`
    /// (the file had problems; nothing written), `duplicate` or `failed`.
    public static func job(_ kind: String, outcome: String, rows: Int, duration: Duration) {
        let labels = [("kind", kind), ("outcome", outcome)]
        registry.makeCounter(descriptor: .init(namespace: "bottomline", metricName: "jobs", unitName: "total",
                                               helpText: "Imports, screening runs and tally recounts finished, by kind and outcome"),
                             labels: labels).increment()
        registry.makeCounter(descriptor: .init(namespace: "bottomline", metricName: "job_rows", unitName: "total",
                                               helpText: "Rows read by imports and screening runs; villages recounted by tally recounts"),
                             labels: labels).increment(by: Int64(rows))
        registry.makeDurationHistogram(descriptor: .init(namespace: "bottomline", metricName: "job_duration", unitName: "seconds",
                                                         helpText: "Time a job took, by kind and outcome"),
                                       labels: labels, buckets: jobBuckets).record(duration)
    }

    /// Times `body` and reports it as a job whatever happens; `describe` names the outcome and the rows of a result.
    public static func timed<T>(_ kind: String, _ body: () async throws -> T,
                                describe: (T) -> (outcome: String, rows: Int)) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try await body()
            let (outcome, rows) = describe(result)
            job(kind, outcome: outcome, rows: rows, duration: clock.now - start)
            return result
        } catch {
            // A file or form refused with reasons is the user's to mend; anything else is ours.
            job(kind, outcome: error is FieldProblems ? "refused" : "failed", rows: 0, duration: clock.now - start)
            throw error
        }
    }

    /// The whole registry in the text exposition format (version 0.0.4).
    public static func exposition() -> String { registry.emitToString() }
}

import BottomlineDomain
import Fluent
import Foundation

/// One import of a big file, run on the server after its upload was answered (see `CreateImportJobs`).
public final class ImportJobRecord: Model, @unchecked Sendable {
    public static let schema = "import_jobs"
    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "filename") public var filename: String
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    /// `ImportJobStore.Outcome.Kind`
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "summary") public var summary: String?
    /// The first thousand problems of a refused file, as JSON.
    @OptionalField(key: "problems") public var problems: String?
    @Field(key: "problem_total") public var problemTotal: Int
    public init() {}
}

/// Where big imports' outcomes are kept: written when a job starts and when it ends (never while it writes, so on
/// SQLite the job's own row never waits for the import's transaction); a job this table shows as running when the
/// server starts was cut off by the stop, and its transaction was rolled back.
public enum ImportJobStore {
    public struct Outcome: Sendable, Equatable {
        public enum Kind: String, Sendable { case running, succeeded, refused, failed, interrupted }
        public var kind: Kind
        public var summary: String
        public var problems: [ImportProblem]
        public var problemTotal: Int

        public init(kind: Kind, summary: String, problems: [ImportProblem] = [], problemTotal: Int = 0) {
            self.kind = kind
            self.summary = summary
            self.problems = problems
            self.problemTotal = problemTotal
        }

        /// A finished import's report, with at most `listed` of its problems.
        public init(_ report: RegistryImporter.Report, listed: Int = RegistryImportValidator.maxProblems) {
            self.init(kind: report.succeeded ? .succeeded : .refused, summary: report.summary,
                      problems: Array(report.problems.prefix(listed)), problemTotal: report.problemTotal)
        }

        public var finished: Bool { kind != .running }
    }

    public struct Job: Sendable {
        public var id: UUID
        public var userID: UUID
        public var filename: String
        public var started: Date
        /// Nil while it runs.
        public var outcome: Outcome?
    }

    public static let interruptedSummary = "服务器在导入期间停止，导入未完成，未写入任何数据，请重新导入"

    public static func start(id: UUID, userID: UUID, filename: String, started: Date, on db: any Database) async throws {
        let record = ImportJobRecord()
        record.id = id
        record.userID = userID
        record.filename = filename
        record.startedAt = started
        record.outcome = Outcome.Kind.running.rawValue
        record.problemTotal = 0
        try await db.writeTransaction { tx in try await record.create(on: tx) }
    }

    public static func finish(id: UUID, _ outcome: Outcome, on db: any Database) async throws {
        let problems = outcome.problems.isEmpty ? nil : String(decoding: try JSONEncoder().encode(outcome.problems), as: UTF8.self)
        try await db.writeTransaction { tx in
            guard let record = try await ImportJobRecord.find(id, on: tx) else { return }
            record.finishedAt = Date()
            record.outcome = outcome.kind.rawValue
            record.summary = outcome.summary
            record.problems = problems
            record.problemTotal = outcome.problemTotal
            try await record.update(on: tx)
        }
    }

    /// At the server's start: imports still shown as running were cut off by the last stop. (One server process per
    /// database, as the README's production section says; a second process would take the first one's imports
    /// for cut off.)
    @discardableResult
    public static func interruptLeftovers(on db: any Database) async throws -> Int {
        let left = try await ImportJobRecord.query(on: db).filter(\.$outcome == Outcome.Kind.running.rawValue).all()
        for record in left {
            record.outcome = Outcome.Kind.interrupted.rawValue
            record.summary = interruptedSummary
            record.finishedAt = Date()
            try await record.update(on: db)
        }
        return left.count
    }

    /// A job, only for the user who started it.
    public static func job(_ id: UUID, of userID: UUID, on db: any Database) async throws -> Job? {
        try await ImportJobRecord.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first().map(job)
    }

    /// A user's jobs, newest first.
    public static func recent(of userID: UUID, limit: Int, on db: any Database) async throws -> [Job] {
        try await ImportJobRecord.query(on: db).filter(\.$userID == userID).sort(\.$startedAt, .descending).limit(limit).all().map(job)
    }

    static func job(_ record: ImportJobRecord) -> Job {
        let kind = Outcome.Kind(rawValue: record.outcome) ?? .failed
        let problems = record.problems.flatMap { try? JSONDecoder().decode([ImportProblem].self, from: Data($0.utf8)) } ?? []
        let outcome = kind == .running ? nil
            : Outcome(kind: kind, summary: record.summary ?? "", problems: problems, problemTotal: record.problemTotal)
        return Job(id: record.id!, userID: record.userID, filename: record.filename, started: record.startedAt, outcome: outcome)
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// Registry imports of large files, run on the server after the upload is answered: the page shows how far each is
/// (rows checked, rows written) from this server's memory while it runs; its outcome is kept in the database
/// (`ImportJobStore`), so the county can leave and come back, also after a restart.
final class ImportJobs: @unchecked Sendable {
    struct Job: Sendable {
        var id: UUID
        var userID: UUID
        var filename: String
        var started: Date
        var progress: RegistryImporter.Progress?
        var outcome: ImportJobStore.Outcome?
        /// Waiting for another import of this server to end before this one starts.
        var queued = false
        var running: Bool { outcome == nil }
    }

    /// Jobs kept in memory for their pages; the oldest finished ones go first (their outcome stays in the database).
    static let kept = 200

    private let lock = NSLock()
    private var jobs: [UUID: Job] = [:]
    private var tasks: [UUID: Task<Void, Never>] = [:]
    /// Imports on this server write one at a time, in the order they were checked; the database would make the later
    /// one wait anyway (`WriteTransaction`), but only so long, and holding a connection meanwhile.
    private var writing = false
    private var queued: [CheckedContinuation<Void, Never>] = []

    /// True while an import of this server is writing or waiting to: a small upload then goes to a job page too,
    /// rather than holding the browser's request until the other import ends.
    var busy: Bool { lock.withLock { writing || jobs.values.contains { $0.running } } }

    /// Runs `body` when no other import of this server is running; `job`, if given, is marked as queued meanwhile.
    func oneAtATime<T: Sendable>(job: UUID? = nil, _ body: () async throws -> T) async rethrows -> T {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if writing {
                    queued.append(turn)
                    if let job { jobs[job]?.queued = true }
                    return false
                }
                writing = true
                return true
            }
            if now { turn.resume() }
        }
        defer {
            let next: CheckedContinuation<Void, Never>? = lock.withLock {
                if queued.isEmpty { writing = false; return nil }
                return queued.removeFirst()
            }
            next?.resume()
        }
        return try await body()
    }

    /// Starts importing the file at `path` (which the job then owns and removes) for `actor`.
    func start(path: String, filename: String, actor: Actor, userID: UUID, db: any Database, logger: Logger) -> UUID {
        let id = UUID()
        let started = Date()
        lock.withLock {
            jobs[id] = Job(id: id, userID: userID, filename: filename, started: started)
            prune()
        }
        let task = Task.detached { [self] in
            defer { try? FileManager.default.removeItem(atPath: path) }
            let outcome: ImportJobStore.Outcome
            var recorded = false
            do {
                let importer = RegistryImporter(db: db, actor: actor) { progress in
                    self.lock.withLock { self.jobs[id]?.progress = progress }
                }
                let report = try await oneAtATime(job: id) {
                    lock.withLock { jobs[id]?.queued = false }
                    do {
                        try await ImportJobStore.start(id: id, userID: userID, filename: filename, started: started, on: db)
                        recorded = true
                    } catch {
                        logger.warning("导入任务记录未能写入（导入照常进行，结果只在本次运行中可查）：\(String(reflecting: error))")
                    }
                    return try await importer.importFile(at: path, filename: filename)
                }
                outcome = .init(report)
            } catch {
                // Whatever the error, the transaction was rolled back; the county is told so in its own language.
                logger.error("导入失败：\(String(reflecting: error))")
                outcome = .init(kind: .failed, summary: RegistryImporter.failureMessage(error))
            }
            lock.withLock { jobs[id]?.outcome = outcome }
            if recorded {
                do { try await ImportJobStore.finish(id: id, outcome, on: db) } catch {
                    logger.warning("导入结果未能写入任务记录：\(String(reflecting: error))")
                }
            }
            // The figures of every village the file wrote, counted now rather than by whoever opens a dashboard next.
            // The page already shows the result; a server stopping waits for this too.
            if outcome.kind == .succeeded {
                do { try await IndicatorStore(ScopedRegistry(db: db, actor: actor)).recountChanged(within: actor.region) } catch {
                    logger.warning("导入后的统计重算未完成（下次打开统计页面时会重算）：\(String(reflecting: error))")
                }
            }
            _ = lock.withLock { tasks.removeValue(forKey: id) }
        }
        lock.withLock { if jobs[id]?.running == true { tasks[id] = task } }
        return id
    }

    /// The job, only for the user who started it: from this server's memory while it runs, else as recorded.
    func job(_ id: UUID, for userID: UUID, on db: any Database) async throws -> Job? {
        if let job = lock.withLock({ jobs[id].flatMap { $0.userID == userID ? $0 : nil } }) { return job }
        return try await ImportJobStore.job(id, of: userID, on: db).map(Self.job)
    }

    /// A user's jobs, newest first: those recorded, with this server's running ones as they are now.
    func recent(for userID: UUID, limit: Int = 10, on db: any Database) async throws -> [Job] {
        var all = Dictionary(try await ImportJobStore.recent(of: userID, limit: limit, on: db).map { ($0.id, Self.job($0)) },
                             uniquingKeysWith: { a, _ in a })
        lock.withLock { for job in jobs.values where job.userID == userID { all[job.id] = job } }
        return all.values.sorted { $0.started > $1.started }.prefix(limit).map { $0 }
    }

    static func job(_ recorded: ImportJobStore.Job) -> Job {
        Job(id: recorded.id, userID: recorded.userID, filename: recorded.filename, started: recorded.started, outcome: recorded.outcome)
    }

    /// Waits for every running import (the server is stopping; each ends written whole or rolled back).
    func finishAll() async {
        let running = lock.withLock { Array(tasks.values) }
        for task in running { await task.value }
    }

    private func prune() {
        guard jobs.count > Self.kept else { return }
        let finished = jobs.values.filter { !$0.running }.sorted { $0.started < $1.started }
        for job in finished.prefix(jobs.count - Self.kept) { jobs[job.id] = nil }
    }
}

struct ImportJobsKey: StorageKey { typealias Value = ImportJobs }

extension Application {
    var importJobs: ImportJobs {
        guard let jobs = storage[ImportJobsKey.self] else { fatalError("BottomlineApp.configure sets the import jobs") }
        return jobs
    }
}

/// Lets running imports end before the database goes away.
struct ImportJobsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.importJobs.finishAll()
    }
}

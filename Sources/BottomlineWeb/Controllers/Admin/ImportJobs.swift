import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// Registry imports of large files, run on the server after the upload is answered: the page shows how far each is
/// (rows checked, rows written), the county can leave and come back, and the result stays until the server restarts
/// (what was written, and the import itself, are in the registry and the audit log either way).
final class ImportJobs: @unchecked Sendable {
    struct Job: Sendable {
        var id: UUID
        var userID: UUID
        var filename: String
        var started: Date
        var progress: RegistryImporter.Progress?
        var report: RegistryImporter.Report?
        var failure: String?
        var running: Bool { report == nil && failure == nil }
    }

    /// Jobs kept for their pages; the oldest finished ones go first.
    static let kept = 200

    private let lock = NSLock()
    private var jobs: [UUID: Job] = [:]
    private var tasks: [UUID: Task<Void, Never>] = [:]

    /// Starts importing the file at `path` (which the job then owns and removes) for `actor`.
    func start(path: String, filename: String, actor: Actor, userID: UUID, db: any Database) -> UUID {
        let id = UUID()
        lock.withLock {
            jobs[id] = Job(id: id, userID: userID, filename: filename, started: Date())
            prune()
        }
        let task = Task.detached { [self] in
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                let importer = RegistryImporter(db: db, actor: actor) { progress in
                    self.lock.withLock { self.jobs[id]?.progress = progress }
                }
                let report = try await importer.importFile(at: path, filename: filename)
                lock.withLock { jobs[id]?.report = report }
            } catch {
                lock.withLock { jobs[id]?.failure = "导入未完成，未写入任何数据（\(error)）" }
            }
            _ = lock.withLock { tasks.removeValue(forKey: id) }
        }
        lock.withLock { if jobs[id]?.running == true { tasks[id] = task } }
        return id
    }

    /// The job, only for the user who started it.
    func job(_ id: UUID, for userID: UUID) -> Job? {
        lock.withLock { jobs[id].flatMap { $0.userID == userID ? $0 : nil } }
    }

    /// A user's jobs, newest first.
    func recent(for userID: UUID, limit: Int = 10) -> [Job] {
        lock.withLock { jobs.values.filter { $0.userID == userID }.sorted { $0.started > $1.started }.prefix(limit).map { $0 } }
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

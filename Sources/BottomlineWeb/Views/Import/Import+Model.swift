import BottomlineDomain
import BottomlinePersistence
import Foundation

/// 导入农户名册: the upload form, the file format, and the report of the last file (every problem, or what was written).
enum ImportPage {
    struct Model: Sendable {
        struct Problem: Sendable {
            var row: Int
            var column: String
            var value: String
            var reason: String
        }
        struct Report: Sendable {
            var succeeded: Bool
            var summary: String
            /// The first thousand problems.
            var problems: [Problem]
            var problemCount: Int
        }

        var context: PageContext
        var report: Report?
        /// Said above the form when the post carried no file.
        var noFile = false
        /// This user's imports of big files, newest first.
        var recent: [ImportJobs.Job] = []
    }

    /// The page of one big file's import.
    struct JobModel: Sendable {
        var context: PageContext
        var job: ImportJobs.Job
    }
}

extension ImportPage.Model.Report {
    init(_ outcome: ImportJobStore.Outcome) {
        self.init(succeeded: outcome.kind == .succeeded, summary: outcome.summary,
                  problems: outcome.problems.map { .init(row: $0.row, column: $0.column, value: $0.value, reason: $0.reason) },
                  problemCount: outcome.problemTotal)
    }

    init(_ report: RegistryImporter.Report) {
        self.init(succeeded: report.succeeded, summary: report.summary,
                  problems: report.problems.prefix(1000).map { .init(row: $0.row, column: $0.column, value: $0.value, reason: $0.reason) },
                  problemCount: report.problemTotal)
    }
}

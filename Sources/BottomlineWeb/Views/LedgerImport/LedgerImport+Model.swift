import BottomlineDomain
import Foundation

/// 台账导入（项目、资金、资产、小额信贷余额、就业帮扶）: the four kinds of file a county brings, their templates, what was imported, and the outcome of
/// an upload (what it added, or every problem by row and column).
enum LedgerImportPage {
    struct Earlier: Sendable {
        var at: Date
        var kind: String
        var filename: String
        var rows: Int
        var added: Int
    }

    struct Model: Sendable {
        var context: PageContext
        var kind: LedgerImportKind?
        var earlier: [Earlier]
        var report: (kind: LedgerImportKind, rows: Int, added: Int, unchanged: Int, repeatedOn: Date?)?
        var problems: [ImportProblem] = []
        var errors: FieldErrors = [:]
        /// A bank's data officer's page: only that bank's balance files, and only its own uploads listed.
        var bank: String?
    }

    /// At most this many problems are shown; the count says how many there are.
    static let shownProblems = 500
}

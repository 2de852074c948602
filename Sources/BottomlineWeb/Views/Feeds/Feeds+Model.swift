import BottomlineDomain

/// 部门数据: the upload form (for those who may upload), the files received and the rules in force; and one file with
/// what the run made of it.
enum Feeds {
    /// A file received, as the lists and its page show it.
    struct File: Sendable {
        var id: String
        var kind: String
        var filename: String
        var uploadedBy: String
        var uploadedAt: String
        var channel: String
        var encoding: String
        var byteCount: Int
        var sha256: String
        var asOf: String
        var rowsRead, rowsMatched, rowsBad, rowsUnmatched, warningsNew: Int
    }

    struct Model: Sendable {
        var context: PageContext
        var today: CivilDate
        var mayUpload: Bool
        /// The feeds this user sends: a department's own, every one for an administrator.
        var kinds: [FeedKind] = FeedKind.allCases
        var mayEditRules: Bool
        var files: [File]
        var rules: [ScreeningRule]
        var kind = ""
        var asOf = ""
        var errors: FieldErrors = [:]
    }

    struct FileModel: Sendable {
        var context: PageContext
        var file: File
        var duplicate: Bool
        /// The first bad rows kept (line, reason), for the page.
        var badRows: [(line: Int, reason: String)]
        var hasWarnings: Bool
        /// How many bad rows are kept (the download lists them all).
        var keptBad: Int = 0
    }
}

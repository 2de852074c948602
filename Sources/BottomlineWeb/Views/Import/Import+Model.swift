import BottomlineDomain

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
    }
}

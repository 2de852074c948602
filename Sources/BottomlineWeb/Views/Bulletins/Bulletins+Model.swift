import BottomlineDomain

/// 通报: saved definitions (title, columns, ranking column, footnote), each issued for the reader's own region and a
/// period as a printable A4 page, XLSX and CSV.
enum Bulletins {
    struct ListModel: Sendable {
        struct Saved: Sendable {
            var id: String
            var title: String
            var columns: String
            var rank: String
            var createdBy: String
        }
        var context: PageContext
        var saved: [Saved]
        var canEdit: Bool
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }

    struct Model: Sendable {
        var context: PageContext
        var id: String
        var title: String
        var table: BulletinTable
        /// The request's query, with `format=` neutralised, carried to the export links.
        var query: String
        /// The period shown, and the frozen months to choose from instead.
        var from = ""
        var to = ""
        var snapshot = ""
        var periods: [String] = []
    }
}

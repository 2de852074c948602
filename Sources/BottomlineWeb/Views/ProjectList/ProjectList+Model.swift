import BottomlineDomain

/// 项目库: the projects of the user's region, filtered by year, stage and category, with what waits for the user.
enum ProjectList {
    struct Filter: Sendable {
        var year: Int?
        var stage: ProjectStage?
        var category: ProjectCategory?
        var mine: Bool
    }

    struct Row: Sendable {
        var id: String
        var number: String
        var name: String
        var place: String
        var category: String
        var budget: Money
        var allocated: Money
        var paid: Money
        var stage: ProjectStage
        var yourTurn: Bool
        var changePending: Bool
    }

    struct Model: Sendable {
        var context: PageContext
        var filter: Filter
        var years: [Int]
        var rows: [Row]
        var total: Int
        var page: Int
        var pages: Int
        var byStage: [(ProjectStage, Int)]
        var budget: Money
        var canPropose: Bool
        /// A county user imports the library and the fund ledger from files.
        var canImport: Bool
    }

    static let pageSize = 100
}

import BottomlineDomain

/// 监测对象: the monitoring objects of the region, filtered by place, category, risk, stage and overdue visits.
enum MonitoringList {
    struct Model: Sendable {
        struct Row: Sendable {
            var id: String
            var number: String
            var householderName: String
            var villageName: String
            var category: String
            var risks: String
            var since: String
            var eliminatedOn: String?
            var lastVisit: String
        }

        var context: PageContext
        var region: RegionChoices
        var categories: [(String, String)]
        var risks: [(String, String)]
        var states: [(String, String)]
        var category, risk, state: String?
        var visitOverdue: Bool
        var total: Int
        var page: Int
        var rows: [Row]

        static let pageSize = 50
        var pages: Int { max(1, (total + Self.pageSize - 1) / Self.pageSize) }

        /// `?…` of the filters set, without the page.
        var filterQuery: String {
            var items = Filters.query([("region", region.selected), ("category", category), ("risk", risk), ("state", state)])
            if visitOverdue { items.append("overdue=true") }
            return "?" + items.joined(separator: "&")
        }
    }
}

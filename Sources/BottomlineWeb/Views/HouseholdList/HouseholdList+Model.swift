import BottomlineDomain

/// 农户名册: the registry of the user's region, filtered and paged.
enum HouseholdList {
    struct Model: Sendable {
        struct Row: Sendable {
            var id: String
            var number: String
            var householderName: String
            var villageName: String
            var memberCount: Int
            var category: String
            var tags: HouseholdTags
        }

        var context: PageContext
        var filter: Filter
        var regions: RegionChoices
        var canCreate: Bool
        var total: Int
        var page: Int
        var pageSize: Int
        var rows: [Row]

        var pages: Int { max(1, (total + pageSize - 1) / pageSize) }
    }

    /// The filters as the query string carries them.
    struct Filter: Sendable {
        var region, category, gap, q: String?
        var monitored, noLabour: Bool

        /// The list's address for page `p` with these filters.
        func link(page p: Int) -> String {
            var items = Filters.query([("region", region), ("category", category), ("gap", gap), ("q", q)])
            if monitored { items.append("monitored=true") }
            if noLabour { items.append("noLabour=true") }
            items.append("page=\(p)")
            return "?" + items.joined(separator: "&")
        }
    }
}

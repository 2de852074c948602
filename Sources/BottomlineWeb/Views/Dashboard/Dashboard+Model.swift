import BottomlineDomain

/// The dashboard of a jurisdiction — county, township, village (issue 5 §2): the same figures at every level from the
/// kept tallies, each child unit one click away, charts drawn on the server, the latest frozen month beside the live
/// figures. A village's page also lists the households that need attention.
enum Dashboard {
    struct Model: Sendable {
        struct Unit: Sendable {
            var code: String
            var name: String
            var counts: Counts
        }
        struct Attention: Sendable {
            var id: String
            var number: String
            var householderName: String
            var memberCount: Int
            var tags: HouseholdTags
        }

        var context: PageContext
        var name: String
        var code: RegionCode
        var crumbs: [Layout.Crumb]
        var today: CivilDate
        var monthStart: CivilDate
        var total: Counts
        var children: [Unit]
        /// New identifications month by month, the last twelve.
        var monthly: [(period: String, counts: Counts)]
        /// Month-end frozen totals, oldest first.
        var frozen: [(period: String, counts: Counts)]
        /// The monitoring categories' names in force.
        var categoryNames: [String]
        /// A village's households that need attention (nil above the village level).
        var attention: [Attention]?
    }
}

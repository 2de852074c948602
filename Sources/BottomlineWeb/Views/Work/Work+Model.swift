import BottomlineDomain

/// 我的工作: what waits for the user, by due date.
enum Work {
    struct Model: Sendable {
        struct Item: Sendable {
            var due: CivilDate?
            var title: String
            var link: String
            var householdName: String
            var villageName: String
            var detail: String
        }

        var context: PageContext
        var today: CivilDate
        var items: [Item]
        /// The identification time limit in force for the user's region (a policy parameter), when set.
        var identificationDays: Int?

        var overdue: Int { items.filter { $0.due.map { $0 < today } ?? false }.count }
    }
}

import BottomlineDomain

/// 就业帮扶 on the household page (issue 16 §3): each member's 务工 spells, 公益性岗位, 雨露计划 terms, 培训/持证 and
/// 交通补助, with the forms a cadre of the household's village, township or county records them by.
enum JobsSection {
    struct Line: Sendable {
        var id: String
        var person: String
        var cells: [String]
        /// An open spell or post: may be ended from the page.
        var open: Bool
    }

    struct Model: Sendable {
        var householdID: String
        var today: CivilDate
        var mayRecord: Bool
        var members: [(id: String, name: String)]
        var spells: [Line]
        var posts: [Line]
        var yulu: [Line]
        var skills: [Line]
        var transport: [Line]
        /// 防贫保险 claims, and whether the county has a scheme this year to open one under.
        var claims: [Line]
        var insured: Bool
        var isEmpty: Bool { spells.isEmpty && posts.isEmpty && yulu.isEmpty && skills.isEmpty && transport.isEmpty }
    }
}

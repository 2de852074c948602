import BottomlineDomain

/// 公示 and 公告, printable on A4: the households of one village for a period, never an ID number, phone, bank
/// account, health condition or risk type.
enum NoticePage {
    struct Model: Sendable {
        struct Line: Sendable {
            var householderName: String
            var members: Int
            /// 类别 for identification, 消除方式 for elimination.
            var outcome: String
            var date: String
        }
        struct Notice: Sendable {
            var title: String
            var villageName: String
            var lines: [Line]
        }

        var context: PageContext
        var today: CivilDate
        var villages: [(value: String, label: String)]
        var village: String?
        var kind: CaseKind
        var announcement: Bool
        /// The period asked for; none: what is due to be posted now.
        var from: CivilDate?
        var to: CivilDate?
        /// Nil until a village of the user's region is chosen.
        var notice: Notice?
    }
}

import BottomlineDomain

/// 指标: the catalogue's figures for a unit and each of its children, the same definitions at every level, with a
/// 合计 row that is the children's counts added; ranking, 提示函 list, charts, and a frozen month beside live figures.
enum IndicatorPage {
    struct Model: Sendable {
        struct Unit: Sendable {
            var code: RegionCode
            var name: String
            var counts: Counts
        }

        var context: PageContext
        var today: CivilDate
        var region: RegionCode
        var name: String
        var from: CivilDate
        var to: CivilDate
        /// Months frozen so far, and the one shown (nil: live figures).
        var periods: [String]
        var frozen: String?
        var children: [Unit]
        var total: Counts
        /// The live total, printed beside a frozen month's.
        var liveTotal: Counts
        var rankCode: String
        /// The target as typed, and as a value of the ranking indicator (a rate's percent divided by 100).
        var targetText: String
        var target: Double?
        var canFreeze: Bool
        var lastMonth: String
        /// Month-end values of the ranking indicator, oldest first.
        var trend: [(label: String, value: Double, text: String)]
    }
}

import BottomlineDomain
import Foundation

/// 涉贫信访 (issue 17 §3): a region's petitions of a year with their deadlines, the bulletin's rates against the same
/// period last year, and the forms to register, tell, extend and close.
enum PetitionsPage {
    struct Row: Sendable {
        var id: String
        var received: String
        var channel: String
        var petitioner: String
        var subject: String
        var place: String
        /// Where it stands, and the deadline that matters now (red when passed).
        var state: String
        var due: String
        var late: Bool
        var told: Bool
        var accepted: Bool
        var closed: Bool
        var extended: Bool
        var files: [(id: String, name: String)] = []
        /// 督办, 有效件 and 复查/复核 as they stand, and the steps open now.
        var marks: String = ""
        var more: [(value: String, label: String)] = []
        /// Whether it concerns a registry household (and so can become a monitoring clue).
        var aboutHousehold = false
        /// The same petitioner's earlier petitions in the region, newest first: what a repeat (重复件) can point to.
        var earlier: [(value: String, label: String)] = []
    }

    /// One unit's week and month of 有效件.
    struct UnitWeek: Sendable {
        var name: String
        var receivedWeek = 0
        var closedWeek = 0
        /// Open ones whose deadline (to tell, or to settle) falls within the next seven days, and those past it.
        var dueSoon = 0
        var overdue = 0
        var receivedMonth = 0
        /// The same days of the same month last year.
        var lastYearMonth = 0
    }

    struct Weekly: Sendable {
        var monday: CivilDate
        var units: [UnitWeek]
        var total: UnitWeek
    }

    struct Model: Sendable {
        var context: PageContext
        var year: Int
        var asOf: CivilDate
        var regionName: String
        var rows: [Row]
        var figures: PetitionFigures
        var lastYear: PetitionFigures
        var mayWrite: Bool
        /// 周报: this week and this month by child unit (townships of a county, villages of a township), shown for the
        /// current year; nil otherwise.
        var weekly: Weekly?
        /// 风险类型 offered for a clue.
        var risks: [(value: String, label: String)] = []
        var flash: String?
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }
}

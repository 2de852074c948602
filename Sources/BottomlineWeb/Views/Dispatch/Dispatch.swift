import BottomlineDomain
import BottomlinePersistence
import Foundation

/// 驻村帮扶 (issue 17 §1): a cadre's own “我在村”, leave and log; a region's teams, figures by unit, each cadre against
/// the rule last week and this month, leave waiting for approval, and the county's and township's forms.
enum DispatchPage {
    struct Member: Sendable {
        var id: String
        var village: String
        var name: String
        var role: String
        var unit: String
        var batch: String
        var term: String
        var ended: String?
        /// Last whole week's days and nights, and the shortfall when below the rule.
        var week: String
        var weekShort: String?
        var monthShort: String?
        var checks: String
        var unexcused: Int
        var termProblem: String?
        var grade: String?
        var serving: Bool
        /// 工作日志 written in the last whole week, and the visits the cadre's login recorded in it.
        var logs: Int = 0
        var visits: Int = 0
    }

    struct Unit: Sendable {
        var code: String
        var name: String
        var figures: DispatchFigures
    }

    struct Leave: Sendable {
        var id: String
        var who: String
        var span: String
        var days: Int
        var reason: String
        var state: String
        var needsCounty: Bool
    }

    /// What a cadre with their own login sees of themselves.
    struct Own: Sendable {
        var name: String
        var village: String
        var thisWeek: String
        var taps: [String]
        var leaves: [Leave]
        /// Each log, with the household it was about (number and page) while the household is still the village's.
        var logs: [(day: String, text: String, household: (number: String, link: String)?)]
        /// The visits this cadre recorded in the monitoring these two weeks: day, household number, its page.
        var visits: [(day: String, household: String, link: String)] = []
        /// The village's households, for a log to name one: number, and "户主（户编号）".
        var households: [(value: String, label: String)] = []
    }

    struct Fund: Sendable {
        var id: String
        var place: String
        var kind: String
        var amount: Money
        var spent: Money
        var note: String
    }

    struct Model: Sendable {
        var context: PageContext
        var month: CivilMonth
        var asOf: CivilDate
        var place: RegionCode
        var placeName: String
        var places: [(value: String, label: String)]
        var rule: DispatchRule?
        var total: DispatchFigures
        var units: [Unit]
        var members: [Member]
        /// Whether the list keeps only the cadres that need attention (over a county).
        var onlyFlagged: Bool
        var leaves: [Leave]
        var own: Own?
        var funds: [Fund] = []
        var fundFigures: DispatchFundFigures = DispatchFundFigures([])
        /// Serving 第一书记 for the allotment form: id and "村 姓名".
        var secretaries: [(value: String, label: String)] = []
        var mayCheck: Bool
        var maySend: Bool
        var flash: String?
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }
}

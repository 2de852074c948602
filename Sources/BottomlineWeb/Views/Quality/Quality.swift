import BottomlineDomain
import BottomlinePersistence

/// 疑点数据核查 (issue 18 §1): the checks with what each finds and how many findings stand, the last run, a run on
/// demand, and the findings of a check or state with a link to the record and a form to explain one.
enum QualityPage {
    static let pageSize = 200

    struct CheckRow: Sendable {
        var check: DataCheck
        var on: Bool
        var parameter: String?
        var value: Int?
        var open: Int
        var explained: Int
        var closed: Int
    }

    struct FindingRow: Sendable {
        var id: String
        var code: DataCheckCode
        var village: String
        var household: String
        var link: String
        var values: String
        var state: DataFindingState
        var found: String
        var explanation: String?
    }

    struct Model: Sendable {
        var context: PageContext
        var regionName: String
        var lastRun: String?
        var mayRun: Bool
        /// A county officer's (or an administrator's) settings forms, with 试算.
        var maySet: Bool
        /// The check whose settings form reopens with its message (a 试算's answer, or what was wrong).
        var settingCode: DataCheckCode?
        var settingMessage: String?
        /// A 试算's findings by township, village and risk type: newly found and no longer found, with the units' names.
        var settingShift: (shift: FlagShift, names: [String: String])?
        var settingTried: (enabled: Bool, value: String, from: String)?
        var acrossSkipped: Bool
        /// A township or above ranks its units by a rule's 疑点数 (the indicators page, ZL-YD01…).
        var ranks = false
        var checks: [CheckRow]
        var code: DataCheckCode?
        var state: DataFindingState?
        var rows: [FindingRow]
        var total: Int
        var page = 1
        var pages = 1
        var flash: String?
        var errors: [String: String] = [:]
        var errorFinding: String?
    }
}

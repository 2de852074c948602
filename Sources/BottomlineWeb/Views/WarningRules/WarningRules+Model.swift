import BottomlineDomain

/// 筛查规则: each rule's figures (warnings raised, verified, included) with what each kind of file brought; and a
/// county administrator's change to a rule, tried on the last twelve months' files before it is saved.
enum WarningRules {
    struct StatsModel: Sendable {
        struct Feed: Sendable {
            var label: String
            var rowsRead, rowsMatched, rowsBad: Int
        }
        struct Rule: Sendable {
            var feed: String
            var rule: String
            var raised: Int
            var open: Int
            /// Warnings closed with each 核实结论, in the order of `dispositions`.
            var closed: [Int]
            var includedShare: Double?
        }
        var context: PageContext
        var feeds: [Feed]
        var dispositions: [String]
        var rules: [Rule]
    }

    struct Model: Sendable {
        /// What a trial of the change found, or that there was nothing to try it on.
        struct DryRun: Sendable {
            var files, rows, current, proposed: Int
            /// Who would be newly warned and who no longer, by township, village, class and risk type, with the units' names.
            var shift = FlagShift()
            var names: [String: String] = [:]
        }
        var context: PageContext
        var rule: ScreeningRule
        var riskTypes: [(value: String, label: String)]
        var values: FormValues
        var errors: FieldErrors = [:]
        var dryRun: DryRun?
    }
}

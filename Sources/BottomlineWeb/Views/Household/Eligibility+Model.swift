/// 识别纳入参考: the latest year's income against that year's line, with the other criteria, as the household page and
/// the 入户核实 step show it.
enum EligibilityPanel {
    struct Model: Sendable {
        /// What the policy calls a monitoring object in this place today.
        var objectName: String
        var suggestion: String?
        var reasons: [String]
    }
}

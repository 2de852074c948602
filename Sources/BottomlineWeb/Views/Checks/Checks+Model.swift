/// 帮扶措施一致性检查: monitored households at risk whose measures do not fit their risks.
enum ConsistencyChecks {
    struct Model: Sendable {
        struct Row: Sendable {
            var link: String
            var household: String
            var villageName: String
            var risks: String
            var problems: String
        }
        var context: PageContext
        var count: Int
        var rows: [Row]
    }
}

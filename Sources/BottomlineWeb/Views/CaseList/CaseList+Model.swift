import BottomlineDomain

/// 办理中的程序: the open cases of the region, by deadline, for township and county staff who supervise.
enum CaseList {
    struct Model: Sendable {
        struct Row: Sendable {
            var link: String
            var kind: String
            var stage: String
            var householdName: String
            var villageName: String
            /// The identification clock's tag class ("bad", "mon" or "") and text, when the case has one.
            var clock: (tag: String, text: String)?
        }
        var context: PageContext
        var rows: [Row]
    }
}

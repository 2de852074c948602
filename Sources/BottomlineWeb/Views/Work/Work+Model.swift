import BottomlineDomain

/// 我的工作: what waits for the user, by due date — first what the user must do, then what lower levels must do and
/// the user supervises — narrowed by kind, village or lateness.
enum Work {
    struct Model: Sendable {
        struct Item: Sendable {
            var due: CivilDate?
            var title: String
            var link: String
            var householdName: String
            var villageName: String
            var detail: String
            var kind: String = ""
            var villageCode: String = ""
            var mine: Bool = true
            /// "乡镇审核退回（2026-11-20）：……" when the case came back to this step.
            var returned: String? = nil
        }

        /// The list's filters, from the address: kind (step, clue, warning, visit), village code, late only.
        struct Filter: Sendable {
            var kind = ""
            var village = ""
            var lateOnly = false
            var isEmpty: Bool { kind.isEmpty && village.isEmpty && !lateOnly }
        }

        var context: PageContext
        var today: CivilDate
        var items: [Item]
        /// The identification time limit in force for the user's region (a policy parameter), when set.
        var identificationDays: Int?
        var filter = Filter()
        /// Every item before filtering, for the counts and the village choices.
        var all: [Item] = []

        var overdue: Int { items.filter { $0.due.map { $0 < today } ?? false }.count }
        var mine: [Item] { items.filter(\.mine) }
        var supervised: [Item] { items.filter { !$0.mine } }
        /// Villages with work, by name.
        var villages: [(code: String, name: String)] {
            Dictionary((all.isEmpty ? items : all).map { ($0.villageCode, $0.villageName) }, uniquingKeysWith: { a, _ in a })
                .filter { !$0.key.isEmpty }.map { (code: $0.key, name: $0.value) }.sorted { $0.code < $1.code }
        }

        static let kinds: [(String, String)] = [("step", "程序环节"), ("clue", "线索核实"), ("warning", "筛查预警"), ("visit", "走访"), ("loan", "贷后"), ("problem", "问题整改")]
    }
}

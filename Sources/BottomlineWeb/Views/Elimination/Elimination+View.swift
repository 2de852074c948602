import BottomlineDomain

extension EliminationProposal {
    static func view(_ m: Model) -> HTML {
        let household = SitePath.Slot.value(m.householdID)
        return Layout.page("提出风险消除：\(m.householdName)户", context: m.context, crumbs: [("\(m.householdName)户", "\(SitePath.household(household))")], """
            \(m.refusal.map { u -> HTML in "<div class=\"flash bad\"><b>不能提出风险消除：</b><ul>\(u.map { r -> HTML in "<li>\(r)</li>" }.joined())</ul></div>" } ?? "")
            <div class="panel"><h2>条件自查（\(m.method.label)）</h2>
            \(m.criteriaMet ? "<p class=\"tag good\">收入、时间、措施、劳动力、三保障和饮水等条件均已满足</p>" as HTML : "<ul>\(m.unmetCriteria.map { r -> HTML in "<li>\(r)</li>" }.joined())</ul>" as HTML)
            </div>
            <form method="post" action="\(SitePath.householdPage(household, .elimination))" class="panel">\(m.context.csrfField)
            \(FormView.select("method", "消除方式", options: EliminationMethod.allCases.map { ($0.rawValue, $0.label) }, selected: m.method.rawValue, errors: [:], required: true, blank: nil))
            \(FormView.riskBoxes(m.risks, selected: m.resolved, errors: [:], label: "逐项确认已消除的风险"))
            \(FormView.textarea("note", "说明", errors: [:]))
            <div class="actions"><button>提出风险消除</button></div></form>
            """)
    }
}

import BottomlineDomain

extension PolicyPage {
    static func view(_ m: Model) -> HTML {
        let today = m.today, names = m.regionNames
        let current = PolicyParameter.allCases.map { p -> HTML in
            let s = m.book.setting(p, for: m.region, on: today)
            return "<tr><td>\(p.label)</td><td><b>\(s?.value ?? "未设置")</b></td><td>\(s.map { "\(names[$0.region.digits] ?? $0.region.digits)，自\($0.effectiveFrom)起" } ?? "")</td><td class=\"small muted\">\(s?.source ?? "")</td></tr>"
        }.joined()
        let history = m.history.map { r -> HTML in
            "<tr><td>\(r.name)</td><td>\(r.value)</td><td>\(r.region)</td><td>\(r.effectiveFrom)</td><td class=\"small muted\">\(r.source)</td></tr>"
        }.joined()
        let currentLabels = LabelledList.allCases.map { list -> HTML in
            let rows = list.entries.map { e -> HTML in
                let s = m.codes.book.codeLabel(list, e.code, for: m.region, on: today)
                let state: HTML = (s?.inUse ?? true) ? "在用" : "<span class=\"tag bad\">停用</span>"
                return "<tr><td>\(e.code)</td><td><b>\(s?.label ?? e.label)</b>\(s == nil ? "" : "<br><span class=\"small muted\">原名：\(e.label)</span>" as HTML)</td><td>\(state)</td><td>\(s.map { "\(names[$0.region.digits] ?? $0.region.digits)，自\($0.effectiveFrom)起" } ?? "系统内置")</td><td class=\"small muted\">\(s?.source ?? "")</td></tr>"
            }.joined()
            return "<details\(HTML(raw: list == .monitoringCategory ? " open" : ""))><summary>\(list.name)（\(list.entries.count)项）</summary><table><thead><tr><th>代码</th><th>名称</th><th>状态</th><th>范围与生效日期</th><th>依据</th></tr></thead><tbody>\(rows)</tbody></table></details>"
        }.joined()
        let labelHistory = m.labelHistory.map { r -> HTML in
            "<tr><td>\(r.name)</td><td>\(r.value)</td><td>\(r.region)</td><td>\(r.effectiveFrom)</td><td class=\"small muted\">\(r.source)</td></tr>"
        }.joined()
        let entryOptions = LabelledList.allCases.flatMap { list in list.entries.map { ("\(list.rawValue):\($0.code)", "\(list.name)·\($0.code) \($0.label)") } }
        let f = m.form, errors = m.errors, lf = m.labelForm, labelErrors = m.labelErrors
        let form: HTML = m.canEdit ? """
            <h2>登记新的取值</h2>
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.policy)">\(m.context.csrfField)<div class="grid">
            \(FormView.select("parameter", "参数", options: PolicyParameter.allCases.map { ($0.rawValue, $0.label) }, selected: f.parameter ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("value", "取值", value: f.value ?? "", errors: errors, required: true, maxLength: 20))
            \(FormView.select("region", "适用范围", options: m.regionOptions, selected: f.region ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("effectiveFrom", "生效日期", value: f.effectiveFrom ?? "", errors: errors, type: "date", required: true))
            \(FormView.text("source", "依据", value: f.source ?? "", errors: errors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div><p class="small muted">取值从不覆盖：更正或调整都以新的生效日期登记，以往各期的数据仍按当时的标准计算。监测标准由省级设置；走访间隔、线索核实时限可由县级调整。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        let labelForm: HTML = m.canEdit ? """
            <h3>登记新的名称或停用</h3>
            \(FormView.summary(labelErrors))
            <form method="post" action="\(SitePath.policyLabels)">\(m.context.csrfField)<div class="grid">
            \(FormView.select("entry", "代码", options: entryOptions, selected: lf.entry ?? "", errors: labelErrors, required: true, blank: "请选择"))
            \(FormView.text("label", "名称", value: lf.label ?? "", errors: labelErrors, required: true, maxLength: 20))
            \(FormView.select("inUse", "新登记时", options: [("yes", "可选用"), ("no", "停用（已有记录保留）")], selected: lf.inUse ?? "yes", errors: labelErrors, required: true, blank: nil))
            \(FormView.select("region", "适用范围", options: m.regionOptions, selected: lf.region ?? "", errors: labelErrors, required: true, blank: "请选择"))
            \(FormView.text("effectiveFrom", "生效日期", value: lf.effectiveFrom ?? "", errors: labelErrors, type: "date", required: true))
            \(FormView.text("source", "依据", value: lf.source ?? "", errors: labelErrors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div><p class="small muted">代码不变，名称按生效日期切换；停用的代码不再供新登记选择，已有记录照常显示。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        return Layout.page("政策参数", context: m.context, """
            <h2>当前执行（\(today.description)）</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围与生效日期</th><th>依据</th></tr></thead><tbody>\(current)</tbody></table>
            \(form)
            <h2>全部取值</h2>
            <table><thead><tr><th>参数</th><th>取值</th><th>范围</th><th>生效日期</th><th>依据</th></tr></thead><tbody>\(history)</tbody></table>
            <h2 id="labels">代码表名称（\(today.description)）</h2>
            \(currentLabels)
            \(labelForm)
            \(m.labelHistory.isEmpty ? "" : "<h3>名称调整记录</h3><table><thead><tr><th>代码</th><th>名称</th><th>范围</th><th>生效日期</th><th>依据</th></tr></thead><tbody>\(labelHistory)</tbody></table>" as HTML)
            \(calendar(m))
            """)
    }

    /// The years' 节假日安排: a deadline whose last day is a day off moves to the next working day.
    static func calendar(_ m: Model) -> HTML {
        let c = m.calendar
        let rows = c.years.sorted(by: >).map { year -> HTML in
            let off = c.daysOff.filter { $0.year == year }, worked = c.workdays.filter { $0.year == year }
            return "<tr><td data-label=\"年度\">\(year)</td><td data-label=\"放假\">\(WorkCalendar.text(off))</td><td data-label=\"调休上班\">\(worked.isEmpty ? "—" : WorkCalendar.text(worked))</td></tr>"
        }.joined()
        let f = m.calendarForm, errors = m.calendarErrors
        let form: HTML = !m.mayEnterCalendar ? "" : """
            <details class="panel"\(HTML(raw: errors.isEmpty ? "" : " open"))><summary>登记一年的节假日安排</summary>
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.policyCalendar)">\(m.context.csrfField)<div class="grid">
            \(FormView.text("year", "年度", value: f.year ?? "\(m.today.year + 1)", errors: errors, type: "number", required: true))
            \(FormView.text("source", "依据（通知文号）", value: f.source ?? "", errors: errors, required: true, maxLength: 200))
            </div>
            \(FormView.textarea("daysOff", "放假日期（如 2027-01-01至2027-01-03，逗号或换行分隔，含假期中的周末）", value: f.daysOff ?? "", errors: errors, required: true, rows: 3))
            \(FormView.textarea("workdays", "调休上班的周末", value: f.workdays ?? "", errors: errors, rows: 2))
            <p class="small muted">同一年度再次登记即替换原登记，操作记录保留原值。</p><div class="actions"><button>登记</button></div></form></details>
            """
        return """
            <h2 id="calendar">节假日安排（期限顺延）</h2>
            <p class="small muted">按日计算的期限（如信访告知、办结、复查复核）最后一日为法定休假日的，以休假日结束的次日为最后一日（民法典第二百零三条）。周末为休息日，调休上班的周末除外；未登记安排的年度不顺延。</p>
            \(c.years.isEmpty ? "<p class=\"muted\">尚未登记任何年度的节假日安排。</p>" as HTML : "<table class=\"stack\"><thead><tr><th>年度</th><th>放假</th><th>调休上班</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(form)
            """
    }
}

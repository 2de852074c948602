import BottomlineDomain

extension JobsPage {
    static func view(_ m: Model) -> HTML {
        let day = m.asOf
        let row = { (name: String, f: JobFigures, total: Bool) -> HTML in
            let cells = zip(header, cells(f)).map { h, c -> HTML in "<td class=\"num\" data-label=\"\(h)\">\(c)</td>" }.joined()
            return "<tr\(HTML(raw: total ? " class=\"total\"" : ""))><td data-label=\"\(m.unitHeader)\">\(name)</td>\(cells)</tr>"
        }
        let rows = m.rows.map { row($0.name, $0.figures, false) }.joined() + row("合计", m.total, true)
        let targets = m.targets.map { t -> HTML in
            let share = t.target.map { JobRules.share(t.done, of: $0).oneDecimalText } ?? "未设目标"
            return "<tr><td data-label=\"指标\">\(t.measure.label)</td><td class=\"num\" data-label=\"完成\">\(t.done)</td><td class=\"num\" data-label=\"目标\">\(t.target.map(String.init) ?? "—")</td><td class=\"num\" data-label=\"完成率\">\(share)</td><td data-label=\"依据\">\(t.source)</td></tr>"
        }.joined()
        let targetForm: HTML = m.maySetTargets ? """
            <details class="panel noprint"\(HTML(raw: m.errors.isEmpty ? "" : " open"))><summary>登记\(day.year)年目标任务</summary>
            <form method="post" action="\(SitePath.jobsTargets)">\(m.context.csrfField)<input type="hidden" name="asOf" value="\(day)"><div class="grid">
            \(m.targetUnits.count > 1 ? FormView.select("unit", "下达给", options: m.targetUnits, selected: m.values.text("unit"), errors: m.errors, required: true, blank: nil) : "")
            \(FormView.codeList("measure", JobMeasure.self, selected: m.values.text("measure"), errors: m.errors, required: true))
            \(FormView.text("year", "年度", value: m.values.text("year").isEmpty ? String(day.year) : m.values.text("year"), errors: m.errors, type: "number", required: true, maxLength: 4))
            \(FormView.text("target", "目标（人）", value: m.values.text("target"), errors: m.errors, type: "number", required: true, maxLength: 8))
            \(FormView.text("source", "依据", value: m.values.text("source"), errors: m.errors, required: true, hint: "省定目标任务的文件或通知", maxLength: 100))
            </div><div class="actions"><button>登记</button></div></form></details>
            """ : ""
        let childTargets: HTML = m.childTargets.isEmpty ? "" : """
            <h3>下达\(m.unitHeader)的目标任务</h3>
            <table class="stack"><thead><tr><th>\(m.unitHeader)</th>\(JobMeasure.allCases.map { "<th class=\"num\">\($0.label)</th>" as HTML }.joined())</tr></thead><tbody>\(m.childTargets.map { c -> HTML in
                "<tr><td data-label=\"\(m.unitHeader)\">\(c.name)</td>\(c.lines.map { t -> HTML in "<td class=\"num\" data-label=\"\(t.measure.label)\">\(t.done)\(t.target.map { " / \($0)（\(JobRules.share(t.done, of: $0).oneDecimalText)）" } ?? " / 未下达")</td>" }.joined())</tr>"
            }.joined())</tbody></table>
            <p class="small muted">完成 / 目标（完成率）。目标由本级下达，下级在本页看到的目标即此数。</p>
            """
        let national = m.findings.filter { !$0.attendance }, attendance = m.findings.filter(\.attendance)
        let table = { (list: [Finding]) -> HTML in
            list.isEmpty ? "<p class=\"muted\">未发现问题</p>" : """
                <table class="stack"><thead><tr><th>村</th><th>户</th><th>人员</th><th>岗位</th><th>问题</th></tr></thead><tbody>\(list.map { f -> HTML in
                    "<tr><td data-label=\"村\">\(f.village)</td><td data-label=\"户\"><a href=\"\(SitePath.household(.value(f.householdID)))#jobs\">\(f.householdNumber)</a></td><td data-label=\"人员\">\(f.person)</td><td data-label=\"岗位\">\(f.post)</td><td data-label=\"问题\"><span class=\"tag bad\">\(f.text)</span></td></tr>"
                }.joined())</tbody></table>
                """
        }
        return Layout.page("就业帮扶", context: m.context, """
            <form class="filters noprint" method="get" action="\(SitePath.jobs)"><div><label for="f-asOf">截至</label><input id="f-asOf" type="date" name="asOf" value="\(day)"></div><div><button>查看</button></div></form>
            <p class="noprint"><a class="button secondary" href="\(SitePath.jobsExport)?asOf=\(day)">导出 XLSX</a> <button type="button" class="secondary" data-print>打印</button>\(m.mayRecordAttendance ? " <a class=\"button secondary\" href=\"\(SitePath.jobsAttendance)\">公益岗位考勤</a>" as HTML : "")\(m.mayExportLists ? " 名单（可改后再导入）：<a href=\"\(SitePath.jobsList(.value("work_spells.xlsx")))\">务工</a> <a href=\"\(SitePath.jobsList(.value("public_posts.xlsx")))\">公益性岗位</a> <a href=\"\(SitePath.jobsList(.value("yulu.xlsx")))\">雨露计划</a> · <a href=\"\(SitePath.ledgerImport)\">从文件导入</a>" as HTML : "")</p>
            <h2>\(m.regionName)\(day.year)年目标任务完成情况（截至\(day.month)月\(day.day)日）</h2>
            <table class="stack"><thead><tr><th>指标</th><th class="num">完成</th><th class="num">目标</th><th class="num">完成率</th><th>依据</th></tr></thead><tbody>\(targets)</tbody></table>
            \(FormView.summary(m.errors))\(targetForm)\(childTargets)
            <h2>分\(m.unitHeader)情况</h2>
            <div class="scroll-x"><table class="stack"><thead><tr><th>\(m.unitHeader)</th>\(header.map { "<th class=\"num\">\($0)</th>" as HTML }.joined())</tr></thead><tbody>\(rows)</tbody></table></div>
            <p class="small">只计脱贫户和监测户（含已消除风险）的人员，每人一次。务工人数：\(day.year)年1月至截至月份有务工记录或在公益岗位上的人，按最近一段务工地分县内、省内县外、省外（只在公益岗位上的计县内）；公益岗位按截至日在岗人数；雨露计划、交通补助、持证和培训按\(day.year)年截至日已发放或取得的计。</p>
            <h2 id="checks">公益岗位核查（\(national.count)）</h2>
            <p class="small">全国系统的三项核查：未满16周岁或已满70周岁在岗、同时在两个以上岗位、在岗期间登记有县外务工。</p>
            \(table(national))
            <h2 id="attendance-checks">公益岗位考勤（\(attendance.count)）</h2>
            <p class="small">在岗领补：出勤不足应出勤天数一半的月份，以及上个月在岗但未登记考勤的岗位。\(m.mayRecordAttendance ? "<a href=\"\(SitePath.jobsAttendance)\">登记考勤</a>" as HTML : "")</p>
            \(table(attendance))
            """)
    }
}

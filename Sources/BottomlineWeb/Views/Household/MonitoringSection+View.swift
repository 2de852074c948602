import BottomlineDomain

extension MonitoringSection {
    static func view(_ m: Model, context: PageContext) -> HTML {
        let token = context.csrfField
        let household = SitePath.Slot.value(m.householdID)
        let status: HTML = m.status.map { s -> HTML in
            "<span class=\"tag mon\">\(s.category)</span> \(s.since)纳入；风险类型：\(s.risks)"
                + (s.eliminated.map { " <span class=\"tag good\">\($0.on)风险已消除（\($0.method)）</span>" as HTML } ?? " <span class=\"tag bad\">风险未消除</span>")
        } ?? "非监测对象"
        var lines: [HTML] = ["<div><b>监测状态：</b>\(status)</div>"]
        if let open = m.openCase {
            lines.append("<div><b>进行中：</b><a href=\"\(open.link)\">\(open.text)</a> \(open.clock.map { "<span class=\"tag\">\($0)</span>" as HTML } ?? "")</div>")
        }
        for c in m.clues { lines.append("<div><b>待核实线索：</b><a href=\"\(c.link)\">\(c.text)</a></div>") }
        for p in m.problems { lines.append("<div><span class=\"tag bad\">措施不匹配</span> \(p)</div>") }
        var forms: HTML = ""
        if m.isCadre {
            forms = """
                <details class="panel noprint"><summary>登记排查线索</summary><form method="post" action="\(SitePath.householdPage(household, .clues))">\(token)<div class="grid">
                \(FormView.select("difficulty", RiskType.listName, options: m.riskTypes, selected: "", errors: [:], required: true, blank: "请选择"))
                \(FormView.text("foundOn", "发现日期", value: m.today.description, errors: [:], type: "date", required: true))</div>
                \(FormView.textarea("description", "线索情况", errors: [:], required: true))<button>登记线索</button></form></details>
                <details class="panel noprint"><summary>登记帮扶措施</summary><form method="post" action="\(SitePath.householdPage(household, .measures))">\(token)<div class="grid">
                \(FormView.select("category", MeasureCategory.listName, options: m.measureCategories, selected: "", errors: [:], required: true, blank: "请选择"))
                \(FormView.text("name", "措施内容", value: "", errors: [:], required: true, maxLength: 60))
                \(FormView.text("department", "责任部门", value: "", errors: [:], hint: "不填则按类别默认", maxLength: 30))
                \(FormView.text("amount", "金额（元）", value: "", errors: [:], maxLength: 12))
                \(FormView.text("start", "开始日期", value: m.today.description, errors: [:], type: "date", required: true))
                \(FormView.text("end", "结束日期", value: "", errors: [:], type: "date"))
                \(FormView.codeList("status", MeasureStatus.self, selected: MeasureStatus.ongoing.rawValue, errors: [:], required: true))</div>
                <button>登记措施</button></form></details>
                """
            if m.canVisit {
                forms = forms + """
                    <details class="panel noprint"><summary>登记走访</summary><form method="post" action="\(SitePath.householdPage(household, .visits))">\(token)<div class="grid">
                    \(FormView.text("date", "走访日期", value: m.today.description, errors: [:], type: "date", required: true))
                    \(FormView.codeList("incomeTrend", IncomeTrend.self, selected: "", errors: [:], required: true))</div>
                    \(FormView.textarea("findings", "走访情况", errors: [:], required: true))\(FormView.textarea("changes", "收入或家庭变化", errors: [:], rows: 2))
                    <fieldset class="clue-from-visit"><label class="check"><input type="checkbox" name="clue" value="on"> 走访发现返贫致贫风险，同时登记排查线索（以走访情况为线索说明）</label>
                    \(FormView.select("difficulty", "发现的风险类型", options: m.riskTypes, selected: "", errors: [:], blank: "请选择"))</fieldset>
                    <button>登记走访</button></form></details>
                    """
            }
            if m.canProposeElimination {
                forms = forms + "<p class=\"noprint\"><a class=\"button secondary\" href=\"\(SitePath.householdPage(household, .elimination))\">提出风险消除</a></p>"
            }
            if m.canRevert {
                forms = forms + """
                    <details class="panel noprint"><summary>风险消除回退</summary><form method="post" action="\(SitePath.householdPage(household, .revert))">\(token)
                    \(FormView.textarea("reason", "回退原因", errors: [:], required: true, rows: 2))<button class="secondary">回退</button></form></details>
                    """
            }
        }
        let measureRows: HTML = m.measures.map { x -> HTML in
            let change: HTML = m.isCadre ? """
                <form method="post" action="\(SitePath.measureStatus(.value(x.id)))" class="inline noprint">\(token)<select name="status" aria-label="状态">\(MeasureStatus.allCases.map { s -> HTML in "<option value=\"\(s.rawValue)\"\(HTML(raw: s.rawValue == x.status ? " selected" : ""))>\(s.label)</option>" }.joined())</select><button class="secondary small">改</button></form>
                """ : ""
            return "<tr><td data-label=\"类别\">\(x.category)</td><td data-label=\"内容\">\(x.name)</td><td data-label=\"部门\">\(x.department)</td><td class=\"num\" data-label=\"金额\">\(x.amount)</td><td data-label=\"起止\">\(x.start)～\(x.end)</td><td data-label=\"状态\">\(x.statusLabel) \(change)</td></tr>"
        }.joined()
        let visitRows: HTML = m.visits.map { v -> HTML in
            "<tr><td data-label=\"日期\">\(v.date)</td><td data-label=\"走访人\">\(v.username)</td><td data-label=\"收入\">\(v.trend)</td><td data-label=\"情况\" class=\"pre\">\(v.findings)</td></tr>"
        }.joined()
        let timelineRows: HTML = m.timeline.map { e -> HTML in
            "<li><span class=\"when\">\(e.date)</span> <span class=\"tag\">\(e.kind)</span> \(e.text)\(e.who.isEmpty ? "" : "<span class=\"muted\"> · \(e.who)</span>" as HTML)</li>"
        }.joined()
        return """
            <h2 id="monitoring">监测帮扶</h2><div class="panel">\(lines.joined())</div>
            \(forms)
            <h2 id="measures">帮扶措施（一户一策）</h2>
            \(m.measures.isEmpty ? "<p class=\"muted\">尚未登记帮扶措施</p>" as HTML : "<table class=\"stack\"><thead><tr><th>类别</th><th>内容</th><th>部门</th><th class=\"num\">金额（元）</th><th>起止</th><th>状态</th></tr></thead><tbody>\(measureRows)</tbody></table>" as HTML)
            \(m.assetIncome.isEmpty ? "" : """
                <h3 id="asset-income">项目资产收益分配</h3>
                <table class="stack"><thead><tr><th>年度</th><th>资产</th><th>用途</th><th class="num">金额（元）</th></tr></thead><tbody>\(m.assetIncome.map { a -> HTML in
                    "<tr><td data-label=\"年度\">\(a.year)</td><td data-label=\"资产\">\(a.assetID.isEmpty ? "\(a.asset)" : "<a href=\"\(SitePath.asset(.value(a.assetID)))\">\(a.asset)</a>" as HTML)</td><td data-label=\"用途\">\(a.use)</td><td class=\"num\" data-label=\"金额\">\(a.amount.yuanText)</td></tr>"
                }.joined())</tbody></table>
                """ as HTML)
            \(m.loans.isEmpty && !m.mayAddLoan ? "" : """
                <h3 id="loans">小额信贷</h3>
                \(m.loans.isEmpty ? "<p class=\"muted\">尚无小额信贷记录</p>" as HTML : """
                    <table class="stack"><thead><tr><th>银行</th><th>合同编号</th><th class="num">金额（万元）</th><th>期限</th><th>用途</th><th class="num">余额（万元）</th></tr></thead><tbody>\(m.loans.map { l -> HTML in
                        "<tr><td data-label=\"银行\">\(l.bank)</td><td data-label=\"合同编号\">\(l.contract)</td><td class=\"num\" data-label=\"金额\">\(l.amount.wanText)</td><td data-label=\"期限\">\(l.issued)至\(l.due)</td><td data-label=\"用途\"><span>\(l.purpose)\(l.exception.isEmpty ? "" : "<span class=\"small error block\">\(l.exception)</span>" as HTML)\(l.rate.isEmpty ? "" : "<span class=\"small block\">\(l.rate)</span>" as HTML)\(l.events.map { "<span class=\"small block\">\($0)</span>" as HTML }.joined())</span></td><td class=\"num\" data-label=\"余额\">\(l.balance.wanText)\(l.overdue > 0 ? "<span class=\"small error block\">逾期\(l.overdue)天</span>" as HTML : "")</td></tr>"
                    }.joined())</tbody></table>
                    """ as HTML)
                \(m.mayAddLoan && !m.loans.isEmpty ? """
                    <details class="panel noprint"><summary>登记贴息、展期或风险补偿</summary>
                    <form method="post" action="\(SitePath.householdPage(.value(m.householdID), .loanEvents))">\(token)<div class="grid">
                    \(FormView.select("loan", "贷款", options: m.loans.map { ($0.id, "\($0.bank) \($0.contract)") }, selected: m.loans.count == 1 ? m.loans[0].id : "", errors: [:], required: true, blank: "请选择"))
                    \(FormView.codeList("kind", LoanEventKind.self, selected: "", errors: [:], required: true))
                    \(FormView.text("onDate", "日期", value: m.today.description, errors: [:], type: "date", required: true))
                    \(FormView.text("eventAmount", "金额（元，贴息和风险补偿填写）", value: "", errors: [:], maxLength: 12))
                    \(FormView.text("newDue", "展期后到期日（展期填写）", value: "", errors: [:], type: "date"))
                    \(FormView.text("note", "依据或说明", value: "", errors: [:], maxLength: 100))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """ as HTML : "")
                \(m.mayAddLoan ? """
                    <details class="panel"><summary>登记小额信贷</summary>
                    <form method="post" action="\(SitePath.householdPage(.value(m.householdID), .loans))">\(token)<div class="grid">
                    \(FormView.select("borrower", "借款人", options: m.members.map { ($0.id, $0.name) }, selected: "", errors: [:], required: true, blank: "请选择"))
                    \(FormView.text("bank", "贷款银行", value: "", errors: [:], required: true, maxLength: 60))
                    \(FormView.text("contract", "合同编号", value: "", errors: [:], required: true, maxLength: 60))
                    \(FormView.text("amount", "金额（万元）", value: "", errors: [:], required: true, maxLength: 20))
                    \(FormView.text("issuedOn", "发放日期", value: m.today.description, errors: [:], type: "date", required: true))
                    \(FormView.text("dueOn", "到期日期", value: "", errors: [:], type: "date", required: true))
                    \(FormView.text("rate", "合同年利率（%）", value: "", errors: [:], required: true, hint: "不得高于放款日同期LPR：1年以内按1年期，1至3年按5年期以上", maxLength: 8))
                    \(FormView.text("subsidyRatio", "贴息比例（%）", value: "", errors: [:], hint: "留空按本县政策参数", maxLength: 8))
                    \(FormView.codeList("purpose", LoanPurpose.self, selected: "", errors: [:], required: true))
                    \(FormView.text("renews", "续贷的原合同编号（新贷款填空）", value: "", errors: [:], maxLength: 60))
                    \(FormView.text("exception", "例外登记依据（超出政策时填写）", value: "", errors: [:], hint: "如：县乡村振兴局〔2025〕7号批复", maxLength: 200))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """ as HTML : "")
                """ as HTML)
            \(m.linkedProjects.isEmpty ? "" : """
                <h3 id="linked-projects">联农带农项目</h3>
                <table class="stack"><thead><tr><th>年度</th><th>项目</th><th>带动方式</th></tr></thead><tbody>\(m.linkedProjects.map { p -> HTML in
                    "<tr><td data-label=\"年度\">\(p.year)</td><td data-label=\"项目\">\(p.projectID.isEmpty ? "\(p.project)" : "<a href=\"\(SitePath.project(.value(p.projectID)))\">\(p.project)</a>" as HTML)</td><td data-label=\"带动方式\">\(p.way)</td></tr>"
                }.joined())</tbody></table>
                """ as HTML)
            \(JobsSection.view(m.jobs, token: token))
            <h2 id="visits">走访记录</h2>
            \(m.visits.isEmpty ? "<p class=\"muted\">尚无走访记录</p>" as HTML : "<table class=\"stack\"><thead><tr><th>日期</th><th>走访人</th><th>收入情况</th><th>情况</th></tr></thead><tbody>\(visitRows)</tbody></table>" as HTML)
            <h2 id="timeline">时间线</h2>
            \(m.timeline.isEmpty ? "<p class=\"muted\">尚无记录</p>" as HTML : "<ol class=\"timeline\">\(timelineRows)</ol>" as HTML)
            """
    }
}

import BottomlineDomain
import BottomlinePersistence

extension DispatchPage {
    static func view(_ m: Model) -> HTML {
        let f = m.total
        let cards: [(String, String)] = [("驻村工作队", "\(f.teams)支"), ("驻村干部", "\(f.cadres)人"), ("第一书记", "\(f.secretaries)人"), ("队均人数", f.perTeam),
                                         ("在岗率", f.presenceRate.text), ("查岗", "\(f.checks)次"), ("无故脱岗", "\(f.unexcused)次"),
                                         ("上周未达标", "\(f.belowRuleLastWeek)人"), ("本月未达标", "\(f.belowRuleLastMonth)人"), ("人数不足或缺第一书记的队", "\(f.smallTeams)支")]
        let cardHTML = cards.map { "<div class=\"card\"><div class=\"small muted\">\($0.0)</div><div class=\"big\">\($0.1)</div></div>" as HTML }.joined()
        let ruleText: HTML = m.rule.map { r in
            "<p class=\"small muted\">政策参数：\(r.text)；工作队不少于\(r.teamMinimum)人，任期不少于\(r.termMonths)个月；请假\(r.townshipLeaveDays)天以内由乡镇审批，超过的报县级审批。在村天数按“我在村”打卡计，\(Presence.nightStartsHour):00至次日\(Presence.nightEndsHour):00打卡计住村一夜；查岗时不在岗且无已批准请假的计无故脱岗。在岗率＝查岗在岗次数÷查岗次数。</p>"
        } ?? "<p class=\"flash bad\">尚无驻村工作的政策参数，请在“政策参数”中录入。</p>"
        let unitRows = m.units.map { u -> HTML in
            let g = u.figures
            return "<tr><td data-label=\"单位\">\(u.name)</td><td class=\"num\" data-label=\"工作队\">\(g.teams)</td><td class=\"num\" data-label=\"驻村干部\">\(g.cadres)</td><td class=\"num\" data-label=\"队均人数\">\(g.perTeam)</td><td class=\"num\" data-label=\"查岗\">\(g.checks)</td><td class=\"num\" data-label=\"在岗率\">\(g.presenceRate.text)</td><td class=\"num\" data-label=\"无故脱岗\">\(g.unexcused)</td><td class=\"num\" data-label=\"上周未达标\">\(g.belowRuleLastWeek)</td><td class=\"num\" data-label=\"本月未达标\">\(g.belowRuleLastMonth)</td></tr>"
        }.joined()
        let unitTable: HTML = m.units.count <= 1 ? "" : """
            <details class="panel"\(HTML(raw: m.place.level < .township ? " open" : ""))><summary>分单位（\(m.units.count)个）</summary><table class="stack"><thead><tr><th>单位</th><th class="num">工作队</th><th class="num">驻村干部</th><th class="num">队均人数</th><th class="num">查岗</th><th class="num">在岗率</th><th class="num">无故脱岗</th><th class="num">上周未达标</th><th class="num">本月未达标</th></tr></thead><tbody>\(unitRows)</tbody></table></details>
            """
        let leaveRows = m.leaves.map { l -> HTML in
            let form = { (approve: Bool) -> HTML in
                "<form method=\"post\" action=\"\(SitePath.dispatchLeave(.value(l.id)))\" class=\"inline\">\(m.context.csrfField)<input type=\"hidden\" name=\"decision\" value=\"\(approve ? "approve" : "refuse")\"><button\(HTML(raw: approve ? "" : " class=\"secondary\""))>\(approve ? "批准" : "不批准")</button></form>"
            }
            return "<tr><td data-label=\"驻村干部\">\(l.who)</td><td data-label=\"请假\"><span>\(l.span)，\(l.days)天<span class=\"small muted block\">\(l.reason)</span></span></td><td data-label=\"审批\"><span>\(l.needsCounty ? "<span class=\"small muted block\">超过乡镇审批天数，由县级审批</span>" as HTML : "")\(form(true))\(form(false))</span></td></tr>"
        }.joined()
        let leaveTable: HTML = m.leaves.isEmpty ? "" : "<h2>待审批的请假</h2><table class=\"stack\"><thead><tr><th>驻村干部</th><th>请假</th><th>审批</th></tr></thead><tbody>\(leaveRows)</tbody></table>"
        let memberRows = m.members.map { r -> HTML in
            var actions: [HTML] = []
            if m.mayCheck && r.serving {
                actions.append("""
                    <details class="noprint"><summary>登记查岗</summary><form method="post" action="\(SitePath.dispatchMember(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="check"><div class="grid">
                    \(FormView.text("on", "查岗日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                    \(FormView.codeList("method", DispatchCheckMethod.self, selected: "", errors: [:], required: true))
                    \(FormView.select("present", "结果", options: [("yes", "在岗"), ("no", "不在岗")], selected: "yes", errors: [:], required: true, blank: nil))
                    \(FormView.text("note", "情况（不在岗必填）", value: "", errors: [:], maxLength: 300))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """)
            }
            if m.maySend && r.ended == nil {
                actions.append("""
                    <details class="noprint"><summary>召回、撤换或轮换</summary><form method="post" action="\(SitePath.dispatchMember(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="end"><div class="grid">
                    \(FormView.codeList("ending", DispatchEnding.self, selected: "", errors: [:], required: true))
                    \(FormView.text("on", "离村日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                    \(FormView.text("reason", "原因（召回、撤换必填）", value: "", errors: [:], maxLength: 200))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """)
            }
            if m.maySend {
                actions.append("""
                    <details class="noprint"><summary>年度考核</summary><form method="post" action="\(SitePath.dispatchMember(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="review"><div class="grid">
                    \(FormView.text("year", "年度", value: String(CivilDate.today.year), errors: [:], type: "number", required: true, maxLength: 4))
                    \(FormView.codeList("grade", DispatchGrade.self, selected: "", errors: [:], required: true))
                    \(FormView.text("note", "评语", value: "", errors: [:], maxLength: 300))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """)
            }
            let bad = { (text: String?) -> HTML in text.map { "<span class=\"small error block\">\($0)</span>" as HTML } ?? "" }
            return """
                <tr><td data-label="村">\(r.village)</td><td data-label="驻村干部"><span>\(r.name)<span class="small muted block">\(r.role)，\(r.batch)</span></span></td>\
                <td data-label="派出单位"><span>\(r.unit)<span class="small muted block">\(r.term)</span>\(bad(r.termProblem))\(r.ended.map { "<span class=\"tag\">\($0)</span>" as HTML } ?? "")</span></td>\
                <td data-label="上周"><span>\(r.week)<span class="small muted block">日志\(r.logs)篇，走访\(r.visits)户次</span>\(r.weekShort == nil && r.serving ? "<span class=\"small muted block\">达标</span>" as HTML : bad(r.weekShort))</span></td>\
                <td data-label="本月"><span>\(r.monthShort == nil ? "<span class=\"small muted\">未见不达标</span>" as HTML : bad(r.monthShort))</span></td>\
                <td data-label="查岗"><span>\(r.checks)\(r.unexcused > 0 ? "<span class=\"tag bad\">无故脱岗\(r.unexcused)次</span>" as HTML : "")\(r.grade.map { "<span class=\"small muted block\">\($0)</span>" as HTML } ?? "")\(actions.joined())</span></td></tr>
                """
        }.joined()
        let memberTable: HTML = m.members.isEmpty ? "<p class=\"muted\">\(m.placeName)\(m.month.year)年\(m.month.month)月\(m.onlyFlagged ? "没有需关注的驻村干部" : "没有驻村干部")</p>" : """
            <h2>\(m.onlyFlagged ? "需关注的驻村干部" : "驻村干部")（上周为\(DispatchRules.lastWholeWeek(before: m.asOf).description)起一周）</h2>
            \(m.onlyFlagged ? "<p class=\"small muted\">全县只列出上周或本月未达标、有无故脱岗或任期不足的干部；选择乡镇查看全部。</p>" as HTML : "")
            <table class="stack"><thead><tr><th>村</th><th>驻村干部</th><th>派出单位、任期</th><th>上周</th><th>本月</th><th>查岗</th></tr></thead><tbody>\(memberRows)</tbody></table>
            """
        let send: HTML = m.maySend ? """
            <details class="panel noprint"\(HTML(raw: m.errors.isEmpty ? "" : " open"))><summary>选派驻村干部</summary>
            <form method="post" action="\(SitePath.dispatchMembers)">\(m.context.csrfField)<div class="grid">
            \(FormView.text("village", "村（12位区划代码）", value: m.values.text("village"), errors: m.errors, required: true, maxLength: 12))
            \(FormView.text("name", "姓名", value: m.values.text("name"), errors: m.errors, required: true, maxLength: 30))
            \(FormView.codeList("role", DispatchRole.self, selected: m.values.text("role"), errors: m.errors, required: true))
            \(FormView.text("phone", "联系电话", value: m.values.text("phone"), errors: m.errors, maxLength: 20))
            \(FormView.text("sendingUnit", "派出单位", value: m.values.text("sendingUnit"), errors: m.errors, required: true, maxLength: 60))
            \(FormView.codeList("sendingLevel", SendingLevel.self, selected: m.values.text("sendingLevel"), errors: m.errors, required: true))
            \(FormView.text("batch", "轮换批次", value: m.values.text("batch"), errors: m.errors, required: true, hint: "如“第三批”", maxLength: 20))
            \(FormView.text("start", "到村日期", value: m.values.text("start"), errors: m.errors, type: "date", required: true))
            \(FormView.text("plannedEnd", "计划期满日期", value: m.values.text("plannedEnd"), errors: m.errors, type: "date", required: true))
            \(FormView.text("username", "登录账号（该村村级账号，用于本人打卡）", value: m.values.text("username"), errors: m.errors, maxLength: 60))
            </div><div class="actions"><button>登记</button></div></form></details>
            """ : ""
        let ff = m.fundFigures
        let fundRows = m.funds.map { r -> HTML in
            let spend: HTML = !m.mayCheck ? "" : """
                <details class="noprint"><summary>登记支出</summary><form method="post" action="\(SitePath.dispatchFund(.value(r.id)))">\(m.context.csrfField)<div class="grid">
                \(FormView.text("amount", "金额（万元）", value: "", errors: [:], required: true, maxLength: 12))
                \(FormView.text("note", "用途", value: "", errors: [:], required: true, maxLength: 200))
                </div><div class="actions"><button>登记</button></div></form></details>
                """
            return "<tr><td data-label=\"村\">\(r.place)</td><td data-label=\"类别\">\(r.kind)</td><td class=\"num\" data-label=\"安排（万元）\">\(r.amount.wanText)</td><td class=\"num\" data-label=\"已支出（万元）\"><span>\(r.spent.wanText)\(spend)</span></td></tr>"
        }.joined()
        let allot: HTML = !m.maySend ? "" : """
            <details class="noprint"><summary>安排驻村经费</summary><form method="post" action="\(SitePath.dispatchFunds)">\(m.context.csrfField)<input type="hidden" name="year" value="\(m.month.year)"><div class="grid">
            \(FormView.codeList("kind", DispatchFundKind.self, selected: "", errors: [:], required: true))
            \(FormView.select("member", "第一书记（工作经费填写）", options: m.secretaries, selected: "", errors: [:], blank: "（驻村帮扶项目资金不选）"))
            \(FormView.text("village", "村（12位区划代码，项目资金填写）", value: "", errors: [:], maxLength: 12))
            \(FormView.text("amount", "金额（万元）", value: "", errors: [:], required: true, maxLength: 12))
            </div><div class="actions"><button>安排</button></div></form></details>
            """
        let fundSection: HTML = m.funds.isEmpty && !m.maySend ? "" : """
            <details class="panel"><summary>\(m.month.year)年驻村经费：第一书记\(ff.secretaries)人\(ff.secretaryMoney.wanText)万元，项目资金\(ff.villages)个村\(ff.villageMoney.wanText)万元，已支出\(ff.spent.wanText)万元（\(ff.spending.text)）</summary>
            \(allot)
            \(m.funds.isEmpty ? "" : "<table class=\"stack\"><thead><tr><th>村</th><th>类别</th><th class=\"num\">安排（万元）</th><th class=\"num\">已支出（万元）</th></tr></thead><tbody>\(fundRows)</tbody></table>" as HTML)
            </details>
            """
        let places: HTML = m.places.isEmpty ? "" : """
            <div><label for="f-place">单位</label><select id="f-place" name="place"><option value="\(m.place.digits)">\(m.placeName)（全部）</option>\(m.places.map { "<option value=\"\($0.value)\">\($0.label)</option>" as HTML }.joined())</select></div>
            """
        return Layout.page("驻村帮扶", context: m.context, """
            \(m.own.map { ownPanel($0, m) } ?? "")
            <form class="filters noprint" method="get" action="\(SitePath.dispatch)"><div><label for="f-month">月份</label><input id="f-month" type="month" name="month" value="\(m.month.description)"></div>\(places)<div><button>查看</button></div></form>
            \(m.flash.map { "<p class=\"flash good\">\($0)</p>" as HTML } ?? "")
            <h2>\(m.placeName)\(m.month.year)年\(m.month.month)月驻村帮扶（截至\(m.asOf.month)月\(m.asOf.day)日）</h2>
            <div class="cards">\(cardHTML)</div>
            \(ruleText)
            \(FormView.summary(m.errors))\(unitTable)\(leaveTable)\(send)\(fundSection)\(memberTable)
            """)
    }

    /// The cadre's own panel: one tap, this week's count, leave and the log.
    static func ownPanel(_ o: Own, _ m: Model) -> HTML {
        let leaves = o.leaves.map { "<li>\($0.span)（\($0.days)天）\($0.state)：\($0.reason)</li>" as HTML }.joined()
        let logs = o.logs.map { l in "<li><b>\(l.day)</b> \(l.household.map { "<a href=\"\($0.link)\">\($0.number)</a> " as HTML } ?? "")\(l.text)</li>" as HTML }.joined()
        let visits = o.visits.map { "<li>\($0.day) 走访 <a href=\"\($0.link)\">\($0.household)</a></li>" as HTML }.joined()
        return """
            <section class="panel own-dispatch"><h2>\(o.name)，\(o.village)</h2>
            <form method="post" action="\(SitePath.dispatchTap)" id="tap-form">\(m.context.csrfField)<input type="hidden" name="latitude" value=""><input type="hidden" name="longitude" value=""><input type="hidden" name="accuracy" value="">
            <button class="big-button" data-locate>我在村</button></form>
            <p>\(o.thisWeek)\(m.rule.map { "；要求\($0.text)" } ?? "")</p>
            \(o.taps.isEmpty ? "" : "<p class=\"small muted\">最近打卡：\(o.taps.joined(separator: "，"))</p>" as HTML)
            <p class="small muted">打卡时间以服务器时间为准；手机允许时一并记录位置。</p>
            <details><summary>请假</summary><form method="post" action="\(SitePath.dispatchLeaves)">\(m.context.csrfField)<div class="grid">
            \(FormView.text("from", "开始日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
            \(FormView.text("to", "结束日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
            \(FormView.text("reason", "事由", value: "", errors: [:], required: true, maxLength: 200))
            </div><div class="actions"><button>提交请假</button></div></form>\(o.leaves.isEmpty ? "" : "<ul class=\"small\">\(leaves)</ul>" as HTML)</details>
            <details><summary>工作日志</summary><form method="post" action="\(SitePath.dispatchLogs)">\(m.context.csrfField)<div class="grid">
            \(FormView.text("day", "日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
            \(FormView.select("household", "涉及农户（可不选）", options: o.households, selected: "", errors: [:], blank: "（不涉及某一户）"))
            \(FormView.textarea("text", "今日工作（走访农户、开展的工作）", errors: [:], required: true))
            </div><div class="actions"><button>保存日志</button></div></form>\(o.logs.isEmpty ? "" : "<ul class=\"small\">\(logs)</ul>" as HTML)
            \(o.visits.isEmpty ? "<p class=\"small muted\">近两周本人在监测系统中没有登记走访。</p>" as HTML : "<p class=\"small muted\">近两周本人在监测系统登记的走访：</p><ul class=\"small\">\(visits)</ul>" as HTML)</details>
            </section>
            """
    }
}

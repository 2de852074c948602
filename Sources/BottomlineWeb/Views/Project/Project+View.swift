import BottomlineDomain

extension ProjectPage {
    static func view(_ m: Model) -> HTML {
        let d = m.draft, errors = m.errors, v = m.values
        let id = SitePath.Slot.value(m.id)
        var tags: [HTML] = ["<span class=\"tag\">\(m.stage.label)</span>"]
        if !m.pending.isEmpty { tags.append("<span class=\"tag bad\">变更待县级审定</span>") }
        if m.mayPass || m.mayRefuse { tags.append("<span class=\"tag mon\">待我办理</span>") }
        let links: HTML = """
            <p>\(tags.joined()) <a class="button secondary" href="\(SitePath.projectPage(id, .notice))">公告公示（A4）</a>\
            \(m.mayChange ? " <a class=\"button secondary\" href=\"\(SitePath.projectPage(id, .edit))\">\(m.stage == .proposed ? "修改申报内容" : "申请变更")</a>" as HTML : "")</p>
            """
        let pending: HTML = m.pending.isEmpty ? "" : """
            <section class="panel"><h2>待审定的变更</h2><ul>\(m.pending.map { c -> HTML in "<li>\(c)</li>" }.joined())</ul>
            \(m.mayDecideChange ? """
                <form method="post" action="\(SitePath.projectPage(id, .act))">\(m.context.csrfField)
                \(FormView.text("reason", "审定意见（不同意时必填）", value: v["reason"] ?? "", errors: errors, maxLength: 500))
                <div class="actions"><button name="action" value="approveChange">同意变更</button> <button class="secondary" name="action" value="refuseChange">不同意</button></div></form>
                """ as HTML : "<p class=\"small muted\">变更审定前，项目不能进入下一环节。</p>")</section>
            """
        var act: [HTML] = []
        if m.mayPass {
            let notice: HTML = m.stage.needsNotice ? """
                \(FormView.text("noticeFrom", "公示开始日期", value: v["noticeFrom"] ?? "", errors: errors, type: "date", required: true))
                \(FormView.text("noticeDays", "公示天数", value: v["noticeDays"] ?? m.noticeDays.map(String.init) ?? "", errors: errors, type: "number", required: true,
                                hint: "不少于\(m.noticeDays.map(String.init) ?? "—")天；公示期满后办理", maxLength: 4))
                """ : ""
            act.append("""
                <form method="post" action="\(SitePath.projectPage(id, .act))" class="panel">\(m.context.csrfField)<input type="hidden" name="action" value="pass">
                <h2>办理：\(m.stage.passLabel)</h2>
                \(FormView.summary(errors))
                <div class="grid">\(FormView.text("on", "办理日期", value: v["on"] ?? m.today.description, errors: errors, type: "date", required: true))\(notice)
                \(FormView.text("comment", "意见", value: v["comment"] ?? "", errors: errors, maxLength: 500))</div>
                \(errors["notice"].map { "<p class=\"error\">\($0)</p>" as HTML } ?? "")
                <div class="actions"><button>\(m.stage.passLabel)</button></div></form>
                """)
        }
        if m.mayRefuse {
            act.append("""
                <form method="post" action="\(SitePath.projectPage(id, .act))" class="panel">\(m.context.csrfField)
                \(FormView.text("reason", "退回或不予通过的理由", value: v["reason"] ?? "", errors: errors, required: true, maxLength: 500))
                <div class="actions"><button class="secondary" name="action" value="sendBack">退回村级修改</button> <button class="secondary" name="action" value="reject">不予通过</button></div></form>
                """)
        }
        if !m.mayPass, !m.mayRefuse, m.pending.isEmpty, let owner = m.stage.owner(placeLevel: RegionCode(d.place)?.level ?? .village) {
            act.append("<p class=\"small muted\">当前环节由\(owner == .village ? "村级" : owner == .township ? "乡镇" : "县级")办理。</p>")
        }
        let info: [(String, HTML)] = [
            ("项目编号", "\(d.number)"), ("年度", "\(d.year)年"), ("项目类别", "\(d.category.label)"), ("实施地点", "\(m.placeName)"),
            ("建设内容", "\(d.content)"), ("绩效目标", "\(d.goals)"),
            ("项目预算（万元）", "\(d.budget.wanText)（衔接资金\(d.linkageBudget.wanText)，整合资金\(d.integratedBudget.wanText)，其他\(d.otherBudget.wanText)）"),
            ("联农带农", "\(d.link.summary)"), ("实施单位", "\(d.implementer)"), ("项目负责人", "\(d.responsible)"),
            ("计划工期", "\(d.plannedStart.map { "\($0)" } ?? "—") 至 \(d.plannedEnd.map { "\($0)" } ?? "—")"),
        ]
        let infoTable: HTML = "<table class=\"facts\"><tbody>\(info.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" as HTML }.joined())</tbody></table>"
        let allocations = m.allocations.map { a -> HTML in
            "<tr><td>\(a.batch)</td><td>\(a.level)</td><td class=\"num\">\(a.amount.wanText)</td><td>\(a.date)</td></tr>"
        }.joined()
        let payments = m.payments.map { p -> HTML in
            let reverse: HTML = p.paymentID.map { pid in
                p.reversed ? "<span class=\"tag bad\">已冲销</span>" : """
                    <details><summary>冲销</summary><form method="post" action="\(SitePath.fundPaymentReverse(.value(pid)))">\(m.context.csrfField)
                    <input type="date" name="on" value="\(m.today.description)" aria-label="冲销日期"> <input name="reason" maxlength="500" placeholder="冲销原因" aria-label="冲销原因" required> <button class="secondary">冲销</button></form></details>
                    """
            } ?? (p.reversed ? "<span class=\"tag bad\">已冲销</span>" : "")
            return "<tr><td data-label=\"支付日期\">\(p.date)</td><td data-label=\"资金文号\">\(p.batch)</td><td class=\"num\" data-label=\"金额（万元）\">\(p.amount.wanText)</td><td data-label=\"收款方\">\(p.payee)</td><td class=\"small\" data-label=\"备注\">\(p.note)</td><td>\(reverse)</td></tr>"
        }.joined()
        let money: HTML = """
            <h2>资金</h2>
            <p>已对接\(m.allocated.wanText)万元，已支付\(m.paid.wanText)万元\(m.allocated.fen > 0 ? "（\(MoneyShare(m.paid, of: m.allocated).percentText())）" : "")。</p>
            \(m.allocations.isEmpty ? "<p class=\"muted\">尚未对接资金。项目入库后由县级在“衔接资金”中对接。</p>" as HTML : """
                <div class="scroll-x"><table><thead><tr><th>资金文号</th><th>级别</th><th class="num">对接金额（万元）</th><th>对接日期</th></tr></thead><tbody>\(allocations)</tbody></table></div>
                """)
            \(m.payments.isEmpty ? "" : """
                <table class="stack"><thead><tr><th>支付日期</th><th>资金文号</th><th class="num">金额（万元）</th><th>收款方</th><th>备注</th><th></th></tr></thead><tbody>\(payments)</tbody></table>
                """ as HTML)
            """
        let c = m.linkCounts
        let linkRows = m.linked.map { h -> HTML in
            let remove: HTML = m.mayLink ? """
                <form method="post" action="\(SitePath.projectPage(id, .households))" class="inline">\(m.context.csrfField)<input type="hidden" name="action" value="unlink">\
                <input type="hidden" name="household" value="\(h.id)"><button class="secondary small" aria-label="取消关联\(h.number)">取消关联</button></form>
                """ : ""
            return "<tr><td data-label=\"户编号\"><a href=\"\(SitePath.household(.value(h.id)))\">\(h.number)</a></td><td data-label=\"户主\">\(h.householder)</td><td data-label=\"村\">\(h.village)</td><td data-label=\"类别\">\(h.kind)</td><td data-label=\"方式\">\(h.way)</td><td data-label=\"关联日期\">\(h.linkedOn)</td><td>\(remove)</td></tr>"
        }.joined()
        let unseen = c.households - m.linked.count
        let linkForm: HTML = m.mayLink && !d.linkWays.isEmpty ? """
            <form method="post" action="\(SitePath.projectPage(id, .households))" class="panel">\(m.context.csrfField)<input type="hidden" name="action" value="link">
            \(FormView.summary(errors.filter { ["numbers", "way"].contains($0.key) }))
            <div class="grid">\(FormView.select("way", "带动方式", options: d.linkWays.map { ($0.rawValue, $0.label) }, selected: v["way"] ?? d.linkWays.first?.rawValue ?? "", errors: errors, required: true, blank: nil))
            <div class="field wide\(HTML(raw: errors["numbers"] == nil ? "" : " invalid"))"><label for="f-numbers">户编号（可从表格粘贴，每行一个或用逗号、顿号分隔；一次最多\(ProjectRules.maxLinkedAtOnce)户）</label>
            <textarea id="f-numbers" name="numbers" rows="3" maxlength="20000">\(v["numbers"] ?? "")</textarea>\(errors["numbers"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div></div>
            <div class="actions"><button>关联农户</button></div></form>
            """ : ""
        let farmers: HTML = """
            <h2 id="farmers">联农带农农户</h2>
            <p>申报带动\(d.linkedHouseholds)户（脱贫户\(d.linkedAlleviated)户、监测户\(d.linkedMonitored)户）；已关联名册\(c.households)户（脱贫户\(c.alleviated)户、监测对象\(c.monitored)户）\(unseen > 0 ? "，其中\(unseen)户不在您的辖区" : "")。</p>
            \(m.linked.isEmpty ? "" : "<table class=\"stack\"><thead><tr><th>户编号</th><th>户主</th><th>村</th><th>类别</th><th>方式</th><th>关联日期</th><th></th></tr></thead><tbody>\(linkRows)</tbody></table>" as HTML)
            \(linkForm)
            """
        let history = m.steps.map { s -> HTML in
            "<tr><td data-label=\"日期\">\(s.on)</td><td data-label=\"事项\">\(s.action)</td><td data-label=\"环节\">\(s.from == s.to ? s.to : "\(s.from) → \(s.to)")</td><td data-label=\"公示\">\(s.notice.map { "\($0.text)" } ?? "")</td><td class=\"small\" data-label=\"意见\">\(s.comment)</td><td data-label=\"经办人\">\(s.who)</td></tr>"
        }.joined()
        return Layout.page(d.name, context: m.context, crumbs: [("项目库", "\(SitePath.projects)"), (d.number, nil)], """
            \(links)\(pending)\(act.joined())
            \(infoTable)
            \(money)
            \(farmers)
            <h2>办理记录</h2>
            <table class="stack"><thead><tr><th>日期</th><th>事项</th><th>环节</th><th>公示</th><th>意见</th><th>经办人</th></tr></thead><tbody>\(history)</tbody></table>
            """)
    }

    /// 申报 and 变更: the fields of `ProjectDraft`.
    static func form(_ m: FormModel) -> HTML {
        let v = m.values, e = m.errors
        let ways: HTML = FarmerLinkWay.allCases.map { w -> HTML in
            "<label class=\"check\"><input type=\"checkbox\" name=\"way_\(w.rawValue)\" value=\"on\"\(HTML(raw: v["way_" + w.rawValue] == "on" ? " checked" : ""))> \(w.label)</label>"
        }.joined()
        let action = m.id.map { "\(SitePath.projectPage(.value($0), .edit))" } ?? "\(SitePath.newProject)"
        let title = m.id == nil ? "申报项目" : (m.stage == .proposed ? "修改申报内容" : "申请变更")
        return Layout.page(title, context: m.context, crumbs: [("项目库", "\(SitePath.projects)"), (title, nil)], """
            \(FormView.summary(e))
            <form method="post" action="\(action)">\(m.context.csrfField)<input type="hidden" name="place" value="\(v["place"] ?? "")">
            <p>实施地点：<b>\(m.placeName)</b></p>
            \(m.needsReason ? "<p class=\"flash\">项目已审定入库，变更内容须报县级审定；审定前项目不能进入下一环节。</p>" as HTML : "")
            <div class="grid">
            \(FormView.text("number", "项目编号", value: v["number"] ?? "", errors: e, required: true, hint: m.id == nil ? "本县项目库内唯一，例如 XC2025-001" : "不能修改", maxLength: 40))
            \(FormView.text("name", "项目名称", value: v["name"] ?? "", errors: e, required: true, maxLength: 100))
            \(FormView.text("year", "项目年度", value: v["year"] ?? "", errors: e, type: "number", required: true, maxLength: 4))
            \(FormView.codeList("category", ProjectCategory.self, selected: v["category"] ?? "", errors: e, required: true))
            \(FormView.textarea("content", "建设内容（规模、标准）", value: v["content"] ?? "", errors: e, required: true))
            \(FormView.textarea("goals", "绩效目标", value: v["goals"] ?? "", errors: e, required: true))
            \(FormView.text("linkage", "衔接资金（万元）", value: v["linkage"] ?? "", errors: e, hint: "最多六位小数", maxLength: 20))
            \(FormView.text("integrated", "统筹整合涉农资金（万元）", value: v["integrated"] ?? "", errors: e, maxLength: 20))
            \(FormView.text("other", "其他资金（万元）", value: v["other"] ?? "", errors: e, hint: "自筹、社会资金等", maxLength: 20))
            </div>
            <fieldset class="risks\(HTML(raw: e["households"] == nil ? "" : " invalid"))"><legend>联农带农方式</legend>\(ways)</fieldset>
            <div class="grid">
            \(FormView.text("households", "带动农户（户）", value: v["households"] ?? "", errors: e, type: "number", maxLength: 7))
            \(FormView.text("alleviated", "其中脱贫户（户）", value: v["alleviated"] ?? "", errors: e, type: "number", maxLength: 7))
            \(FormView.text("monitored", "其中监测户（户）", value: v["monitored"] ?? "", errors: e, type: "number", maxLength: 7))
            \(FormView.text("implementer", "实施单位", value: v["implementer"] ?? "", errors: e, required: true, maxLength: 100))
            \(FormView.text("responsible", "项目负责人", value: v["responsible"] ?? "", errors: e, required: true, maxLength: 40))
            \(FormView.text("start", "计划开工日期", value: v["start"] ?? "", errors: e, type: "date"))
            \(FormView.text("end", "计划完工日期", value: v["end"] ?? "", errors: e, type: "date"))
            \(m.needsReason ? FormView.text("reason", "变更理由", value: v["reason"] ?? "", errors: e, required: true, maxLength: 500) : "")
            </div>
            <div class="actions"><button>\(m.id == nil ? "提交申报" : m.needsReason ? "报县级审定" : "保存")</button> <a class="button secondary" href="\(m.id.map { "\(SitePath.project(.value($0)))" } ?? "\(SitePath.projects)")">取消</a></div>
            </form>
            """)
    }

    /// 项目公告公示 (A4): what the village posts; money by level with 文号, no household's personal data.
    static func notice(_ m: Model) -> HTML {
        let d = m.draft
        let lastNotice = m.steps.last(where: { $0.notice != nil })?.notice
        var byBatch: [(String, String, Money)] = []
        for a in m.allocations {
            if let i = byBatch.firstIndex(where: { $0.0 == a.batch }) { byBatch[i].2 = byBatch[i].2 + a.amount } else { byBatch.append((a.batch, a.level, a.amount)) }
        }
        let funding: HTML = byBatch.isEmpty
            ? "计划投入\(d.budget.wanText)万元（衔接资金\(d.linkageBudget.wanText)万元，统筹整合资金\(d.integratedBudget.wanText)万元，其他\(d.otherBudget.wanText)万元）"
            : "\(byBatch.map { "\($0.1)资金\($0.2.wanText)万元（\($0.0)）" }.joined(separator: "；"))，合计\(m.allocated.wanText)万元"
        let rows: [(String, HTML)] = [
            ("项目名称", "\(d.name)"), ("项目编号", "\(d.number)"), ("项目类别", "\(d.category.label)"), ("实施地点", "\(m.placeName)"),
            ("建设内容", "\(d.content)"), ("资金规模及来源", funding), ("绩效目标", "\(d.goals)"),
            ("联农带农机制", "\(d.link.summary)"),
            ("计划工期", "\(d.plannedStart.map { "\($0)" } ?? "____")至\(d.plannedEnd.map { "\($0)" } ?? "____")"),
            ("实施单位", "\(d.implementer)"), ("项目负责人", "\(d.responsible)"),
        ]
        let title = "\(m.countyName)\(d.year)年度巩固拓展脱贫攻坚成果和乡村振兴项目公告公示"
        return Layout.page("项目公告公示", context: m.context, crumbs: [("项目库", "\(SitePath.projects)"), (d.number, "\(SitePath.project(.value(m.id)))"), ("公告公示", nil)], """
            <p class="noprint"><button type="button" data-print>打印</button> <span class="small muted">A4纸；打印时不含页面菜单。公示内容不含农户个人信息。</span></p>
            <article class="notice">
            <h2 class="notice-title">\(title)</h2>
            <p>根据财政衔接推进乡村振兴补助资金管理和项目库建设有关规定，现将以下项目有关情况予以公告公示，接受社会监督。\(lastNotice.map { "公示期：\($0.start)至\($0.end)（\($0.days)天）。" } ?? "")公示期间如有异议，请向下列电话反映。</p>
            <table class="facts"><tbody>\(rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" as HTML }.joined())</tbody></table>
            <p>监督举报电话：12317（全国防止返贫监测和乡村振兴咨询服务平台）　县乡村振兴局：____________　乡镇：____________</p>
            <p class="sign">\(m.signer)（盖章）<br>\(m.today.year)年\(m.today.month)月\(m.today.day)日</p>
            </article>
            """)
    }
}

import BottomlineDomain
import BottomlinePersistence

extension InsurancePage {
    static func view(_ m: Model) -> HTML {
        let token = m.context.csrfField
        let v = m.values, e = m.errors
        func value(_ key: String, _ fallback: String) -> String { v[key] ?? fallback }
        let s = m.scheme
        let ruleText: HTML = s.map { s in
            InsuranceTrigger.allCases.compactMap { t in s.rule(t).map { "<li>\(t.label)：\($0.text)</li>" as HTML } }.joined()
        } ?? ""
        let cards: HTML = m.summary.map { sum in
            """
            <div class="cards">
            <div class="card"><div class="n">\(sum.premium.wanText)</div><div class="l">保费（万元）</div></div>
            <div class="card"><div class="n">\(sum.paid.wanText)</div><div class="l">已赔付（万元）· \(sum.householdsPaid)户</div></div>
            <div class="card"><div class="n">\(sum.lossRatio.percentText())</div><div class="l">赔付率（赔付÷保费）</div></div>
            <div class="card"><div class="n">\(sum.meanPayout?.yuanText ?? "—")</div><div class="l">户均赔付（元）</div></div>
            \(sum.carriedForward.fen >= 0
                ? "<div class=\"card\"><div class=\"n\">\(sum.carriedForward.wanText)</div><div class=\"l\">结转下年（万元）</div></div>" as HTML
                : "<div class=\"card\"><div class=\"n bad\">\((Money.zero - sum.carriedForward).wanText)</div><div class=\"l\">赔付超出保费和结转（万元，由县级补足）</div></div>")
            </div>
            """
        } ?? ""
        let schemeBlock: HTML = s.map { s in
            """
            <p>\(s.insurer)承保，参保\(s.insuredPersons)人（\(s.coversOrdinary ? "脱贫户、监测户和一般农户中的低收入户" : "脱贫户和监测户")），人均保费\(Money(fen: s.premiumPerPersonFen).yuanText)元，上年结转\(Money(fen: s.carriedInFen).yuanText)元\(s.noticeDays > 0 ? "，赔付前公示\(s.noticeDays)天" : "")。</p>
            <ul>\(ruleText)</ul>
            """
        } ?? "<p class=\"muted\">本县尚未登记\(m.year)年的防贫保险方案。</p>"
        func ruleFields(_ t: InsuranceTrigger) -> HTML {
            let r = s?.rule(t)
            return """
                <fieldset class="grid"><legend>\(t.label)（不保此项请留空）</legend>
                \(FormView.text("\(t.rawValue)Line", "起付线（元）", value: value("\(t.rawValue)Line", r?.line.yuanText ?? ""), errors: e, maxLength: 12))
                \(FormView.text("\(t.rawValue)Ratio", "赔付比例（%）", value: value("\(t.rawValue)Ratio", r.map { PolicyParameter.percentText($0.ratio) } ?? ""), errors: e, maxLength: 6))
                \(FormView.text("\(t.rawValue)Cap", "封顶（元，不封顶留空）", value: value("\(t.rawValue)Cap", r?.cap?.yuanText ?? ""), errors: e, maxLength: 12))
                \(e[t.rawValue].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</fieldset>
                """
        }
        let schemeForm: HTML = m.isCounty ? """
            <details class="panel noprint"\(HTML(raw: e.isEmpty ? "" : " open"))><summary>\(s == nil ? "登记" : "修改")\(m.year)年方案</summary>
            <form method="post" action="\(SitePath.insuranceScheme)">\(token)<input type="hidden" name="year" value="\(m.year)"><div class="grid">
            \(FormView.text("insurer", "承保公司", value: value("insurer", s?.insurer ?? ""), errors: e, required: true, maxLength: 60))
            \(FormView.text("insuredPersons", "参保人数", value: value("insuredPersons", s.map { String($0.insuredPersons) } ?? ""), errors: e, required: true, maxLength: 8))
            \(FormView.text("premium", "人均保费（元）", value: value("premium", s.map { Money(fen: $0.premiumPerPersonFen).yuanText } ?? ""), errors: e, required: true, maxLength: 8))
            \(FormView.text("carriedIn", "上年结转（元）", value: value("carriedIn", s.map { Money(fen: $0.carriedInFen).yuanText } ?? "0"), errors: e, maxLength: 14))
            \(FormView.text("noticeDays", "赔付前公示天数（0为不公示）", value: value("noticeDays", s.map { String($0.noticeDays) } ?? "5"), errors: e, maxLength: 2))
            \(FormView.select("coversOrdinary", "参保范围", options: [("no", "脱贫户和监测户"), ("yes", "另含一般农户中的低收入户")], selected: value("coversOrdinary", s?.coversOrdinary == true ? "yes" : "no"), errors: e, blank: nil))
            </div>\(InsuranceTrigger.allCases.map(ruleFields).joined())<div class="actions"><button>保存方案</button></div></form></details>
            """ : ""
        let propose: HTML = m.isCounty && s?.rule(.illness) != nil ? """
            <form class="noprint" method="post" action="\(SitePath.insurancePropose)">\(token)<input type="hidden" name="year" value="\(m.year)">
            <button class="secondary">按医保、教育数据生成理赔建议</button> <span class="small muted">参保户近12个月医保结算个人自付（因病）或非义务教育阶段自付费用（因学）合计超过起付线的，每户每类每年建议一次</span></form>
            """ : ""
        let rows = m.claims.map { c -> HTML in
            var actions: HTML = ""
            if m.isCounty, c.status == .proposed || c.status == .checked {
                let next: HTML = c.status == .proposed
                    ? "<input type=\"hidden\" name=\"action\" value=\"check\"><button class=\"secondary\">审核通过</button>"
                    : """
                      <input type="hidden" name="action" value="pay">\((m.scheme?.noticeDays ?? 0) > 0 ? "<label class=\"small\">公示开始<input type=\"date\" name=\"noticeFrom\" required></label>" as HTML : "")\
                      <label class="small">支付日期<input type="date" name="paidOn" value="\(m.today)" required></label> <button>支付</button>
                      """
                actions = """
                    <form class="inline" method="post" action="\(SitePath.insuranceClaim(.value(c.id)))">\(token)\(next)</form>
                    <form class="inline" method="post" action="\(SitePath.insuranceClaim(.value(c.id)))">\(token)<input type="hidden" name="action" value="refuse"><label class="small">理由<input name="reason" maxlength="100" required></label> <button class="secondary">不予赔付</button></form>
                    """
            }
            return """
                <tr><td data-label="村">\(c.village)</td><td data-label="户"><a href="\(SitePath.household(.value(c.householdID)))#insurance">\(c.householdNumber)</a></td>\
                <td data-label="类型">\(c.trigger)</td><td class="num" data-label="费用（元）">\(c.cost.yuanText)</td><td class="num" data-label="赔付（元）">\(c.amount.yuanText)</td>\
                <td data-label="计算"><span class="small">\(c.arithmetic)</span></td><td data-label="来源">\(c.source)</td>\
                <td data-label="状态"><span class="tag\(HTML(raw: c.status == .paid ? " good" : c.status == .refused ? " bad" : ""))">\(c.status.label)</span>\(c.paidOn.isEmpty ? "" : " \(c.paidOn)")\(c.note.isEmpty ? "" : "<span class=\"small block\">\(c.note)</span>" as HTML)</td>\
                <td>\(actions)</td></tr>
                """
        }.joined()
        return Layout.page("防贫保险", context: m.context, """
            <form class="filters noprint" method="get" action="\(SitePath.insurance)"><div><label for="f-y">年度</label><input id="f-y" type="number" name="year" value="\(m.year)" min="2020" max="2100"></div><div><button>查看</button></div></form>
            \(m.flash.map { "<p class=\"flash good\">\($0)</p>" as HTML } ?? "")
            <h2>\(m.year)年方案</h2>
            \(schemeBlock)\(cards)\(FormView.summary(e))\(schemeForm)
            <h2>理赔（\(m.claims.count)）</h2>
            \(propose)
            \(m.claims.isEmpty ? "<p class=\"muted\">尚无理赔</p>" as HTML : "<div class=\"scroll-x\"><table class=\"stack\"><thead><tr><th>村</th><th>户</th><th>类型</th><th class=\"num\">费用（元）</th><th class=\"num\">赔付（元）</th><th>计算</th><th>来源</th><th>状态</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>" as HTML)
            <p class="small">赔付 =（费用 − 起付线）× 赔付比例，不超过封顶；赔付率 = 已赔付 ÷ 保费；结转下年 = 上年结转 + 保费 − 已赔付。</p>
            """)
    }
}

import BottomlineDomain
import Foundation

extension ScorePage {
    static func view(_ m: Model) -> HTML {
        let card = m.card, errors = m.errors, form = m.form
        let lines = card.score(m.units)
        let praise = Set(lines.prefix(min(3, lines.count / 2)).map(\.unit))
        let named = Set(lines.suffix(min(3, lines.count / 2)).map(\.unit))
        let head = card.weights.map { "<th class=\"num\" title=\"\($0.indicator.meaning)\">\($0.indicator.name)<br><span class=\"small muted\">权重\(String(format: "%g", $0.weight))</span></th>" as HTML }.joined()
        let rows = lines.map { line -> HTML in
            let counts = m.units.first { $0.0 == line.unit }!.1
            let tag: HTML = praise.contains(line.unit) ? " <span class=\"tag good\">表扬</span>" : named.contains(line.unit) ? " <span class=\"tag bad\">通报</span>" : ""
            return "<tr><td class=\"num\" data-label=\"名次\">\(line.rank)</td><td data-label=\"单位\">\(line.unit)\(tag)</td>\(zip(card.weights, line.parts).map { w, p -> HTML in "<td class=\"num\" data-label=\"\(w.indicator.name)\">\(w.indicator.text(counts))<br><span class=\"small muted\">\(p.map { String(format: "%.1f分", $0) } ?? "不计")</span></td>" }.joined())<td class=\"num\" data-label=\"总分\"><b>\(String(format: "%.2f", line.total))</b></td></tr>"
        }.joined()
        // The sixteen rules' 疑点数 and 整改率 are folded away unless one of them is weighed or was typed.
        let main = ScoreCard.weighable.filter { !ScoreCard.isByRule($0) }, byRule = ScoreCard.weighable.filter(ScoreCard.isByRule)
        let byRuleOpen = byRule.contains { i in
            form.isEmpty ? card.weights.contains { $0.indicator.code == i.code } : !(form["w_" + i.code] ?? "").isEmpty || errors["weights"] != nil
        }
        let editor: HTML = m.canEdit ? """
            <h2>调整权重</h2>
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.score)" class="panel">\(m.context.csrfField)<div class="grid">
            \(FormView.text("effectiveFrom", "生效日期", value: form["effectiveFrom"] ?? m.today.description, errors: errors, type: "date", required: true))
            \(FormView.text("source", "依据", value: form["source"] ?? "", errors: errors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div>
            <fieldset class="weights\(HTML(raw: errors["weights"] == nil ? "" : " invalid"))"><legend>各项指标的权重（不计分的留空）</legend>\(errors["weights"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")
            <table><tbody>\(weightRows(main, card: card, form: form))</tbody></table>
            <details\(HTML(raw: byRuleOpen ? " open" : ""))><summary>疑点数据，按核查规则（\(byRule.count)项）</summary>
            <table><tbody>\(weightRows(byRule, card: card, form: form))</tbody></table></details></fieldset>
            <p class="small muted">每项指标在各单位之间按最好100分、最差0分折算（数值越小越好的指标反向），总分为加权平均。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        return Layout.page("\(m.year)年第\(m.quarter)季度考评", context: m.context, crumbs: [("指标", "\(SitePath.indicators)")], """
            <form class="filters" method="get" action="\(SitePath.score)"><input type="hidden" name="region" value="\(m.region.digits)">
            <div><label for="f-year">年度</label><input id="f-year" name="year" value="\(String(m.year))" inputmode="numeric" maxlength="4"></div>
            <div><label for="f-quarter">季度</label><select id="f-quarter" name="quarter">\((1...4).map { q -> HTML in "<option value=\"\(q)\"\(HTML(raw: q == m.quarter ? " selected" : ""))>第\(q)季度</option>" }.joined())</select></div>
            <div><button>查看</button></div></form>
            <p class="muted">\(m.from)至\(m.to)；权重：\(m.source)。前三名表扬，后三名通报。</p>
            \(lines.isEmpty ? "<p class=\"muted\">本辖区下级单位尚无农户数据</p>" as HTML : "<div class=\"scroll-x\"><table class=\"stack units\"><thead><tr><th class=\"num\">名次</th><th>单位</th>\(head)<th class=\"num\">总分</th></tr></thead><tbody>\(rows)</tbody></table></div>" as HTML)
            \(Format.undefinedNote(card.weights.map(\.indicator), m.units.map(\.1)))
            \(editor)
            """)
    }

    static func weightRows(_ indicators: [Indicator], card: ScoreCard, form: FormValues) -> HTML {
        indicators.map { i -> HTML in
            let current = form.isEmpty ? card.weights.first { $0.indicator.code == i.code }.map { String(format: "%g", $0.weight) } ?? "" : form["w_" + i.code] ?? ""
            return "<tr><td><label for=\"w-\(i.code)\">\(i.name)</label><div class=\"small muted\">\(i.meaning)</div></td><td><input id=\"w-\(i.code)\" name=\"w_\(i.code)\" value=\"\(current)\" inputmode=\"decimal\" maxlength=\"6\" size=\"6\"></td></tr>"
        }.joined()
    }
}

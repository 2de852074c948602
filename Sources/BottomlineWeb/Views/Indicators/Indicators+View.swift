import BottomlineDomain

extension IndicatorPage {
    static func view(_ m: Model) -> HTML {
        let total = m.total, frozen = m.frozen, target = m.target
        let headline = IndicatorCatalogue.headline.compactMap(IndicatorCatalogue.indicator)
        let head = headline.map { "<th class=\"num\" title=\"\($0.meaning)\">\($0.name)</th>" as HTML }.joined()
        let query = "from=\(m.from)&to=\(m.to)"
        let inRegion = "region=\(m.region.digits)"
        let rows = m.children.map { child -> HTML in
            let link: HTML = child.code.level == .village ? "<a href=\"\(SitePath.region(.value(child.code.digits)))\">\(child.name)</a>" : "<a href=\"\(SitePath.indicators)?region=\(child.code.digits)&\(query)\">\(child.name)</a>"
            return "<tr><td data-label=\"单位\">\(link)</td>\(headline.map { "<td class=\"num\" data-label=\"\($0.name)\">\($0.text(child.counts))</td>" as HTML }.joined())</tr>"
        }.joined()
        let totalRow: HTML = "<tr class=\"total\"><td data-label=\"单位\"><b>合计</b></td>\(headline.map { "<td class=\"num\" data-label=\"\($0.name)\"><b>\($0.text(total))</b></td>" as HTML }.joined())</tr>"
        // Ranking, 提示函 (the last three ranked, and any below the target) and charts.
        let rankBy = IndicatorCatalogue.indicator(m.rankCode)!
        let table = BulletinTable(title: "", unitHeader: "单位", columns: [rankBy], rankBy: rankBy, units: m.children.map { ($0.name, $0.counts) })
        let ranked = table.rows.filter { $0.rank != nil }
        let bottom = Set(ranked.suffix(min(3, max(0, ranked.count - 3))).map(\.unit))
        let lagging = table.rows.filter { row in
            guard let v = rankBy.value(row.counts) else { return false }
            let belowTarget = target.map { rankBy.higherIsBetter ? v < $0 : v > $0 } ?? false
            return bottom.contains(row.unit) || belowTarget
        }
        let notice: HTML = lagging.isEmpty ? "" : """
            <h2>提示函名单（\(rankBy.name)）</h2>
            <table class="stack"><thead><tr><th>单位</th><th class="num">\(rankBy.name)</th><th class="num">排名</th><th>原因</th></tr></thead><tbody>\(lagging.map { row -> HTML in
                let v = rankBy.value(row.counts)!
                var reasons: [String] = []
                if bottom.contains(row.unit) { reasons.append("排名后三位（共\(ranked.count)个单位）") }
                if let target, rankBy.higherIsBetter ? v < target : v > target { reasons.append("未达目标\(rankBy.text(value: target))") }
                return "<tr><td data-label=\"单位\">\(row.unit)</td><td class=\"num\" data-label=\"\(rankBy.name)\">\(rankBy.text(row.counts))</td><td class=\"num\" data-label=\"排名\">\(row.rank.map(String.init) ?? "—")</td><td data-label=\"原因\">\(reasons.joined(separator: "；"))</td></tr>"
            }.joined())</tbody></table>
            """
        let chart: HTML = table.rows.isEmpty ? "" : Charts.bars(table.rows.compactMap { row in
            rankBy.value(row.counts).map { Charts.Bar(label: row.unit, value: $0, text: rankBy.text(row.counts), flagged: lagging.contains { $0.unit == row.unit }) }
        }, title: "\(rankBy.name)（按排名）")
        // Month-end trend of the ranking indicator for this unit, from the frozen months (oldest first, last twelve).
        let trend = Charts.line(m.trend, title: "\(rankBy.name)：月末走势")
        let stacks = trend + Charts.stack(MonitoringCategory.allCases.enumerated().map { i, c in (c.label, total[.monitoredHouseholds(c)], ["#2f6fb0", "#e0a030", "#c0392b"][i]) }, title: "监测对象类别（户）")
            + Charts.stack([("低于标准", total[.incomeBelow], "#c0392b"), ("高于不足10%", total[.incomeNear], "#e0a030"), ("高于10%以上", total[.incomeAbove], "#3c9a5f")],
                           title: "人均纯收入相对监测标准（户）")
        let all = IndicatorCatalogue.all.filter { $0.value(total) != nil && ($0.denominator != nil || total[$0.numerator] != 0 || !$0.code.contains("-")) }
        let allRows = all.map { i -> HTML in
            "<tr><td>\(i.code)</td><td>\(i.name)</td><td class=\"num\"><b>\(i.text(total))</b></td>\(frozen == nil ? "" : "<td class=\"num\">\(i.text(m.liveTotal))</td>" as HTML)<td>\(i.unit.rawValue)</td><td class=\"small muted\">\(i.meaning)</td></tr>"
        }.joined()
        return Layout.page("指标：\(m.name)", context: m.context, """
            <form class="filters" method="get" action="\(SitePath.indicators)"><input type="hidden" name="region" value="\(m.region.digits)">
            <div><label for="f-from">期间自</label><input id="f-from" type="date" name="from" value="\(m.from)"></div>
            <div><label for="f-to">至</label><input id="f-to" type="date" name="to" value="\(m.to)"></div>
            <div><label for="f-rank">排名依据</label><select id="f-rank" name="rank">\((headline.filter { $0.denominator != nil || !$0.higherIsBetter } + (headline.contains { $0.code == rankBy.code } ? [] : [rankBy])).map { i -> HTML in
                "<option value=\"\(i.code)\"\(HTML(raw: i.code == m.rankCode ? " selected" : ""))>\(i.name)</option>" }.joined())</select></div>
            \(m.periods.isEmpty ? "" : "<div><label for=\"f-snapshot\">月末冻结数</label><select id=\"f-snapshot\" name=\"snapshot\"><option value=\"\">（实时数据）</option>\(m.periods.map { p -> HTML in "<option value=\"\(p)\"\(HTML(raw: p == frozen ? " selected" : ""))>\(p)</option>" }.joined())</select></div>" as HTML)
            <div><label for="f-target">目标值</label><input id="f-target" name="target" inputmode="decimal" maxlength="8" value="\(m.targetText)" placeholder="如 60（%）"></div>
            <div><button>查看</button></div></form>
            \(frozen.map { "<p class=\"flash\">下表为\($0)月末冻结数（当月正式数据），之后对名册的更正不影响；下方“全部指标”同时列出实时数。</p>" as HTML } ?? "")
            \(!m.canFreeze ? "" : m.periods.contains(m.lastMonth) ? "<p class=\"small muted\">\(m.lastMonth)月末数据已冻结。</p>" as HTML : "<p><a class=\"button secondary\" href=\"\(SitePath.indicatorsFreeze)?period=\(m.lastMonth)\">冻结\(m.lastMonth)月末数据…</a></p>" as HTML)
            <p><a class="button secondary" href="\(SitePath.score)?\(inRegion)">季度考评</a> <a class="button secondary" href="\(SitePath.bulletins)">通报</a></p>
            \(m.children.isEmpty ? "" : "<p><a class=\"button secondary\" href=\"\(SitePath.indicatorsBulletin(.xlsx))?region=\(m.region.digits)&\(query)&rank=\(m.rankCode)&snapshot=\(frozen ?? "")\">导出通报表（XLSX）</a> <a class=\"button secondary\" href=\"\(SitePath.indicatorsBulletin(.csv))?region=\(m.region.digits)&\(query)&rank=\(m.rankCode)&snapshot=\(frozen ?? "")\">导出 CSV</a></p>" as HTML)
            <p class="muted">实时数据，截至\(m.today)。“本期”指\(m.from)至\(m.to)。各级使用同一套指标定义；合计行由下级的原始数相加后计算，比率不是下级比率的平均。</p>
            \(m.children.isEmpty ? "" : "<div class=\"scroll-x\"><table class=\"stack units\"><thead><tr><th>单位</th>\(head)</tr></thead><tbody>\(rows)\(totalRow)</tbody></table></div>" as HTML)
            \(Format.undefinedNote(headline, m.children.map(\.counts) + [total]))
            <div class="charts">\(chart)\(stacks)</div>
            \(notice)
            <h2>全部指标（\(m.name)）</h2>
            <table><thead><tr><th>编号</th><th>指标</th><th class="num">\(frozen.map { "\($0)冻结数" } ?? "数值")</th>\(frozen == nil ? "" : "<th class=\"num\">实时数</th>" as HTML)<th>单位</th><th>含义</th></tr></thead><tbody>\(allRows)</tbody></table>
            """)
    }
}

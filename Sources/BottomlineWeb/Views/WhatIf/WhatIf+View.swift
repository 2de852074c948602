import BottomlineDomain
import BottomlinePersistence
import Foundation

extension WhatIfPage {
    static func tally(_ t: LineWhatIf.Tally) -> String { "\(Format.number(t.households))户\(Format.number(t.persons))人" }

    static func change(_ d: Money) -> String { d.fen > 0 ? "+\(d.yuanText)" : d.fen < 0 ? "−\(Money(fen: -d.fen).yuanText)" : "不变" }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(Format.number(n))" : n < 0 ? "−\(Format.number(-n))" : "0" }

    static func workloadText(_ w: LineWhatIf.Workload?) -> (cadres: String, perCadre: String, perDay: String) {
        guard let w else { return ("", "", "") }
        guard w.cadres > 0 else { return ("0", w.cases > 0 ? "无干部记录" : "", "") }
        return (Format.number(w.cadres), w.perCadre.map { String(format: "%.1f", $0) } ?? "", w.perCadrePerDay.map { String(format: "%.2f", $0) } ?? "时限未设置")
    }

    static func form(_ m: Model) -> HTML {
        let years = m.years.map { (String($0), "\($0)年") }
        let current: HTML = m.currentLine.map { "现行标准\($0.yuanText)元" as HTML } ?? ""
        let next: HTML = m.nextLine.map { "，已录入下一年度标准\($0.yuanText)元" as HTML } ?? ""
        func error(_ key: String) -> HTML { m.errors[key].map { "<span class=\"error\" id=\"e-\(key)\">\($0)</span>" } ?? "" }
        func invalid(_ key: String) -> HTML { m.errors[key] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"e-\(key)\"" }
        let unit: HTML = m.asked.unit.isEmpty ? "" : "<input type=\"hidden\" name=\"unit\" value=\"\(m.asked.unit)\">"
        return """
            <form class="filters" method="get" action="\(SitePath.whatIf)">\(unit)
            <div><label for="f-year">收入年度</label><select name="year" id="f-year"\(invalid("year"))>\(Filters.options(years, selected: m.asked.year))</select>\(error("year"))</div>
            <div><label for="f-line">测算标准（元/人·年）</label><input id="f-line" name="line" inputmode="decimal" maxlength="12" value="\(m.asked.line)" required\(invalid("line"))>\
            <span class="small muted">\(current)\(next)</span>\(error("line"))</div>
            <div><label for="f-band">关注带（高于标准%，可不填）</label><input id="f-band" name="band" type="number" min="\(LineScenario.bandPercentRange.lowerBound)" max="\(LineScenario.bandPercentRange.upperBound)" value="\(m.asked.band)"\(invalid("band"))>\(error("band"))</div>
            <div><button>测算</button></div></form>
            """
    }

    static func view(_ m: Model) -> HTML {
        let errors: HTML = m.errors.isEmpty ? "" : "<p class=\"error\" role=\"alert\">\(m.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"))</p>"
        let result: HTML = m.result.map { resultView(m, $0) } ?? (m.errors.isEmpty
            ? "<p class=\"muted\">填写拟调整的监测标准后点“测算”。也可选择往年，测算“当年标准若为某值”的情况。</p>" : "")
        return Layout.page("政策调整测算", context: m.context, """
            \(errors)<section class="panel"><p>测算范围：\(m.regionName)。按所选年度登记的家庭人均纯收入，比较现行监测标准与拟调整标准下纳入监测范围的农户。</p>
            \(form(m))
            <p class="small muted">测算只读取数据，不保存、不修改任何记录。人均纯收入低于标准即在监测范围内；“需新识别”为新进入范围且目前不是监测对象（含已风险消除）的户。</p></section>
            \(result)
            """)
    }

    static func resultView(_ m: Model, _ r: Result) -> HTML {
        let s = r.scenario, t = r.total
        let band = s.bandPercent != nil
        let cards: HTML = """
            <div class="cards">
            <div class="card"><div class="n">\(Format.number(t.withinToday.households))</div><div class="l">现行标准\(s.currentLine.yuanText)元下在范围内（户）<br>\(Format.number(t.withinToday.persons))人</div></div>
            <div class="card"><div class="n">\(Format.number(t.withinProposed.households))</div><div class="l">测算标准\(s.proposedLine.yuanText)元下在范围内（户）<br>\(Format.number(t.withinProposed.persons))人</div></div>
            <div class="card"><div class="n">\(signed(t.entering.households))</div><div class="l">新进入范围（户）<br>\(Format.number(t.entering.persons))人</div></div>
            <div class="card"><div class="n">\(Format.number(t.casesToOpen.households))</div><div class="l">需新识别（户）<br>其中曾风险消除\(Format.number(t.reentering.households))户</div></div>
            <div class="card"><div class="n">\(Format.number(t.leaving.households))</div><div class="l">退出范围（户）<br>其中监测对象\(Format.number(t.leavingMonitored.households))户</div></div>
            </div>
            """
        var notes: [String] = []
        if let day = s.standingOn {
            notes.append("往年测算：收入按\(s.incomeYear)年的记录，是否为监测对象按\(day.year)年\(day.month)月\(day.day)日的登记（此后识别的不计为监测对象，此后风险消除的仍计为监测对象），风险类型按今日的登记")
        }
        if t.noIncome.households > 0 { notes.append("\(Format.number(t.noIncome.households))户没有\(s.incomeYear)年收入记录，未计入") }
        if t.unmonitoredToday.households > 0 { notes.append("现行标准下已在范围内但不是监测对象的有\(Format.number(t.unmonitoredToday.households))户（见“疑点核查”YD01）") }
        if let p = s.bandPercent {
            notes.append("关注带（高于标准\(p)%以内）：现行\(tally(t.bandToday))（\(s.currentLine.yuanText)至\(s.bandTop(above: s.currentLine).yuanText)元），测算\(tally(t.bandProposed))（\(s.proposedLine.yuanText)至\(s.bandTop(above: s.proposedLine).yuanText)元）")
        }
        let chartUnits = r.rows.map { (label: $0.name, first: $0.counts.withinToday.households, second: $0.counts.withinProposed.households) }
        let charts: HTML = r.rows.count > 1
            ? Charts.pairs(chartUnits, legend: ("现行标准\(s.currentLine.yuanText)元", "测算标准\(s.proposedLine.yuanText)元"), title: "在监测范围内的户数，按\(r.unitLevel)")
                + Charts.bars(r.rows.map { .init(label: $0.name, value: Double($0.counts.casesToOpen.households), text: Format.number($0.counts.casesToOpen.households)) },
                              title: "需新识别户数，按\(r.unitLevel)")
            : ""
        let showWork = r.rows.contains { $0.workload != nil }
        let bandHead: HTML = band ? "<th>关注带（现行）</th><th>关注带（测算）</th>" : ""
        let workHead: HTML = showWork ? "<th>干部</th><th>人均识别（户）</th><th>每人每天（户）</th>" : ""
        func row(_ name: HTML, _ c: LineWhatIf.Counts, _ w: LineWhatIf.Workload?, bold: Bool = false) -> HTML {
            let work = workloadText(w)
            let bandCells: HTML = band ? "<td class=\"num\" data-label=\"关注带（现行）\">\(Format.number(c.bandToday.households))</td><td class=\"num\" data-label=\"关注带（测算）\">\(Format.number(c.bandProposed.households))</td>" : ""
            let workCells: HTML = showWork ? "<td class=\"num\" data-label=\"干部\">\(work.cadres)</td><td class=\"num\" data-label=\"人均识别（户）\">\(work.perCadre)</td><td class=\"num\" data-label=\"每人每天（户）\">\(work.perDay)</td>" : ""
            return """
                <tr\(HTML(raw: bold ? " class=\"total\"" : ""))><td data-label="\(r.unitLevel)">\(name)</td>\
                <td class="num" data-label="现行标准下">\(tally(c.withinToday))</td><td class="num" data-label="测算标准下">\(tally(c.withinProposed))</td>\
                <td class="num" data-label="新进入">\(tally(c.entering))</td><td class="num" data-label="需新识别（户）">\(Format.number(c.casesToOpen.households))</td>\
                <td class="num" data-label="退出">\(tally(c.leaving))</td>\(bandCells)\(workCells)</tr>
                """
        }
        let rows = r.rows.map { u -> HTML in
            let name: HTML = u.link.map { "<a href=\"\($0)\">\(u.name)</a>" } ?? "\(u.name)"
            return row(name, u.counts, u.workload)
        }.joined()
        let back: HTML = m.asked.unit.isEmpty ? "" : "<p><a href=\"\(SitePath.whatIf)?\(m.asked.query.joined(separator: "&"))\">返回\(m.regionName)</a></p>"
        let units: HTML = """
            <h2>按\(r.unitLevel)（\(r.unitName)）</h2>\(back)
            <table class="stack"><thead><tr><th>\(r.unitLevel)</th><th>现行标准下</th><th>测算标准下</th><th>新进入</th><th>需新识别（户）</th><th>退出</th>\(bandHead)\(workHead)</tr></thead>\
            <tbody>\(rows)\(row("合计", t, showWork ? r.workload : nil, bold: true))</tbody></table>
            """
        func breakdown(_ title: String, _ head: String, _ items: [(label: String, counts: LineWhatIf.Counts)]) -> HTML {
            let body = items.map { i -> HTML in
                """
                <tr><td data-label="\(head)">\(i.label)</td><td class="num" data-label="现行标准下">\(tally(i.counts.withinToday))</td>\
                <td class="num" data-label="测算标准下">\(tally(i.counts.withinProposed))</td><td class="num" data-label="新进入">\(tally(i.counts.entering))</td>\
                <td class="num" data-label="需新识别（户）">\(Format.number(i.counts.casesToOpen.households))</td><td class="num" data-label="退出">\(tally(i.counts.leaving))</td></tr>
                """
            }.joined()
            return """
                <h3>\(title)</h3><table class="stack"><thead><tr><th>\(head)</th><th>现行标准下</th><th>测算标准下</th><th>新进入</th><th>需新识别（户）</th><th>退出</th></tr></thead><tbody>\(body)</tbody></table>
                """
        }
        let w = r.workload
        let days: String = w.days > 0 ? "须在发现线索后\(w.days)天内完成识别" : "识别时限尚未设置"
        let load: String = w.cadres > 0
            ? "现有乡村干部和驻村干部\(Format.number(w.cadres))名，人均\(String(format: "%.1f", w.perCadre ?? 0))户" + (w.perCadrePerDay.map { String(format: "，每人每天约%.2f户", $0) } ?? "")
            : "没有乡村干部或驻村干部的记录，无法折算人均工作量"
        let workload: HTML = "<h3>识别工作量</h3><p>需新识别\(Format.number(w.cases))户，\(days)；\(load)。</p>"
        let profile = r.profile
        let expectedMeasures = r.measures.reduce(0) { $0 + $1.expected.measures }
        let expectedAmount = r.measures.reduce(Money.zero) { $0 + $1.expected.amount }
        let measureRows = r.measures.map { x -> HTML in
            """
            <tr><td data-label="措施类别">\(x.category.label)</td><td class="num" data-label="已记录措施（项）">\(Format.number(x.recorded.measures))</td>\
            <td class="num" data-label="已记录金额（万元）">\(x.recorded.amount.wanText)</td><td class="num" data-label="预计新增措施（项）">\(Format.number(x.expected.measures))</td>\
            <td class="num" data-label="预计金额（万元）">\(x.expected.amount.wanText)</td></tr>
            """
        }.joined()
        let measures: HTML = profile.households > 0
            ? """
                <h3>预计帮扶措施和资金</h3><p>\(r.unitName)已识别的\(Format.number(profile.households))户共记录帮扶措施\(Format.number(profile.measures))项、金额\(profile.amount.wanText)万元，\
                户均\(String(format: "%.2f", profile.measuresPerHousehold ?? 0))项、\(profile.amountPerHousehold?.yuanText ?? "0")元。\
                按此测算，新识别\(Format.number(w.cases))户预计需帮扶措施约\(Format.number(expectedMeasures))项、资金约\(expectedAmount.wanText)万元。</p>
                <table class="stack"><thead><tr><th>措施类别</th><th>已记录措施（项）</th><th>已记录金额（万元）</th><th>预计新增措施（项）</th><th>预计金额（万元）</th></tr></thead><tbody>\(measureRows)</tbody></table>
                """
            : "<h3>预计帮扶措施和资金</h3><p class=\"muted\">\(r.unitName)还没有已识别的户，无法按已记录的措施测算。</p>"
        let export = "\(SitePath.whatIfExport)?" + (m.asked.query + (m.asked.unit.isEmpty ? [] : ["unit=\(m.asked.unit)"])).joined(separator: "&")
        return """
            <section class="panel"><h2>\(s.incomeYear)年收入：现行标准\(s.currentLine.yuanText)元，测算标准\(s.proposedLine.yuanText)元（\(change(s.proposedLine - s.currentLine))元）</h2>
            \(cards)<p class="small muted">\(notes.joined(separator: "；"))。</p><p><a href="\(export)">导出Excel</a></p></section>
            \(charts)\(units)
            \(breakdown("按户类别", "户类别", r.categories))\(breakdown("按风险类型（一户多个风险的分别计入）", "风险类型", r.risks))
            \(workload)\(measures)
            <p class="small muted">预警规则阈值的调整在“部门数据 → 预警规则”试算，疑点核查规则的调整在“疑点核查 → 设置”试算。</p>
            """
    }
}

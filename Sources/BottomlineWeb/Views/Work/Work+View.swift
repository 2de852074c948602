import BottomlineDomain

extension Work {
    static func view(_ m: Model) -> HTML {
        let rows: HTML = m.items.map { i -> HTML in
            """
            <tr><td data-label="到期">\(i.due?.description ?? "") \(Format.dueTag(i.due, today: m.today))</td><td data-label="事项"><a href="\(i.link)">\(i.title)</a></td>
            <td data-label="农户">\(i.householdName)</td><td data-label="村">\(i.villageName)</td><td data-label="说明">\(i.detail)</td></tr>
            """
        }.joined()
        return Layout.page("我的工作", context: m.context, """
            <div class="cards"><div class="card"><div class="n">\(m.items.count)</div><div class="l">待办事项</div></div>
            <div class="card"><div class="n">\(m.overdue)</div><div class="l">已超期</div></div></div>
            \(m.items.isEmpty ? "<p class=\"flash\">目前没有待办事项。</p>" as HTML : """
            <table class="stack"><thead><tr><th>到期日</th><th>事项</th><th>农户</th><th>村</th><th>说明</th></tr></thead><tbody>\(rows)</tbody></table>
            """ as HTML)
            <p class="small muted">按到期日排序；识别纳入自首条线索起\(m.identificationDays.map(String.init) ?? "规定")天内完成，线索须在核实时限内办结，监测户按走访间隔走访（见“政策参数”）。</p>
            """)
    }
}

import BottomlineDomain

extension Work {
    static func view(_ m: Model) -> HTML {
        func table(_ items: [Model.Item]) -> HTML {
            let rows: HTML = items.map { i -> HTML in
                let returned: HTML = i.returned.map { "<div class=\"returned\"><span class=\"tag bad\">退回</span> \($0)</div>" as HTML } ?? ""
                return """
                    <tr><td data-label="到期">\(i.due?.description ?? "") \(Format.dueTag(i.due, today: m.today))</td><td data-label="事项"><a href="\(i.link)">\(i.title)</a>\(returned)</td>
                    <td data-label="农户">\(i.householdName)</td><td data-label="村">\(i.villageName)</td><td data-label="说明">\(i.detail)</td></tr>
                    """
            }.joined()
            return "<table class=\"stack\"><thead><tr><th>到期日</th><th>事项</th><th>农户</th><th>村</th><th>说明</th></tr></thead><tbody>\(rows)</tbody></table>"
        }
        let options: HTML = Model.kinds.map { k -> HTML in "<option value=\"\(k.0)\"\(HTML(raw: m.filter.kind == k.0 ? " selected" : ""))>\(k.1)</option>" }.joined()
        let villages = m.villages
        let villageFilter: HTML = villages.count < 2 ? "" : """
            <div><label for="f-village">村</label><select id="f-village" name="village"><option value="">全部</option>\(villages.map { v -> HTML in "<option value=\"\(v.code)\"\(HTML(raw: m.filter.village == v.code ? " selected" : ""))>\(v.name)</option>" }.joined())</select></div>
            """
        let filters: HTML = (m.all.count < 8 && m.filter.isEmpty) ? "" : """
            <form class="filters" method="get" action="\(SitePath.work)"><div><label for="f-kind">事项</label><select id="f-kind" name="kind"><option value="">全部</option>\(options)</select></div>
            \(villageFilter)<label class="check"><input type="checkbox" name="late" value="1"\(HTML(raw: m.filter.lateOnly ? " checked" : ""))> 只看已超期</label>
            <button class="secondary">筛选</button>\(m.filter.isEmpty ? "" : " <a href=\"\(SitePath.work)\">清除</a>" as HTML)</form>
            """
        let (mine, supervised) = (m.mine, m.supervised)
        let body: HTML
        if m.items.isEmpty {
            body = m.filter.isEmpty ? "<p class=\"flash\">目前没有待办事项。</p>" : "<p class=\"flash\">没有符合条件的事项。</p>"
        } else {
            body = """
                \(mine.isEmpty ? "" : "\(supervised.isEmpty ? "" : "<h2>待我办理（\(mine.count)）</h2>" as HTML)\(table(mine))" as HTML)
                \(supervised.isEmpty ? "" : "<h2>督办下级（\(supervised.count)）</h2><p class=\"small muted\">由下级办理，逾期的请督促。</p>\(table(supervised))" as HTML)
                """
        }
        return Layout.page("我的工作", context: m.context, """
            <div class="cards"><div class="card"><div class="n">\(m.mine.count)</div><div class="l">待我办理</div></div>
            <div class="card"><div class="n">\(m.overdue)</div><div class="l">已超期</div></div>\(supervised.isEmpty ? "" : "<div class=\"card\"><div class=\"n\">\(supervised.count)</div><div class=\"l\">督办下级</div></div>" as HTML)</div>
            \(filters)\(body)
            <p class="small muted">按到期日排序；识别纳入自首条线索起\(m.identificationDays.map(String.init) ?? "规定")天内完成，线索须在核实时限内办结，监测户按走访间隔走访（见“政策参数”）。</p>
            """)
    }
}

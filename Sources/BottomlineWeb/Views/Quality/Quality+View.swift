import BottomlineDomain
import BottomlinePersistence

extension QualityPage {
    /// On or off, the check's number, from a date; 试算 shows what it would find before anything is saved.
    static func settingForm(_ m: Model, _ c: CheckRow) -> HTML {
        let code = c.check.code.rawValue
        let open = m.settingCode == c.check.code
        let message: HTML = open ? (m.settingMessage.map { "<p class=\"flash\" role=\"status\">\($0)</p>" } ?? "")
            + (m.settingShift.map { ShiftTable.view($0.shift, names: $0.names, now: "现有疑点", tried: "按此设置", counted: "条") } ?? "") : ""
        // After a 试算 or a refusal the form shows what was tried, not what is in force.
        let tried = open ? m.settingTried : nil
        let on = tried.map(\.enabled) ?? c.on
        let value: HTML = c.check.parameter.map { p in
            """
            <div class="field"><label for="s-\(code)-value">\(p.label)（\(p.unit)，\(p.allowed.lowerBound)至\(p.allowed.upperBound)）</label>\
            <input id="s-\(code)-value" name="value" type="number" min="\(p.allowed.lowerBound)" max="\(p.allowed.upperBound)" value="\(tried?.value ?? String(c.value ?? p.defaultValue))" required></div>
            """
        } ?? ""
        return """
            <details\(open ? " open" : "")><summary class="nowrap">设置</summary><form method="post" action="\(SitePath.qualitySettings)">\(m.context.csrfField)\(message)<input type="hidden" name="code" value="\(code)">
            <div class="field"><label for="s-\(code)-on">状态</label><select id="s-\(code)-on" name="enabled"><option value="on"\(on ? " selected" : "")>启用</option><option value="off"\(on ? "" : " selected")>停用</option></select></div>
            \(value)<div class="field"><label for="s-\(code)-from">生效日期</label><input id="s-\(code)-from" name="effectiveFrom" type="date" value="\(tried?.from ?? CivilDate.today.description)" required></div>
            <div class="actions"><button name="action" value="preview">试算</button> <button name="action" value="save">保存</button></div></form></details>
            """
    }

    static func view(_ m: Model) -> HTML {
        let run: HTML = m.mayRun
            ? "<form method=\"post\" action=\"\(SitePath.qualityRun)\" class=\"inline\">\(m.context.csrfField)<button>立即核查</button></form>"
            : ""
        let across: HTML = m.acrossSkipped
            ? "<p class=\"small muted\">\(DataCheck.all.filter(\.acrossHouseholds).map { "“\($0.name)”" }.joined())要比对全县的户，只在县级核查时进行；乡镇、村的核查不改变这几项的结果。</p>"
            : ""
        let checks = m.checks.map { c -> HTML in
            let name: HTML = c.on ? "\(c.check.name)" : "\(c.check.name)<span class=\"muted\">（已停用）</span>"
            let finds: HTML = c.parameter.map { "\(c.check.finds)<br><span class=\"small muted\">\($0)</span>" } ?? "\(c.check.finds)"
            let link = "\(SitePath.quality)?code=\(c.check.code.rawValue)"
            let setting: HTML = m.maySet ? "<td data-label=\"设置\">\(settingForm(m, c))</td>" : ""
            let rank: HTML = m.ranks ? "<br><a class=\"small\" href=\"\(SitePath.indicators)?rank=ZL-\(c.check.code.rawValue)\">排名</a>" : ""
            return """
                <tr><td data-label="编码"><a href="\(link)">\(c.check.code.rawValue)</a>\(rank)</td><td data-label="核查项">\(name)</td>\
                <td data-label="严重程度">\(c.check.severity.label)</td><td data-label="查找内容">\(finds)</td>\
                <td class="num" data-label="待核实"><a href="\(link)&amp;state=open">\(c.open)</a></td>\
                <td class="num" data-label="已说明"><a href="\(link)&amp;state=explained">\(c.explained)</a></td>\
                <td class="num" data-label="已整改"><a href="\(link)&amp;state=closed">\(c.closed)</a></td>\(setting)</tr>
                """
        }.joined()
        let codes = DataCheck.all.map { ($0.code.rawValue, "\($0.code.rawValue) \($0.name)") }
        let states = [("all", "全部")] + DataFindingState.allCases.map { ($0.rawValue, $0.label) }
        let filters: HTML = """
            <form class="filters" method="get" action="\(SitePath.quality)"><div><label for="f-code">核查项</label>\(Filters.select("code", codes, selected: m.code?.rawValue))</div>\
            <div><label for="f-state">状态</label>\(Filters.select("state", states, selected: m.state?.rawValue ?? "all"))</div><div><button>查看</button></div></form>
            """
        let rows = m.rows.map { r -> HTML in
            var action: HTML = ""
            if r.state == .open, m.mayRun {
                action = """
                    <details\(m.errorFinding == r.id ? " open" : "")><summary>核实无误，说明原因</summary><form method="post" action="\(SitePath.qualityFinding(.value(r.id)))">\(m.context.csrfField)
                    \(FormView.textarea("reason", "核实情况（如经批准免予入学、确属同名同日出生）", errors: [:], required: true))
                    <div class="actions"><button>保存说明</button></div></form></details>
                    """
            } else if let e = r.explanation {
                action = "\(e)"
            }
            return """
                <tr id="f-\(r.id)"><td data-label="村">\(r.village)</td><td data-label="农户"><a href="\(r.link)">\(r.household)</a></td>\
                <td data-label="核查项">\(r.code.rawValue) \(r.code.check.name)</td><td data-label="疑点情况">\(r.values)</td>\
                <td data-label="状态">\(r.state.label)</td><td data-label="发现日期">\(r.found)</td><td data-label="核实">\(action)</td></tr>
                """
        }.joined()
        let shown: HTML = m.pages > 1 ? "，第\(m.page)页，每页\(QualityPage.pageSize)条" : ""
        let flash: HTML = (m.flash.map { "<p class=\"flash\" role=\"status\">\($0)</p>" } ?? "")
            + (m.errors.isEmpty ? "" : "<p class=\"error\" role=\"alert\">\(m.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"))</p>")
        let list: HTML = m.rows.isEmpty
            ? "<p class=\"muted\">没有符合条件的疑点。</p>"
            : """
                <table class="stack"><thead><tr><th>村</th><th>农户</th><th>核查项</th><th>疑点情况</th><th>状态</th><th>发现日期</th><th>核实</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        let rules: HTML = """
            <table class="stack"><thead><tr><th>编码</th><th>核查项</th><th>严重程度</th><th>查找内容</th><th>待核实</th><th>已说明</th><th>已整改</th>\(m.maySet ? "<th>设置</th>" as HTML : "")</tr></thead><tbody>\(checks)</tbody></table>
            """
        let pager: HTML = m.pages > 1
            ? Filters.pager(page: m.page, pages: m.pages) { n in
                "\(SitePath.quality)?" + (Filters.query([("code", m.code?.rawValue), ("state", m.state?.rawValue ?? "all")]) + ["page=\(n)"]).joined(separator: "&")
            }
            : ""
        let findings: HTML = """
            <h2>疑点清单</h2>
            \(filters)<p>共\(m.total)条\(shown)。</p>
            \(list)\(pager)
            """
        // The county reads the rules first (and sets them); a township or a village cadre, often on a phone, works
        // through its findings, with the rules folded below.
        let body: HTML = m.maySet
            ? "<h2>核查规则</h2>\n\(rules)\n\(findings)"
            : "\(findings)\n<details class=\"panel\"><summary>核查规则（\(m.checks.count)项）</summary>\(rules)</details>"
        return Layout.page("疑点数据核查", context: m.context, """
            \(flash)<section class="panel"><p>核查范围：\(m.regionName)。\(m.lastRun.map { "上次核查：\($0)。" } ?? "尚未核查。")</p>\(run)\(across)
            <p class="small muted">数据改正后，下次核查不再发现的疑点即为已整改；核实无误的疑点写明原因后不再提示，数据变化时重新提示。</p></section>
            \(body)
            """)
    }
}

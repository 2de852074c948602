import BottomlineDomain

extension NoticePage {
    static func view(_ m: Model) -> HTML {
        let chooser: HTML = """
            <form class="filters noprint" method="get" action="\(SitePath.notices)">
            <div><label for="f-village">村</label><select id="f-village" name="village">\(m.villages.map { v -> HTML in "<option value=\"\(v.value)\"\(HTML(raw: v.value == m.village ? " selected" : ""))>\(v.label)</option>" }.joined())</select></div>
            <div><label for="f-kind">程序</label><select id="f-kind" name="kind">\(CaseKind.allCases.map { k -> HTML in "<option value=\"\(k.rawValue)\"\(HTML(raw: k == m.kind ? " selected" : ""))>\(k.label)</option>" }.joined())</select></div>
            <div><label for="f-type">类型</label><select id="f-type" name="type"><option value="publicity">公示</option><option value="announcement"\(HTML(raw: m.announcement ? " selected" : ""))>结果公告</option></select></div>
            <div><label for="f-from">自（补打往期时填写）</label><input id="f-from" type="date" name="from" value="\(m.from?.description ?? "")"></div>
            <div><label for="f-to">至</label><input id="f-to" type="date" name="to" value="\(m.to?.description ?? "")"></div>
            <div><button>生成</button></div></form>
            """
        guard let notice = m.notice else {
            return Layout.page("公示公告", context: m.context, chooser + "<p class=\"muted\">请选择村和程序后生成：不填日期时列出当前应张贴的名单；补打往期请填写起止日期。然后打印（A4）。</p>")
        }
        let identification = m.kind == .identification
        let rows: HTML = notice.lines.enumerated().map { i, l -> HTML in
            "<tr><td class=\"num\">\(i + 1)</td><td>\(l.householderName)</td><td class=\"num\">\(l.members)</td><td>\(l.outcome)</td><td>\(l.date)</td></tr>"
        }.joined()
        let scope: HTML = m.from.map { f in "<p class=\"small muted noprint\">往期：\(m.announcement ? "办结" : "公示开始")于\(f.description)至\(m.to?.description ?? "")的农户。</p>" as HTML }
            ?? "<p class=\"small muted noprint\">当前应张贴：\(m.announcement ? "县级已审定、待村内张贴结果公告" : "正在公示期内")的农户，按日期排列。</p>"
        return Layout.page(notice.title, context: m.context, chooser + scope + """
            <p class="noprint"><button type="button" data-print>打印</button> <span class="small muted">A4纸；打印时不含页面菜单和筛选栏。</span></p>
            <article class="notice">
            <h2 class="notice-title">\(notice.title)</h2>
            <p>根据防止返贫动态监测和帮扶工作有关规定，经农户申请（或干部排查、部门预警）、入户核实、村级民主评议，现将\(m.announcement ? "结果" : "拟\(identification ? "纳入" : "标注风险消除")的农户名单")予以\(m.announcement ? "公告" : "公示")。\(m.announcement ? "" : "公示期间如有异议，请向村民委员会或乡镇人民政府反映。")</p>
            <table><thead><tr><th class="num">序号</th><th>户主姓名</th><th class="num">家庭人口</th><th>\(identification ? "类别" : "消除方式")</th><th>\(m.announcement ? "办结日期" : "公示期")</th></tr></thead><tbody>\(rows)</tbody></table>
            \(notice.lines.isEmpty ? "<p class=\"muted\">该期间没有需要\(m.announcement ? "公告" : "公示")的农户。</p>" as HTML : "")
            <p class="sign">监督电话：____________<br>\(notice.villageName)村民委员会（盖章）<br>\(m.today.year)年\(m.today.month)月\(m.today.day)日</p>
            </article>
            """)
    }
}

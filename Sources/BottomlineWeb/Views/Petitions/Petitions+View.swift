import BottomlineDomain

extension PetitionsPage {
    /// 周报 by unit: printable on its own.
    static func weekly(_ w: Weekly, asOf: CivilDate) -> HTML {
        func row(_ u: UnitWeek, _ tag: String = "td") -> HTML {
            let change = u.lastYearMonth == 0 ? "—" : PetitionFigures.change(u.receivedMonth, from: u.lastYearMonth).text
            let overdue: HTML = u.overdue > 0 ? "<span class=\"error\">\(u.overdue)</span>" : "0"
            return """
                <tr><td data-label="单位">\(u.name)</td><td class="num" data-label="本周收到">\(u.receivedWeek)</td><td class="num" data-label="本周办结">\(u.closedWeek)</td>\
                <td class="num" data-label="7日内到期">\(u.dueSoon)</td><td class="num" data-label="已超期">\(overdue)</td><td class="num" data-label="本月收到">\(u.receivedMonth)</td>\
                <td class="num" data-label="上年同期">\(u.lastYearMonth)</td><td class="num" data-label="同比">\(change)</td></tr>
                """
        }
        return """
            <details class="panel" open><summary><b>周报：\(w.monday.month)月\(w.monday.day)日至\(asOf.month)月\(asOf.day)日</b></summary>
            <table class="stack"><thead><tr><th>单位</th><th class="num">本周收到</th><th class="num">本周办结</th><th class="num">7日内到期</th><th class="num">已超期</th>\
            <th class="num">本月收到</th><th class="num">上年同期</th><th class="num">同比</th></tr></thead><tbody>\(w.units.map { row($0) }.joined())\(w.units.count > 1 ? row(w.total) : "")</tbody></table>
            <p class="small muted">均为有效件。到期指告知期限或（已受理的）办结期限，已办结、不予受理的不计；本月与上年同月同期（1日至今天同一日）比较。</p></details>
            """
    }

    static func view(_ m: Model) -> HTML {
        let f = m.figures
        let rates: [(String, String)] = [("有效件", "\(f.received)件"), ("同比", m.lastYear.received == 0 ? "—" : PetitionFigures.change(f.received, from: m.lastYear.received).text),
                                         ("及时受理率", f.timelyAcceptance.text), ("按期办结率", f.settledOnTime.text), ("办结率", f.settlement.text),
                                         ("参评率", f.participation.text), ("满意率", f.satisfaction.text)]
        let cards = rates.map { "<div class=\"card\"><div class=\"small muted\">\($0.0)</div><div class=\"big\">\($0.1)</div></div>" as HTML }.joined()
        let rows = m.rows.map { r -> HTML in
            let actions: HTML = !m.mayWrite || r.closed || (r.told && !r.accepted) ? "" : """
                <details class="noprint"><summary>办理</summary>
                <form method="post" action="\(SitePath.petition(.value(r.id)))">\(m.context.csrfField)<div class="grid">
                \(r.told ? "" : "<div class=\"field\"><label>告知</label><select name=\"action\"><option value=\"accept\">受理</option><option value=\"refuse\">不予受理</option></select></div>" as HTML)
                \(r.told && !r.extended ? "<div class=\"field\"><label>操作</label><select name=\"action\"><option value=\"close\">办结</option><option value=\"extend\">延期</option></select></div>" as HTML : "")
                \(r.told && r.extended ? "<input type=\"hidden\" name=\"action\" value=\"close\">" as HTML : "")
                \(FormView.text("on", "日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                \(r.told && !r.extended ? FormView.text("days", "延期天数（延期填写）", value: "", errors: [:], maxLength: 3) : "")
                \(FormView.text("text", r.told ? "答复意见或延期理由" : "不予受理理由", value: "", errors: [:], maxLength: 1000))
                \(r.told ? FormView.codeList("satisfaction", PetitionSatisfaction.self, selected: "", errors: [:]) : "")
                </div><div class="actions"><button>登记</button></div></form></details>
                """
            let toProblem: HTML = !m.mayWrite ? "" : """
                <details class="noprint"><summary>转为整改问题</summary>
                <form method="post" action="\(SitePath.petition(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="problem"><div class="grid">
                \(FormView.text("on", "发现日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                \(FormView.text("category", "问题类别", value: "", errors: [:], required: true, maxLength: 20))
                \(FormView.text("responsible", "责任人", value: "", errors: [:], required: true, maxLength: 30))
                \(FormView.text("measures", "整改措施", value: "", errors: [:], required: true, maxLength: 1000))
                \(FormView.text("deadline", "整改时限", value: "", errors: [:], type: "date", required: true))
                </div><p class="small muted">以信访事项为问题描述、承办单位为牵头单位交办。</p><div class="actions"><button>交办</button></div></form></details>
                """
            let links = r.files.enumerated().map { i, f -> HTML in "\(i == 0 ? "" : "、")<a href=\"\(SitePath.file(.value(f.id)))\">\(f.name)</a>" }
            let files: HTML = (r.files.isEmpty ? "" : "<span class=\"small block\">附件：\(links.joined())</span>" as HTML) + (!m.mayWrite ? "" : """
                <details class="noprint"><summary>上传材料（照片、PDF）</summary><form method="post" action="\(SitePath.petitionFiles(.value(r.id)))" enctype="multipart/form-data">\(m.context.csrfField)
                <div class="field"><label for="f-file-\(r.id)">照片或PDF（不超过\(AttachmentKind.maxBytes / 1024 / 1024) MB）</label><input id="f-file-\(r.id)" type="file" name="file" accept=".jpg,.jpeg,.png,.pdf" required></div>
                <div class="actions"><button>上传</button></div></form></details>
                """)
            let more: HTML = !m.mayWrite || r.more.isEmpty ? "" : """
                <details class="noprint"><summary>督办、有效件、复查复核</summary>
                <form method="post" action="\(SitePath.petition(.value(r.id)))">\(m.context.csrfField)<div class="grid">
                \(FormView.select("action", "操作", options: r.more, selected: "", errors: [:], required: true, blank: nil))
                \(FormView.text("on", "日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                \(FormView.text("text", "理由（不计为有效件时必填）", value: "", errors: [:], maxLength: 200))
                \(r.earlier.isEmpty ? "" as HTML : FormView.select("repeatOf", "重复件的前件（同一信访人）", options: r.earlier, selected: "", errors: [:], blank: "（不是重复件）"))
                </div><div class="actions"><button>登记</button></div></form></details>
                """
            let toClue: HTML = !m.mayWrite || !r.aboutHousehold ? "" : """
                <details class="noprint"><summary>转为监测线索</summary>
                <form method="post" action="\(SitePath.petition(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="clue"><div class="grid">
                \(FormView.text("on", "发现日期", value: CivilDate.today.description, errors: [:], type: "date", required: true))
                \(FormView.select("risk", "风险类型", options: m.risks, selected: "", errors: [:], required: true, blank: "请选择"))
                </div><p class="small muted">以信访事项为线索内容，进入该户所在村的核实线索。</p><div class="actions"><button>转为线索</button></div></form></details>
                """
            let marks: HTML = r.marks.isEmpty ? "" : "<span class=\"small block\">\(r.marks)</span>"
            return """
                <tr><td data-label="收到">\(r.received)</td><td data-label="渠道">\(r.channel)</td><td data-label="信访人">\(r.petitioner)</td>\
                <td data-label="事项"><span>\(r.subject)<span class="small muted block">\(r.place)</span></span></td>\
                <td data-label="状态"><span>\(r.state)<span class="small block\(HTML(raw: r.late ? " error" : " muted"))">\(r.due)</span>\(marks)\(actions)\(more)\(toProblem)\(toClue)\(files)</span></td></tr>
                """
        }.joined()
        let form: HTML = m.mayWrite ? """
            <details class="panel noprint"\(HTML(raw: m.errors.isEmpty ? "" : " open"))><summary>登记信访</summary>\(FormView.summary(m.errors))
            <form method="post" action="\(SitePath.petitions)">\(m.context.csrfField)<div class="grid">
            \(FormView.codeList("channel", PetitionChannel.self, selected: m.values.text("channel"), errors: m.errors, required: true))
            \(FormView.text("receivedOn", "收到日期", value: m.values.text("receivedOn").isEmpty ? CivilDate.today.description : m.values.text("receivedOn"), errors: m.errors, type: "date", required: true))
            \(FormView.text("petitioner", "信访人", value: m.values.text("petitioner"), errors: m.errors, required: true, maxLength: 30))
            \(FormView.text("phone", "联系电话", value: m.values.text("phone"), errors: m.errors, maxLength: 20))
            \(FormView.text("household", "涉及农户户编号（在册的填写）", value: m.values.text("household"), errors: m.errors, maxLength: 40))
            \(FormView.text("place", "或涉及地点区划代码（县、乡镇或村）", value: m.values.text("place"), errors: m.errors, maxLength: 12))
            \(FormView.textarea("subject", "信访事项", value: m.values.text("subject"), errors: m.errors, required: true))
            \(FormView.text("handler", "承办单位", value: m.values.text("handler"), errors: m.errors, required: true, maxLength: 60))
            </div><div class="actions"><button>登记</button></div></form></details>
            """ : ""
        return Layout.page("涉贫信访", context: m.context, """
            <form class="filters noprint" method="get" action="\(SitePath.petitions)"><div><label for="f-year">年度</label><input id="f-year" type="number" name="year" value="\(m.year)" min="2000" max="2100"></div><div><button>查看</button></div></form>
            \(m.flash.map { "<p class=\"flash good\">\($0)</p>" as HTML } ?? "")
            <h2>\(m.regionName)\(m.year)年涉贫信访（截至\(m.asOf.month)月\(m.asOf.day)日）</h2>
            <div class="cards">\(cards)</div>
            <p class="small muted">依信访工作条例：收到之日起15日内告知是否受理，受理之日起60日内办结，可延期一次不超过30日（期限为政策参数）。同比为上年同期有效件数（重复件等不计为有效件的不计入任何比率）。满意率计满意和基本满意。</p>
            \(m.weekly.flatMap { $0.units.isEmpty ? nil : weekly($0, asOf: m.asOf) } ?? "")
            \(form)
            \(m.rows.isEmpty ? "<p class=\"muted\">本年度尚无信访记录</p>" as HTML : """
                <table class="stack"><thead><tr><th>收到</th><th>渠道</th><th>信访人</th><th>事项</th><th>状态</th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            """)
    }
}

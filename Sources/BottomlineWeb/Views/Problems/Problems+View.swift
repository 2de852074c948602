import BottomlineDomain
import BottomlinePersistence

extension ProblemsPage {
    static func view(_ m: Model) -> HTML {
        m.lists ? lists(m) : ledger(m)
    }

    static func filters(_ m: Model) -> HTML {
        """
        <form class="filters noprint" method="get" action="\(SitePath.problems)"><div><label for="f-year">年度</label><input id="f-year" type="number" name="year" value="\(m.year)" min="2000" max="2100"></div>\
        <div><label for="f-state">状态</label>\(Filters.select("state", ProblemState.allCases.map { ($0.rawValue, $0.label) }, selected: m.state?.rawValue))</div>\
        <div><label for="f-source">来源</label>\(Filters.select("source", m.sources.map { ($0.code, $0.label) }, selected: m.source?.rawValue))</div>\
        <div><button>查看</button></div></form>
        """
    }

    static func ledger(_ m: Model) -> HTML {
        let f = m.figures
        let cards: [(String, String)] = [("问题", "\(f.total)个"), ("整改中", "\(f.byState[.rectifying] ?? 0)个"), ("已整改", "\(f.byState[.rectified] ?? 0)个"),
                                         ("已销号", "\(f.byState[.closed] ?? 0)个"), ("整改完成率", f.completion.text), ("按期率", f.onTime.text),
                                         ("超期未改", "\(f.overdue)个"), ("回头看反弹", "\(f.reopened)个")]
        let cardHTML = cards.map { "<div class=\"card\"><div class=\"small muted\">\($0.0)</div><div class=\"big\">\($0.1)</div></div>" as HTML }.joined()
        let sourceRows = m.sources.compactMap { s -> HTML? in
            guard let source = ProblemSource(rawValue: s.code), let n = f.bySource[source] else { return nil }
            return "<tr><td data-label=\"来源\">\(s.label)</td><td class=\"num\" data-label=\"问题\">\(n)</td></tr>"
        }
        let bySource = sourceRows.joined()
        let repeats = m.repeats.map { r -> HTML in
            "<tr><td data-label=\"问题类别\">\(r.category)</td><td class=\"num\" data-label=\"涉及地方\">\(r.places)</td><td class=\"num\" data-label=\"问题\">\(r.problems)</td><td class=\"num\" data-label=\"未整改\">\(r.open)</td></tr>"
        }.joined()
        let today = CivilDate.today.description
        let rows = m.rows.map { r -> HTML in
            var actions: [HTML] = []
            if r.mayRectify {
                actions.append("""
                    <details class="noprint"><summary>登记整改完成</summary><form method="post" action="\(SitePath.problem(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="rectify"><div class="grid">
                    \(FormView.text("on", "完成日期", value: today, errors: [:], type: "date", required: true))
                    \(FormView.textarea("text", "整改情况和佐证", errors: [:], required: true))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """)
            }
            if r.mayClose {
                actions.append("""
                    <form method="post" action="\(SitePath.problem(.value(r.id)))" class="noprint">\(m.context.csrfField)<input type="hidden" name="action" value="close"><input type="hidden" name="on" value="\(today)"><button>销号</button></form>
                    """)
            }
            if r.mayReview {
                actions.append("""
                    <details class="noprint"><summary>回头看</summary><form method="post" action="\(SitePath.problem(.value(r.id)))">\(m.context.csrfField)<input type="hidden" name="action" value="review"><div class="grid">
                    \(FormView.text("on", "回头看日期", value: today, errors: [:], type: "date", required: true))
                    \(FormView.select("holds", "结果", options: [("yes", "成效巩固"), ("no", "问题反弹，重新整改")], selected: "yes", errors: [:], required: true, blank: nil))
                    \(FormView.text("deadline", "重新整改时限（反弹时填写）", value: "", errors: [:], type: "date"))
                    \(FormView.text("text", "情况（反弹时必填）", value: "", errors: [:], maxLength: 500))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """)
            }
            if r.mayAttach {
                actions.append("""
                    <details class="noprint"><summary>上传佐证（照片、PDF）</summary><form method="post" action="\(SitePath.problemFiles(.value(r.id)))" enctype="multipart/form-data">\(m.context.csrfField)
                    <div class="field"><label for="f-file-\(r.id)">照片或PDF（不超过\(AttachmentKind.maxBytes / 1024 / 1024) MB）</label><input id="f-file-\(r.id)" type="file" name="file" accept=".jpg,.jpeg,.png,.pdf" required></div>
                    <div class="actions"><button>上传</button></div></form></details>
                    """)
            }
            let links = r.files.enumerated().map { i, f -> HTML in "\(i == 0 ? "" : "、")<a href=\"\(SitePath.file(.value(f.id)))\">\(f.name)</a>" }
            let fileLinks: HTML = r.files.isEmpty ? "" : "<span class=\"small block\">附件：\(links.joined())</span>"
            return """
                <tr><td data-label="发现">\(r.found)<span class="small muted block">\(r.source)</span></td>\
                <td data-label="问题"><span><b>\(r.category)</b> \(r.text)<span class="small muted block">\(r.place)</span></span></td>\
                <td data-label="交办"><span>\(r.unit)，\(r.person)<span class="small muted block">\(r.measures)</span></span></td>\
                <td data-label="状态"><span>\(r.stateText)<span class="small block\(HTML(raw: r.late ? " error" : " muted"))">时限\(r.deadline)</span>\(r.evidence.isEmpty ? "" : "<span class=\"small muted block\">整改情况：\(r.evidence)</span>" as HTML)\(fileLinks)\(actions.joined())</span></td></tr>
                """
        }.joined()
        let form: HTML = m.mayRegister ? """
            <details class="panel noprint"\(HTML(raw: m.errors.isEmpty ? "" : " open"))><summary>交办整改问题</summary>
            <form method="post" action="\(SitePath.problems)">\(m.context.csrfField)<div class="grid">
            \(FormView.select("source", "问题来源", options: m.sources.map { ($0.code, $0.label) }, selected: m.values.text("source"), errors: m.errors, required: true, blank: "请选择"))
            \(FormView.text("foundOn", "发现日期", value: m.values.text("foundOn").isEmpty ? today : m.values.text("foundOn"), errors: m.errors, type: "date", required: true))
            \(FormView.text("household", "涉及农户户编号", value: m.values.text("household"), errors: m.errors, maxLength: 40))
            \(FormView.text("project", "或项目编号", value: m.values.text("project"), errors: m.errors, maxLength: 40))
            \(FormView.text("place", "或区划代码（县、乡镇或村）", value: m.values.text("place"), errors: m.errors, maxLength: 12))
            \(FormView.text("category", "问题类别", value: m.values.text("category"), errors: m.errors, required: true, hint: "同类问题用同一名称，便于错题本归集", maxLength: 20))
            \(FormView.textarea("text", "问题描述", value: m.values.text("text"), errors: m.errors, required: true))
            \(FormView.text("leadUnit", "牵头单位", value: m.values.text("leadUnit"), errors: m.errors, required: true, maxLength: 60))
            \(FormView.text("responsible", "责任人", value: m.values.text("responsible"), errors: m.errors, required: true, maxLength: 30))
            \(FormView.textarea("measures", "整改措施", value: m.values.text("measures"), errors: m.errors, required: true))
            \(FormView.text("deadline", "整改时限", value: m.values.text("deadline"), errors: m.errors, type: "date", required: true))
            </div><div class="actions"><button>交办</button></div></form></details>
            """ : ""
        return Layout.page("问题整改", context: m.context, """
            \(filters(m))
            \(m.flash.map { "<p class=\"flash good\">\($0)</p>" as HTML } ?? "")
            <h2>\(m.regionName)\(m.year)年问题整改台账（截至\(m.asOf.month)月\(m.asOf.day)日）</h2>
            <div class="cards">\(cardHTML)</div>
            <p class="small muted">整改完成率＝已整改和已销号÷问题数；按期率＝在时限内整改完成÷已整改或已到时限的问题。销号由交办的层级办理；销号后按政策参数的天数回头看，反弹的重新整改。超过时限未整改的由上一级督办。
            <a href="\(SitePath.problems)?year=\(m.year)&amp;lists=1">打印“两单”（问题清单、责任清单）</a></p>
            \(FormView.summary(m.errors))\(form)
            \(sourceRows.isEmpty ? "" : "<details class=\"panel\"><summary>按来源</summary><table class=\"stack\"><thead><tr><th>来源</th><th class=\"num\">问题</th></tr></thead><tbody>\(bySource)</tbody></table></details>" as HTML)
            \(m.repeats.isEmpty ? "" : "<h2>错题本：多处出现的同类问题</h2><table class=\"stack\"><thead><tr><th>问题类别</th><th class=\"num\">涉及地方</th><th class=\"num\">问题</th><th class=\"num\">未整改</th></tr></thead><tbody>\(repeats)</tbody></table>" as HTML)
            \(m.rows.isEmpty ? "<p class=\"muted\">没有符合条件的问题</p>" as HTML : """
                <h2>问题（\(m.rows.count)个）</h2>
                <table class="stack"><thead><tr><th>发现</th><th>问题</th><th>交办（牵头单位、责任人、措施）</th><th>状态</th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            """)
    }

    /// 两单: the 问题清单 and the 责任清单 (by unit and person), for printing on A4.
    static func lists(_ m: Model) -> HTML {
        let problemRows = m.rows.enumerated().map { i, r -> HTML in
            "<tr><td class=\"num\">\(i + 1)</td><td>\(r.source)</td><td>\(r.place)</td><td><b>\(r.category)</b> \(r.text)</td><td>\(r.measures)</td><td>\(r.deadline)</td><td>\(r.state.label)</td></tr>"
        }.joined()
        let byDuty = Dictionary(grouping: m.rows) { "\($0.unit)\u{1F}\($0.person)" }.sorted { $0.key < $1.key }
        let dutyRows = byDuty.map { key, rows -> HTML in
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            let items = rows.map { "<li>\($0.category)：\($0.text)（\($0.deadline)前，\($0.state.label)）</li>" as HTML }.joined()
            return "<tr><td>\(parts[0])</td><td>\(parts.count > 1 ? parts[1] : "")</td><td class=\"num\">\(rows.count)</td><td><ul>\(items)</ul></td></tr>"
        }.joined()
        return Layout.page("问题清单和责任清单", context: m.context, crumbs: [("问题整改", "\(SitePath.problems)?year=\(m.year)")], """
            \(filters(m))
            <p class="noprint"><button data-print>打印</button></p>
            <h2>\(m.regionName)\(m.year)年问题清单</h2>
            <table><thead><tr><th class="num">序号</th><th>来源</th><th>地点</th><th>问题</th><th>整改措施</th><th>整改时限</th><th>状态</th></tr></thead><tbody>\(problemRows)</tbody></table>
            <h2>\(m.regionName)\(m.year)年责任清单</h2>
            <table><thead><tr><th>牵头单位</th><th>责任人</th><th class="num">问题</th><th>问题和时限</th></tr></thead><tbody>\(dutyRows)</tbody></table>
            <p class="small muted">截至\(m.asOf)。交办到单位和责任人（双交办），逐项销号。</p>
            """)
    }
}

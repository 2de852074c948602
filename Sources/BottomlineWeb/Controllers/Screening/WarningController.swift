import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 筛查预警: the warnings of the user's region, one warning with its evidence, and the village's 核实结论.
enum WarningController {

    static func list(_ req: Request) async throws -> HTML {
        let today = CivilDate.today
        let status = (try? req.query.get(String.self, at: "status")) ?? "open"
        let feed = (try? req.query.get(String.self, at: "feed")).flatMap(FeedKind.init(rawValue:))
        let overdue = (try? req.query.get(String.self, at: "overdue")) == "1"
        let fileID = (try? req.query.get(String.self, at: "file")).flatMap(UUID.init(uuidString:))
        let list = try await req.screening.warnings(.init(open: status == "all" ? nil : status == "open", feed: feed, file: fileID, overdue: overdue), today: today, limit: 2000)
        let households = try await req.registry.households(Set(list.map(\.householdID)))
        let names = try await RegionStore.names(for: Set(list.map(\.villageCode)), on: req.db)
        let codes = try await req.codeNames()
        let rows = list.map { w -> HTML in
            let h = households[w.householdID]
            let due = CivilDate(parsing: w.dueOn)
            let state: HTML = w.isOpen ? Format.dueTag(due, today: today) + (w.escalation(on: today) == .village ? "" : " <span class=\"tag bad\">已升级至\(w.escalation(on: today) == .county ? "县级" : "乡镇")督办</span>" as HTML)
                : "<span class=\"tag\">\(w.dispositionValue?.label ?? "")</span>"
            return "<tr><td data-label=\"规则\"><a href=\"/warnings/\(w.id!.uuidString)\">\(w.ruleName)</a></td><td data-label=\"农户\">\(h?.householderName ?? "")户</td><td data-label=\"村\">\(names[w.villageCode] ?? w.villageCode)</td><td class=\"num\" data-label=\"数值\">\(w.valueText)</td><td data-label=\"提示风险\">\(w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除" : ""))</td><td data-label=\"时限\">\(w.dueOn) \(state)</td></tr>"
        }.joined()
        let options = { (name: String, values: [(String, String)], selected: String?) -> HTML in
            "<select name=\"\(name)\" id=\"f-\(name)\">\(values.map { v -> HTML in "<option value=\"\(v.0)\"\(HTML(raw: v.0 == selected ? " selected" : ""))>\(v.1)</option>" }.joined())</select>"
        }
        return req.page("筛查预警", """
            <form class="filters" method="get" action="/warnings">
            <div><label for="f-status">状态</label>\(options("status", [("open", "待核实"), ("closed", "已办结"), ("all", "全部")], status))</div>
            <div><label for="f-feed">数据类型</label>\(options("feed", [("", "全部")] + FeedKind.allCases.map { ($0.rawValue, $0.label) }, feed?.rawValue ?? ""))</div>
            <div><label><input type="checkbox" name="overdue" value="1"\(HTML(raw: overdue ? " checked" : ""))> 仅超期</label></div>
            <div><button>筛选</button></div></form>
            <p class="muted">共\(list.count)条\(list.count >= 2000 ? "（仅显示前2000条）" : "")。预警须在时限内入户核实；逾期转乡镇督办，再逾期转县级。</p>
            \(list.isEmpty ? "<p class=\"muted\">没有符合条件的预警</p>" as HTML : "<table class=\"stack\"><thead><tr><th>规则</th><th>农户</th><th>村</th><th class=\"num\">数值</th><th>提示风险</th><th>时限</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            """)
    }

    static func scopedWarning(_ req: Request) async throws -> WarningRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let w = try await req.screening.warning(id) else {
            throw try await req.notFoundLogged("warning", id: req.parameters.get("id") ?? "")
        }
        return w
    }

    static func show(_ req: Request) async throws -> HTML { try await warningPage(req, try await scopedWarning(req), errors: [:], note: "") }

    static func warningPage(_ req: Request, _ w: WarningRecord, errors: FieldErrors, note: String) async throws -> HTML {
        let today = CivilDate.today
        let household = try await req.registry.household(w.householdID)
        let codes = try await req.codeNames(for: RegionCode(w.villageCode))
        let rule = try await req.screening.rules(on: today).first { $0.code == w.ruleCode }
        let (header, rows) = try await req.screening.evidence(of: w)
        let evidence: HTML = rows.isEmpty ? "<p class=\"muted\">原始文件中未找到对应行</p>" : """
            <div class="scroll-x"><table><thead><tr><th class="num">行号</th>\(header.map { "<th>\($0)</th>" as HTML }.joined())</tr></thead><tbody>\(rows.map { line, cells -> HTML in
                "<tr><td class=\"num\">\(line)</td>\(cells.map { "<td>\($0)</td>" as HTML }.joined())</tr>"
            }.joined())</tbody></table></div>
            \(w.rowsCounted > rows.count ? "<p class=\"muted\">共\(w.rowsCounted)行计入，此处列出前\(rows.count)行</p>" as HTML : "")
            """
        let user = try req.user
        let form: HTML = w.isOpen && user.roleValue.stepLevel != nil ? """
            <h2>核实结论</h2>
            \(FormView.summary(errors))
            <form method="post" action="/warnings/\(w.id!.uuidString)/dispose" class="panel">\(CSRF.field(for: req))
            \(FormView.select("disposition", "结论", options: WarningDisposition.allCases.map { ($0.rawValue, $0.label) }, selected: "", errors: errors, required: true, blank: "请选择"))
            \(FormView.textarea("note", "核实情况（核实无风险、不符合条件时必填）", value: note, errors: errors))
            <p class="small muted">“纳入监测”把本预警作为部门筛查线索，启动识别纳入程序（入户核实起，15天内完成）；“已是监测对象”把提示的风险类型加到该户。</p>
            <div class="actions"><button>提交</button></div></form>
            """ : ""
        let closed: HTML = w.isOpen ? "" : "<dt>结论</dt><dd>\(w.dispositionValue?.label ?? "")（\(w.closedBy ?? "")，\(w.closedOn ?? "")）\(w.note.map { "：\($0)" } ?? "")\(w.clueID.map { _ in "" } ?? "")</dd>"
        return req.page("预警：\(w.ruleName)", crumbs: [("筛查预警", "/warnings")], """
            <div class="panel"><dl class="facts">
            <dt>农户</dt><dd>\(household.map { "<a href=\"/households/\($0.id!.uuidString)\">\($0.householderName)户（\($0.number)）</a>" as HTML } ?? "")</dd>
            <dt>规则</dt><dd>\(w.ruleCode) \(w.ruleName)<br><span class="small muted">\(rule?.explanation ?? "")</span></dd>
            <dt>数值</dt><dd><b>\(w.valueText)</b>（计入\(w.rowsCounted)行\((w.priorRows ?? 0) > 0 ? "，其中此前文件\(w.priorRows ?? 0)行" : "")，最近一次\(w.lastEvidenceOn)）</dd>
            <dt>提示风险</dt><dd>\(w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除：请核实是否符合条件" : ""))</dd>
            <dt>核实时限</dt><dd>\(w.dueOn) \(w.isOpen ? Format.dueTag(CivilDate(parsing: w.dueOn), today: today) : "")\(w.repeatCount > 0 ? "，后续文件又命中\(w.repeatCount)次" : "")</dd>
            \(closed)
            </dl></div>
            <h2>证据（原始文件行，身份证号已隐去）</h2>
            \(evidence)
            \(form)
            """)
    }

    static func dispose(_ req: Request) async throws -> Response {
        let w = try await scopedWarning(req)
        let values = try req.formValues()
        let note = values.text("note", limit: 600)
        guard let disposition = WarningDisposition(rawValue: values.text("disposition")) else {
            return try await warningPage(req, w, errors: ["disposition": "请选择核实结论"], note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await req.screening.dispose(w, disposition, note: note, today: .today)
            return req.redirect(to: "/warnings/\(w.id!.uuidString)")
        } catch let p as FieldProblems {
            let fresh = try await req.screening.warning(w.id!) ?? w
            return try await warningPage(req, fresh, errors: p.errors, note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

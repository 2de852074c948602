import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// Pages of the lifecycle: my work, clues, the case page with its step forms, measures, visits, elimination, the
/// monitoring-object list, the consistency list and the printable notices.
enum LifecycleController {
    static func store(_ req: Request) throws -> LifecycleStore { LifecycleStore(try req.registry) }

    /// A form's fields by name; a malformed body is a 400 in Chinese.
    static func values(_ req: Request) throws -> FormValues {
        do { return try req.content.decode([String: String].self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误") }
    }

    static func uuid(_ req: Request, _ what: String) async throws -> UUID {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw try await req.notFoundLogged(what, id: raw) }
        return id
    }

    static func dueTag(_ due: CivilDate?, today: CivilDate) -> HTML {
        guard let due else { return "" }
        if due < today { return "<span class=\"tag bad\">已超期\(due.days(until: today))天</span>" }
        if today.days(until: due) <= 3 { return "<span class=\"tag mon\">\(today.days(until: due) == 0 ? "今天到期" : "\(today.days(until: due))天后到期")</span>" }
        return ""
    }

    static func errorPage(_ req: Request, title: String, back: String, _ messages: [String], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        try await Layout.page(title, request: req, """
            <div class="flash bad"><ul>\(messages.map { m -> HTML in "<li>\(m)</li>" }.joined())</ul></div>
            <p><a class="button secondary" href="\(back)">返回</a></p>
            """).encodeResponse(status: status, for: req)
    }

    static func textarea(_ name: String, _ label: String, value: String = "", errors: FieldErrors, required: Bool = false, rows: Int = 3) -> HTML {
        """
        <div class="field wide\(HTML(raw: errors[name] == nil ? "" : " invalid"))"><label for="f-\(name)">\(label)\(required ? "<b class=\"error\">*</b>" as HTML : "")</label>
        <textarea id="f-\(name)" name="\(name)" rows="\(rows)" maxlength="500"\(HTML(raw: required ? " required" : ""))>\(value)</textarea>
        \(errors[name].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
        """
    }

    /// The risk types as checkboxes: those in use, and any already chosen that has since been retired (shown so the
    /// choice is visible; saving it is refused with the reason).
    static func riskBoxes(_ selected: [RiskType], names: CodeNames, errors: FieldErrors, only: [RiskType]? = nil, label: String = "风险类型（最多5项）") -> HTML {
        let shown = only ?? RiskType.allCases.filter { names.inUse($0) || selected.contains($0) }
        return """
        <fieldset class="risks\(HTML(raw: errors["risks"] == nil ? "" : " invalid"))"><legend>\(label)</legend>
        \(shown.map { r -> HTML in
            "<label class=\"check\"><input type=\"checkbox\" name=\"risk_\(r.rawValue)\" value=\"on\"\(HTML(raw: selected.contains(r) ? " checked" : ""))> \(names(r))</label>"
        }.joined())
        \(errors["risks"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</fieldset>
        """
    }

    // MARK: My work

    static func work(_ req: Request) async throws -> HTML {
        let today = CivilDate.today
        let items = try await store(req).workList(today: today)
        let names = try await HouseholdController.names(for: Set(items.map(\.villageCode)), on: req.db)
        let overdue = items.filter { $0.isOverdue(on: today) }.count
        let rows: HTML = items.map { i -> HTML in
            """
            <tr><td data-label="到期">\(i.due?.description ?? "") \(dueTag(i.due, today: today))</td><td data-label="事项"><a href="\(i.link)">\(i.title)</a></td>
            <td data-label="农户">\(i.householdName)</td><td data-label="村">\(names[i.villageCode] ?? i.villageCode)</td><td data-label="说明">\(i.detail)</td></tr>
            """
        }.joined()
        return Layout.page("我的工作", request: req, """
            <div class="cards"><div class="card"><div class="n">\(items.count)</div><div class="l">待办事项</div></div>
            <div class="card"><div class="n">\(overdue)</div><div class="l">已超期</div></div></div>
            \(items.isEmpty ? "<p class=\"flash\">目前没有待办事项。</p>" as HTML : """
            <table class="stack"><thead><tr><th>到期日</th><th>事项</th><th>农户</th><th>村</th><th>说明</th></tr></thead><tbody>\(rows)</tbody></table>
            """ as HTML)
            <p class="small muted">按到期日排序；识别纳入自首条线索起\("15")天内完成，线索须在核实时限内办结，监测户按走访间隔走访（见“政策参数”）。</p>
            """)
    }

    // MARK: Clues

    static func scopedClue(_ req: Request) async throws -> ClueRecord {
        let id = try await uuid(req, "clue")
        guard let clue = try await req.registry.clue(id) else { throw try await req.notFoundLogged("clue", id: id.uuidString) }
        return clue
    }

    static func clue(_ req: Request) async throws -> HTML {
        try await cluePage(req, try await scopedClue(req), errors: [:])
    }

    static func cluePage(_ req: Request, _ clue: ClueRecord, errors: FieldErrors) async throws -> HTML {
        let user = try req.user
        let names = try await req.codeNames(for: RegionCode(clue.villageCode))
        var household: HouseholdRecord?
        if let id = clue.householdID { household = try await req.registry.household(id) }
        let village = try await RegionRecord.find(clue.villageCode, on: req.db)
        let today = CivilDate.today
        var actions: HTML = ""
        if user.roleValue == .village, clue.statusValue == .open {
            let token = CSRF.field(for: req)
            let cid = clue.id!.uuidString
            actions = household == nil ? """
                <h2>关联农户</h2><form method="post" action="/clues/\(cid)/link" class="panel">\(token)
                \(FormView.text("key", "户编号或户内成员身份证号", value: "", errors: errors, required: true, hint: "名册中没有的新户，请先“新建农户”再关联", maxLength: 40))
                <div class="actions"><button>关联</button> <a class="button secondary" href="/households/new">新建农户</a></div></form>
                """ : """
                <h2>核实结论</h2><div class="panel">
                <form method="post" action="/clues/\(cid)/start" class="inline">\(token)<button>核实有风险，启动识别纳入</button></form></div>
                """
            actions = actions + """
                <form method="post" action="/clues/\(cid)/close" class="panel">\(token)
                \(textarea("note", "核实后无需启动识别的，填写结论后办结", errors: errors, required: true, rows: 2))
                <div class="actions"><button class="secondary">办结线索</button></div></form>
                """
        }
        return Layout.page("线索：\(clue.name)", request: req, crumbs: [("我的工作", "/work")], """
            \(FormView.summary(errors))
            <div class="panel"><dl class="facts">
            <dt>来源</dt><dd>\(clue.sourceValue?.label ?? clue.source)\(clue.sourceRef.map { "（\($0)）" } ?? "")</dd>
            <dt>状态</dt><dd>\(clue.statusValue?.label ?? clue.status) \(clue.statusValue == .open ? dueTag(CivilDate(parsing: clue.dueOn), today: today) : "")</dd>
            <dt>收到日期</dt><dd>\(clue.receivedOn)，\(clue.dueOn)前核实</dd>
            <dt>村</dt><dd>\(village?.name ?? clue.villageCode)</dd>
            <dt>农户</dt><dd>\(household.map { h -> HTML in "<a href=\"/households/\(h.id!.uuidString)\">\(h.householderName)户（\(h.number)）</a>" } ?? "尚未关联名册")</dd>
            <dt>申报人</dt><dd>\(clue.name)\(clue.idNumber.map { " " + ResidentID.mask($0) } ?? "")\(clue.phone.map { " 电话 " + HouseholdController.maskPhone($0) } ?? "")</dd>
            <dt>困难类型</dt><dd>\(clue.risk.map { names($0) } ?? clue.riskType)\(clue.mergedCount > 0 ? "（同一户已反映\(clue.mergedCount + 1)次，已合并）" : "")</dd>
            <dt>授权承诺</dt><dd>\(clue.consent ? "已勾选授权承诺" : "未提供（入户核实时签订）")</dd>
            <dt>情况</dt><dd class="pre">\(clue.description)</dd>
            \(clue.closingNote.map { "<dt>办结</dt><dd>\($0)</dd>" as HTML } ?? "")
            \(clue.caseID.map { "<dt>程序</dt><dd><a href=\"/cases/\($0.uuidString)\">查看识别纳入程序</a></dd>" as HTML } ?? "")
            </dl></div>
            \(actions)
            """)
    }

    static func linkClue(_ req: Request) async throws -> Response {
        let clue = try await scopedClue(req)
        let key = try values(req).text("key", limit: 40)
        let registry = try req.registry
        var household = try await registry.household(number: key)
        if household == nil, let id = try? ResidentID(validating: key),
           let person = try await PersonRecord.query(on: req.db).filter(\.$idNumber == id.value).first() {
            household = try await registry.household(person.householdID)
        }
        guard let household else {
            return try await cluePage(req, clue, errors: ["key": "在您的辖区内没有找到该户编号或身份证号"]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await store(req).link(clue, to: household)
        } catch let p as FieldProblems {
            return try await cluePage(req, clue, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/clues/\(clue.id!.uuidString)")
    }

    static func startCase(_ req: Request) async throws -> Response {
        let clue = try await scopedClue(req)
        do {
            let record = try await store(req).startIdentification(from: clue, today: .today)
            return req.redirect(to: "/cases/\(record.id!.uuidString)")
        } catch let p as FieldProblems {
            return try await cluePage(req, clue, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func closeClue(_ req: Request) async throws -> Response {
        let clue = try await scopedClue(req)
        do {
            try await store(req).close(clue, note: try values(req).text("note", limit: 5000), today: .today)
            return req.redirect(to: "/clues/\(clue.id!.uuidString)")
        } catch let p as FieldProblems {
            return try await cluePage(req, clue, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func recordClue(_ req: Request) async throws -> Response {
        let household = try await HouseholdController.scopedHousehold(req)
        switch CadreClue.validate(try values(req), today: .today) {
        case .failure(let p):
            return try await errorPage(req, title: "登记线索", back: "/households/\(household.id!.uuidString)", Array(p.errors.values))
        case .success(let clue):
            do {
                let (record, _) = try await store(req).recordClue(household, clue, today: .today)
                return req.redirect(to: "/clues/\(record.id!.uuidString)")
            } catch let p as FieldProblems {
                return try await errorPage(req, title: "登记线索", back: "/households/\(household.id!.uuidString)", Array(p.errors.values), status: .forbidden)
            }
        }
    }

    // MARK: Cases

    static func scopedCase(_ req: Request) async throws -> CaseRecord {
        let id = try await uuid(req, "case")
        guard let record = try await req.registry.monitoringCase(id) else { throw try await req.notFoundLogged("case", id: id.uuidString) }
        return record
    }

    static func showCase(_ req: Request) async throws -> HTML {
        try await casePage(req, try await scopedCase(req), values: [:], errors: [:])
    }

    static func casePage(_ req: Request, _ record: CaseRecord, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let names = try await req.codeNames(for: RegionCode(record.villageCode))
        let registry = try req.registry
        let lifecycle = LifecycleStore(registry)
        guard let household = try await registry.household(record.householdID) else { throw Abort(.notFound) }
        let kind = record.kindValue, stage = record.stageValue
        let today = CivilDate.today
        let steps = try await lifecycle.steps(of: record)
        let progress: HTML = kind.stages.map { s -> HTML in
            let done = kind.stages.firstIndex(of: s)! < (kind.stages.firstIndex(of: stage) ?? kind.stages.count)
            let cls = s == stage ? "current" : (done || stage == .completed) ? "done" : ""
            return "<li class=\"\(cls)\">\(s.label(for: kind))<small>\(s.ownerLabel)</small></li>"
        }.joined()
        let clock: HTML = record.clock.map { c -> HTML in
            let completed = record.completedOn.flatMap(CivilDate.init(parsing:))
            let late = c.isOverdue(on: today, completedOn: completed)
            return "<dt>时限</dt><dd>\(c.firstClue)首条线索，\(c.deadline)前完成 <span class=\"tag \(late ? "bad" : (c.isDueSoon(on: today) && completed == nil ? "mon" : "good"))\">\(c.text(on: today, completedOn: completed))</span></dd>"
        } ?? ""
        let stepRows: HTML = steps.map { s -> HTML in
            "<tr><td>\(s.actedOn)</td><td>\(CaseStage(rawValue: s.stage)?.label(for: kind) ?? s.stage)</td><td>\(StepAction(rawValue: s.action)?.label ?? s.action)</td><td>\(s.username)</td><td class=\"pre\">\([s.comment, s.details].filter { !$0.isEmpty }.joined(separator: "\n"))</td></tr>"
        }.joined()
        var form: HTML = ""
        if lifecycle.mayAct(on: record) {
            let token = CSRF.field(for: req)
            let cid = record.id!.uuidString
            var fields: HTML = ""
            switch (kind, stage) {
            case (_, .verification):
                fields = textarea("findings", "入户核实情况（排查表：收入、支出、三保障和饮水、劳动力）", value: values["findings"] ?? "", errors: errors, required: true)
                if kind == .identification {
                    let members = try await registry.members(of: household)
                    let incomes = try await IncomeRecord.query(on: req.db).filter(\.$householdID == household.id!).all()
                    fields = try await HouseholdController.eligibilityPanel(req, household, members: members, incomes: incomes) + fields + """
                        <div class="field\(HTML(raw: errors["consent"] == nil ? "" : " invalid"))"><label class="check"><input type="checkbox" name="consent" value="on"\(HTML(raw: values.ticked("consent") ? " checked" : ""))> 农户已签订承诺授权书（同意核查家庭收入、资产等信息）</label>\(errors["consent"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
                        \(FormView.select("category", "建议类别", options: names.options(MonitoringCategory.self), selected: values["category"] ?? "", errors: errors, blank: "（待评议）"))
                        \(riskBoxes(RiskType.allCases.filter { values.ticked("risk_" + $0.rawValue) }, names: names, errors: errors, label: "初步风险类型（最多5项）"))
                        """
                }
            case (_, .deliberation):
                fields = textarea("comment", "民主评议结果（参会人数、同意人数、主要意见）", value: values["comment"] ?? "", errors: errors, required: true)
                    + "<p class=\"small muted\">评议通过后当天起在村内公示，公示天数见政策参数；公示名单可在“公示公告”中打印。</p>"
            case (_, .notice):
                fields = "<p>公示期：\(record.notice?.text ?? "")。\(record.notice.map { $0.isOver(on: today) ? "公示期已满。" : "公示期满（\($0.end.adding(days: 1))起）后才能进入下一环节。" } ?? "")</p>"
                    + textarea("comment", "公示情况（有无异议）", value: values["comment"] ?? "", errors: errors)
            case (.identification, .countyApproval):
                let proposed = record.risks
                fields = FormView.select("category", "监测对象类别", options: names.options(MonitoringCategory.self),
                                         selected: values["category"] ?? record.category ?? "", errors: errors, required: true, blank: "请选择")
                    + riskBoxes(values.isEmpty ? proposed : RiskType.allCases.filter { values.ticked("risk_" + $0.rawValue) }, names: names, errors: errors)
                    + textarea("comment", "审定意见", value: values["comment"] ?? "", errors: errors)
            case (_, .announcement):
                fields = "<p>结果公告在村内张贴后确认，\(kind == .identification ? "本户即纳入监测" : "本户即标注风险消除")。</p>" + textarea("comment", "公告情况", value: values["comment"] ?? "", errors: errors)
            default:
                fields = textarea("comment", "意见", value: values["comment"] ?? "", errors: errors)
            }
            let back: HTML = kind.previous(before: stage) == nil ? "" : """
                <form method="post" action="/cases/\(cid)/act" class="panel">\(token)<input type="hidden" name="action" value="return">
                \(textarea("comment", "退回原因", errors: [:], required: true, rows: 2))<button class="secondary">退回上一环节</button></form>
                """
            form = """
                <h2>办理：\(stage.label(for: kind))</h2>
                <form method="post" action="/cases/\(cid)/act" class="panel">\(token)<input type="hidden" name="action" value="advance">
                \(fields)<div class="actions"><button>通过，进入下一环节</button></div></form>
                \(back)
                <form method="post" action="/cases/\(cid)/act" class="panel">\(token)<input type="hidden" name="action" value="reject">
                \(textarea("comment", kind == .identification ? "不予纳入的理由" : "不予消除的理由", errors: [:], required: true, rows: 2))<button class="secondary">终止程序</button></form>
                """
        } else if stage.isOpen {
            form = "<p class=\"muted\">当前环节由\(stage.ownerLabel)干部办理。</p>"
        }
        return Layout.page("\(kind.label)：\(household.householderName)户", request: req,
                           crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
            \(FormView.summary(errors))
            <ol class="progress">\(progress)</ol>
            <div class="panel"><dl class="facts">
            <dt>当前环节</dt><dd><b>\(stage.label(for: kind))</b></dd>
            \(clock)
            \(record.notice.map { "<dt>公示期</dt><dd>\($0.text)</dd>" as HTML } ?? "")
            \(record.categoryValue.map { "<dt>类别</dt><dd>\(names($0))</dd>" as HTML } ?? "")
            \(record.risks.isEmpty ? "" : "<dt>风险类型</dt><dd>\(names(record.risks))</dd>" as HTML)
            \(record.method.flatMap(EliminationMethod.init(rawValue:)).map { "<dt>消除方式</dt><dd>\($0.label)</dd>" as HTML } ?? "")
            </dl></div>
            \(form)
            <h2>办理记录</h2>
            \(steps.isEmpty ? "<p class=\"muted\">尚无办理记录</p>" as HTML : "<table><thead><tr><th>日期</th><th>环节</th><th>结果</th><th>办理人</th><th>意见</th></tr></thead><tbody>\(stepRows)</tbody></table>" as HTML)
            """)
    }

    static func act(_ req: Request) async throws -> Response {
        let record = try await scopedCase(req)
        let values = try values(req)
        guard let action = StepAction(rawValue: values.text("action")) else { throw Abort(.badRequest, reason: "请选择办理结果") }
        do {
            try await store(req).act(on: record, action, values: values, today: .today)
            return req.redirect(to: "/cases/\(record.id!.uuidString)")
        } catch let p as FieldProblems {
            // A fresh copy: the failed attempt changed nothing in the database, and must not on the page either.
            let fresh = try await req.registry.monitoringCase(record.id!) ?? record
            return try await casePage(req, fresh, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Measures and visits

    static func addMeasure(_ req: Request) async throws -> Response {
        let household = try await HouseholdController.scopedHousehold(req)
        let back = "/households/\(household.id!.uuidString)"
        switch MeasureDraft.validate(try values(req), today: .today) {
        case .failure(let p): return try await errorPage(req, title: "登记帮扶措施", back: back, Array(p.errors.values))
        case .success(let draft):
            do { _ = try await store(req).addMeasure(household, draft) } catch let p as FieldProblems {
                return try await errorPage(req, title: "登记帮扶措施", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#measures")
        }
    }

    static func measureStatus(_ req: Request) async throws -> Response {
        let id = try await uuid(req, "measure")
        guard let measure = try await req.registry.measure(id) else { throw try await req.notFoundLogged("measure", id: id.uuidString) }
        let back = "/households/\(measure.householdID.uuidString)"
        guard let status = MeasureStatus(rawValue: try values(req).text("status")) else { return try await errorPage(req, title: "措施状态", back: back, ["请选择措施状态"]) }
        do { try await store(req).setStatus(measure, status, today: .today) } catch let p as FieldProblems {
            return try await errorPage(req, title: "措施状态", back: back, Array(p.errors.values), status: .forbidden)
        }
        return req.redirect(to: back + "#measures")
    }

    static func addVisit(_ req: Request) async throws -> Response {
        let household = try await HouseholdController.scopedHousehold(req)
        let back = "/households/\(household.id!.uuidString)"
        switch VisitDraft.validate(try values(req), today: .today) {
        case .failure(let p): return try await errorPage(req, title: "登记走访", back: back, Array(p.errors.values))
        case .success(let draft):
            do { _ = try await store(req).addVisit(household, draft) } catch let p as FieldProblems {
                return try await errorPage(req, title: "登记走访", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#visits")
        }
    }

    // MARK: Elimination

    static func eliminationForm(_ req: Request) async throws -> HTML {
        let household = try await HouseholdController.scopedHousehold(req)
        let method = (try? req.query.get(String.self, at: "method")).flatMap(EliminationMethod.init(rawValue:)) ?? .assisted
        return try await eliminationPage(req, household, method: method, resolved: [], unmet: nil)
    }

    static func eliminationPage(_ req: Request, _ household: HouseholdRecord, method: EliminationMethod, resolved: Set<RiskType>, unmet: [String]?) async throws -> HTML {
        let check = try await store(req).eliminationCheck(household, method: method, resolved: Set(household.risks), today: .today)
        // The preview assumes the listed risks are removed; the cadre confirms each one below.
        let hid = household.id!.uuidString
        return Layout.page("提出风险消除：\(household.householderName)户", request: req, crumbs: [("\(household.householderName)户", "/households/\(hid)")], """
            \(unmet.map { u -> HTML in "<div class=\"flash bad\"><b>不能提出风险消除：</b><ul>\(u.map { m -> HTML in "<li>\(m)</li>" }.joined())</ul></div>" } ?? "")
            <div class="panel"><h2>条件自查（\(method.label)）</h2>
            \(check.passes ? "<p class=\"tag good\">收入、时间、措施、劳动力、三保障和饮水等条件均已满足</p>" as HTML : "<ul>\(check.unmet.filter { !$0.contains("尚未消除") }.map { m -> HTML in "<li>\(m)</li>" }.joined())</ul>" as HTML)
            </div>
            <form method="post" action="/households/\(hid)/elimination" class="panel">\(CSRF.field(for: req))
            \(FormView.select("method", "消除方式", options: EliminationMethod.allCases.map { ($0.rawValue, $0.label) }, selected: method.rawValue, errors: [:], required: true, blank: nil))
            \(riskBoxes(Array(resolved), names: try await req.codeNames(), errors: [:], only: household.risks, label: "逐项确认已消除的风险"))
            \(textarea("note", "说明", errors: [:]))
            <div class="actions"><button>提出风险消除</button></div></form>
            """)
    }

    static func proposeElimination(_ req: Request) async throws -> Response {
        let household = try await HouseholdController.scopedHousehold(req)
        let values = try values(req)
        let method = EliminationMethod(rawValue: values.text("method")) ?? .assisted
        let resolved = Set(household.risks.filter { values.ticked("risk_" + $0.rawValue) })
        do {
            let record = try await store(req).proposeElimination(household, method: method, resolved: resolved, note: values.text("note", limit: 500), today: .today)
            return req.redirect(to: "/cases/\(record.id!.uuidString)")
        } catch let refused as EliminationRefused {
            return try await eliminationPage(req, household, method: method, resolved: resolved, unmet: refused.unmet).encodeResponse(status: .unprocessableEntity, for: req)
        } catch let p as FieldProblems {
            return try await eliminationPage(req, household, method: method, resolved: resolved, unmet: Array(p.errors.values)).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func revert(_ req: Request) async throws -> Response {
        let household = try await HouseholdController.scopedHousehold(req)
        let back = "/households/\(household.id!.uuidString)"
        do { try await store(req).revertElimination(household, reason: try values(req).text("reason", limit: 5000), today: .today) } catch let p as FieldProblems {
            return try await errorPage(req, title: "风险消除回退", back: back, Array(p.errors.values))
        }
        return req.redirect(to: back)
    }

    // MARK: The household page's 监测帮扶 section

    static func householdSection(_ req: Request, _ household: HouseholdRecord) async throws -> HTML {
        let names = try await req.codeNames(for: RegionCode(household.villageCode))
        let user = try req.user
        let lifecycle = try store(req)
        let today = CivilDate.today
        let hid = household.id!.uuidString
        let isCadre = user.roleValue.stepLevel != nil && household.isActive
        let token = CSRF.field(for: req)
        let open = try await lifecycle.openCase(of: household)
        let measures = try await MeasureRecord.query(on: req.db).filter(\.$householdID == household.id!).sort(\.$startOn, .descending).all()
        let visits = try await VisitRecord.query(on: req.db).filter(\.$householdID == household.id!).sort(\.$visitedOn, .descending).limit(50).all()
        let clues = try await ClueRecord.query(on: req.db).filter(\.$householdID == household.id!).filter(\.$status == ClueStatus.open.rawValue).all()
        var status: HTML
        if let m = household.monitoringValue {
            status = "<span class=\"tag mon\">\(names(m))</span> \(household.monitoringSince ?? "")纳入；风险类型：\(names(household.risks))"
            status = status + (household.riskEliminatedOn.map { " <span class=\"tag good\">\($0)风险已消除（\(EliminationMethod(rawValue: household.eliminationMethod ?? "")?.label ?? "")）</span>" as HTML } ?? " <span class=\"tag bad\">风险未消除</span>")
        } else {
            status = "非监测对象"
        }
        var lines: [HTML] = ["<div><b>监测状态：</b>\(status)</div>"]
        if let open {
            lines.append("<div><b>进行中：</b><a href=\"/cases/\(open.id!.uuidString)\">\(open.kindValue.label)·\(open.stageValue.label(for: open.kindValue))</a> \(open.clock.map { "<span class=\"tag\">\($0.text(on: today))</span>" as HTML } ?? "")</div>")
        }
        for c in clues { lines.append("<div><b>待核实线索：</b><a href=\"/clues/\(c.id!.uuidString)\">\(c.sourceValue?.label ?? "")·\(c.risk.map { names($0) } ?? "")（\(c.dueOn)前）</a></div>") }
        if household.isAtRisk {
            let problems = MeasureConsistency.problems(risks: household.risks, measures: measures.filter { $0.statusValue != .stopped }.compactMap(\.categoryValue),
                                                       memberWithoutMedicalInsurance: household.gapMedical, hasLabour: household.hasLabour)
            for p in problems { lines.append("<div><span class=\"tag bad\">措施不匹配</span> \(p)</div>") }
        }
        var forms: HTML = ""
        if isCadre {
            forms = """
                <details class="panel noprint"><summary>登记排查线索</summary><form method="post" action="/households/\(hid)/clues">\(token)<div class="grid">
                \(FormView.select("difficulty", RiskType.listName, options: names.options(RiskType.self), selected: "", errors: [:], required: true, blank: "请选择"))
                \(FormView.text("foundOn", "发现日期", value: today.description, errors: [:], type: "date", required: true))</div>
                \(textarea("description", "线索情况", errors: [:], required: true))<button>登记线索</button></form></details>
                <details class="panel noprint"><summary>登记帮扶措施</summary><form method="post" action="/households/\(hid)/measures">\(token)<div class="grid">
                \(FormView.select("category", MeasureCategory.listName, options: names.options(MeasureCategory.self), selected: "", errors: [:], required: true, blank: "请选择"))
                \(FormView.text("name", "措施内容", value: "", errors: [:], required: true, maxLength: 60))
                \(FormView.text("department", "责任部门", value: "", errors: [:], hint: "不填则按类别默认", maxLength: 30))
                \(FormView.text("amount", "金额（元）", value: "", errors: [:], maxLength: 12))
                \(FormView.text("start", "开始日期", value: today.description, errors: [:], type: "date", required: true))
                \(FormView.text("end", "结束日期", value: "", errors: [:], type: "date"))
                \(FormView.codeList("status", MeasureStatus.self, selected: MeasureStatus.ongoing.rawValue, errors: [:], required: true))</div>
                <button>登记措施</button></form></details>
                """
            if household.monitoringCategory != nil {
                forms = forms + """
                    <details class="panel noprint"><summary>登记走访</summary><form method="post" action="/households/\(hid)/visits">\(token)<div class="grid">
                    \(FormView.text("date", "走访日期", value: today.description, errors: [:], type: "date", required: true))
                    \(FormView.codeList("incomeTrend", IncomeTrend.self, selected: "", errors: [:], required: true))</div>
                    \(textarea("findings", "走访情况", errors: [:], required: true))\(textarea("changes", "收入或家庭变化", errors: [:], rows: 2))
                    <button>登记走访</button></form></details>
                    """
            }
            if household.isAtRisk, open == nil {
                forms = forms + "<p class=\"noprint\"><a class=\"button secondary\" href=\"/households/\(hid)/elimination\">提出风险消除</a></p>"
            }
            if household.riskEliminatedOn != nil, user.roleValue == .county {
                forms = forms + """
                    <details class="panel noprint"><summary>风险消除回退</summary><form method="post" action="/households/\(hid)/revert">\(token)
                    \(textarea("reason", "回退原因", errors: [:], required: true, rows: 2))<button class="secondary">回退</button></form></details>
                    """
            }
        }
        let measureRows: HTML = measures.map { m -> HTML in
            let change: HTML = isCadre ? """
                <form method="post" action="/measures/\(m.id!.uuidString)/status" class="inline noprint">\(token)<select name="status" aria-label="状态">\(MeasureStatus.allCases.map { s -> HTML in "<option value=\"\(s.rawValue)\"\(HTML(raw: s.rawValue == m.status ? " selected" : ""))>\(s.label)</option>" }.joined())</select><button class="secondary small">改</button></form>
                """ : ""
            return "<tr><td data-label=\"类别\">\(m.categoryValue.map { names($0) } ?? m.category)</td><td data-label=\"内容\">\(m.name)</td><td data-label=\"部门\">\(m.department)</td><td class=\"num\" data-label=\"金额\">\(m.amountFen.map { Money(fen: $0).yuanText } ?? "")</td><td data-label=\"起止\">\(m.startOn)～\(m.endOn ?? "")</td><td data-label=\"状态\">\(m.statusValue?.label ?? m.status) \(change)</td></tr>"
        }.joined()
        let visitRows: HTML = visits.map { v -> HTML in
            "<tr><td data-label=\"日期\">\(v.visitedOn)</td><td data-label=\"走访人\">\(v.username)</td><td data-label=\"收入\">\(v.trend?.label ?? "")</td><td data-label=\"情况\" class=\"pre\">\(v.findings)\(v.changes.isEmpty ? "" : "\n变化：" + v.changes)</td></tr>"
        }.joined()
        let timeline = try await lifecycle.timeline(of: household)
        let timelineRows: HTML = timeline.prefix(200).map { e -> HTML in
            "<li><span class=\"when\">\(e.date)</span> <span class=\"tag\">\(e.kind)</span> \(e.text)\(e.who.isEmpty ? "" : "<span class=\"muted\"> · \(e.who)</span>" as HTML)</li>"
        }.joined()
        return """
            <h2 id="monitoring">监测帮扶</h2><div class="panel">\(lines.joined())</div>
            \(forms)
            <h2 id="measures">帮扶措施（一户一策）</h2>
            \(measures.isEmpty ? "<p class=\"muted\">尚未登记帮扶措施</p>" as HTML : "<table class=\"stack\"><thead><tr><th>类别</th><th>内容</th><th>部门</th><th class=\"num\">金额（元）</th><th>起止</th><th>状态</th></tr></thead><tbody>\(measureRows)</tbody></table>" as HTML)
            <h2 id="visits">走访记录</h2>
            \(visits.isEmpty ? "<p class=\"muted\">尚无走访记录</p>" as HTML : "<table class=\"stack\"><thead><tr><th>日期</th><th>走访人</th><th>收入情况</th><th>情况</th></tr></thead><tbody>\(visitRows)</tbody></table>" as HTML)
            <h2 id="timeline">时间线</h2>
            \(timeline.isEmpty ? "<p class=\"muted\">尚无记录</p>" as HTML : "<ol class=\"timeline\">\(timelineRows)</ol>" as HTML)
            """
    }

    // MARK: Monitoring-object list, checks, notices

    static func monitoringFilter(_ req: Request) -> MonitoringFilter {
        MonitoringFilter(region: try? req.query.get(String.self, at: "region"),
                         category: (try? req.query.get(String.self, at: "category")).flatMap(MonitoringCategory.init(rawValue:)),
                         risk: (try? req.query.get(String.self, at: "risk")).flatMap(RiskType.init(rawValue:)),
                         state: (try? req.query.get(String.self, at: "state")).flatMap(MonitoringFilter.State.init(rawValue:)),
                         visitOverdue: (try? req.query.get(String.self, at: "overdue")) == "true")
    }

    static func monitoring(_ req: Request) async throws -> HTML {
        let codes = try await req.codeNames()
        let filter = monitoringFilter(req)
        let today = CivilDate.today
        let page = max(1, min((try? req.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let query = try await store(req).monitoringObjects(filter, today: today)
        let total = try await query.countHouseholds()
        let rows = try await query.sort(\.$villageCode).sort(\.$number).range(((page - 1) * 50)..<(page * 50)).all()
        let names = try await HouseholdController.names(for: Set(rows.map(\.villageCode)), on: req.db)
        var items: [String] = []
        for (k, v) in [("region", filter.region), ("category", filter.category?.rawValue), ("risk", filter.risk?.rawValue), ("state", filter.state?.rawValue)] {
            if let v, !v.isEmpty { items.append("\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        }
        if filter.visitOverdue { items.append("overdue=true") }
        let query0 = "?" + items.joined(separator: "&")
        let pages = max(1, (total + 49) / 50)
        let options = { (name: String, values: [(String, String)], selected: String?) -> HTML in
            "<select name=\"\(name)\" id=\"f-\(name)\"><option value=\"\">全部</option>\(values.map { v -> HTML in "<option value=\"\(v.0)\"\(HTML(raw: v.0 == selected ? " selected" : ""))>\(v.1)</option>" }.joined())</select>"
        }
        let rowsHTML: HTML = rows.map { h -> HTML in
            """
            <tr><td data-label="户编号"><a href="/households/\(h.id!.uuidString)">\(h.number)</a></td><td data-label="户主">\(h.householderName)</td>
            <td data-label="村">\(names[h.villageCode] ?? h.villageCode)</td><td data-label="类别">\(h.monitoringValue.map { codes($0) } ?? "")</td>
            <td data-label="风险类型">\(codes(h.risks))</td><td data-label="纳入">\(h.monitoringSince ?? "")</td>
            <td data-label="状态">\(h.riskEliminatedOn.map { "<span class=\"tag good\">\($0)已消除</span>" as HTML } ?? "<span class=\"tag bad\">风险未消除</span>")</td>
            <td data-label="上次走访">\(h.lastVisitOn ?? "无")</td></tr>
            """
        }.joined()
        return Layout.page("监测对象", request: req, """
            <form class="filters" method="get" action="/monitoring">
            <div><label for="f-region">乡镇/村</label>\(try await HouseholdController.regionSelect(req, selected: filter.region))</div>
            <div><label for="f-category">类别</label>\(options("category", MonitoringCategory.allCases.map { ($0.rawValue, codes($0)) }, filter.category?.rawValue))</div>
            <div><label for="f-risk">风险类型</label>\(options("risk", RiskType.allCases.map { ($0.rawValue, codes($0)) }, filter.risk?.rawValue))</div>
            <div><label for="f-state">阶段</label>\(options("state", MonitoringFilter.State.allCases.map { ($0.rawValue, $0.label) }, filter.state?.rawValue))</div>
            <div><label><input type="checkbox" name="overdue" value="true"\(HTML(raw: filter.visitOverdue ? " checked" : ""))> 走访超期</label></div>
            <div><button>查询</button> <a class="button secondary" href="/monitoring">清除</a></div></form>
            <p class="small muted">共 \(Layout.number(total)) 户 · 第 \(page)/\(pages) 页 · <a href="/monitoring/export.xlsx\(query0)">导出 XLSX</a> ·
            <a href="/monitoring/checks">措施一致性检查</a> · <a href="/notices">公示公告</a> · <a href="/cases">办理中的程序</a></p>
            <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th>村</th><th>类别</th><th>风险类型</th><th>纳入日期</th><th>状态</th><th>上次走访</th></tr></thead><tbody>\(rowsHTML)</tbody></table>
            <div class="pager">\(page > 1 ? "<a class=\"button secondary\" href=\"\(query0)&page=\(page - 1)\">上一页</a>" as HTML : "")
            \(page < pages ? "<a class=\"button secondary\" href=\"\(query0)&page=\(page + 1)\">下一页</a>" as HTML : "")</div>
            """)
    }

    static func exportMonitoring(_ req: Request) async throws -> Response {
        let codes = try await req.codeNames()
        let rows = try await store(req).monitoringObjects(monitoringFilter(req), today: .today).sort(\.$villageCode).sort(\.$number).limit(200_000).all()
        let names = try await HouseholdController.names(for: Set(rows.map(\.villageCode)), on: req.db)
        let header = ["户编号", "村区划代码", "村名称", "户主", "人数", "户类别", "监测对象类别", "风险类型", "纳入日期", "风险消除日期", "消除方式", "上次走访"]
        let body = try XLSXWorkbook.list(name: "监测对象", header: header, rows: rows.map { h in
            [.text(h.number), .text(RegionCode(h.villageCode)?.padded ?? h.villageCode), .text(names[h.villageCode] ?? ""), .text(h.householderName),
             .integer(Int64(h.memberCount)), .text(h.categoryValue?.label ?? h.category), .text(h.monitoringValue.map { codes($0) } ?? ""),
             .text(codes(h.risks)), .text(h.monitoringSince ?? ""), .text(h.riskEliminatedOn ?? ""),
             .text(EliminationMethod(rawValue: h.eliminationMethod ?? "")?.label ?? ""), .text(h.lastVisitOn ?? "")]
        }).data()
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let stamp = CivilDate.today.description
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"monitoring-\(stamp).xlsx\"; filename*=UTF-8''\("监测对象-\(stamp).xlsx".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    static func checks(_ req: Request) async throws -> HTML {
        let codes = try await req.codeNames()
        let problems = try await store(req).consistencyProblems()
        let names = try await HouseholdController.names(for: Set(problems.map(\.0.villageCode)), on: req.db)
        let rows: HTML = problems.prefix(1000).map { h, list -> HTML in
            "<tr><td data-label=\"户\"><a href=\"/households/\(h.id!.uuidString)#measures\">\(h.householderName)户（\(h.number)）</a></td><td data-label=\"村\">\(names[h.villageCode] ?? "")</td><td data-label=\"风险类型\">\(codes(h.risks))</td><td data-label=\"问题\">\(list.joined(separator: "；"))</td></tr>"
        }.joined()
        return Layout.page("帮扶措施一致性检查", request: req, crumbs: [("监测对象", "/monitoring")], """
            <p>风险未消除的监测户中，有 <b>\(problems.count)</b> 户的帮扶措施与风险类型不匹配（规则：因病→健康或社会帮扶；因学→教育或社会帮扶；因残→综合保障或社会帮扶；因安全住房→住房安全保障或搬迁；因安全饮水→饮水安全保障；有成员未参保→健康或社会帮扶；有劳动力的户不应只有综合保障）。</p>
            <table class="stack"><thead><tr><th>农户</th><th>村</th><th>风险类型</th><th>问题</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    /// Open cases of the region, stage by stage, for township and county staff who supervise.
    static func cases(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let today = CivilDate.today
        let open = try await registry.scoped(CaseRecord.self).filter(\.$stage !~ [CaseStage.completed.rawValue, CaseStage.rejected.rawValue])
            .sort(\.$deadlineOn).limit(2000).all()
        let households = try await registry.households().filter(\.$id ~~ open.map(\.householdID)).all()
        let byID = Dictionary(uniqueKeysWithValues: households.map { ($0.id!, $0) })
        let names = try await HouseholdController.names(for: Set(open.map(\.villageCode)), on: req.db)
        let rows: HTML = open.map { c -> HTML in
            let clock: HTML = c.clock.map { k in "<span class=\"tag \(k.isOverdue(on: today) ? "bad" : k.isDueSoon(on: today) ? "mon" : "")\">\(k.text(on: today))</span>" } ?? ""
            return "<tr><td data-label=\"程序\"><a href=\"/cases/\(c.id!.uuidString)\">\(c.kindValue.label)</a></td><td data-label=\"环节\">\(c.stageValue.label(for: c.kindValue))（\(c.stageValue.ownerLabel)）</td><td data-label=\"农户\">\(byID[c.householdID]?.householderName ?? "")</td><td data-label=\"村\">\(names[c.villageCode] ?? "")</td><td data-label=\"时限\">\(clock)</td></tr>"
        }.joined()
        return Layout.page("办理中的程序", request: req, crumbs: [("监测对象", "/monitoring")], """
            <table class="stack"><thead><tr><th>程序</th><th>当前环节</th><th>农户</th><th>村</th><th>时限</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    /// 公示 and 公告, printable on A4: households of one village for a period, never an ID number, phone, bank account,
    /// health condition or risk type.
    static func notices(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let today = CivilDate.today
        let village = (try? req.query.get(String.self, at: "village")).flatMap(RegionCode.init).flatMap { $0.level == .village && registry.canSee($0) ? $0 : nil }
        let kind = (try? req.query.get(String.self, at: "kind")).flatMap(CaseKind.init(rawValue:)) ?? .identification
        let announcement = (try? req.query.get(String.self, at: "type")) == "announcement"
        let from = (try? req.query.get(String.self, at: "from")).flatMap(CivilDate.init(parsing:)) ?? today.adding(days: -30)
        let to = (try? req.query.get(String.self, at: "to")).flatMap(CivilDate.init(parsing:)) ?? today
        let villages = try await RegistryEditController.villageOptions(req)
        let chooser: HTML = """
            <form class="filters noprint" method="get" action="/notices">
            <div><label for="f-village">村</label><select id="f-village" name="village">\(villages.map { v -> HTML in "<option value=\"\(v.value)\"\(HTML(raw: v.value == village?.digits ? " selected" : ""))>\(v.label)</option>" }.joined())</select></div>
            <div><label for="f-kind">程序</label><select id="f-kind" name="kind">\(CaseKind.allCases.map { k -> HTML in "<option value=\"\(k.rawValue)\"\(HTML(raw: k == kind ? " selected" : ""))>\(k.label)</option>" }.joined())</select></div>
            <div><label for="f-type">类型</label><select id="f-type" name="type"><option value="publicity">公示</option><option value="announcement"\(HTML(raw: announcement ? " selected" : ""))>结果公告</option></select></div>
            <div><label for="f-from">自</label><input id="f-from" type="date" name="from" value="\(from.description)"></div>
            <div><label for="f-to">至</label><input id="f-to" type="date" name="to" value="\(to.description)"></div>
            <div><button>生成</button></div></form>
            """
        guard let village, let record = try await RegionRecord.find(village.digits, on: req.db) else {
            return Layout.page("公示公告", request: req, chooser + "<p class=\"muted\">请选择村、程序和期间后生成，然后用浏览器打印（A4）。</p>")
        }
        let lines = try await store(req).notice(village: village, kind: kind, announcement: announcement, from: from, to: to)
        let name = (try await PolicyStore.book(for: village, on: req.db)).text(.monitoringObjectName, for: village, on: today) ?? "防止返贫监测对象"
        let title = "\(record.name)\(name)\(kind == .identification ? "识别纳入" : "风险消除")\(announcement ? "结果公告" : "公示")"
        let rows: HTML = lines.enumerated().map { i, l -> HTML in
            "<tr><td class=\"num\">\(i + 1)</td><td>\(l.householderName)</td><td class=\"num\">\(l.members)</td><td>\(kind == .identification ? l.category : l.method)</td><td>\(l.date)</td></tr>"
        }.joined()
        return Layout.page(title, request: req, chooser + """
            <article class="notice">
            <h2 class="notice-title">\(title)</h2>
            <p>根据防止返贫动态监测和帮扶工作有关规定，经农户申请（或干部排查、部门预警）、入户核实、村级民主评议，现将\(announcement ? "结果" : "拟\(kind == .identification ? "纳入" : "标注风险消除")的农户名单")予以\(announcement ? "公告" : "公示")。\(announcement ? "" : "公示期间如有异议，请向村民委员会或乡镇人民政府反映。")</p>
            <table><thead><tr><th class="num">序号</th><th>户主姓名</th><th class="num">家庭人口</th><th>\(kind == .identification ? "类别" : "消除方式")</th><th>\(announcement ? "办结日期" : "公示期")</th></tr></thead><tbody>\(rows)</tbody></table>
            \(lines.isEmpty ? "<p class=\"muted\">该期间没有需要\(announcement ? "公告" : "公示")的农户。</p>" as HTML : "")
            <p class="sign">监督电话：____________<br>\(record.name)村民委员会（盖章）<br>\(today.year)年\(today.month)月\(today.day)日</p>
            </article>
            """)
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 部门筛查预警 pages: upload a department's file, see what the run made of it, verify warnings, and the per-rule
/// figures that tell a county which rules waste its cadres' time. Plus the feed API for departments' systems.
enum ScreeningController {
    static let maxUpload: ByteCount = "512mb"

    static func store(_ req: Request) throws -> ScreeningStore { ScreeningStore(try req.registry) }

    // MARK: Upload

    static func page(_ req: Request, errors: FieldErrors = [:], kind: String = "", asOf: String = "") async throws -> HTML {
        let store = try store(req)
        let today = CivilDate.today
        let files = try await store.files()
        let rules = try await store.rules(on: today)
        let upload: HTML = store.mayUpload ? """
            \(FormView.summary(errors))
            <div class="panel"><form method="post" action="/screening" enctype="multipart/form-data">\(CSRF.field(for: req))<div class="grid">
            \(FormView.select("kind", "数据类型", options: FeedKind.allCases.map { ($0.rawValue, "\($0.label)（\($0.department)）") }, selected: kind, errors: errors, required: true, blank: "请选择"))
            \(FormView.text("asOf", "筛查基准日", value: asOf.isEmpty ? today.description : asOf, errors: errors, type: "date", required: true, hint: "统计窗口（如近12个月）截至此日"))
            <div class="field\(HTML(raw: errors["file"] == nil ? "" : " invalid"))"><label for="f-file">文件（CSV：UTF-8 或 GBK；或 XLSX）<b class="error">*</b></label>
            <input id="f-file" type="file" name="file" accept=".csv,.xlsx,.txt" required>\(errors["file"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            </div><p class="small muted">文件原样保存并记录指纹，同一文件重复上传不会产生新的预警；有问题的行不影响其他行，逐行列出原因，可下载。</p>
            <div class="actions"><button>上传并筛查</button></div></form></div>
            """ : "<p class=\"muted\">部门数据由部门数据员或县级管理员上传。</p>"
        let fileRows = files.map { f -> HTML in
            "<tr><td data-label=\"时间\">\(f.createdAt.map(HouseholdController.format) ?? "")</td><td data-label=\"类型\">\(f.kindValue?.label ?? f.kind)</td><td data-label=\"文件\"><a href=\"/screening/files/\(f.id!.uuidString)\">\(f.filename)</a></td><td data-label=\"上传\">\(f.uploadedBy)（\(f.channel == "api" ? "接口" : "网页")）</td><td class=\"num\" data-label=\"读取\">\(f.rowsRead)</td><td class=\"num\" data-label=\"匹配\">\(f.rowsMatched)</td><td class=\"num\" data-label=\"问题行\">\(f.rowsBad)</td><td class=\"num\" data-label=\"新预警\">\(f.warningsNew)</td></tr>"
        }.joined()
        let ruleRows = rules.map { r -> HTML in
            "<tr><td>\(store.mayEditRules ? "<a href=\"/screening/rules/\(r.code)\">\(r.code)</a>" as HTML : "\(r.code)")</td><td>\(r.name)</td><td class=\"small\">\(r.explanation)</td><td>\(r.risk.map(\.label) ?? (r.isExclusion ? "比对排除" : ""))</td><td>\(r.effectiveFrom)起</td></tr>"
        }.joined()
        return Layout.page("部门数据筛查", request: req, """
            \(upload)
            <p><a class="button secondary" href="/warnings">预警核实</a> <a class="button secondary" href="/screening/stats">规则成效统计</a></p>
            <h2>已上传的文件</h2>
            \(files.isEmpty ? "<p class=\"muted\">尚无文件</p>" as HTML : "<table class=\"stack\"><thead><tr><th>时间</th><th>类型</th><th>文件</th><th>上传</th><th class=\"num\">读取行</th><th class=\"num\">匹配行</th><th class=\"num\">问题行</th><th class=\"num\">新预警</th></tr></thead><tbody>\(fileRows)</tbody></table>" as HTML)
            <h2>现行筛查规则</h2>
            <table><thead><tr><th>编号</th><th>名称</th><th>条件</th><th>提示风险</th><th>生效</th></tr></thead><tbody>\(ruleRows)</tbody></table>
            """)
    }

    static func show(_ req: Request) async throws -> HTML { try await page(req) }

    struct Upload: Content {
        var kind: String?
        var asOf: String?
        var file: File?
    }

    static func upload(_ req: Request) async throws -> Response {
        let store = try store(req)
        guard store.mayUpload else { throw Abort(.forbidden, reason: "只有部门数据员、县级管理员可以上传部门数据") }
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        var errors = FieldErrors()
        let kind = form.kind.flatMap(FeedKind.init(rawValue:))
        if kind == nil { errors["kind"] = "请选择数据类型" }
        let asOf = form.asOf.flatMap(CivilDate.init(parsing:))
        if asOf == nil { errors["asOf"] = "请填写筛查基准日（年-月-日）" }
        let data = form.file.map { Data(buffer: $0.data) } ?? Data()
        if data.isEmpty { errors["file"] = "没有收到文件，请选择要上传的文件" }
        if errors.isEmpty, let kind, let asOf {
            do {
                let outcome = try await store.screen(data, filename: form.file?.filename ?? "upload.csv", kind: kind, channel: "web", asOf: asOf, today: .today)
                return req.redirect(to: "/screening/files/\(outcome.file.id!.uuidString)" + (outcome.duplicate ? "?duplicate=1" : ""))
            } catch let p as FieldProblems {
                errors = p.errors
            }
        }
        return try await page(req, errors: errors, kind: form.kind ?? "", asOf: form.asOf ?? "").encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func scopedFile(_ req: Request) async throws -> FeedFileRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let file = try await store(req).file(id) else {
            throw try await req.notFoundLogged("feed_file", id: req.parameters.get("id") ?? "")
        }
        return file
    }

    static func file(_ req: Request) async throws -> HTML {
        let file = try await scopedFile(req)
        let bad = try await store(req).badRows(of: file)
        let duplicate = (try? req.query.get(String.self, at: "duplicate")) == "1"
        let rows = bad.prefix(500).map { "<tr><td class=\"num\">\($0.line)</td><td>\($0.reason)</td></tr>" as HTML }.joined()
        let warnings = try await store(req).warnings(.init(open: nil, file: file.id), today: .today, limit: 1)
        return Layout.page("文件：\(file.filename)", request: req, crumbs: [("部门数据", "/screening")], """
            \(duplicate ? "<p class=\"flash\">该文件此前已上传并筛查过（内容完全相同），未产生新的预警。</p>" as HTML : "")
            <div class="panel"><dl class="facts">
            <dt>类型</dt><dd>\(file.kindValue?.label ?? file.kind)</dd>
            <dt>上传</dt><dd>\(file.uploadedBy)，\(file.createdAt.map(HouseholdController.format) ?? "")，\(file.channel == "api" ? "接口" : "网页")</dd>
            <dt>编码</dt><dd>\(file.encoding)，\(file.byteCount)字节，SHA-256 \(String(file.sha256.prefix(16)))…</dd>
            <dt>筛查基准日</dt><dd>\(file.asOf)</dd>
            <dt>读取</dt><dd>\(file.rowsRead)行：匹配名册\(file.rowsMatched)行，问题行\(file.rowsBad)行（其中不在本辖区名册\(file.rowsUnmatched)行）</dd>
            <dt>预警</dt><dd>新预警 <b>\(file.warningsNew)</b> 条\(warnings.isEmpty ? "" : "，<a href=\"/warnings?file=\(file.id!.uuidString)\">查看</a>" as HTML)</dd>
            </dl></div>
            <h2>问题行（\(file.rowsBad)）</h2>
            \(bad.isEmpty ? "<p class=\"muted\">没有问题行</p>" as HTML : """
                <p><a class="button secondary" href="/screening/files/\(file.id!.uuidString)/problems.csv">下载全部问题行（CSV）</a></p>
                <table><thead><tr><th class="num">行号</th><th>原因</th></tr></thead><tbody>\(rows)</tbody></table>
                \(bad.count > 500 ? "<p class=\"muted\">页面仅显示前500行，完整清单请下载</p>" as HTML : "")
                \(file.rowsBad > bad.count ? "<p class=\"muted\">共\(file.rowsBad)行，清单保存前\(bad.count)行</p>" as HTML : "")
                """ as HTML)
            """)
    }

    static func problems(_ req: Request) async throws -> Response {
        let file = try await scopedFile(req)
        let bad = try await store(req).badRows(of: file)
        let data = CSV.write(header: ["行号", "原因"], rows: bad.map { [String($0.line), $0.reason] })
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "问题行-\(file.filename).csv")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Warnings

    static func warnings(_ req: Request) async throws -> HTML {
        let today = CivilDate.today
        let status = (try? req.query.get(String.self, at: "status")) ?? "open"
        let feed = (try? req.query.get(String.self, at: "feed")).flatMap(FeedKind.init(rawValue:))
        let overdue = (try? req.query.get(String.self, at: "overdue")) == "1"
        let fileID = (try? req.query.get(String.self, at: "file")).flatMap(UUID.init(uuidString:))
        let list = try await store(req).warnings(.init(open: status == "all" ? nil : status == "open", feed: feed, file: fileID, overdue: overdue), today: today, limit: 2000)
        let households = try await req.registry.households(Set(list.map(\.householdID)))
        let names = try await HouseholdController.names(for: Set(list.map(\.villageCode)), on: req.db)
        let codes = try await req.codeNames()
        let rows = list.map { w -> HTML in
            let h = households[w.householdID]
            let due = CivilDate(parsing: w.dueOn)
            let state: HTML = w.isOpen ? LifecycleController.dueTag(due, today: today) + (w.escalation(on: today) == .village ? "" : " <span class=\"tag bad\">已升级至\(w.escalation(on: today) == .county ? "县级" : "乡镇")督办</span>" as HTML)
                : "<span class=\"tag\">\(w.dispositionValue?.label ?? "")</span>"
            return "<tr><td data-label=\"规则\"><a href=\"/warnings/\(w.id!.uuidString)\">\(w.ruleName)</a></td><td data-label=\"农户\">\(h?.householderName ?? "")户</td><td data-label=\"村\">\(names[w.villageCode] ?? w.villageCode)</td><td class=\"num\" data-label=\"数值\">\(w.valueText)</td><td data-label=\"提示风险\">\(w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除" : ""))</td><td data-label=\"时限\">\(w.dueOn) \(state)</td></tr>"
        }.joined()
        let options = { (name: String, values: [(String, String)], selected: String?) -> HTML in
            "<select name=\"\(name)\" id=\"f-\(name)\">\(values.map { v -> HTML in "<option value=\"\(v.0)\"\(HTML(raw: v.0 == selected ? " selected" : ""))>\(v.1)</option>" }.joined())</select>"
        }
        return Layout.page("筛查预警", request: req, """
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
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let w = try await store(req).warning(id) else {
            throw try await req.notFoundLogged("warning", id: req.parameters.get("id") ?? "")
        }
        return w
    }

    static func warning(_ req: Request) async throws -> HTML { try await warningPage(req, try await scopedWarning(req), errors: [:], note: "") }

    static func warningPage(_ req: Request, _ w: WarningRecord, errors: FieldErrors, note: String) async throws -> HTML {
        let today = CivilDate.today
        let household = try await req.registry.household(w.householdID)
        let codes = try await req.codeNames(for: RegionCode(w.villageCode))
        let rule = try await store(req).rules(on: today).first { $0.code == w.ruleCode }
        let (header, rows) = try await store(req).evidence(of: w)
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
            \(LifecycleController.textarea("note", "核实情况（核实无风险、不符合条件时必填）", value: note, errors: errors))
            <p class="small muted">“纳入监测”把本预警作为部门筛查线索，启动识别纳入程序（入户核实起，15天内完成）；“已是监测对象”把提示的风险类型加到该户。</p>
            <div class="actions"><button>提交</button></div></form>
            """ : ""
        let closed: HTML = w.isOpen ? "" : "<dt>结论</dt><dd>\(w.dispositionValue?.label ?? "")（\(w.closedBy ?? "")，\(w.closedOn ?? "")）\(w.note.map { "：\($0)" } ?? "")\(w.clueID.map { _ in "" } ?? "")</dd>"
        return Layout.page("预警：\(w.ruleName)", request: req, crumbs: [("筛查预警", "/warnings")], """
            <div class="panel"><dl class="facts">
            <dt>农户</dt><dd>\(household.map { "<a href=\"/households/\($0.id!.uuidString)\">\($0.householderName)户（\($0.number)）</a>" as HTML } ?? "")</dd>
            <dt>规则</dt><dd>\(w.ruleCode) \(w.ruleName)<br><span class="small muted">\(rule?.explanation ?? "")</span></dd>
            <dt>数值</dt><dd><b>\(w.valueText)</b>（计入\(w.rowsCounted)行\((w.priorRows ?? 0) > 0 ? "，其中此前文件\(w.priorRows ?? 0)行" : "")，最近一次\(w.lastEvidenceOn)）</dd>
            <dt>提示风险</dt><dd>\(w.risk.map { codes($0) } ?? (w.exclusion ? "比对排除：请核实是否符合条件" : ""))</dd>
            <dt>核实时限</dt><dd>\(w.dueOn) \(w.isOpen ? LifecycleController.dueTag(CivilDate(parsing: w.dueOn), today: today) : "")\(w.repeatCount > 0 ? "，后续文件又命中\(w.repeatCount)次" : "")</dd>
            \(closed)
            </dl></div>
            <h2>证据（原始文件行，身份证号已隐去）</h2>
            \(evidence)
            \(form)
            """)
    }

    static func dispose(_ req: Request) async throws -> Response {
        let w = try await scopedWarning(req)
        let values = try LifecycleController.values(req)
        let note = values.text("note", limit: 600)
        guard let disposition = WarningDisposition(rawValue: values.text("disposition")) else {
            return try await warningPage(req, w, errors: ["disposition": "请选择核实结论"], note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await store(req).dispose(w, disposition, note: note, today: .today)
            return req.redirect(to: "/warnings/\(w.id!.uuidString)")
        } catch let p as FieldProblems {
            let fresh = try await store(req).warning(w.id!) ?? w
            return try await warningPage(req, fresh, errors: p.errors, note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func stats(_ req: Request) async throws -> HTML {
        let figures = try await store(req).statistics()
        let files = try await store(req).files(limit: 1000)
        var byFeed: [String: (Int, Int, Int)] = [:]
        for f in files { let c = byFeed[f.kind] ?? (0, 0, 0); byFeed[f.kind] = (c.0 + f.rowsRead, c.1 + f.rowsMatched, c.2 + f.rowsBad) }
        let feedRows = FeedKind.allCases.compactMap { k -> HTML? in
            guard let c = byFeed[k.rawValue] else { return nil }
            return "<tr><td>\(k.label)</td><td class=\"num\">\(c.0)</td><td class=\"num\">\(c.1)</td><td class=\"num\">\(c.2)</td></tr>"
        }.joined()
        let rows = figures.map { f -> HTML in
            let share = f.includedShare.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
            return "<tr><td>\(FeedKind(rawValue: f.feed)?.label ?? f.feed)</td><td>\(f.rule) \(f.name)</td><td class=\"num\">\(f.raised)</td><td class=\"num\">\(f.open)</td>\(WarningDisposition.allCases.map { "<td class=\"num\">\(f.byDisposition[$0] ?? 0)</td>" as HTML }.joined())<td class=\"num\"><b>\(share)</b></td></tr>"
        }.joined()
        return Layout.page("规则成效统计", request: req, crumbs: [("部门数据", "/screening")], """
            <h2>各类数据</h2>
            <table><thead><tr><th>数据类型</th><th class="num">读取行</th><th class="num">匹配名册</th><th class="num">问题行</th></tr></thead><tbody>\(feedRows)</tbody></table>
            <h2>各规则预警与核实结果</h2>
            <p class="muted">纳入比例低的规则多为误报，耗费基层核实力量，可在规则中调整门槛。</p>
            <table><thead><tr><th>数据类型</th><th>规则</th><th class="num">预警</th><th class="num">待核实</th>\(WarningDisposition.allCases.map { "<th class=\"num\">\($0.label)</th>" as HTML }.joined())<th class="num">纳入比例</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    // MARK: Feed API

    struct FeedResult: Content {
        var file: UUID
        var duplicate: Bool
        var rowsRead: Int
        var rowsMatched: Int
        var rowsBad: Int
        var newWarnings: Int
    }

    /// `POST /api/v1/feeds/{kind}` with `Authorization: Bearer <token>`; the body is the file. `?asOf=YYYY-MM-DD`.
    static func apiFeed(_ req: Request) async throws -> Response {
        guard let bearer = req.headers.bearerAuthorization?.token, !bearer.isEmpty else { throw Abort(.unauthorized, reason: "缺少令牌") }
        let hash = SHA256.hash(data: Data(bearer.utf8)).map { String(format: "%02x", $0) }.joined()
        guard let token = try await FeedTokenRecord.query(on: req.db).filter(\.$tokenHash == hash).filter(\.$active == true).first(),
              let region = RegionCode(token.regionCode) else {
            throw Abort(.unauthorized, reason: "令牌无效或已停用")
        }
        guard let kind = req.parameters.get("kind").flatMap(FeedKind.init(rawValue:)) else {
            throw Abort(.notFound, reason: "没有这种数据类型，可用：\(FeedKind.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        guard token.kindValues.contains(kind) else { throw Abort(.forbidden, reason: "该令牌（\(token.name)）不能上传“\(kind.label)”数据") }
        let asOf = (try? req.query.get(String.self, at: "asOf")).map { CivilDate(parsing: $0) } ?? .today
        guard let asOf else { throw Abort(.badRequest, reason: "asOf 应为 年-月-日") }
        guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.badRequest, reason: "请求体为空，请把文件内容作为请求体发送") }
        let actor = Actor(userID: nil, username: "接口：\(token.name)", role: .department, region: region)
        do {
            let outcome = try await ScreeningStore(ScopedRegistry(db: req.db, actor: actor))
                .screen(Data(buffer: body), filename: (try? req.query.get(String.self, at: "filename")) ?? "\(kind.rawValue)-\(CivilDate.today).csv",
                        kind: kind, channel: "api", asOf: asOf, today: .today)
            let f = outcome.file
            return try await FeedResult(file: f.id!, duplicate: outcome.duplicate, rowsRead: f.rowsRead, rowsMatched: f.rowsMatched,
                                        rowsBad: f.rowsBad, newWarnings: outcome.newWarnings).encodeResponse(status: outcome.duplicate ? .ok : .created, for: req)
        } catch let p as FieldProblems {
            throw Abort(.unprocessableEntity, reason: p.summary)
        }
    }

    // MARK: Rules

    static func currentRule(_ req: Request) async throws -> ScreeningRule {
        let code = req.parameters.get("code") ?? ""
        guard let rule = try await store(req).rules(on: .today).first(where: { $0.code == code }) else { throw Abort(.notFound, reason: "没有这条筛查规则") }
        return rule
    }

    static func ruleForm(_ req: Request) async throws -> HTML {
        let rule = try await currentRule(req)
        guard try store(req).mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        var values: FormValues = ["name": rule.name, "windowMonths": String(rule.windowMonths), "filters": rule.filterText,
                                  "risk": rule.risk?.rawValue ?? "", "effectiveFrom": CivilDate.today.description]
        for cls in HouseholdClass.allCases {
            values["threshold_" + cls.rawValue] = rule.thresholds[cls].map { if case .sum = rule.measure { Money(fen: $0).yuanText } else { String($0) } } ?? ""
        }
        return try await rulePage(req, rule, values: values, errors: [:], result: nil)
    }

    static func rulePage(_ req: Request, _ rule: ScreeningRule, values: FormValues, errors: FieldErrors, result: HTML?) async throws -> HTML {
        let unit: String = { if case .sum = rule.measure { "元" } else { "条" } }()
        let filterable = rule.feed.filterableFields.map { "\($0.key)（\($0.label)）" }.joined(separator: "、")
        let columns = filterable.isEmpty ? "无（此类文件按金额或条数筛查）" : filterable
        let thresholdFields = HouseholdClass.allCases.map { cls -> HTML in
            FormView.text("threshold_" + cls.rawValue, "\(cls.label)门槛（\(unit)）", value: values["threshold_" + cls.rawValue] ?? "", errors: errors, hint: "留空表示不适用", maxLength: 20)
        }.joined()
        return Layout.page("筛查规则：\(rule.code) \(rule.name)", request: req, crumbs: [("部门数据", "/screening")], """
            <div class="panel"><p>\(rule.explanation)</p><p class="small muted">数据类型：\(rule.feed.label)；计量：\(unit == "元" ? "金额合计" : "条数")；现行版本自\(rule.effectiveFrom)起。</p></div>
            \(result ?? "")
            \(FormView.summary(errors))
            <form method="post" action="/screening/rules/\(rule.code)" class="panel">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("name", "名称", value: values["name"] ?? "", errors: errors, required: true, maxLength: 30))
            \(thresholdFields)
            \(FormView.text("windowMonths", "统计窗口（月，0为不限）", value: values["windowMonths"] ?? "", errors: errors, required: true, maxLength: 3))
            \(FormView.text("filters", "行条件", value: values["filters"] ?? "", errors: errors, hint: "列=取值1|取值2;列2=取值。可用列：\(columns)", maxLength: 1000))
            \(FormView.select("risk", "提示风险类型", options: try await req.codeNames().options(RiskType.self), selected: values["risk"] ?? "", errors: errors, blank: "（不提示，仅比对）"))
            \(FormView.text("effectiveFrom", "生效日期", value: values["effectiveFrom"] ?? "", errors: errors, type: "date", required: true))
            </div><p class="small muted">保存前可先试算：用本辖区近12个月上传的该类文件，比较现行规则与修改后各会预警多少户。规则从不覆盖，修改以新的生效日期保存。</p>
            <div class="actions"><button name="action" value="dryrun" class="secondary">试算</button> <button name="action" value="save">保存</button></div></form>
            """)
    }

    static func saveRule(_ req: Request) async throws -> Response {
        let rule = try await currentRule(req)
        let store = try store(req)
        guard store.mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        let values = try LifecycleController.values(req)
        switch rule.revised(by: values, today: .today) {
        case .failure(let p):
            return try await rulePage(req, rule, values: values, errors: p.errors, result: nil).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let revised):
            if values.text("action") == "save" {
                do {
                    try await store.saveRule(revised)
                    return req.redirect(to: "/screening")
                } catch let p as FieldProblems {
                    return try await rulePage(req, rule, values: values, errors: p.errors, result: nil).encodeResponse(status: .unprocessableEntity, for: req)
                }
            }
            let run = try await store.dryRun(current: rule, proposed: revised, today: .today)
            let result: HTML = run.files == 0 ? "<p class=\"flash\">本辖区近12个月没有上传过\(rule.feed.label)文件，无法试算。</p>"
                : "<p class=\"flash\">试算（\(run.files)个文件，\(run.rows)行）：现行规则预警 <b>\(run.current)</b> 户，修改后预警 <b>\(run.proposed)</b> 户（\(run.proposed >= run.current ? "+" : "")\(run.proposed - run.current)）。尚未保存。</p>"
            return try await rulePage(req, rule, values: values, errors: [:], result: result).encodeResponse(for: req)
        }
    }
}

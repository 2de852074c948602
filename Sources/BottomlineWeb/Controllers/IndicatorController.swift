import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 指标: the catalogue's figures for a unit and each of its children, the same definitions at every level, with a
/// 合计 row that is the children's counts added. Drill down by following a child.
enum IndicatorController {
    /// The unit asked for (the user's region or one inside it; 404 otherwise) and the period (this year so far by default).
    static func scope(_ req: Request, _ what: String) async throws -> (region: RegionCode, from: CivilDate, to: CivilDate) {
        let actor = try req.actor
        let today = CivilDate.today
        let region = (try? req.query.get(String.self, at: "region")).flatMap(RegionCode.init) ?? actor.region
        guard actor.region.contains(region) else { throw try await req.notFoundLogged(what, id: region.digits) }
        let from = (try? req.query.get(String.self, at: "from")).flatMap(CivilDate.init(parsing:)) ?? CivilDate(year: today.year, month: 1, day: 1)!
        let to = (try? req.query.get(String.self, at: "to")).flatMap(CivilDate.init(parsing:)) ?? today
        guard from <= to else { throw Abort(.badRequest, reason: "起始日期不能晚于截止日期") }
        return (region, from, to)
    }

    static func show(_ req: Request) async throws -> HTML {
        let actor = try req.actor
        let today = CivilDate.today
        let (region, from, to) = try await scope(req, "indicators")
        let store = IndicatorStore(try req.registry)
        let periods = try await store.frozenPeriods()
        let frozen = (try? req.query.get(String.self, at: "snapshot")).flatMap { periods.contains($0) ? $0 : nil }
        let live = try await store.byChild(of: region, from: from, to: to, today: today)
        let official = try await frozen.asyncMap { try await store.frozen($0, of: region) }
        let (children, total) = official ?? live
        let name = try await RegionRecord.find(region.digits, on: req.db)?.name ?? region.digits
        let headline = IndicatorCatalogue.headline.compactMap(IndicatorCatalogue.indicator)
        let canFreeze = [.admin, .county].contains(try req.user.roleValue) && region == actor.region
        let previous = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
        let lastMonth = IndicatorStore.label(previous)
        let rankCode = (try? req.query.get(String.self, at: "rank")).flatMap { IndicatorCatalogue.indicator($0)?.code } ?? "XC03"
        let head = headline.map { "<th class=\"num\" title=\"\($0.meaning)\">\($0.name)</th>" as HTML }.joined()
        let query = "from=\(from)&to=\(to)"
        let rows = children.map { child, counts -> HTML in
            let code = RegionCode(child.id!)!
            let link: HTML = code.level == .village ? "<a href=\"/regions/\(code.digits)\">\(child.name)</a>" : "<a href=\"/indicators?region=\(code.digits)&\(query)\">\(child.name)</a>"
            return "<tr><td data-label=\"单位\">\(link)</td>\(headline.map { "<td class=\"num\" data-label=\"\($0.name)\">\($0.text(counts))</td>" as HTML }.joined())</tr>"
        }.joined()
        let totalRow: HTML = "<tr class=\"total\"><td data-label=\"单位\"><b>合计</b></td>\(headline.map { "<td class=\"num\" data-label=\"\($0.name)\"><b>\($0.text(total))</b></td>" as HTML }.joined())</tr>"
        // Ranking, 提示函 (the last three ranked, and any below the target) and charts.
        let rankBy = IndicatorCatalogue.indicator(rankCode)!
        let target = (try? req.query.get(Double.self, at: "target")).map { rankBy.unit == .rate ? $0 / 100 : $0 }
        let table = BulletinTable(title: "", unitHeader: "单位", columns: [rankBy], rankBy: rankBy, units: children.map { ($0.0.name, $0.1) })
        let ranked = table.rows.filter { $0.rank != nil }
        let bottom = Set(ranked.suffix(min(3, max(0, ranked.count - 3))).map(\.unit))
        let lagging = table.rows.filter { row in
            guard let v = rankBy.value(row.counts) else { return false }
            let belowTarget = target.map { rankBy.higherIsBetter ? v < $0 : v > $0 } ?? false
            return bottom.contains(row.unit) || belowTarget
        }
        let notice: HTML = lagging.isEmpty ? "" : """
            <h2>提示函名单（\(rankBy.name)）</h2>
            <table class="stack"><thead><tr><th>单位</th><th class="num">\(rankBy.name)</th><th class="num">排名</th><th>原因</th></tr></thead><tbody>\(lagging.map { row -> HTML in
                let v = rankBy.value(row.counts)!
                var reasons: [String] = []
                if bottom.contains(row.unit) { reasons.append("排名后三位（共\(ranked.count)个单位）") }
                if let target, rankBy.higherIsBetter ? v < target : v > target { reasons.append("未达目标\(rankBy.unit == .rate ? Indicator.percent(target) : String(target))") }
                return "<tr><td data-label=\"单位\">\(row.unit)</td><td class=\"num\" data-label=\"\(rankBy.name)\">\(rankBy.text(row.counts))</td><td class=\"num\" data-label=\"排名\">\(row.rank.map(String.init) ?? "—")</td><td data-label=\"原因\">\(reasons.joined(separator: "；"))</td></tr>"
            }.joined())</tbody></table>
            """
        let chart: HTML = table.rows.isEmpty ? "" : Charts.bars(table.rows.compactMap { row in
            rankBy.value(row.counts).map { Charts.Bar(label: row.unit, value: $0, text: rankBy.text(row.counts), flagged: lagging.contains { $0.unit == row.unit }) }
        }, title: "\(rankBy.name)（按排名）")
        // Month-end trend of the ranking indicator for this unit, from the frozen months (oldest first, last twelve).
        let trendPoints = try await store.frozenTotals(of: region).compactMap { f in rankBy.value(f.counts).map { (label: f.period, value: $0, text: rankBy.text(f.counts)) } }
        let trend = Charts.line(trendPoints, title: "\(rankBy.name)：月末走势")
        let stacks = trend + Charts.stack(MonitoringCategory.allCases.enumerated().map { i, c in (c.label, total[.monitoredHouseholds(c)], ["#2f6fb0", "#e0a030", "#c0392b"][i]) }, title: "监测对象类别（户）")
            + Charts.stack([("低于标准", total[.incomeBelow], "#c0392b"), ("高于不足10%", total[.incomeNear], "#e0a030"), ("高于10%以上", total[.incomeAbove], "#3c9a5f")],
                           title: "人均纯收入相对监测标准（户）")
        let all = IndicatorCatalogue.all.filter { $0.value(total) != nil && ($0.denominator != nil || total[$0.numerator] != 0 || !$0.code.contains("-")) }
        let allRows = all.map { i -> HTML in
            "<tr><td>\(i.code)</td><td>\(i.name)</td><td class=\"num\"><b>\(i.text(total))</b></td>\(frozen == nil ? "" : "<td class=\"num\">\(i.text(live.total))</td>" as HTML)<td>\(i.unit.rawValue)</td><td class=\"small muted\">\(i.meaning)</td></tr>"
        }.joined()
        return Layout.page("指标：\(name)", request: req, """
            <form class="filters" method="get" action="/indicators"><input type="hidden" name="region" value="\(region.digits)">
            <div><label for="f-from">期间自</label><input id="f-from" type="date" name="from" value="\(from)"></div>
            <div><label for="f-to">至</label><input id="f-to" type="date" name="to" value="\(to)"></div>
            <div><label for="f-rank">排名依据</label><select id="f-rank" name="rank">\(headline.filter { $0.denominator != nil || !$0.higherIsBetter }.map { i -> HTML in
                "<option value=\"\(i.code)\"\(HTML(raw: i.code == rankCode ? " selected" : ""))>\(i.name)</option>" }.joined())</select></div>
            \(periods.isEmpty ? "" : "<div><label for=\"f-snapshot\">月末冻结数</label><select id=\"f-snapshot\" name=\"snapshot\"><option value=\"\">（实时数据）</option>\(periods.map { p -> HTML in "<option value=\"\(p)\"\(HTML(raw: p == frozen ? " selected" : ""))>\(p)</option>" }.joined())</select></div>" as HTML)
            <div><label for="f-target">目标值</label><input id="f-target" name="target" inputmode="decimal" maxlength="8" value="\((try? req.query.get(String.self, at: "target")) ?? "")" placeholder="如 60（%）"></div>
            <div><button>查看</button></div></form>
            \(frozen.map { "<p class=\"flash\">下表为\($0)月末冻结数（当月正式数据），之后对名册的更正不影响；下方“全部指标”同时列出实时数。</p>" as HTML } ?? "")
            \(canFreeze ? "<form method=\"post\" action=\"/indicators/freeze\" class=\"inline\">\(CSRF.field(for: req))<input type=\"hidden\" name=\"period\" value=\"\(lastMonth)\"><button class=\"secondary\">冻结\(lastMonth)月末数据</button></form>" as HTML : "")
            <p><a class="button secondary" href="/indicators/score?region=\(region.digits)">季度考评</a> <a class="button secondary" href="/bulletins">通报</a></p>
            \(children.isEmpty ? "" : "<p><a class=\"button secondary\" href=\"/indicators/bulletin.xlsx?region=\(region.digits)&\(query)&rank=\(rankCode)&snapshot=\(frozen ?? "")\">导出通报表（XLSX）</a> <a class=\"button secondary\" href=\"/indicators/bulletin.csv?region=\(region.digits)&\(query)&rank=\(rankCode)&snapshot=\(frozen ?? "")\">导出 CSV</a></p>" as HTML)
            <p class="muted">实时数据，截至\(today)。“本期”指\(from)至\(to)。各级使用同一套指标定义；合计行由下级的原始数相加后计算，比率不是下级比率的平均。</p>
            \(children.isEmpty ? "" : "<div class=\"scroll-x\"><table class=\"stack units\"><thead><tr><th>单位</th>\(head)</tr></thead><tbody>\(rows)\(totalRow)</tbody></table></div>" as HTML)
            <div class="charts">\(chart)\(stacks)</div>
            \(notice)
            <h2>全部指标（\(name)）</h2>
            <table><thead><tr><th>编号</th><th>指标</th><th class="num">\(frozen.map { "\($0)冻结数" } ?? "数值")</th>\(frozen == nil ? "" : "<th class=\"num\">实时数</th>" as HTML)<th>单位</th><th>含义</th></tr></thead><tbody>\(allRows)</tbody></table>
            """)
    }

    /// The children's table as an office bulletin: ranked on `rank`, 合计 row, XLSX or CSV.
    static func bulletin(_ req: Request) async throws -> Response {
        let rank = (try? req.query.get(String.self, at: "rank")).flatMap { IndicatorCatalogue.indicator($0)?.code } ?? "XC03"
        let definition = BulletinDefinition(title: "防止返贫动态监测和帮扶工作进展通报", columns: IndicatorCatalogue.headline, rank: rank, footnote: "")
        let table = try await issue(req, definition, what: "bulletin")
        return try file(req, table, csv: req.url.path.hasSuffix(".csv"))
    }

    /// A bulletin issued for the unit and period in the request (or a frozen month): the children of that unit ranked.
    static func issue(_ req: Request, _ d: BulletinDefinition, what: String) async throws -> BulletinTable {
        let today = CivilDate.today
        let (region, from, to) = try await scope(req, what)
        let store = IndicatorStore(try req.registry)
        let periods = try await store.frozenPeriods()
        let frozen = (try? req.query.get(String.self, at: "snapshot")).flatMap { periods.contains($0) ? $0 : nil }
        let children: [(RegionRecord, Counts)]
        if let frozen {
            children = try await store.frozen(frozen, of: region).children
        } else {
            children = try await store.byChild(of: region, from: from, to: to, today: today).children
        }
        let name = try await RegionRecord.find(region.digits, on: req.db)?.name ?? region.digits
        let unitHeader = region.level.child?.label ?? "单位"
        let rankBy = IndicatorCatalogue.indicator(d.rank) ?? IndicatorCatalogue.indicator("XC03")!
        return BulletinTable(title: "\(name)\(d.title)（\(frozen.map { "\($0)月末数" } ?? "\(from)至\(to)")）", unitHeader: unitHeader,
                             columns: d.columns.compactMap(IndicatorCatalogue.indicator), rankBy: rankBy,
                             units: children.map { ($0.0.name, $0.1) },
                             footnote: (d.footnote.isEmpty ? "" : d.footnote + "  ") + "按\(rankBy.name)排名；数据截至\(today)，由底线系统生成。")
    }

    static func file(_ req: Request, _ table: BulletinTable, csv: Bool) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = csv ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            : HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        headers.contentDisposition = .init(.attachment, filename: "\(table.title.prefix(40)).\(csv ? "csv" : "xlsx")")
        let body = csv ? BulletinFile.csv(table) : try BulletinFile.workbook(table).data()
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    static func freeze(_ req: Request) async throws -> Response {
        let values = try LifecycleController.values(req)
        do {
            let n = try await IndicatorStore(try req.registry).freeze(period: values.text("period", limit: 10), today: .today)
            req.logger.info("froze \(n) villages")
            return req.redirect(to: "/indicators?snapshot=\(values.text("period", limit: 10))")
        } catch let p as FieldProblems {
            throw Abort(.unprocessableEntity, reason: p.summary)
        }
    }
}

/// 通报: saved definitions (title, columns, ranking column, footnote) issued for the reader's own region and a period:
/// a printable A4 page, XLSX and CSV.
enum BulletinController {
    static func list(_ req: Request) async throws -> HTML { try await listPage(req, values: [:], errors: [:]) }

    static func listPage(_ req: Request, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let store = IndicatorStore(try req.registry)
        let saved = try await store.bulletins()
        let rows = saved.map { b -> HTML in
            let d = b.definition
            return "<tr><td data-label=\"通报\"><a href=\"/bulletins/\(b.id!.uuidString)\">\(b.title)</a></td><td data-label=\"指标\">\(d.columns.compactMap { IndicatorCatalogue.indicator($0)?.name }.joined(separator: "、"))</td><td data-label=\"排名依据\">\(IndicatorCatalogue.indicator(d.rank)?.name ?? d.rank)</td><td data-label=\"制定\">\(b.createdBy)</td></tr>"
        }.joined()
        let canEdit = [.admin, .county].contains(try req.user.roleValue)
        let form: HTML = canEdit ? """
            <h2>制定通报</h2>
            \(FormView.summary(errors))
            <form method="post" action="/bulletins" class="panel">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("title", "标题（单位名称自动加在前面）", value: values["title"] ?? "", errors: errors, required: true, maxLength: 60))
            \(FormView.text("columns", "指标编号（逗号分隔）", value: values["columns"] ?? IndicatorCatalogue.headline.joined(separator: ","), errors: errors, required: true, hint: "编号见“指标”页的全部指标", maxLength: 400))
            \(FormView.select("rank", "排名依据", options: IndicatorCatalogue.all.filter { !$0.code.contains("-") }.map { ($0.code, $0.name) }, selected: values["rank"] ?? "XC03", errors: errors, required: true, blank: nil))
            \(FormView.text("footnote", "脚注", value: values["footnote"] ?? "", errors: errors, hint: "如：本版由县乡村振兴局供稿", maxLength: 200))
            </div><div class="actions"><button>保存</button></div></form>
            """ : ""
        return Layout.page("通报", request: req, crumbs: [("指标", "/indicators")], """
            <p class="muted">通报按阅读者本级的下一级单位排名（县看乡镇，乡镇看本乡镇各村），期间和月末冻结数在打开时选择。</p>
            \(saved.isEmpty ? "<p class=\"muted\">尚无通报</p>" as HTML : "<table class=\"stack\"><thead><tr><th>通报</th><th>指标</th><th>排名依据</th><th>制定</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(form)
            """)
    }

    static func create(_ req: Request) async throws -> Response {
        let values = try LifecycleController.values(req)
        switch BulletinDefinition.validate(values) {
        case .failure(let p):
            return try await listPage(req, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let d):
            do {
                let record = try await IndicatorStore(try req.registry).saveBulletin(d)
                return req.redirect(to: "/bulletins/\(record.id!.uuidString)")
            } catch let p as FieldProblems {
                throw Abort(.forbidden, reason: p.summary)
            }
        }
    }

    static func show(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let record = try await IndicatorStore(try req.registry).bulletin(id) else {
            throw try await req.notFoundLogged("bulletin", id: req.parameters.get("id") ?? "")
        }
        let table = try await IndicatorController.issue(req, record.definition, what: "bulletin")
        switch (try? req.query.get(String.self, at: "format")) ?? "" {
        case "xlsx": return try IndicatorController.file(req, table, csv: false)
        case "csv": return try IndicatorController.file(req, table, csv: true)
        default: break
        }
        let head = table.columns.map { "<th class=\"num\">\($0.name)</th>" as HTML }.joined()
        let rows = table.rows.map { r -> HTML in
            "<tr><td class=\"num\">\(r.position)</td><td>\(r.unit)</td>\(table.columns.map { "<td class=\"num\">\($0.text(r.counts))</td>" as HTML }.joined())<td class=\"num\">\(r.rank.map(String.init) ?? "—")</td></tr>"
        }.joined()
        let query = req.url.query.map { $0.replacingOccurrences(of: "format=", with: "f=") } ?? ""
        return try await Layout.page(record.title, request: req, crumbs: [("通报", "/bulletins")], """
            <p class="noprint"><a class="button secondary" href="/bulletins/\(record.id!.uuidString)?\(query)&format=xlsx">导出 XLSX</a> <a class="button secondary" href="/bulletins/\(record.id!.uuidString)?\(query)&format=csv">导出 CSV</a> 可用 ?from=年-月-日&amp;to=年-月-日 或 ?snapshot=年-月 指定期间；打印即为 A4 通报。</p>
            <article class="notice"><h2 class="notice-title">\(table.title)</h2>
            <table><thead><tr><th class="num">序号</th><th>\(table.unitHeader)</th>\(head)<th class="num">排名</th></tr></thead><tbody>\(rows)
            <tr class="total"><td></td><td><b>合计</b></td>\(table.columns.map { "<td class=\"num\"><b>\($0.text(table.total))</b></td>" as HTML }.joined())<td></td></tr></tbody></table>
            <p class="small">\(table.footnote)</p></article>
            """).encodeResponse(for: req)
    }
}

enum ScoreController {
    /// 乡镇季度考评: the weighted score of each child unit for a quarter, top 3 praised and bottom 3 named.
    static func show(_ req: Request) async throws -> HTML { try await page(req, errors: [:], form: [:]) }

    static func page(_ req: Request, errors: FieldErrors, form: FormValues) async throws -> HTML {
        let actor = try req.actor
        let today = CivilDate.today
        let region = (try? req.query.get(String.self, at: "region")).flatMap(RegionCode.init) ?? actor.region
        guard actor.region.contains(region) else { throw try await req.notFoundLogged("score", id: region.digits) }
        let year = (try? req.query.get(Int.self, at: "year")).flatMap { (2015...2100).contains($0) ? $0 : nil } ?? today.year
        let quarter = (try? req.query.get(Int.self, at: "quarter")).flatMap { (1...4).contains($0) ? $0 : nil } ?? (today.month - 1) / 3 + 1
        let from = CivilDate(year: year, month: quarter * 3 - 2, day: 1)!
        let to = min(CivilDate(year: year, month: quarter * 3, day: CivilDate.daysIn(month: quarter * 3, year: year))!, today)
        let store = IndicatorStore(try req.registry)
        let (card, source) = try await store.scoreCard(for: region, on: to)
        let (children, _) = try await store.byChild(of: region, from: from, to: to, today: to)
        let units = children.filter { $0.1[.households] > 0 }.map { ($0.0.name, $0.1) }
        let lines = card.score(units)
        let praise = Set(lines.prefix(min(3, lines.count / 2)).map(\.unit))
        let named = Set(lines.suffix(min(3, lines.count / 2)).map(\.unit))
        let head = card.weights.map { "<th class=\"num\" title=\"\($0.indicator.meaning)\">\($0.indicator.name)<br><span class=\"small muted\">权重\(String(format: "%g", $0.weight))</span></th>" as HTML }.joined()
        let rows = lines.map { line -> HTML in
            let counts = units.first { $0.0 == line.unit }!.1
            let tag: HTML = praise.contains(line.unit) ? " <span class=\"tag good\">表扬</span>" : named.contains(line.unit) ? " <span class=\"tag bad\">通报</span>" : ""
            return "<tr><td class=\"num\" data-label=\"名次\">\(line.rank)</td><td data-label=\"单位\">\(line.unit)\(tag)</td>\(zip(card.weights, line.parts).map { w, p -> HTML in "<td class=\"num\" data-label=\"\(w.indicator.name)\">\(w.indicator.text(counts))<br><span class=\"small muted\">\(p.map { String(format: "%.1f分", $0) } ?? "不计")</span></td>" }.joined())<td class=\"num\" data-label=\"总分\"><b>\(String(format: "%.2f", line.total))</b></td></tr>"
        }.joined()
        let canEdit = [.admin, .county].contains(try req.user.roleValue) && region == actor.region
        let editor: HTML = canEdit ? """
            <h2>调整权重</h2>
            \(FormView.summary(errors))
            <form method="post" action="/indicators/score" class="panel">\(CSRF.field(for: req))<div class="grid">
            <div class="field\(HTML(raw: errors["weights"] == nil ? "" : " invalid"))"><label for="f-weights">权重（每行“指标编号=权重”）</label><textarea id="f-weights" name="weights" rows="6" maxlength="2000">\(form["weights"] ?? card.text)</textarea>\(errors["weights"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            \(FormView.text("effectiveFrom", "生效日期", value: form["effectiveFrom"] ?? today.description, errors: errors, type: "date", required: true))
            \(FormView.text("source", "依据", value: form["source"] ?? "", errors: errors, required: true, hint: "文件文号或说明", maxLength: 100))
            </div><p class="small muted">每项指标在各单位之间按最好100分、最差0分折算（数值越小越好的指标反向），总分为加权平均。</p>
            <div class="actions"><button>登记</button></div></form>
            """ : ""
        return Layout.page("\(year)年第\(quarter)季度考评", request: req, crumbs: [("指标", "/indicators")], """
            <form class="filters" method="get" action="/indicators/score"><input type="hidden" name="region" value="\(region.digits)">
            <div><label for="f-year">年度</label><input id="f-year" name="year" value="\(String(year))" inputmode="numeric" maxlength="4"></div>
            <div><label for="f-quarter">季度</label><select id="f-quarter" name="quarter">\((1...4).map { q -> HTML in "<option value=\"\(q)\"\(HTML(raw: q == quarter ? " selected" : ""))>第\(q)季度</option>" }.joined())</select></div>
            <div><button>查看</button></div></form>
            <p class="muted">\(from)至\(to)；权重：\(source)。前三名表扬，后三名通报。</p>
            \(lines.isEmpty ? "<p class=\"muted\">本辖区下级单位尚无农户数据</p>" as HTML : "<div class=\"scroll-x\"><table class=\"stack units\"><thead><tr><th class=\"num\">名次</th><th>单位</th>\(head)<th class=\"num\">总分</th></tr></thead><tbody>\(rows)</tbody></table></div>" as HTML)
            \(editor)
            """)
    }

    static func save(_ req: Request) async throws -> Response {
        let values = try LifecycleController.values(req)
        var errors = FieldErrors()
        let date = CivilDate(parsing: values.text("effectiveFrom", limit: 20))
        if date == nil { errors["effectiveFrom"] = "请填写生效日期" }
        if errors.isEmpty, let date {
            do {
                try await IndicatorStore(try req.registry).setScoreWeights(values.text("weights", limit: 2000), effectiveFrom: date, source: values.text("source", limit: 200))
                return req.redirect(to: "/indicators/score")
            } catch let p as FieldProblems { errors = p.errors }
        }
        if let general = errors["_"] { throw Abort(.forbidden, reason: general) }
        return try await page(req, errors: errors, form: values).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

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
        return req.page("\(year)年第\(quarter)季度考评", crumbs: [("指标", "/indicators")], """
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
        let values = try req.formValues()
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

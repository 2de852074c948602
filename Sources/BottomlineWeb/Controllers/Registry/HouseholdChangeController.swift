import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 分户、并户、迁至他村: changes to the household itself, each a dated event on every household it touches.
enum HouseholdChangeController {
    struct ChangeForm: Content {
        var date: String?
        var note: String?
        var newNumber: String?
        var newHouseholder: String?
        var members: [String]?
        var target: String?
        var village: String?
    }

    static func page(_ req: Request, _ household: HouseholdRecord, form: ChangeForm, errors: FieldErrors, open: String) async throws -> HTML {
        let members = try await req.registry.members(of: household, includingFormer: false)
        let others = members.filter { $0.relation != Relation.householder.rawValue }
        let villages = try await req.registry.villageChoices().filter { $0.value != household.villageCode }
        let date = form.date ?? CivilDate.today.description
        let chosen = Set(form.members ?? [])
        let memberBoxes: HTML = others.map { p -> HTML in
            let id = p.id!.uuidString
            return "<label><input type=\"checkbox\" name=\"members[]\" value=\"\(id)\"\(HTML(raw: chosen.contains(id) ? " checked" : ""))> \(p.name)（\(Format.label(Relation.self, p.relation))）</label>"
        }.joined()
        func section(_ key: String, _ title: String, _ body: HTML) -> HTML {
            "<details class=\"panel\"\(HTML(raw: open == key ? " open" : ""))><summary><b>\(title)</b></summary>\(body)</details>"
        }
        let split: HTML = others.isEmpty ? "<p class=\"muted\">本户除户主外没有其他成员，不能分户。</p>" : """
            <form method="post" action="/households/\(household.id!.uuidString)/split">\(CSRF.field(for: req))
            <div class="field"><label>分出的成员</label>\(memberBoxes)\(errors["members"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            <div class="grid">
            \(FormView.text("newNumber", "新户户编号", value: form.newNumber ?? "", errors: errors, required: true, maxLength: 30))
            \(FormView.select("newHouseholder", "新户户主", options: others.map { ($0.id!.uuidString, $0.name) }, selected: form.newHouseholder ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("date", "分户日期", value: date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: form.note ?? "", errors: errors, maxLength: 200))
            </div><div class="actions"><button>登记分户</button></div></form>
            """
        let merge: HTML = """
            <form method="post" action="/households/\(household.id!.uuidString)/merge">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("target", "并入户的户编号", value: form.target ?? "", errors: errors, required: true, maxLength: 30))
            \(FormView.text("date", "并户日期", value: date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: form.note ?? "", errors: errors, maxLength: 200))
            </div><p class="small muted">本户全部在册成员并入目标户，与户主关系暂记为“其他”，请随后核实；本户保留档案，状态为“已并户”。</p>
            <div class="actions"><button>登记并户</button></div></form>
            """
        let move: HTML = """
            <form method="post" action="/households/\(household.id!.uuidString)/move">\(CSRF.field(for: req))<div class="grid">
            \(FormView.select("village", "迁至村", options: villages, selected: form.village ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.text("date", "迁移日期", value: date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: form.note ?? "", errors: errors, maxLength: 200))
            </div><div class="actions"><button>登记迁移</button></div></form>
            """
        return req.page("户变动：\(household.householderName)户（\(household.number)）",
                           crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")],
                           FormView.summary(errors) + section("split", "分户", split) + section("merge", "并入他户", merge) + section("move", "迁至他村", move))
    }

    static func form(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        return try await page(req, household, form: ChangeForm(), errors: [:], open: "")
    }

    static func perform(_ req: Request, kind: String,
                        _ action: (RegistryStore, HouseholdRecord, ChangeForm, CivilDate) async throws -> UUID) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        let form = try req.decodeForm(ChangeForm.self)
        guard let date = form.date.flatMap(CivilDate.init(parsing:)) else {
            return try await page(req, household, form: form, errors: ["date": "请填写日期（如 2026-03-01）"], open: kind)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let destination = try await action(RegistryStore(try req.registry), household, form, date)
            return req.redirect(to: "/households/\(destination.uuidString)")
        } catch let problems as FieldProblems {
            return try await page(req, household, form: form, errors: problems.errors, open: kind)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func split(_ req: Request) async throws -> Response {
        try await perform(req, kind: "split") { store, household, form, date in
            let ids = (form.members ?? []).compactMap(UUID.init(uuidString:))
            let created = try await store.split(household, members: ids, newNumber: form.newNumber ?? "",
                                                newHouseholder: form.newHouseholder.flatMap(UUID.init(uuidString:)) ?? UUID(),
                                                date: date, note: String((form.note ?? "").prefix(200)))
            return created.id!
        }
    }

    static func merge(_ req: Request) async throws -> Response {
        try await perform(req, kind: "merge") { store, household, form, date in
            try await store.merge(household, into: String((form.target ?? "").prefix(30)), date: date, note: String((form.note ?? "").prefix(200))).id!
        }
    }

    static func move(_ req: Request) async throws -> Response {
        try await perform(req, kind: "move") { store, household, form, date in
            guard let village = form.village.flatMap(RegionCode.init) else { throw FieldProblems(["village": "请选择要迁往的村"]) }
            try await store.moveVillage(household, to: village, date: date, note: String((form.note ?? "").prefix(200)))
            return household.id!
        }
    }
}

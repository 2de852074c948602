import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// Forms that create and change a household: a new household with its householder, its details, its yearly income.
enum HouseholdEditController {
    // MARK: New household

    static func newHouseholdPage(_ req: Request, household: HouseholdForm, person: PersonForm, errors: FieldErrors) async throws -> HTML {
        let villages = try await req.registry.villageChoices()
        var household = household
        // A village cadre has one village: choose it for them.
        if household.villageCode.isEmpty, villages.count == 1 { household.villageCode = villages[0].value }
        return req.page("新建农户", crumbs: [("农户名册", "/households")], """
            \(FormView.summary(errors))
            <form method="post" action="/households/new">\(CSRF.field(for: req))
            <fieldset><legend>户信息</legend><div class="grid">
            \(FormView.text("number", "户编号", value: household.number, errors: errors, required: true, maxLength: 30))
            \(FormView.select("villageCode", "所在村", options: villages, selected: household.villageCode, errors: errors, required: true, blank: "请选择"))
            \(FormView.codeList("category", HouseholdCategory.self, selected: household.category, errors: errors, required: true))
            \(FormView.text("address", "家庭住址", value: household.address, errors: errors))
            \(FormView.text("phone", "联系电话", value: household.phone, errors: errors, type: "tel", maxLength: 20))
            \(FormView.codeList("housingGrade", HousingGrade.self, selected: household.housingGrade, errors: errors))
            \(FormView.select("waterSecure", "饮水安全", options: FormView.yesNo, selected: household.waterSecure, errors: errors))
            <div class="field"><label><input type="checkbox" name="relocated" value="true"\(HTML(raw: household.relocated == "true" ? " checked" : ""))> 易地扶贫搬迁户</label></div>
            </div></fieldset>
            <fieldset><legend>户主</legend>\(FormView.personFields(person, errors: errors, relations: [.householder]))</fieldset>
            <div class="actions"><button>保存</button><a class="button secondary" href="/households">取消</a></div>
            </form>
            """)
    }

    static func newHouseholdForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        var person = PersonForm()
        person.relation = Relation.householder.rawValue
        return try await newHouseholdPage(req, household: HouseholdForm(), person: person, errors: [:])
    }

    static func createHousehold(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try req.decodeForm(HouseholdForm.self)
        let person = try req.decodeForm(PersonForm.self)
        var errors = FieldErrors()
        var fields: HouseholdForm.Fields?
        var draft: PersonDraft?
        switch household.validate() {
        case .success(let f): fields = f
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        switch person.validate() {
        case .success(let d): draft = d
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        if let fields, let draft {
            do {
                let created = try await RegistryStore(try req.registry).createHousehold(fields, householder: draft)
                return req.redirect(to: "/households/\(created.id!.uuidString)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await newHouseholdPage(req, household: household, person: person, errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    // MARK: Household details

    static func editHouseholdPage(_ req: Request, _ household: HouseholdRecord, form: HouseholdForm, errors: FieldErrors) -> HTML {
        req.page("修改户信息：\(household.number)", crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
            \(FormView.summary(errors))
            <form method="post">\(CSRF.field(for: req))
            <input type="hidden" name="number" value="\(household.number)"><input type="hidden" name="villageCode" value="\(household.villageCode)">
            <div class="grid">
            \(FormView.codeList("category", HouseholdCategory.self, selected: form.category, errors: errors, required: true))
            \(FormView.text("address", "家庭住址", value: form.address, errors: errors))
            \(FormView.text("phone", "联系电话", value: form.phone, errors: errors, type: "tel", maxLength: 20))
            \(FormView.codeList("housingGrade", HousingGrade.self, selected: form.housingGrade, errors: errors))
            \(FormView.select("waterSecure", "饮水安全", options: FormView.yesNo, selected: form.waterSecure, errors: errors))
            <div class="field"><label><input type="checkbox" name="relocated" value="true"\(HTML(raw: form.relocated == "true" ? " checked" : ""))> 易地扶贫搬迁户</label></div>
            </div>
            <p class="small muted">户编号和所在村不在此修改：迁往他村请登记人口变动。</p>
            <div class="actions"><button>保存</button><a class="button secondary" href="/households/\(household.id!.uuidString)">取消</a></div>
            </form>
            """)
    }

    static func editHouseholdForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        return editHouseholdPage(req, household, form: HouseholdForm(household), errors: [:])
    }

    static func updateHousehold(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        var form = try req.decodeForm(HouseholdForm.self)
        form.number = household.number
        form.villageCode = household.villageCode
        switch form.validate() {
        case .success(let fields):
            try await RegistryStore(try req.registry).updateHousehold(household, fields)
            return req.redirect(to: "/households/\(household.id!.uuidString)")
        case .failure(let problems):
            return try await editHouseholdPage(req, household, form: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Income

    static func incomePage(_ req: Request, _ household: HouseholdRecord, form: IncomeForm, errors: FieldErrors) -> HTML {
        req.page("登记家庭收入", crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
            \(FormView.summary(errors))
            <form method="post">\(CSRF.field(for: req))<div class="grid">
            \(FormView.text("year", "年度", value: form.year, errors: errors, type: "number", required: true, maxLength: 4))
            \(IncomeField.allCases.map { f in FormView.text(f.camelName, f.label + "（元）", value: form[f], errors: errors, maxLength: 20) }.joined())
            </div>
            <p class="small muted">家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出；人均纯收入按在册\(household.memberCount)人计算。合规自付支出不减收入，另作识别参考。</p>
            <div class="actions"><button>保存</button><a class="button secondary" href="/households/\(household.id!.uuidString)">取消</a></div>
            </form>
            """)
    }

    static func incomeForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        var form = IncomeForm()
        let year = (try? req.query.get(Int.self, at: "year")) ?? CivilDate.today.year - 1
        form.year = String(year)
        if let record = try await IncomeRecord.query(on: req.db).filter(\.$householdID == household.id!).filter(\.$year == year).first() {
            for field in IncomeField.allCases { form[field] = record.income[field].yuanText }
        }
        return incomePage(req, household, form: form, errors: [:])
    }

    static func saveIncome(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        let form = try req.decodeForm(IncomeForm.self)
        switch form.validate() {
        case .success(let income):
            try await RegistryStore(try req.registry).setIncome(household, income)
            return req.redirect(to: "/households/\(household.id!.uuidString)")
        case .failure(let problems):
            return try await incomePage(req, household, form: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// Forms that change the registry: new household, household details, members in and out, person details, income.
enum RegistryEditController {
    static func requireEditor(_ req: Request) throws {
        guard try req.user.roleValue.canEditRegistry else { throw Abort(.forbidden, reason: "当前角色只能查看，不能修改名册") }
    }

    /// Decodes a form; malformed bodies become a 400 with a Chinese message.
    static func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        do { return try req.content.decode(T.self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误") }
    }

    // MARK: New household

    static func villageOptions(_ req: Request) async throws -> [(value: String, label: String)] {
        let registry = try req.registry
        let villages = try await RegionRecord.query(on: req.db).within(registry.region).filter(\.$level == RegionCode.Level.village.rawValue)
            .sort(\.$id).limit(5000).all()
        let townships = try await HouseholdController.names(for: Set(villages.compactMap(\.parentCode)), on: req.db)
        return villages.map { ($0.id!, "\(townships[$0.parentCode ?? ""] ?? "") \($0.name)") }
    }

    static func newHouseholdPage(_ req: Request, household: HouseholdForm, person: PersonForm, errors: FieldErrors) async throws -> HTML {
        let villages = try await villageOptions(req)
        var household = household
        // A village cadre has one village: choose it for them.
        if household.villageCode.isEmpty, villages.count == 1 { household.villageCode = villages[0].value }
        return Layout.page("新建农户", request: req, crumbs: [("农户名册", "/households")], """
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
        try requireEditor(req)
        var person = PersonForm()
        person.relation = Relation.householder.rawValue
        return try await newHouseholdPage(req, household: HouseholdForm(), person: person, errors: [:])
    }

    static func createHousehold(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let household = try decode(HouseholdForm.self, req)
        let person = try decode(PersonForm.self, req)
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
        Layout.page("修改户信息：\(household.number)", request: req, crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
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
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        return editHouseholdPage(req, household, form: HouseholdForm(household), errors: [:])
    }

    static func updateHousehold(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        var form = try decode(HouseholdForm.self, req)
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

    // MARK: Members

    static func addMemberPage(_ req: Request, _ household: HouseholdRecord, person: PersonForm, event: MembershipEventForm, errors: FieldErrors) -> HTML {
        Layout.page("新增家庭成员", request: req, crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
            \(FormView.summary(errors))
            <form method="post">\(CSRF.field(for: req))
            <fieldset><legend>人口变动</legend>\(FormView.eventFields(event, kinds: RegistryStore.arrivals, errors: errors))</fieldset>
            <fieldset><legend>成员信息</legend>\(FormView.personFields(person, errors: errors, relations: Relation.allCases.filter { $0 != .householder }))</fieldset>
            <div class="actions"><button>保存</button><a class="button secondary" href="/households/\(household.id!.uuidString)">取消</a></div>
            </form>
            """)
    }

    static func addMemberForm(_ req: Request) async throws -> HTML {
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        var event = MembershipEventForm()
        event.date = CivilDate.today.description
        return addMemberPage(req, household, person: PersonForm(), event: event, errors: [:])
    }

    static func addMember(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        let person = try decode(PersonForm.self, req)
        let event = try decode(MembershipEventForm.self, req)
        var errors = FieldErrors()
        var draft: PersonDraft?
        var fields: MembershipEventForm.Fields?
        switch person.validate() {
        case .success(let d): draft = d
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        switch event.validate(allowed: RegistryStore.arrivals) {
        case .success(let f): fields = f
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        if let draft, let fields {
            do {
                _ = try await RegistryStore(try req.registry).addMember(to: household, draft, event: fields)
                return req.redirect(to: "/households/\(household.id!.uuidString)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await addMemberPage(req, household, person: person, event: event, errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func scopedPerson(_ req: Request) async throws -> (PersonRecord, HouseholdRecord) {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let found = try await req.registry.person(id) else {
            throw try await req.notFoundLogged("person", id: raw)
        }
        return found
    }

    static func editPersonPage(_ req: Request, _ person: PersonRecord, _ household: HouseholdRecord, form: PersonForm,
                               event: MembershipEventForm, errors: FieldErrors) -> HTML {
        let back = "/households/\(household.id!.uuidString)"
        let departure: HTML = person.isMember ? """
            <h2>登记减少（死亡、婚出、迁出）</h2>
            <form method="post" action="/persons/\(person.id!.uuidString)/departure">\(CSRF.field(for: req))
            \(FormView.eventFields(event, kinds: RegistryStore.departures, errors: errors))
            <div class="actions"><button>登记变动</button></div></form>
            """ : "<p class=\"muted\">此人已不在本户（\(MemberStatus(rawValue: person.status)?.label ?? person.status)）。</p>"
        return Layout.page("修改成员：\(person.name)", request: req, crumbs: [("\(household.householderName)户", back)], """
            \(FormView.summary(errors))
            <form method="post" action="/persons/\(person.id!.uuidString)/edit">\(CSRF.field(for: req))
            \(FormView.personFields(form, errors: errors))
            <div class="actions"><button>保存</button><a class="button secondary" href="\(back)">取消</a></div>
            </form>
            \(departure)
            """)
    }

    static func editPersonForm(_ req: Request) async throws -> HTML {
        try requireEditor(req)
        let (person, household) = try await scopedPerson(req)
        var event = MembershipEventForm()
        event.date = CivilDate.today.description
        return editPersonPage(req, person, household, form: PersonForm(person), event: event, errors: [:])
    }

    static func updatePerson(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let (person, household) = try await scopedPerson(req)
        let form = try decode(PersonForm.self, req)
        var errors = FieldErrors()
        switch form.validate() {
        case .success(let draft):
            do {
                try await RegistryStore(try req.registry).updatePerson(person, in: household, draft)
                return req.redirect(to: "/households/\(household.id!.uuidString)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        case .failure(let problems): errors = problems.errors
        }
        return try await editPersonPage(req, person, household, form: form, event: MembershipEventForm(), errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func recordDeparture(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let (person, household) = try await scopedPerson(req)
        let event = try decode(MembershipEventForm.self, req)
        var errors = FieldErrors()
        switch event.validate(allowed: RegistryStore.departures) {
        case .success(let fields):
            do {
                try await RegistryStore(try req.registry).recordDeparture(person, from: household, event: fields)
                return req.redirect(to: "/households/\(household.id!.uuidString)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        case .failure(let problems): errors = problems.errors
        }
        return try await editPersonPage(req, person, household, form: PersonForm(person), event: event, errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    // MARK: Income

    static func incomePage(_ req: Request, _ household: HouseholdRecord, form: IncomeForm, errors: FieldErrors) -> HTML {
        Layout.page("登记家庭收入", request: req, crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
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
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        var form = IncomeForm()
        let year = (try? req.query.get(Int.self, at: "year")) ?? CivilDate.today.year - 1
        form.year = String(year)
        if let record = try await IncomeRecord.query(on: req.db).filter(\.$householdID == household.id!).filter(\.$year == year).first() {
            for field in IncomeField.allCases { form[field] = record.income[field].yuanText }
        }
        return incomePage(req, household, form: form, errors: [:])
    }

    static func saveIncome(_ req: Request) async throws -> Response {
        try requireEditor(req)
        let household = try await HouseholdController.scopedHousehold(req)
        let form = try decode(IncomeForm.self, req)
        switch form.validate() {
        case .success(let income):
            try await RegistryStore(try req.registry).setIncome(household, income)
            return req.redirect(to: "/households/\(household.id!.uuidString)")
        case .failure(let problems):
            return try await incomePage(req, household, form: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

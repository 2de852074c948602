import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// Forms that change a household's members: a member joins, a person's details, a member leaves.
enum PersonEditController {

    static func addMemberPage(_ req: Request, _ household: HouseholdRecord, person: PersonForm, event: MembershipEventForm, errors: FieldErrors) -> HTML {
        req.page("新增家庭成员", crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")], """
            \(FormView.summary(errors))
            <form method="post">\(CSRF.field(for: req))
            <fieldset><legend>人口变动</legend>\(FormView.eventFields(event, kinds: RegistryStore.arrivals, errors: errors))</fieldset>
            <fieldset><legend>成员信息</legend>\(FormView.personFields(person, errors: errors, relations: Relation.allCases.filter { $0 != .householder }))</fieldset>
            <div class="actions"><button>保存</button><a class="button secondary" href="/households/\(household.id!.uuidString)">取消</a></div>
            </form>
            """)
    }

    static func addMemberForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        var event = MembershipEventForm()
        event.date = CivilDate.today.description
        return addMemberPage(req, household, person: PersonForm(), event: event, errors: [:])
    }

    static func addMember(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        let person = try req.decodeForm(PersonForm.self)
        let event = try req.decodeForm(MembershipEventForm.self)
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
        return req.page("修改成员：\(person.name)", crumbs: [("\(household.householderName)户", back)], """
            \(FormView.summary(errors))
            <form method="post" action="/persons/\(person.id!.uuidString)/edit">\(CSRF.field(for: req))
            \(FormView.personFields(form, errors: errors))
            <div class="actions"><button>保存</button><a class="button secondary" href="\(back)">取消</a></div>
            </form>
            \(departure)
            """)
    }

    static func editPersonForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let (person, household) = try await scopedPerson(req)
        var event = MembershipEventForm()
        event.date = CivilDate.today.description
        return editPersonPage(req, person, household, form: PersonForm(person), event: event, errors: [:])
    }

    static func updatePerson(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let (person, household) = try await scopedPerson(req)
        let form = try req.decodeForm(PersonForm.self)
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
        try req.requireEditor()
        let (person, household) = try await scopedPerson(req)
        let event = try req.decodeForm(MembershipEventForm.self)
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
}

import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// Forms that change a household's members: a member joins, a person's details, a member leaves.
enum PersonEditController {
    static func addMemberPage(_ req: Request, _ household: HouseholdRecord, person: PersonForm, event: MembershipEventForm, errors: FieldErrors) -> HTML {
        RegistryForms.view(RegistryForms.AddMember(context: req.pageContext(), household: .init(household), person: person, event: event,
                                                   arrivals: RegistryStore.arrivals, errors: errors))
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
                return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
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
        RegistryForms.view(RegistryForms.EditPerson(
            context: req.pageContext(), household: .init(household), personID: person.id!.uuidString, personName: person.name,
            formerStatus: person.isMember ? nil : (MemberStatus(rawValue: person.status)?.label ?? person.status),
            form: form, event: event, departures: RegistryStore.departures, errors: errors))
    }

    static func editPersonForm(_ req: Request) async throws -> HTML {
        try req.requireEditor()
        let (person, household) = try await scopedPerson(req)
        // The form shows the full ID number so it can be corrected: a full view, audited like a reveal.
        try await AuditLog.record(on: req.db, actor: try req.actor, action: .revealID, entity: "person", entityID: person.id?.uuidString,
                                  householdID: household.id, region: household.villageCode, summary: "打开\(person.name)的编辑表单（含完整身份证号）")
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
                return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
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
                return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        case .failure(let problems): errors = problems.errors
        }
        return try await editPersonPage(req, person, household, form: PersonForm(person), event: event, errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }
}

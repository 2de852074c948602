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
        return RegistryForms.view(RegistryForms.Changes(
            context: req.pageContext(), household: .init(household),
            others: others.map { ($0.id!.uuidString, $0.name, Format.label(Relation.self, $0.relation)) },
            villages: try await req.registry.villageChoices().filter { $0.value != household.villageCode },
            date: form.date ?? CivilDate.today.description, newNumber: form.newNumber ?? "", newHouseholder: form.newHouseholder ?? "",
            target: form.target ?? "", village: form.village ?? "", note: form.note ?? "", chosen: Set(form.members ?? []), errors: errors, open: open))
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
            return req.redirect(to: "\(SitePath.household(.value(destination)))")
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

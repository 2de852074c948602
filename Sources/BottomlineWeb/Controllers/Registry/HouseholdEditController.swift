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
        return RegistryForms.view(RegistryForms.NewHousehold(context: req.pageContext(), villages: villages, household: household, person: person, errors: errors))
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
                return req.redirect(to: "\(SitePath.household(.value(created.id!)))")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        }
        return try await newHouseholdPage(req, household: household, person: person, errors: errors)
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    // MARK: Household details

    static func editHouseholdPage(_ req: Request, _ household: HouseholdRecord, form: HouseholdForm, errors: FieldErrors) -> HTML {
        RegistryForms.view(RegistryForms.EditHousehold(context: req.pageContext(), household: .init(household), form: form, errors: errors,
                                                       accountOnRecord: household.bankAccount.map(Format.maskedAccount)))
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
            return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
        case .failure(let problems):
            return try await editHouseholdPage(req, household, form: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Income

    static func incomePage(_ req: Request, _ household: HouseholdRecord, form: IncomeForm, errors: FieldErrors) async throws -> HTML {
        let year = Int(form.year).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CivilDate.today.year - 1
        var form = form
        let ledger = try await JobStore(try req.registry).recordedIncome(of: household, year: year, today: .today)
        var filled: String?
        // 按台账填入: the ledgers' totals go into the form for the cadre to check and save; nothing is saved here.
        if req.queryText("fill") == "ledger", !ledger.isEmpty {
            let totals = Dictionary(grouping: ledger, by: \.field).mapValues { $0.reduce(Money.zero) { $0 + $1.amount } }
            filled = "已按台账填入" + totals.keys.sorted { $0.rawValue < $1.rawValue }.map { f in "\(f.label)（原为\(form[f].isEmpty ? "空" : form[f] + "元")）" }.joined(separator: "、")
                + "，请核对并补充其他收入后保存"
            for (f, total) in totals { form[f] = total.yuanText }
        }
        return RegistryForms.view(RegistryForms.Income(context: req.pageContext(), household: .init(household), form: form, errors: errors, ledger: ledger,
                                                       filledFromLedger: filled))
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
        return try await incomePage(req, household, form: form, errors: [:])
    }

    static func saveIncome(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let household = try await req.scopedHousehold()
        let form = try req.decodeForm(IncomeForm.self)
        switch form.validate() {
        case .success(let income):
            try await RegistryStore(try req.registry).setIncome(household, income)
            return req.redirect(to: "\(SitePath.household(.value(household.id!)))")
        case .failure(let problems):
            return try await incomePage(req, household, form: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

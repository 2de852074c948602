import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// 帮扶: measures of the household's 一户一策 and visits, recorded from the household page.
enum AssistanceController {
    static func addMeasure(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        switch MeasureDraft.validate(try req.formValues(), today: .today) {
        case .failure(let p): return try await req.errorPage("登记帮扶措施", back: back, Array(p.errors.values))
        case .success(let draft):
            do { _ = try await LifecycleStore(try req.registry).addMeasure(household, draft) } catch let p as FieldProblems {
                return try await req.errorPage("登记帮扶措施", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#measures")
        }
    }

    /// 小额信贷: the county records a loan of the household to one of its members.
    static func addLoan(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        var errors = FieldErrors()
        var borrower: PersonRecord?
        if let id = UUID(uuidString: values.text("borrower", limit: 40)), let person = try await PersonRecord.find(id, on: req.db), person.householdID == household.id {
            borrower = person
        }
        if borrower == nil { errors["borrower"] = "请选择本户成员为借款人" }
        let amount = errors.take("amount", FundForms.amountField(values.text("amount", limit: 40), label: "金额"))
        let issued = CivilDate(parsing: values.text("issuedOn", limit: 20)), due = CivilDate(parsing: values.text("dueOn", limit: 20))
        if issued == nil { errors["issuedOn"] = "请填写发放日期" }
        if due == nil { errors["dueOn"] = "请填写到期日期" }
        let purpose = errors.take("purpose", FieldRules.choice(values.text("purpose", limit: 40), LoanPurpose.self))
        guard errors.isEmpty, let borrower, let amount, let issued, let due, let purpose else {
            return try await req.errorPage("登记小额信贷", back: back, Array(errors.values))
        }
        do {
            try await LoanStore(try req.registry).add(LoanDraft(householdNumber: household.number, borrowerID: borrower.idNumber, bank: values.text("bank", limit: 200),
                                                                contract: values.text("contract", limit: 200), amount: amount, issuedOn: issued, dueOn: due,
                                                                purpose: purpose, exception: values.text("exception", limit: 600),
                                                                renews: values.text("renews", limit: 200)), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("登记小额信贷", back: back, Array(p.errors.values), status: .unprocessableEntity)
        }
        return req.redirect(to: back + "#loans")
    }

    /// 贴息, 展期 or 风险补偿 of one of the household's loans, by the county.
    static func loanEvent(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        var errors = FieldErrors()
        let kind = errors.take("kind", FieldRules.choice(values.text("kind", limit: 20), LoanEventKind.self))
        let day = CivilDate(parsing: values.text("onDate", limit: 20))
        if day == nil { errors["onDate"] = "请填写日期" }
        let amountText = values.text("eventAmount", limit: 20), amount = amountText.isEmpty ? nil : Money(parsing: amountText)
        if !amountText.isEmpty, amount == nil { errors["eventAmount"] = "金额应为以元计的金额" }
        let loan = UUID(uuidString: values.text("loan", limit: 40))
        guard errors.isEmpty, let kind, let day, let loan,
              try await LoanRecord.query(on: req.db).filter(\.$id == loan).filter(\.$householdID == household.id!).first() != nil else {
            return try await req.errorPage("贷后登记", back: back + "#loans", errors.isEmpty ? ["请选择本户的贷款"] : Array(errors.values))
        }
        do {
            try await LoanStore(try req.registry).recordEvent(loan, kind: kind, on: day, amount: amount, newDue: CivilDate(parsing: values.text("newDue", limit: 20)),
                                                              note: values.text("note", limit: 400), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("贷后登记", back: back + "#loans", p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: back + "#loans")
    }

    static func measureStatus(_ req: Request) async throws -> Response {
        let id = try await req.idParameter("measure")
        guard let measure = try await req.registry.measure(id) else { throw try await req.notFoundLogged("measure", id: id.uuidString) }
        let back = "\(SitePath.household(.value(measure.householdID)))"
        guard let status = MeasureStatus(rawValue: try req.formValues().text("status")) else { return try await req.errorPage("措施状态", back: back, ["请选择措施状态"]) }
        do { try await LifecycleStore(try req.registry).setStatus(measure, status, today: .today) } catch let p as FieldProblems {
            return try await req.errorPage("措施状态", back: back, Array(p.errors.values), status: .forbidden)
        }
        return req.redirect(to: back + "#measures")
    }

    static func addVisit(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        switch VisitDraft.validate(try req.formValues(), today: .today) {
        case .failure(let p): return try await req.errorPage("登记走访", back: back, Array(p.errors.values))
        case .success(let draft):
            do {
                let store = LifecycleStore(try req.registry)
                _ = try await store.addVisit(household, draft)
                // A risk found on the visit becomes a clue of the village's own 排查, to be verified like any other.
                if let clue = draft.clue {
                    let (record, _) = try await store.recordClue(household, clue, today: .today)
                    return req.redirect(to: "\(SitePath.clue(.value(record.id!)))")
                }
            } catch let p as FieldProblems {
                return try await req.errorPage("登记走访", back: back, Array(p.errors.values), status: .forbidden)
            }
            return req.redirect(to: back + "#visits")
        }
    }
}

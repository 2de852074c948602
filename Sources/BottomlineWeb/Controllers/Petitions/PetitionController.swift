import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 涉贫信访 (issue 17 §3): county and township staff register and handle petitions of their region; leaders read.
enum PetitionController {
    static func requireReader(_ req: Request) throws {
        let role = try req.actor.role
        guard role == .county || role == .township || role == .leader || role == .admin else { throw Abort(.forbidden, reason: "涉贫信访由县、乡镇办理，领导查看") }
    }

    static func year(_ text: String?) -> Int {
        let now = CivilDate.today.year
        return text.flatMap { Int($0.prefix(6)) }.flatMap { (2000...now).contains($0) ? $0 : nil } ?? now
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        var model = try await PetitionsPage.Model.query(try req.registry, year: year(req.queryText("year")), context: req.pageContext())
        if req.queryText("saved") != nil { model.flash = "已登记" }
        return PetitionsPage.view(model)
    }

    static func register(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        var errors = FieldErrors()
        let channel = errors.take("channel", FieldRules.choice(values.text("channel", limit: 20), PetitionChannel.self))
        let received = CivilDate(parsing: values.text("receivedOn", limit: 20))
        if received == nil { errors["receivedOn"] = "请填写收到日期" }
        if errors.isEmpty, let channel, let received {
            do {
                try await PetitionStore(try req.registry).register(PetitionDraft(channel: channel, receivedOn: received, petitioner: values.text("petitioner", limit: 200),
                                                                                 phone: values.text("phone", limit: 40), subject: values.text("subject", limit: 2_000),
                                                                                 householdNumber: values.text("household", limit: 80), place: values.text("place", limit: 40),
                                                                                 handler: values.text("handler", limit: 200)), today: .today)
                return req.redirect(to: "\(SitePath.petitions)?year=\(received.year)&saved=1")
            } catch let p as FieldProblems { errors = p.errors }
        }
        var model = try await PetitionsPage.Model.query(try req.registry, year: year(nil), context: req.pageContext())
        (model.values, model.errors) = (values, errors)
        return try await PetitionsPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// 告知（受理或不予受理）, 延期 or 办结 of one petition.
    static func step(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("petition")
        let store = PetitionStore(try req.registry)
        guard let petition = try await store.petition(id) else { throw try await req.notFoundLogged("petition", id: id.uuidString) }
        let values = try req.formValues()
        let back = "\(SitePath.petitions)?year=\(petition.receivedOn.prefix(4))"
        guard let day = CivilDate(parsing: values.text("on", limit: 20)) else { return try await req.errorPage("信访办理", back: back, ["请填写日期"]) }
        let text = values.text("text", limit: 2_000)
        do {
            switch values.text("action", limit: 20) {
            case "problem":
                // One step from a petition to a problem handed over: its place, household and subject come with it.
                guard let deadline = CivilDate(parsing: values.text("deadline", limit: 20)) else { return try await req.errorPage("信访办理", back: back, ["请填写整改时限"]) }
                try await ProblemStore(try req.registry).register(ProblemDraft(source: .petition, foundOn: day, category: values.text("category", limit: 100), text: petition.subject,
                                                                               leadUnit: petition.handler, responsible: values.text("responsible", limit: 100),
                                                                               measures: values.text("measures", limit: 4_000), deadline: deadline), petition: petition, today: .today)
                return req.redirect(to: "\(SitePath.problems)?year=\(day.year)&saved=1")
            case "clue":
                // One step from a petition about a registry household to a clue in its village's work list.
                guard let householdID = petition.householdID, let household = try await req.registry.household(householdID) else {
                    return try await req.errorPage("信访办理", back: back, ["该信访未关联在册农户，不能转为监测线索"])
                }
                let names = try await PolicyStore.book(for: req.actor.region, on: req.db).names(for: req.actor.region, on: .today)
                guard let risk = RiskType(rawValue: values.text("risk", limit: 40)), names.inUse(risk) else { return try await req.errorPage("信访办理", back: back, ["请选择风险类型"]) }
                let (clue, _) = try await LifecycleStore(try req.registry).recordClue(household, CadreClue(difficulty: risk, description: "信访反映：\(petition.subject)", foundOn: day),
                                                                                      today: .today)
                return req.redirect(to: SitePath.clue(.value(clue.id!.uuidString)).description)
            case "supervise": try await store.supervise(petition, on: day, today: .today)
            case "not_effective":
                let earlier = values.text("repeatOf", limit: 40)
                guard earlier.isEmpty || UUID(uuidString: earlier) != nil else { return try await req.errorPage("信访办理", back: back, ["请从列表中选择前件"]) }
                try await store.markNotEffective(petition, reason: text, repeatOf: UUID(uuidString: earlier))
            case "review_request": try await store.review(petition, .recheck, answered: false, on: day, today: .today)
            case "review_answer": try await store.review(petition, .recheck, answered: true, on: day, today: .today)
            case "recheck_request": try await store.review(petition, .reexamine, answered: false, on: day, today: .today)
            case "recheck_answer": try await store.review(petition, .reexamine, answered: true, on: day, today: .today)
            case "accept": try await store.tell(petition, accepted: true, reason: "", on: day, today: .today)
            case "refuse": try await store.tell(petition, accepted: false, reason: text, on: day, today: .today)
            case "extend":
                guard let days = Int(values.text("days", limit: 6)) else { return try await req.errorPage("信访办理", back: back, ["请填写延期天数"]) }
                try await store.extend(petition, days: days, reason: text, on: day, today: .today)
            case "close":
                let said = values.text("satisfaction", limit: 40)
                let satisfaction = said.isEmpty ? nil : PetitionSatisfaction(rawValue: said)
                if !said.isEmpty, satisfaction == nil { return try await req.errorPage("信访办理", back: back, ["请从列表中选择满意度"]) }
                try await store.close(petition, reply: text, satisfaction: satisfaction, on: day, today: .today)
            default:
                return try await req.errorPage("信访办理", back: back, ["请选择办理操作"])
            }
        } catch let p as FieldProblems {
            return try await req.errorPage("信访办理", back: back, p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: back)
    }
}

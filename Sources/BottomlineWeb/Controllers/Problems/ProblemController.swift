import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 问题整改台账 (issue 17 §2): every reader of the registry reads the problems of their region; county and township staff
/// hand them over; whoever is in charge of the place reports them rectified; the assigning level 销号 and 回头看.
enum ProblemController {
    static func requireReader(_ req: Request) throws {
        guard try req.actor.role.readsRegistry else { throw Abort(.forbidden, reason: "问题整改由县、乡镇、村办理") }
    }

    static func year(_ text: String?) -> Int {
        let now = CivilDate.today.year
        return text.flatMap { Int($0.prefix(6)) }.flatMap { (2000...now).contains($0) ? $0 : nil } ?? now
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        var model = try await ProblemsPage.Model.query(try req.registry, year: year(req.queryText("year")), state: req.queryText("state").flatMap(ProblemState.init(rawValue:)),
                                                       source: req.queryText("source").flatMap(ProblemSource.init(rawValue:)), lists: req.queryText("lists") != nil,
                                                       context: req.pageContext())
        if req.queryText("saved") != nil { model.flash = "已登记" }
        return ProblemsPage.view(model)
    }

    static func register(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        var errors = FieldErrors()
        let registry = try req.registry
        let names = try await PolicyStore.book(for: registry.actor.region, on: registry.db).names(for: registry.actor.region, on: .today)
        let source = ProblemSource(rawValue: values.text("source", limit: 20))
        if source == nil { errors["source"] = "请选择问题来源" } else if let p = names.problem([source!]) { errors["source"] = p.message }
        let found = CivilDate(parsing: values.text("foundOn", limit: 20)), deadline = CivilDate(parsing: values.text("deadline", limit: 20))
        if found == nil { errors["foundOn"] = "请填写发现日期" }
        if deadline == nil { errors["deadline"] = "请填写整改时限" }
        if errors.isEmpty, let source, let found, let deadline {
            do {
                try await ProblemStore(registry).register(ProblemDraft(source: source, foundOn: found, householdNumber: values.text("household", limit: 80),
                                                                       projectNumber: values.text("project", limit: 80), place: values.text("place", limit: 40),
                                                                       category: values.text("category", limit: 100), text: values.text("text", limit: 4_000),
                                                                       leadUnit: values.text("leadUnit", limit: 200), responsible: values.text("responsible", limit: 100),
                                                                       measures: values.text("measures", limit: 4_000), deadline: deadline), today: .today)
                return req.redirect(to: "\(SitePath.problems)?year=\(found.year)&saved=1")
            } catch let p as FieldProblems { errors = p.errors }
        }
        var model = try await ProblemsPage.Model.query(registry, year: year(nil), state: nil, source: nil, lists: false, context: req.pageContext())
        (model.values, model.errors) = (values, errors)
        return try await ProblemsPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// 整改完成, 销号 or 回头看 of one problem.
    static func step(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("problem")
        let store = ProblemStore(try req.registry)
        guard let problem = try await store.problem(id) else { throw try await req.notFoundLogged("problem", id: id.uuidString) }
        let values = try req.formValues()
        let back = "\(SitePath.problems)?year=\(problem.foundOn.prefix(4))"
        guard let day = CivilDate(parsing: values.text("on", limit: 20)) else { return try await req.errorPage("问题整改", back: back, ["请填写日期"]) }
        let text = values.text("text", limit: 4_000)
        do {
            switch values.text("action", limit: 20) {
            case "rectify": try await store.rectify(problem, evidence: text, on: day, today: .today)
            case "close": try await store.close(problem, on: day, today: .today)
            case "review":
                let holds = values.text("holds", limit: 5)
                guard holds == "yes" || holds == "no" else { return try await req.errorPage("问题整改", back: back, ["请选择回头看结果"]) }
                try await store.review(problem, holds: holds == "yes", note: text, newDeadline: CivilDate(parsing: values.text("deadline", limit: 20)), on: day, today: .today)
            default:
                return try await req.errorPage("问题整改", back: back, ["请选择操作"])
            }
        } catch let p as FieldProblems {
            return try await req.errorPage("问题整改", back: back, p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: back)
    }
}

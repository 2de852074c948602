import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 项目库: the list, a proposal, a project's page with the step its owner takes, changes, and the printable 公示.
enum ProjectController {
    static func list(_ req: Request) async throws -> HTML {
        let filter = ProjectList.Filter(year: req.queryText("year").flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil },
                                        stage: req.queryText("stage").flatMap(ProjectStage.init(rawValue:)),
                                        category: req.queryText("category").flatMap(ProjectCategory.init(rawValue:)),
                                        mine: req.queryText("mine") == "true")
        return ProjectList.view(try await .query(try req.registry, filter: filter, page: req.pageNumber, context: req.pageContext()))
    }

    static func newForm(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        guard let level = registry.actor.role.stepLevel, level == registry.actor.region.level else {
            throw Abort(.forbidden, reason: "项目由村、乡镇或县级干部按本级申报")
        }
        return try await form(req, id: nil, values: ["place": registry.actor.region.digits, "year": String(CivilDate.today.year)], errors: [:], stage: nil)
    }

    static func form(_ req: Request, id: UUID?, values: FormValues, errors: FieldErrors, stage: ProjectStage?) async throws -> HTML {
        let registry = try req.registry
        var values = values
        values["place"] = values["place"] ?? registry.actor.region.digits
        let place = RegionCode(values["place"] ?? "") ?? registry.actor.region
        let names = try await RegionStore.names(for: Set(place.lineage.map(\.digits)), on: req.db)
        return ProjectPage.form(.init(context: req.pageContext(), id: id?.uuidString, values: values, errors: errors,
                                      placeName: place.lineage.filter { $0.level >= .county }.map { names[$0.digits] ?? $0.digits }.joined(separator: " "),
                                      stage: stage, needsReason: stage.map { $0 != .proposed } ?? false))
    }

    static func create(_ req: Request) async throws -> Response {
        let registry = try req.registry
        var values = try req.formValues()
        values["place"] = registry.actor.region.digits   // a level proposes its own place's projects
        switch ProjectDraft.validate(values, today: .today) {
        case .failure(let p):
            return try await form(req, id: nil, values: values, errors: p.errors, stage: nil).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let draft):
            do {
                let project = try await ProjectStore(registry).propose(draft, today: .today)
                return req.redirect(to: "\(SitePath.project(.value(project.id!)))")
            } catch let p as FieldProblems {
                return try await form(req, id: nil, values: values, errors: p.errors, stage: nil).encodeResponse(status: .unprocessableEntity, for: req)
            }
        }
    }

    static func scopedProject(_ req: Request) async throws -> ProjectRecord {
        let id = try await req.idParameter("project")
        guard let project = try await req.registry.project(id) else { throw try await req.notFoundLogged("project", id: id.uuidString) }
        return project
    }

    static func show(_ req: Request) async throws -> HTML {
        let project = try await scopedProject(req)
        return ProjectPage.view(try await .query(try req.registry, project: project, context: req.pageContext(), today: .today))
    }

    static func notice(_ req: Request) async throws -> HTML {
        let project = try await scopedProject(req)
        return ProjectPage.notice(try await .query(try req.registry, project: project, context: req.pageContext(), today: .today))
    }

    static func editForm(_ req: Request) async throws -> HTML {
        let project = try await scopedProject(req)
        var values = (project.pendingDraft ?? project.draft).formValues
        values["place"] = project.regionCode
        return try await form(req, id: project.id, values: values, errors: [:], stage: project.stageValue)
    }

    static func edit(_ req: Request) async throws -> Response {
        let project = try await scopedProject(req)
        var values = try req.formValues()
        values["place"] = project.regionCode
        values["number"] = project.number
        let refused: (FieldErrors) async throws -> Response = { errors in
            try await form(req, id: project.id, values: values, errors: errors, stage: project.stageValue).encodeResponse(status: .unprocessableEntity, for: req)
        }
        switch ProjectDraft.validate(values, today: .today) {
        case .failure(let p): return try await refused(p.errors)
        case .success(let draft):
            do {
                try await ProjectStore(try req.registry).change(project, to: draft, reason: values.text("reason", limit: 600), today: .today)
                return req.redirect(to: "\(SitePath.project(.value(project.id!)))")
            } catch let p as FieldProblems {
                return try await refused(p.errors)
            }
        }
    }

    /// Runs one action posted from the project's page. A refusal shows the page again with the problems beside their
    /// fields (422). A refusal of the whole action (`"_"`) is an error page, 403, when `forbidden` says the user may not
    /// act there at all, and a 422 error page where `generalAsPage`; otherwise it heads the page again. Done, back to the
    /// page, at `anchor`.
    static func projectAction(_ req: Request, title: String, anchor: String = "", generalAsPage: Bool = false, forbidden: @escaping (ProjectPage.Model) -> Bool,
                              _ body: (ProjectRecord, FormValues, ProjectStore, CivilDate) async throws -> Void) async throws -> Response {
        let project = try await scopedProject(req)
        let values = try req.formValues()
        let today = CivilDate.today
        let page = "\(SitePath.project(.value(project.id!)))"
        do {
            try await body(project, values, ProjectStore(try req.registry), today)
        } catch let p as FieldProblems {
            var model = try await ProjectPage.Model.query(try req.registry, project: project, context: req.pageContext(), today: today)
            if let general = p.errors["_"], forbidden(model) || generalAsPage {
                return try await req.errorPage(title, back: page, [general], status: forbidden(model) ? .forbidden : .unprocessableEntity)
            }
            model.errors = p.errors
            model.values = values
            return try await ProjectPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: page + anchor)
    }

    /// The owner's step: pass (with the 公示 where one is needed), send back, refuse, or decide a change.
    static func act(_ req: Request) async throws -> Response {
        try await projectAction(req, title: "办理项目", forbidden: { !$0.mayPass && !$0.mayRefuse }) { project, values, store, today in
            switch values.text("action", limit: 20) {
            case "pass":
                var errors = FieldErrors()
                let on = errors.take("on", FieldRules.pastDate(values.text("on", limit: 20), label: "办理日期", today: today))
                var notice: NoticePeriod?
                if project.stageValue.needsNotice {
                    let from = CivilDate(parsing: values.text("noticeFrom", limit: 20))
                    let days = Int(values.text("noticeDays", limit: 6)).flatMap { (1...365).contains($0) ? $0 : nil }
                    if from == nil { errors["noticeFrom"] = "请填写公示开始日期" }
                    if days == nil { errors["noticeDays"] = "公示天数应为1至365的整数" }
                    if let from, let days { notice = NoticePeriod(start: from, days: days) }
                }
                let comment = errors.take("comment", FieldRules.longText(values.text("comment", limit: 1000), label: "意见", max: 500))
                guard errors.isEmpty, let on, let comment else { throw FieldProblems(errors) }
                try await store.pass(project, on: on, notice: notice, comment: comment, today: today)
            case "sendBack", "reject":
                try await store.sendBack(project, reject: values.text("action") == "reject", reason: values.text("reason", limit: 600), today: today)
            case "approveChange", "refuseChange":
                try await store.decideChange(project, approve: values.text("action") == "approveChange", comment: values.text("reason", limit: 600), today: today)
            default:
                throw FieldProblems(["_": "未知的操作"])
            }
        }
    }

    /// 联农带农: link households by number, or remove one link.
    static func households(_ req: Request) async throws -> Response {
        try await projectAction(req, title: "联农带农农户", anchor: "#farmers", generalAsPage: true, forbidden: { !$0.mayLink }) { project, values, store, today in
            switch values.text("action", limit: 20) {
            case "link":
                var errors = FieldErrors()
                let way = errors.take("way", FieldRules.choice(values.text("way", limit: 40), FarmerLinkWay.self))
                let numbers = errors.take("numbers", ProjectRules.householdNumbers(values.text("numbers", limit: 20_000)))
                guard errors.isEmpty, let way, let numbers else { throw FieldProblems(errors) }
                try await store.link(project, numbers: numbers, way: way, today: today)
            case "unlink":
                guard let id = UUID(uuidString: values.text("household", limit: 40)) else { throw FieldProblems(["_": "该户未关联本项目，或不在您的辖区"]) }
                try await store.unlink(project, household: id)
            default:
                throw FieldProblems(["_": "未知的操作"])
            }
        }
    }
}

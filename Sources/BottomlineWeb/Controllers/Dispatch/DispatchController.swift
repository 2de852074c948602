import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 驻村帮扶 (issue 17 §1): every reader of the registry reads the teams of their region; a cadre with their own login
/// taps “我在村”, asks for leave and keeps a log; township and county staff check and approve leave; the county sends,
/// ends and grades.
enum DispatchController {
    static func requireReader(_ req: Request) throws {
        guard try req.actor.role.readsRegistry else { throw Abort(.forbidden, reason: "驻村帮扶由县、乡镇、村查看") }
    }

    /// The month asked (never one to come), else this month.
    static func month(_ text: String?) -> CivilMonth {
        let thisMonth = CivilMonth(CivilDate.today)
        return text.flatMap(CivilMonth.init(parsing:)).flatMap { $0 <= thisMonth ? $0 : nil } ?? thisMonth
    }

    static func place(_ text: String?, _ req: Request) throws -> RegionCode {
        let own = try req.actor.region
        return text.flatMap(RegionCode.init).flatMap { own.contains($0) ? $0 : nil } ?? own
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        var model = try await DispatchPage.Model.query(try req.registry, month: month(req.queryText("month")), place: place(req.queryText("place"), req), context: req.pageContext())
        model.flash = req.queryText("done").flatMap { ["tap": "已记录在村", "leave": "请假已提交，待审批", "log": "日志已保存", "sent": "已登记", "step": "已登记"][$0] }
        return DispatchPage.view(model)
    }

    static func back(_ req: Request, _ done: String) -> Response { req.redirect(to: "\(SitePath.dispatch)?done=\(done)") }

    /// Runs a step; a refusal is a page of its reasons with the way back, success the page with its flash.
    static func attempt(_ req: Request, _ title: String, done: String, _ step: () async throws -> Void) async throws -> Response {
        do {
            try await step()
        } catch let p as FieldProblems {
            return try await req.errorPage(title, back: SitePath.dispatch.description, p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return back(req, done)
    }

    static func send(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        var errors = FieldErrors()
        let role = errors.take("role", FieldRules.choice(values.text("role", limit: 20), DispatchRole.self))
        let level = errors.take("sendingLevel", FieldRules.choice(values.text("sendingLevel", limit: 20), SendingLevel.self))
        let start = CivilDate(parsing: values.text("start", limit: 20)), end = CivilDate(parsing: values.text("plannedEnd", limit: 20))
        if start == nil { errors["start"] = "请填写到村日期" }
        if end == nil { errors["plannedEnd"] = "请填写计划期满日期" }
        if errors.isEmpty, let role, let level, let start, let end {
            do {
                try await DispatchStore(try req.registry).send(DispatchDraft(village: values.text("village", limit: 40), name: values.text("name", limit: 100), phone: values.text("phone", limit: 40),
                                                                             role: role, sendingUnit: values.text("sendingUnit", limit: 200), sendingLevel: level,
                                                                             batch: values.text("batch", limit: 60), start: start, plannedEnd: end, username: values.text("username", limit: 100)),
                                                               today: .today)
                return back(req, "sent")
            } catch let p as FieldProblems { errors = p.errors }
        }
        var model = try await DispatchPage.Model.query(try req.registry, month: month(nil), place: try req.actor.region, context: req.pageContext())
        (model.values, model.errors) = (values, errors)
        return try await DispatchPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// 查岗, 召回/撤换/轮换 or 年度考核 of one cadre.
    static func step(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("member")
        let store = DispatchStore(try req.registry)
        guard let member = try await store.member(id) else { throw try await req.notFoundLogged("dispatch member", id: id.uuidString) }
        let values = try req.formValues()
        let title = "驻村帮扶"
        do {
            switch values.text("action", limit: 20) {
            case "check":
                guard let day = CivilDate(parsing: values.text("on", limit: 20)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请填写查岗日期"]) }
                guard let method = DispatchCheckMethod(rawValue: values.text("method", limit: 20)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请选择查岗方式"]) }
                let present = values.text("present", limit: 5)
                guard present == "yes" || present == "no" else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请选择查岗结果"]) }
                try await store.check(member, on: day, method: method, present: present == "yes", note: values.text("note", limit: 1_000), today: .today)
            case "end":
                guard let day = CivilDate(parsing: values.text("on", limit: 20)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请填写离村日期"]) }
                guard let ending = DispatchEnding(rawValue: values.text("ending", limit: 20)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请选择离村原因"]) }
                try await store.end(member, ending, reason: values.text("reason", limit: 1_000), on: day, today: .today)
            case "review":
                guard let year = Int(values.text("year", limit: 6)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请填写考核年度"]) }
                guard let grade = DispatchGrade(rawValue: values.text("grade", limit: 20)) else { return try await req.errorPage(title, back: SitePath.dispatch.description, ["请选择考核等次"]) }
                try await store.review(member, year: year, grade: grade, note: values.text("note", limit: 1_000), today: .today)
            default:
                return try await req.errorPage(title, back: SitePath.dispatch.description, ["请选择操作"])
            }
        } catch let p as FieldProblems {
            return try await req.errorPage(title, back: SitePath.dispatch.description, p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return back(req, "step")
    }

    /// “我在村”: the moment is the server's; the location only when the browser gave all of it.
    static func tap(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        let number = { (name: String) -> Double? in Double(values.text(name, limit: 30)).flatMap { $0.isFinite ? $0 : nil } }
        return try await attempt(req, "驻村帮扶", done: "tap") {
            try await DispatchStore(try req.registry).tap(at: CivilDate.now, latitude: number("latitude"), longitude: number("longitude"), accuracy: number("accuracy"))
        }
    }

    static func askLeave(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        guard let from = CivilDate(parsing: values.text("from", limit: 20)), let to = CivilDate(parsing: values.text("to", limit: 20)) else {
            return try await req.errorPage("驻村帮扶", back: SitePath.dispatch.description, ["请填写请假的开始和结束日期"])
        }
        return try await attempt(req, "驻村帮扶", done: "leave") {
            try await DispatchStore(try req.registry).askLeave(from: from, to: to, reason: values.text("reason", limit: 1_000), today: .today)
        }
    }

    static func decideLeave(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("leave")
        let store = DispatchStore(try req.registry)
        guard let leave = try await store.leave(id) else { throw try await req.notFoundLogged("dispatch leave", id: id.uuidString) }
        let decision = try req.formValues().text("decision", limit: 10)
        guard decision == "approve" || decision == "refuse" else { return try await req.errorPage("驻村帮扶", back: SitePath.dispatch.description, ["请选择批准或不批准"]) }
        return try await attempt(req, "驻村帮扶", done: "step") {
            try await store.decide(leave, approve: decision == "approve", today: .today)
        }
    }

    static func log(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        guard let day = CivilDate(parsing: values.text("day", limit: 20)) else { return try await req.errorPage("驻村帮扶", back: SitePath.dispatch.description, ["请填写日志日期"]) }
        return try await attempt(req, "驻村帮扶", done: "log") {
            try await DispatchStore(try req.registry).log(values.text("text", limit: 4_000), on: day, household: values.text("household", limit: 40), today: .today)
        }
    }

    /// 驻村经费: the county allots a year's money to a 第一书记 or a village.
    static func allot(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        let store = DispatchStore(try req.registry)
        let fail = { (messages: [String]) in try await req.errorPage("驻村经费", back: SitePath.dispatch.description, messages) }
        guard let kind = DispatchFundKind(rawValue: values.text("kind", limit: 20)) else { return try await fail(["请选择经费类别"]) }
        guard let amount = Money(wanYuan: values.text("amount", limit: 20)) else { return try await fail(["金额应为以万元计的数（最多四位小数）"]) }
        guard let year = Int(values.text("year", limit: 6)) else { return try await fail(["请填写年度"]) }
        var member: DispatchMemberRecord?
        var village = values.text("village", limit: 40)
        if kind == .secretary {
            guard let id = UUID(uuidString: values.text("member", limit: 40)), let m = try await store.member(id) else { return try await fail(["请选择第一书记"]) }
            (member, village) = (m, m.villageCode)
        }
        do {
            try await store.allot(kind, village: village.trimmingASCIISpaces(), member: member, year: year, amount: amount, note: values.text("note", limit: 400), today: .today)
        } catch let p as FieldProblems { return try await fail(p.errors.sorted { $0.key < $1.key }.map(\.value)) }
        return back(req, "step")
    }

    static func spend(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("dispatch fund")
        let store = DispatchStore(try req.registry)
        guard let fund = try await store.fund(id) else { throw try await req.notFoundLogged("dispatch fund", id: id.uuidString) }
        let values = try req.formValues()
        guard let amount = Money(wanYuan: values.text("amount", limit: 20)) else {
            return try await req.errorPage("驻村经费", back: SitePath.dispatch.description, ["金额应为以万元计的数（最多四位小数）"])
        }
        return try await attempt(req, "驻村经费", done: "step") {
            try await store.spend(fund, amount: amount, note: values.text("note", limit: 400))
        }
    }
}

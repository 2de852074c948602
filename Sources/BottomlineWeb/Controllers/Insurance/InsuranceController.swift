import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 防贫保险 (issue 16 §2): the county's scheme and claims page, its steps on a claim, and a claim opened from the
/// household page.
enum InsuranceController {
    static func requireReader(_ req: Request) throws {
        let actor = try req.actor
        guard actor.role.stepLevel != nil || actor.role == .leader || actor.role == .admin, actor.region.level >= .county else {
            throw Abort(.forbidden, reason: "防贫保险由县、乡镇、村干部和领导按县查看")
        }
    }

    static func year(_ raw: String?) -> Int {
        raw.flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CivilDate.today.year
    }

    static func page(_ req: Request, year: Int, values: FormValues = [:], errors: FieldErrors = [:], flash: String? = nil) async throws -> InsurancePage.Model {
        var m = try await InsurancePage.Model.query(try req.registry, year: year, context: req.pageContext(), today: .today)
        (m.values, m.errors, m.flash) = (values, errors, flash)
        return m
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        return InsurancePage.view(try await page(req, year: year(req.queryText("year"))))
    }

    static func saveScheme(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        let year = year(values.text("year", limit: 6))
        var errors = FieldErrors()
        func money(_ key: String, _ label: String, required: Bool) -> Money? {
            let raw = values.text(key, limit: 20)
            if raw.isEmpty { if required { errors[key] = "请填写\(label)" }; return nil }
            guard let m = Money(parsing: raw), m.fen >= 0 else { errors[key] = "\(label)应为金额（元）"; return nil }
            return m
        }
        let persons = Int(values.text("insuredPersons", limit: 12))
        if persons == nil { errors["insuredPersons"] = "参保人数应为整数" }
        let premium = money("premium", "人均保费", required: true), carried = money("carriedIn", "上年结转", required: false) ?? .zero
        let notice = Int(values.text("noticeDays", limit: 4).isEmpty ? "0" : values.text("noticeDays", limit: 4))
        if notice == nil { errors["noticeDays"] = "公示天数应为整数" }
        var rules: [InsuranceTrigger: TriggerRule] = [:]
        for t in InsuranceTrigger.allCases {
            let line = values.text("\(t.rawValue)Line", limit: 20), ratio = values.text("\(t.rawValue)Ratio", limit: 10), cap = values.text("\(t.rawValue)Cap", limit: 20)
            if line.isEmpty, ratio.isEmpty, cap.isEmpty { continue }
            guard let l = Money(parsing: line), let r = PolicyParameter.hundredthsOfPercent(ratio) else {
                errors[t.rawValue] = "\(t.label)：请填写起付线（元）和赔付比例（%）"
                continue
            }
            let c: Money? = cap.isEmpty ? nil : Money(parsing: cap)
            if !cap.isEmpty, c == nil { errors[t.rawValue] = "\(t.label)：封顶应为金额（元）"; continue }
            rules[t] = TriggerRule(line: l, ratio: r, cap: c)
        }
        if errors.isEmpty, let persons, let premium, let notice {
            do {
                try await InsuranceStore(try req.registry).saveScheme(InsuranceSchemeDraft(year: year, insurer: values.text("insurer", limit: 200), coversOrdinary: values.text("coversOrdinary") == "yes",
                                                                                         insuredPersons: persons, premiumPerPerson: premium, carriedIn: carried, noticeDays: notice, rules: rules),
                                                                     today: .today)
                return req.redirect(to: "\(SitePath.insurance)?year=\(year)")
            } catch let p as FieldProblems { errors = p.errors }
        }
        return try await InsurancePage.view(try await page(req, year: year, values: values, errors: errors)).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func propose(_ req: Request) async throws -> Response {
        try requireReader(req)
        let year = year(try req.formValues().text("year", limit: 6))
        let asOf: CivilDate = year == CivilDate.today.year ? .today : CivilDate(year: year, month: 12, day: 31)!
        do {
            let made = try await InsuranceStore(try req.registry).proposeFromFeeds(asOf: min(asOf, .today), today: .today)
            let counts = InsuranceStore.proposingFeeds.compactMap { f -> String? in
                let n = made.filter { $0.trigger == f.trigger.rawValue }.count
                return n == 0 ? nil : "\(f.trigger.label)\(n)条"
            }
            return try await InsurancePage.view(try await page(req, year: year, flash: made.isEmpty ? "没有新的理赔建议" : "按医保、教育数据新建理赔建议\(counts.joined(separator: "、"))，请逐条审核"))
                .encodeResponse(for: req)
        } catch let p as FieldProblems {
            return try await req.errorPage("理赔建议", back: "\(SitePath.insurance)?year=\(year)", Array(p.errors.values), status: .unprocessableEntity)
        }
    }

    static func decide(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("insurance_claim")
        guard let claim = try await req.registry.scoped(InsuranceClaimRecord.self).filter(\.$id == id).first() else {
            throw try await req.notFoundLogged("insurance_claim", id: id.uuidString)
        }
        let values = try req.formValues()
        let back = "\(SitePath.insurance)?year=\(String(claim.openedOn.prefix(4)))"
        do {
            try await InsuranceStore(try req.registry).decide(claim, values.text("action", limit: 20), noticeFrom: CivilDate(parsing: values.text("noticeFrom", limit: 20)),
                                                              paidOn: CivilDate(parsing: values.text("paidOn", limit: 20)), reason: values.text("reason", limit: 300), today: .today)
        } catch let p as FieldProblems {
            return try await req.errorPage("理赔", back: back, p.errors.sorted { $0.key < $1.key }.map(\.value))
        }
        return req.redirect(to: back)
    }

    /// A claim opened from the household page.
    static func open(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        var errors = FieldErrors()
        let trigger = errors.take("trigger", FieldRules.choice(values.text("trigger", limit: 20), InsuranceTrigger.self))
        let cost = Money(parsing: values.text("cost", limit: 20))
        if cost == nil { errors["cost"] = "费用应为金额（元）" }
        if errors.isEmpty, let trigger, let cost {
            do {
                try await InsuranceStore(try req.registry).open(household, trigger: trigger, cost: cost, note: values.text("note", limit: 400), today: .today)
                return req.redirect(to: back + "#insurance")
            } catch let p as FieldProblems { errors = p.errors }
        }
        return try await req.errorPage("登记防贫保险理赔", back: back + "#insurance", errors.sorted { $0.key < $1.key }.map(\.value))
    }
}

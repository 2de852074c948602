import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 帮扶项目资产: the ledger, one asset with its income and distribution, registration after 验收, and disposal.
enum AssetController {
    static func list(_ req: Request) async throws -> HTML {
        let year = req.queryText("year").flatMap { Int($0) }.flatMap { (2012...2100).contains($0) ? $0 : nil } ?? CivilDate.today.year
        return AssetsPage.view(try await .query(try req.registry, year: year, context: req.pageContext()))
    }

    static func places(_ registry: ScopedRegistry) async throws -> [(value: String, label: String)] {
        let county = try await RegionStore.names(for: [registry.actor.region.digits], on: registry.db)
        let townships = try await registry.children(of: registry.actor.region).map { ($0.id!, $0.name) }
        return [(registry.actor.region.digits, county[registry.actor.region.digits] ?? "本县")] + townships + (try await registry.villageChoices())
    }

    static func formPage(_ req: Request, values: FormValues, errors: FieldErrors, project: ProjectRecord?) async throws -> HTML {
        AssetsPage.form(.init(context: req.pageContext(), values: values, errors: errors,
                              project: project.map { ($0.id!.uuidString, "\($0.number) \($0.name)") }, places: try await places(try req.registry)))
    }

    static func formProject(_ req: Request, _ raw: String?) async throws -> ProjectRecord? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw), let p = try await req.registry.project(id) else { throw try await req.notFoundLogged("project", id: raw) }
        return p
    }

    static func newForm(_ req: Request) async throws -> HTML {
        guard AssetStore(try req.registry).mayRegister else { throw Abort(.forbidden, reason: "资产由县级管理员登记") }
        let project = try await formProject(req, req.queryText("project"))
        var values: FormValues = ["kind": AssetKind.general.rawValue, "owner": AssetOwner.villageCollective.rawValue]
        if let p = project {
            let money = try await FundStore.money(of: p, on: req.db)
            values["number"] = "ZC-" + p.number
            values["name"] = p.name
            values["class"] = AssetClass.likely(for: p.categoryValue).rawValue
            values["place"] = p.regionCode
            values["value"] = (money.paid > .zero ? money.paid : p.draft.budget).wanText
            values["way"] = p.categoryValue.countsAsIndustry ? OperationWay.lease.rawValue : OperationWay.none.rawValue
            if p.name.contains("光伏") { values["kind"] = AssetKind.photovoltaic.rawValue }
            if p.name.contains("车间") { values["kind"] = AssetKind.workshop.rawValue }
        }
        return try await formPage(req, values: values, errors: [:], project: project)
    }

    static func create(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        let project = try await formProject(req, values["project"])
        do {
            switch AssetDraft.validate(values, today: .today) {
            case .failure(let p): throw p
            case .success(let draft):
                let asset = try await AssetStore(try req.registry).register(draft, project: project)
                return req.redirect(to: "\(SitePath.asset(.value(asset.id!)))")
            }
        } catch let p as FieldProblems {
            return try await formPage(req, values: values, errors: p.errors, project: project).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func scopedAsset(_ req: Request) async throws -> AssetRecord {
        let id = try await req.idParameter("asset")
        guard let asset = try await req.registry.asset(id) else { throw try await req.notFoundLogged("asset", id: id.uuidString) }
        return asset
    }

    static func show(_ req: Request) async throws -> HTML {
        let asset = try await scopedAsset(req)
        return AssetsPage.detail(try await .query(try req.registry, asset: asset, context: req.pageContext(), today: .today))
    }

    static func refused(_ req: Request, _ asset: AssetRecord, form: String, values: FormValues, errors: FieldErrors) async throws -> Response {
        var model = try await AssetsPage.DetailModel.query(try req.registry, asset: asset, context: req.pageContext(), today: .today)
        model.form = form
        model.values = values
        model.errors = errors
        return try await AssetsPage.detail(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func year(_ values: FormValues) throws -> Int {
        guard let y = Int(values.text("year", limit: 6)), (2012...2100).contains(y) else { throw FieldProblems(["year": "年度应为2012至2100年"]) }
        return y
    }

    static func income(_ req: Request) async throws -> Response {
        let asset = try await scopedAsset(req)
        let values = try req.formValues()
        do {
            let month = Int(values.text("month", limit: 4)) ?? -1
            var errors = FieldErrors()
            let amount = errors.take("amount", FundForms.amountField(values.text("amount", limit: 40), label: "收益", allowZero: true))
            var kwh: Int64?
            if !values.text("kwh", limit: 20).isEmpty {
                if let k = Int64(values.text("kwh", limit: 20)), (0...10_000_000_000).contains(k) { kwh = k } else { errors["kwh"] = "发电量应为不小于0的整数（千瓦时）" }
            }
            guard errors.isEmpty, let amount else { throw FieldProblems(errors) }
            try await AssetStore(try req.registry).recordIncome(asset, year: try year(values), month: month, amount: amount, kwh: kwh,
                                                                note: values.text("note", limit: 600), today: .today)
        } catch let p as FieldProblems {
            return try await refused(req, asset, form: "income", values: values, errors: p.errors)
        }
        return req.redirect(to: "\(SitePath.asset(.value(asset.id!)))")
    }

    /// "T001 4800" per line (space, tab, comma or 、 between), amounts in 元 to the 分.
    static func payouts(_ text: String) throws -> [(number: String, amount: Money)] {
        var out: [(String, Money)] = []
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count <= 2000 else { throw FieldProblems(["payouts": "一次最多登记2000户"]) }
        for (i, line) in lines.enumerated() {
            let parts = line.split(whereSeparator: { " \t,，、".contains($0) }).map(String.init)
            guard parts.count == 2, let amount = Money(parsing: parts[1]), amount > .zero, amount <= Money.largest else {
                throw FieldProblems(["payouts": "第\(i + 1)行应为“户编号 金额（元）”：\(line.prefix(40))"])
            }
            out.append((parts[0], amount))
        }
        return out
    }

    static func distribute(_ req: Request) async throws -> Response {
        let asset = try await scopedAsset(req)
        let values = try req.formValues()
        do {
            var errors = FieldErrors()
            let use = errors.take("use", FieldRules.choice(values.text("use", limit: 40), IncomeUse.self))
            let amount = errors.take("amount", FundForms.amountField(values.text("amount", limit: 40), label: "分配金额"))
            let decided = errors.take("decidedOn", FieldRules.pastDate(values.text("decidedOn", limit: 20), label: "决定日期", today: .today))
            guard errors.isEmpty, let use, let amount, let decided else { throw FieldProblems(errors) }
            try await AssetStore(try req.registry).distribute(asset, year: try year(values), use: use, amount: amount, decidedOn: decided,
                                                              decidedBy: values.text("decidedBy", limit: 200), note: values.text("note", limit: 600),
                                                              payouts: try payouts(values.text("payouts", limit: 40_000)), today: .today)
        } catch let p as FieldProblems {
            return try await refused(req, asset, form: "distribute", values: values, errors: p.errors)
        }
        return req.redirect(to: "\(SitePath.asset(.value(asset.id!)))")
    }

    static func dispose(_ req: Request) async throws -> Response {
        let asset = try await scopedAsset(req)
        let values = try req.formValues()
        do {
            guard let on = CivilDate(parsing: values.text("on", limit: 20)) else { throw FieldProblems(["on": "请填写处置日期（年-月-日）"]) }
            try await AssetStore(try req.registry).dispose(asset, on: on, approvals: values.text("approvals", limit: 600), today: .today)
        } catch let p as FieldProblems {
            return try await refused(req, asset, form: "dispose", values: values, errors: p.errors)
        }
        return req.redirect(to: "\(SitePath.asset(.value(asset.id!)))")
    }
}

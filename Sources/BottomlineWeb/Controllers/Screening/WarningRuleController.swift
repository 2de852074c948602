import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 筛查规则: each rule's figures (warnings, verified, included) and a county administrator's change to a rule, tried
/// on the last twelve months' files before it is saved.
enum WarningRuleController {
    static func stats(_ req: Request) async throws -> HTML {
        try req.requireFeedReader()
        return WarningRules.view(try await WarningRules.StatsModel.query(try req.screening, context: req.pageContext()))
    }

    static func currentRule(_ req: Request) async throws -> ScreeningRule {
        let code = req.parameters.get("code") ?? ""
        guard let rule = try await req.screening.rules(on: .today).first(where: { $0.code == code }) else { throw Abort(.notFound, reason: "没有这条筛查规则") }
        return rule
    }

    static func form(_ req: Request) async throws -> HTML {
        let rule = try await currentRule(req)
        guard try req.screening.mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        var values: FormValues = ["name": rule.name, "windowMonths": String(rule.windowMonths), "filters": rule.filterText,
                                  "risk": rule.risk?.rawValue ?? "", "effectiveFrom": CivilDate.today.description]
        for cls in HouseholdClass.allCases {
            values["threshold_" + cls.rawValue] = rule.thresholds[cls].map { if case .sum = rule.measure { Money(fen: $0).yuanText } else { String($0) } } ?? ""
        }
        return try await rulePage(req, rule, values: values, errors: [:])
    }

    static func rulePage(_ req: Request, _ rule: ScreeningRule, values: FormValues, errors: FieldErrors,
                         dryRun: WarningRules.Model.DryRun? = nil) async throws -> HTML {
        WarningRules.view(WarningRules.Model(context: req.pageContext(), rule: rule, riskTypes: try await req.codeNames().options(RiskType.self),
                                             values: values, errors: errors, dryRun: dryRun))
    }

    static func save(_ req: Request) async throws -> Response {
        let rule = try await currentRule(req)
        let store = try req.screening
        guard store.mayEditRules else { throw Abort(.forbidden, reason: "只有县级管理员和系统管理员可以修改筛查规则") }
        let values = try req.formValues()
        switch rule.revised(by: values, today: .today) {
        case .failure(let p):
            return try await rulePage(req, rule, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let revised):
            if values.text("action") == "save" {
                do {
                    try await store.saveRule(revised)
                    return req.redirect(to: "\(SitePath.screening)")
                } catch let p as FieldProblems {
                    return try await rulePage(req, rule, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
                }
            }
            let run = try await store.dryRun(current: rule, proposed: revised, today: .today)
            return try await rulePage(req, rule, values: values, errors: [:], dryRun: .init(files: run.files, rows: run.rows, current: run.current, proposed: run.proposed, shift: run.shift,
                                                                                              names: try await RegionStore.names(for: Set(run.shift.townships.keys).union(run.shift.villages.keys), on: req.db))).encodeResponse(for: req)
        }
    }
}

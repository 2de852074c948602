import BottomlineDomain
import BottomlinePersistence
import Vapor

/// 识别纳入 and 风险消除 cases: the open ones, one case with the form of its step, and acting on the step.
enum CaseController {
    static func list(_ req: Request) async throws -> HTML {
        CaseList.view(try await .query(try req.registry, context: req.pageContext(), today: .today))
    }

    static func show(_ req: Request) async throws -> HTML {
        try await page(req, try await req.scopedCase(), values: [:], errors: [:])
    }

    static func page(_ req: Request, _ record: CaseRecord, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let names = try await req.codeNames(for: RegionCode(record.villageCode))
        guard var model = try await CaseDetail.Model.query(try req.registry, record: record, names: names, values: values,
                                                           context: req.pageContext(), today: .today) else { throw Abort(.notFound) }
        model.errors = errors
        return CaseDetail.view(model)
    }

    static func act(_ req: Request) async throws -> Response {
        let record = try await req.scopedCase()
        let values = try req.formValues()
        guard let action = StepAction(rawValue: values.text("action")) else { throw Abort(.badRequest, reason: "请选择办理结果") }
        do {
            try await LifecycleStore(try req.registry).act(on: record, action, values: values, today: .today)
            return req.redirect(to: "\(SitePath.monitoringCase(.value(record.id!)))")
        } catch let p as FieldProblems {
            // A fresh copy: the failed attempt changed nothing in the database, and must not on the page either.
            let fresh = try await req.registry.monitoringCase(record.id!) ?? record
            return try await page(req, fresh, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Crypto
import Fluent
import Vapor

/// 筛查预警: the warnings of the user's region, one warning with its evidence, and the village's 核实结论.
enum WarningController {
    static func list(_ req: Request) async throws -> HTML {
        Warnings.view(try await .query(try req.registry, status: req.queryText("status") ?? "open", feed: req.queryText("feed").flatMap(FeedKind.init(rawValue:)),
                                       overdue: req.queryText("overdue") == "1", file: req.queryText("file").flatMap(UUID.init(uuidString:)),
                                       names: try await req.codeNames(), page: req.pageNumber, context: req.pageContext(), today: .today))
    }

    static func scopedWarning(_ req: Request) async throws -> WarningRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let w = try await req.screening.warning(id) else {
            throw try await req.notFoundLogged("warning", id: req.parameters.get("id") ?? "")
        }
        return w
    }

    static func show(_ req: Request) async throws -> HTML { try await page(req, try await scopedWarning(req), errors: [:], note: "") }

    static func page(_ req: Request, _ w: WarningRecord, errors: FieldErrors, note: String) async throws -> HTML {
        var model = try await Warnings.Model.query(try req.registry, warning: w, names: try await req.codeNames(for: RegionCode(w.villageCode)),
                                                   context: req.pageContext(), today: .today)
        model.errors = errors
        model.note = note
        return Warnings.view(model)
    }

    static func dispose(_ req: Request) async throws -> Response {
        let w = try await scopedWarning(req)
        let values = try req.formValues()
        let note = values.text("note", limit: 600)
        guard let disposition = WarningDisposition(rawValue: values.text("disposition")) else {
            return try await page(req, w, errors: ["disposition": "请选择核实结论"], note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await req.screening.dispose(w, disposition, note: note, today: .today)
            return req.redirect(to: "\(SitePath.warning(.value(w.id!)))")
        } catch let p as FieldProblems {
            let fresh = try await req.screening.warning(w.id!) ?? w
            return try await page(req, fresh, errors: p.errors, note: note).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

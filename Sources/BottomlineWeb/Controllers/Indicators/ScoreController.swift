import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 乡镇季度考评: the weighted score of each child unit for a quarter, top 3 praised and bottom 3 named.
enum ScoreController {
    static func show(_ req: Request) async throws -> HTML { try await page(req, errors: [:], form: [:]) }

    static func page(_ req: Request, errors: FieldErrors, form: FormValues) async throws -> HTML {
        let actor = try req.actor
        let today = CivilDate.today
        let region = (try? req.query.get(String.self, at: "region")).flatMap(RegionCode.init) ?? actor.region
        guard actor.region.contains(region) else { throw try await req.notFoundLogged("score", id: region.digits) }
        let year = (try? req.query.get(Int.self, at: "year")).flatMap { (2015...2100).contains($0) ? $0 : nil } ?? today.year
        let quarter = (try? req.query.get(Int.self, at: "quarter")).flatMap { (1...4).contains($0) ? $0 : nil } ?? (today.month - 1) / 3 + 1
        var model = try await ScorePage.Model.query(try req.registry, region: region, year: year, quarter: quarter,
                                                    canEdit: [.admin, .county].contains(actor.role) && region == actor.region,
                                                    context: req.pageContext(), today: today)
        model.form = form
        model.errors = errors
        return ScorePage.view(model)
    }

    static func save(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        var errors = FieldErrors()
        let date = CivilDate(parsing: values.text("effectiveFrom", limit: 20))
        if date == nil { errors["effectiveFrom"] = "请填写生效日期" }
        if errors.isEmpty, let date {
            do {
                let weights = ScoreCard.text(fromFields: values) ?? values.text("weights", limit: 2000)
                try await IndicatorStore(try req.registry).setScoreWeights(weights, effectiveFrom: date, source: values.text("source", limit: 200))
                return req.redirect(to: "\(SitePath.score)")
            } catch let p as FieldProblems { errors = p.errors }
        }
        if let general = errors["_"] { throw Abort(.forbidden, reason: general) }
        return try await page(req, errors: errors, form: values).encodeResponse(status: .unprocessableEntity, for: req)
    }
}

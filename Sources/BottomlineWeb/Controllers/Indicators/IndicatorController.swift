import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 指标: the catalogue's figures for a unit and each of its children, the same definitions at every level, with a
/// 合计 row that is the children's counts added. Drill down by following a child.
enum IndicatorController {
    static func show(_ req: Request) async throws -> HTML {
        let actor = try req.actor
        let (region, from, to) = try await req.indicatorScope("indicators")
        return IndicatorPage.view(try await .query(
            try req.registry, region: region, from: from, to: to, snapshot: req.queryText("snapshot"), rank: req.queryText("rank"),
            target: req.queryText("target"), canFreeze: [.admin, .county].contains(actor.role) && region == actor.region,
            context: req.pageContext(), today: .today))
    }

    /// The children's table as an office bulletin: ranked on `rank`, 合计 row, XLSX or CSV.
    static func bulletin(_ req: Request) async throws -> Response {
        let rank = (try? req.query.get(String.self, at: "rank")).flatMap { IndicatorCatalogue.indicator($0)?.code } ?? "XC03"
        let definition = BulletinDefinition(title: "防止返贫动态监测和帮扶工作进展通报", columns: IndicatorCatalogue.headline, rank: rank, footnote: "")
        let table = try await req.issueBulletin(definition, what: "bulletin")
        return try table.download(csv: req.url.path.hasSuffix(".csv"))
    }

    static func freeze(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        do {
            let n = try await IndicatorStore(try req.registry).freeze(period: values.text("period", limit: 10), today: .today)
            req.logger.info("froze \(n) villages")
            return req.redirect(to: "\(SitePath.indicators)?snapshot=\(values.text("period", limit: 10))")
        } catch let p as FieldProblems {
            throw Abort(.unprocessableEntity, reason: p.summary)
        }
    }
}

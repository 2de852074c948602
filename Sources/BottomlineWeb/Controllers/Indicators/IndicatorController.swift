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

    /// Asks before freezing a month (last month unless another is named), or says who froze it and when.
    static func confirmFreeze(_ req: Request) async throws -> Response {
        let period = req.queryText("period").flatMap { IndicatorStore.period($0) == nil ? nil : $0 } ?? IndicatorStore.label(CivilDate(year: CivilDate.today.year, month: CivilDate.today.month, day: 1)!.adding(days: -1))
        return try await FreezePage.view(freezePage(req, period: period)).encodeResponse(for: req)
    }

    static func freeze(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        let period = values.text("period", limit: 10)
        do {
            let n = try await IndicatorStore(try req.registry).freeze(period: period, today: .today)
            req.logger.info("froze \(n) villages")
            return req.redirect(to: "\(SitePath.indicators)?snapshot=\(period)")
        } catch let p as FieldProblems {
            let page = try await freezePage(req, period: IndicatorStore.period(period) == nil ? IndicatorStore.label(.today) : period, problem: p.summary)
            let response = try await FreezePage.view(page).encodeResponse(for: req)
            if page.frozen == nil { response.status = HTTPStatus.unprocessableEntity }
            return response
        }
    }

    static func freezePage(_ req: Request, period: String, problem: String? = nil) async throws -> FreezePage.Model {
        let store = IndicatorStore(try req.registry)
        let actor = try req.actor
        var frozen: String?
        if let record = try await store.freezeRecord(of: period) {
            let who = try await UserRecord.query(on: req.db).filter(\.$username == record.frozenBy).first()?.displayName ?? record.frozenBy
            frozen = "\(IndicatorStore.stamp(record.createdAt)) 由\(who)冻结"
        }
        let name = try await RegionRecord.find(actor.region.digits, on: req.db)?.name ?? actor.region.digits
        return FreezePage.Model(context: req.pageContext(forms: true), period: period, regionName: name, frozen: frozen, problem: frozen == nil ? problem : nil)
    }
}

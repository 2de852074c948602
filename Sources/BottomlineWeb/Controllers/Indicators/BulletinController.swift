import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 通报: saved definitions (title, columns, ranking column, footnote) issued for the reader's own region and a period:
/// a printable A4 page, XLSX and CSV.
enum BulletinController {
    static func list(_ req: Request) async throws -> HTML { try await listPage(req, values: [:], errors: [:]) }

    static func listPage(_ req: Request, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let saved = try await IndicatorStore(try req.registry).bulletins()
        let people = try await UserStore.displayNames(saved.map(\.createdBy), on: req.db)
        return Bulletins.view(Bulletins.ListModel(
            context: req.pageContext(),
            saved: saved.map { b in
                let d = b.definition
                return .init(id: b.id!.uuidString, title: b.title, columns: d.columns.compactMap { IndicatorCatalogue.indicator($0)?.name }.joined(separator: "、"),
                             rank: IndicatorCatalogue.indicator(d.rank)?.name ?? d.rank, createdBy: people[b.createdBy] ?? b.createdBy)
            },
            canEdit: [.admin, .county].contains(try req.user.roleValue), values: values, errors: errors))
    }

    static func create(_ req: Request) async throws -> Response {
        let values = try req.formValues()
        switch BulletinDefinition.validate(values) {
        case .failure(let p):
            return try await listPage(req, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let d):
            do {
                let record = try await IndicatorStore(try req.registry).saveBulletin(d)
                return req.redirect(to: "\(SitePath.bulletin(.value(record.id!)))")
            } catch let p as FieldProblems {
                throw Abort(.forbidden, reason: p.summary)
            }
        }
    }

    static func show(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let record = try await IndicatorStore(try req.registry).bulletin(id) else {
            throw try await req.notFoundLogged("bulletin", id: req.parameters.get("id") ?? "")
        }
        let table = try await req.issueBulletin(record.definition, what: "bulletin")
        switch (try? req.query.get(String.self, at: "format")) ?? "" {
        case "xlsx": return try table.download(csv: false)
        case "csv": return try table.download(csv: true)
        default: break
        }
        let (_, from, to) = try await req.indicatorScope("bulletin")
        return try await Bulletins.view(Bulletins.Model(
            context: req.pageContext(), id: record.id!.uuidString, title: record.title, table: table,
            query: req.url.query.map { $0.replacingOccurrences(of: "format=", with: "f=") } ?? "",
            from: from.description, to: to.description, snapshot: req.queryText("snapshot") ?? "",
            periods: try await IndicatorStore(try req.registry).frozenPeriods())).encodeResponse(for: req)
    }
}

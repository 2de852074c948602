import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// 政策调整测算 (issue 18 §2): a GET form (a what-if writes nothing), the page and the same figures as XLSX. County,
/// city and province staff and leaders; a township or village applies the line it is given.
enum WhatIfController {
    static func registry(_ req: Request) throws -> ScopedRegistry {
        guard try req.actor.role.readsRegistry else { throw Abort(.forbidden, reason: "政策调整测算由县级及以上使用") }
        let registry = try req.registry
        guard WhatIfStore(registry).mayTry else { throw Abort(.forbidden, reason: "政策调整测算由县级及以上使用") }
        return registry
    }

    static func asked(_ req: Request) -> WhatIfPage.Asked {
        func text(_ name: String, _ limit: Int) -> String { String((req.queryText(name) ?? "").trimmingCharacters(in: .whitespaces).prefix(limit)) }
        return .init(year: text("year", 8), line: text("line", 20), band: text("band", 8), unit: text("unit", 12))
    }

    static func show(_ req: Request) async throws -> Response {
        let m = try await WhatIfPage.Model.query(try registry(req), asked: asked(req), today: .today, context: req.pageContext())
        return try await WhatIfPage.view(m).encodeResponse(status: m.errors.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    static func export(_ req: Request) async throws -> Response {
        let m = try await WhatIfPage.Model.query(try registry(req), asked: asked(req), today: .today, context: req.pageContext())
        guard let r = m.result else {
            return try await req.errorPage("政策调整测算", back: "\(SitePath.whatIf)", m.errors.isEmpty ? ["请先填写测算标准"] : m.errors.sorted { $0.key < $1.key }.map(\.value),
                                           status: .unprocessableEntity)
        }
        let workbook = WhatIfPage.workbook(m, r)
        let stamp = "\(r.scenario.incomeYear)-\(r.scenario.proposedLine.yuanText)"
        return Download.response(try workbook.data(), type: Download.xlsx, asciiName: "whatif-\(stamp).xlsx", name: "\(m.regionName)政策调整测算-\(stamp)元.xlsx")
    }
}

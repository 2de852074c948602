import BottomlineDomain
import BottomlinePersistence
import Vapor

/// The home page and each region's page: the jurisdiction's dashboard.
enum RegionController {
    static func home(_ req: Request) async throws -> HTML {
        try await show(req, code: try req.user.region)
    }

    static func region(_ req: Request) async throws -> HTML {
        guard let raw = req.parameters.get("code"), let code = RegionCode(raw) else {
            throw Abort(.notFound, reason: "区划代码格式错误")
        }
        return try await show(req, code: code)
    }

    static func show(_ req: Request, code: RegionCode) async throws -> HTML {
        guard let model = try await Dashboard.Model.query(try req.registry, code: code, names: try await req.codeNames(),
                                                          context: req.pageContext(), today: .today) else {
            throw try await req.notFoundLogged("region", id: code.digits)
        }
        return Dashboard.view(model)
    }
}

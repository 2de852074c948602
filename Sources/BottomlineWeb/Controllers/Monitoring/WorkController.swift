import BottomlineDomain
import Vapor

/// 我的工作.
enum WorkController {
    static func show(_ req: Request) async throws -> HTML {
        Work.view(try await .query(try req.registry, context: req.pageContext(), today: .today))
    }
}

import BottomlineDomain
import Vapor

/// 我的工作.
enum WorkController {
    static func show(_ req: Request) async throws -> HTML {
        let kind = req.queryText("kind").flatMap { k in Work.Model.kinds.contains { $0.0 == k } ? k : nil } ?? ""
        let village = req.queryText("village").flatMap { RegionCode($0)?.digits } ?? ""
        let filter = Work.Model.Filter(kind: kind, village: village, lateOnly: req.queryText("late") == "1")
        return Work.view(try await .query(try req.registry, context: req.pageContext(), today: .today, filter: filter))
    }
}

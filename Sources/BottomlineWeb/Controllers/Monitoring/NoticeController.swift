import BottomlineDomain
import BottomlinePersistence
import Vapor

/// 公示公告: a village's notice for a period, to print.
enum NoticeController {
    static func show(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let today = CivilDate.today
        let village = req.queryText("village").flatMap(RegionCode.init).flatMap { $0.level == .village && registry.canSee($0) ? $0 : nil }
        return NoticePage.view(try await .query(
            registry, village: village, kind: req.queryText("kind").flatMap(CaseKind.init(rawValue:)) ?? .identification,
            announcement: req.queryText("type") == "announcement",
            from: req.queryText("from").flatMap(CivilDate.init(parsing:)) ?? today.adding(days: -30),
            to: req.queryText("to").flatMap(CivilDate.init(parsing:)) ?? today, context: req.pageContext(), today: today))
    }
}

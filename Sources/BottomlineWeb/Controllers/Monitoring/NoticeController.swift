import BottomlineDomain
import BottomlinePersistence
import Vapor

/// 公示公告: a village's notice for a period, to print.
enum NoticeController {
    static func show(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let today = CivilDate.today
        // A village cadre's own village is chosen for them.
        let asked = req.queryText("village").flatMap(RegionCode.init) ?? (registry.region.level == .village ? registry.region : nil)
        let village = asked.flatMap { $0.level == .village && registry.canSee($0) ? $0 : nil }
        // A period only when both ends are given; otherwise what is due to be posted now.
        var from = req.queryText("from").flatMap(CivilDate.init(parsing:)), to = req.queryText("to").flatMap(CivilDate.init(parsing:))
        if from == nil || to == nil { (from, to) = (nil, nil) }
        if let f = from, let t = to, t < f { (from, to) = (t, f) }
        return NoticePage.view(try await .query(
            registry, village: village, kind: req.queryText("kind").flatMap(CaseKind.init(rawValue:)) ?? .identification,
            announcement: req.queryText("type") == "announcement", from: from, to: to, context: req.pageContext(), today: today))
    }
}

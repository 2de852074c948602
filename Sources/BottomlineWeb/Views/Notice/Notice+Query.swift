import BottomlineDomain
import BottomlinePersistence

extension NoticePage.Model {
    static func query(_ registry: ScopedRegistry, village: RegionCode?, kind: CaseKind, announcement: Bool, from: CivilDate?, to: CivilDate?,
                      context: PageContext, today: CivilDate) async throws -> Self {
        var model = Self(context: context, today: today, villages: try await registry.villageChoices(), village: village?.digits, kind: kind,
                         announcement: announcement, from: from, to: to, notice: nil)
        guard let village, let record = try await RegionRecord.find(village.digits, on: registry.db) else { return model }
        let lines = try await LifecycleStore(registry).notice(village: village, kind: kind, announcement: announcement, from: from, to: to, today: today)
        let name = (try await PolicyStore.book(for: village, on: registry.db)).text(.monitoringObjectName, for: village, on: today) ?? "防止返贫监测对象"
        model.notice = .init(title: "\(record.name)\(name)\(kind == .identification ? "识别纳入" : "风险消除")\(announcement ? "结果公告" : "公示")",
                             villageName: record.name,
                             lines: lines.map { .init(householderName: $0.householderName, members: $0.members,
                                                      outcome: kind == .identification ? $0.category : $0.method, date: $0.date) })
        return model
    }
}

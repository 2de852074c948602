import BottomlineDomain
import BottomlinePersistence
import Fluent

extension ProblemsPage.Model {
    static func query(_ registry: ScopedRegistry, year: Int, state: ProblemState?, source: ProblemSource?, lists: Bool, context: PageContext) async throws -> Self {
        let region = registry.actor.region
        let store = ProblemStore(registry)
        let today = CivilDate.today
        let asOf = year == today.year ? today : CivilDate(year: year, month: 12, day: 31)!
        let from = CivilDate(year: year, month: 1, day: 1)!
        let all = try await store.problems(within: region, from: from, to: asOf)
        let book = try await PolicyStore.book(for: region, on: registry.db)
        let reviewDays = book.int(.rectificationReviewDays, for: region, on: asOf) ?? 90
        let names = try await RegionStore.names(for: Set(all.flatMap { [$0.placeCode, String($0.villageCode.prefix(9)), String($0.villageCode.prefix(6))] }), on: registry.db)
        let level = registry.actor.role.stepLevel
        let codeNames = book.names(for: region, on: today)
        let shown = all.filter { r in (state.map { r.state == $0.rawValue } ?? true) && (source.map { r.source == $0.rawValue } ?? true) }
        let files = try await registry.attachments(of: "problem", shown.prefix(2_000).map { $0.id! })
        let rows = shown.prefix(2_000).compactMap { r -> ProblemsPage.Row? in
            guard let p = r.problem else { return nil }
            var stateText = r.stateValue.label, late = false
            switch p.state {
            case .rectifying:
                late = RectificationRules.overdue(p, on: today)
                stateText += late ? "，已超期" : ""
                if r.reopened > 0 { stateText += "（回头看重新整改\(r.reopened)次）" }
            case .rectified:
                stateText += "（\(r.rectifiedOn ?? "")\(RectificationRules.rectifiedInTime(p) ? "，按期" : "，超期")），待\(p.assignedBy == .county ? "县级" : "乡镇")销号"
            case .closed:
                let due = RectificationRules.reviewDue(p, days: reviewDays)
                stateText += "（\(r.closedOn ?? "")）" + (r.reviewedOn.map { "，\($0)已回头看" } ?? due.map { "，\($0)起回头看" } ?? "")
            }
            let place = [names[String(r.villageCode.prefix(9))], r.placeLevel == .village ? names[r.villageCode] : nil].compactMap { $0 }.joined()
            return .init(id: r.id!.uuidString, found: r.foundOn, source: r.sourceValue.map { codeNames($0) } ?? r.source, category: r.category, text: r.text,
                         place: r.placeLevel == .county ? (names[r.placeCode] ?? r.placeCode) : place, unit: r.leadUnit, person: r.responsible, measures: r.measures,
                         deadline: r.deadline, state: p.state, stateText: stateText, late: late, evidence: r.evidence,
                         mayRectify: p.state == .rectifying && level != nil, mayClose: p.state == .rectified && level == p.assignedBy,
                         mayReview: p.state == .closed && (level.map { $0.rawValue <= r.assignedLevel } ?? false),
                         files: (files[r.id!] ?? []).map { ($0.id!.uuidString, $0.name) }, mayAttach: level != nil)
        }
        let regionName = try await RegionRecord.find(region.digits, on: registry.db)?.name ?? region.digits
        return Self(context: context, year: year, asOf: asOf, regionName: regionName, state: state, source: source, rows: Array(rows),
                    figures: RectificationFigures(all.compactMap { r in r.problem.flatMap { p in r.sourceValue.map { (p, $0) } } }, on: asOf),
                    repeats: RepeatedCategory.book(all.map { ($0.category, $0.villageCode, $0.stateValue == .rectifying) }),
                    sources: codeNames.options(ProblemSource.self).map { ($0.value, $0.label) }, categories: Array(Set(all.map(\.category))).sorted(),
                    mayRegister: registry.actor.role == .county || registry.actor.role == .township, lists: lists)
    }
}

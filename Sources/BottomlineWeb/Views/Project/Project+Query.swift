import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension ProjectPage.Model {
    static func query(_ registry: ScopedRegistry, project: ProjectRecord, context: PageContext, today: CivilDate) async throws -> Self {
        let store = ProjectStore(registry)
        let place = project.place
        let names = try await RegionStore.names(for: Set(place.lineage.map(\.digits)), on: registry.db)
        let steps = try await store.steps(of: project)
        let money = try await FundStore.money(of: project, on: registry.db)
        let reversed = Set(money.payments.compactMap(\.reversesID))
        func batchName(_ id: UUID) -> (String, String) {
            guard let b = money.batches[id] else { return ("", "") }
            return (b.document, "\(FundLevel(rawValue: b.level)?.label ?? "")\(FundKind(rawValue: b.kind) == .integrated ? "·整合" : "")")
        }
        let stage = project.stageValue
        let role = registry.actor.role
        let changeAllowed = stage == .proposed ? store.mayAct(on: project, at: .proposed)
            : ProjectTransitions.changeNeedsApproval(at: stage) && project.pendingChange == nil && registry.actor.region.contains(place)
                && [.township, .county].contains(role) && role.stepLevel == registry.actor.region.level
                && (place.level > .county || role == .county)
        // Steps are signed with the person's name as the users list shows it, not the login.
        var signers: [UUID: String] = [:]
        let userIDs = Array(Set(steps.compactMap(\.userID)))
        if !userIDs.isEmpty { for u in try await UserRecord.query(on: registry.db).filter(\.$id ~~ userIDs).all() { signers[u.id!] = u.displayName } }
        let stepLines = steps.map { s -> ProjectPage.Step in
            let from = ProjectStage(rawValue: s.fromStage)
            let notice = s.noticeFrom.flatMap(CivilDate.init(parsing:)).flatMap { start in s.noticeDays.map { NoticePeriod(start: start, days: $0) } }
            return ProjectPage.Step(on: s.onDate, action: s.actionValue == .pass ? (from?.passLabel ?? "通过") : (s.actionValue?.label ?? s.action),
                                    from: from?.label ?? s.fromStage, to: ProjectStage(rawValue: s.toStage)?.label ?? s.toStage,
                                    notice: notice, comment: s.comment, who: s.userID.flatMap { signers[$0] } ?? s.username)
        }
        let allocationLines = money.allocations.map { a -> ProjectPage.MoneyLine in
            let (doc, level) = batchName(a.batchID)
            return ProjectPage.MoneyLine(batch: doc, level: level, amount: Money(fen: a.amountFen), date: a.onDate, payee: "", note: "", paymentID: nil, reversed: false)
        }
        let paymentLines = money.payments.map { p -> ProjectPage.MoneyLine in
            let (doc, level) = batchName(p.batchID)
            let retention = p.retentionFen > 0 ? "（质保金\(Money(fen: p.retentionFen).wanText)万元）" : ""
            return ProjectPage.MoneyLine(batch: doc, level: level, amount: Money(fen: p.amountFen), date: p.paidOn,
                                         payee: "\(PayeeKind(rawValue: p.payeeKind)?.label ?? "")·\(p.payeeName)", note: p.note + retention,
                                         paymentID: p.amountFen > 0 && role == .county ? p.id!.uuidString : nil, reversed: reversed.contains(p.id!))
        }
        let placeName = place.lineage.filter { $0.level >= .county }.map { names[$0.digits] ?? $0.digits }.joined(separator: " ")
        let owns = store.mayAct(on: project, at: stage)
        let noticeDays = try? await ProjectStore.noticeDays(place: place, on: today, db: registry.db)
        let linked = try await store.linked(project)
        let villageNames = try await RegionStore.names(for: Set(linked.map(\.household.villageCode)), on: registry.db)
        var model = Self(
            context: context, id: project.id!.uuidString, draft: project.draft, placeName: placeName,
            countyName: names[String(place.digits.prefix(6))] ?? "",
            signer: (names[place.digits] ?? "") + (place.level == .village ? "村民委员会" : place.level == .township ? "人民政府" : "乡村振兴局"),
            stage: stage,
            pending: project.pendingDraft.map { $0.changes(from: project.draft) } ?? [],
            steps: stepLines, allocations: allocationLines, payments: paymentLines, allocated: money.allocated, paid: money.paid,
            mayPass: owns && stage.next != nil && project.pendingChange == nil,
            mayRefuse: owns && [.townshipReview, .appraisal, .countyApproval].contains(stage),
            mayChange: changeAllowed,
            mayDecideChange: project.pendingChange != nil && role == .county && registry.actor.region.level == .county,
            noticeDays: noticeDays, today: today)
        model.linked = linked.map { l, h in
            ProjectPage.LinkedHousehold(id: h.id!.uuidString, number: h.number, householder: h.householderName, village: villageNames[h.villageCode] ?? h.villageCode,
                                        kind: h.monitoringCategory.flatMap { MonitoringCategory(rawValue: $0)?.label } ?? (HouseholdCategory(rawValue: h.category)?.label ?? h.category),
                                        way: l.wayValue?.label ?? l.way, linkedOn: l.linkedOn)
        }
        model.linkCounts = try await ProjectStore.linkCounts(project, on: registry.db)
        model.mayLink = store.mayLink(project)
        return model
    }
}

extension ProjectPage.FormModel {
    static func placeName(_ registry: ScopedRegistry) async throws -> String {
        let region = registry.actor.region
        let names = try await RegionStore.names(for: Set(region.lineage.map(\.digits)), on: registry.db)
        return region.lineage.filter { $0.level >= .county }.map { names[$0.digits] ?? $0.digits }.joined(separator: " ")
    }
}

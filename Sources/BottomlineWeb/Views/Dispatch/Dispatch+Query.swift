import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension DispatchPage.Model {
    static func query(_ registry: ScopedRegistry, month: CivilMonth, place: RegionCode, context: PageContext) async throws -> Self {
        let store = DispatchStore(registry)
        let today = CivilDate.today
        let last = CivilDate(year: month.year, month: month.month, day: CivilDate.daysIn(month: month.month, year: month.year))!
        let asOf = min(last, today)
        let f = try await store.figures(within: place, year: month.year, month: month.month, asOf: asOf)
        var codes = Set(f.children.keys)
        for s in f.stays { codes.insert(s.member.villageCode) }
        let children = try await registry.children(of: place)
        for c in children { codes.insert(c.id!) }
        codes.insert(place.digits)
        let names = try await RegionStore.names(for: codes, on: registry.db)
        let week = DispatchRules.lastWholeWeek(before: asOf)
        let days = Set((0..<7).map { week.adding(days: $0) })
        let ids = f.stays.map { $0.member.id! }
        var grades: [UUID: String] = [:]
        for chunk in ids.chunked() {
            // The latest year's grade of each.
            for r in try await DispatchReviewRecord.query(on: registry.db).filter(\.$memberID ~~ chunk).sort(\.$year).all() {
                grades[r.memberID] = "\(r.year)年度考核\(DispatchGrade(rawValue: r.grade)?.label ?? r.grade)"
            }
        }
        var members = f.stays.map { s -> DispatchPage.Member in
            let m = s.member
            let rule = f.rule
            // The month's checks (the stays reach back to the last whole week).
            let monthChecks = s.checks.filter { $0.day >= "\(month)-01" }
            let absent = monthChecks.filter { !$0.present }.count
            let unexcused = DispatchRules.unexcusedAbsences(monthChecks.compactMap { c in CivilDate(parsing: c.day).map { DispatchCheck(day: $0, present: c.present) } }, leave: s.stay.leave)
            return .init(id: m.id!.uuidString, village: names[m.villageCode] ?? m.villageCode, name: m.name, role: m.roleValue?.label ?? m.role,
                         unit: "\(m.sendingUnit)（\(SendingLevel(rawValue: m.sendingLevel)?.label ?? m.sendingLevel)）", batch: m.batch,
                         term: "\(m.startedOn)至\(m.plannedEnd)", ended: m.endedOn.map { "\(DispatchEnding(rawValue: m.ending ?? "")?.label ?? "离村")（\($0)）\(m.endingReason.isEmpty ? "" : "：\(m.endingReason)")" },
                         week: "在村\(s.stay.presence.days.intersection(days).count)天\(s.stay.presence.nights.intersection(days).count)夜" + (s.stay.leave.intersection(days).isEmpty ? "" : "，请假\(s.stay.leave.intersection(days).count)天"),
                         weekShort: rule.flatMap { DispatchRules.weekShortfall(s.stay, week: week, $0) },
                         monthShort: rule.flatMap { DispatchRules.monthShortfall(s.stay, year: month.year, month: month.month, asOf: asOf, $0) },
                         checks: monthChecks.isEmpty ? "本月未查岗" : "本月查岗\(monthChecks.count)次" + (absent == 0 ? "，均在岗" : "，不在岗\(absent)次"), unexcused: unexcused,
                         termProblem: rule.flatMap { r in m.start.flatMap { start in CivilDate(parsing: m.plannedEnd).flatMap { DispatchRules.termProblem(start: start, plannedEnd: $0, r) } } },
                         grade: grades[m.id!], serving: m.serves(on: asOf))
        }
        // Last whole week's 工作日志 and the visits each cadre's login recorded in the monitoring.
        var logCounts: [UUID: Int] = [:], visitCounts: [UUID: Int] = [:]
        let users = Dictionary(f.stays.compactMap { s in s.member.userID.map { ($0, s.member.id!) } }, uniquingKeysWith: { a, _ in a })
        let weekEnd = week.adding(days: 6).description
        for chunk in ids.chunked() {
            for l in try await DispatchLogRecord.query(on: registry.db).filter(\.$memberID ~~ chunk).filter(\.$day >= week.description).filter(\.$day <= weekEnd).all() {
                logCounts[l.memberID, default: 0] += 1
            }
        }
        if !users.isEmpty {
            for v in try await registry.scoped(VisitRecord.self).filter(\.$userID ~~ Array(users.keys)).filter(\.$visitedOn >= week.description).filter(\.$visitedOn <= weekEnd).all() {
                if let u = v.userID, let m = users[u] { visitCounts[m, default: 0] += 1 }
            }
        }
        members = members.map { r in
            var r = r
            if let id = UUID(uuidString: r.id) { (r.logs, r.visits) = (logCounts[id] ?? 0, visitCounts[id] ?? 0) }
            return r
        }
        // Over a county, the list keeps the cadres that need attention; a township or village lists everyone.
        let listed = place.level >= .township ? Array(members) : members.filter { $0.weekShort != nil || $0.monthShort != nil || $0.unexcused > 0 || $0.termProblem != nil }
        let units = f.children.sorted { $0.key < $1.key }.map { DispatchPage.Unit(code: $0.key, name: names[$0.key] ?? $0.key, figures: $0.value) }
        let rule = f.rule
        let memberNames = Dictionary(f.stays.map { ($0.member.id!, $0.member.name) }, uniquingKeysWith: { a, _ in a })
        let mayCheck = registry.actor.role == .township || registry.actor.role == .county
        var leaves: [DispatchPage.Leave] = []
        if mayCheck {
            let range = place.codeRange
            let waiting = try await registry.scoped(DispatchLeaveRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
                .filter(\.$state == "requested").sort(\.$fromDay).limit(200).all()
            var who = memberNames
            let missing = Set(waiting.map(\.memberID)).subtracting(who.keys)
            if !missing.isEmpty { for m in try await DispatchMemberRecord.query(on: registry.db).filter(\.$id ~~ Array(missing)).all() { who[m.id!] = m.name } }
            leaves = waiting.map { l in
                .init(id: l.id!.uuidString, who: "\(who[l.memberID] ?? "")（\(names[l.villageCode] ?? l.villageCode)）", span: "\(l.fromDay)至\(l.toDay)", days: l.days.count,
                      reason: l.reason, state: "待审批", needsCounty: rule.map { DispatchRules.leaveApprover(days: l.days.count, $0) == .county } ?? false)
            }
        }
        var own: DispatchPage.Own?
        if let m = try await store.ownStay(on: today) {
            let monday = DispatchRules.weekStart(today)
            let mine = try await store.stays(within: RegionCode(m.villageCode)!, from: monday, to: today).first { $0.member.id == m.id }
            let thisWeek = Set((0..<7).map { monday.adding(days: $0) })
            let taps = try await DispatchTapRecord.query(on: registry.db).filter(\.$memberID == m.id!).sort(\.$at, .descending).limit(8).all()
            let format = DateFormatter()
            (format.dateFormat, format.timeZone, format.locale) = ("M月d日 HH:mm", .chinaStandard, Locale(identifier: "zh_CN"))
            let myLeaves = try await DispatchLeaveRecord.query(on: registry.db).filter(\.$memberID == m.id!).sort(\.$fromDay, .descending).limit(10).all()
            let logs = try await DispatchLogRecord.query(on: registry.db).filter(\.$memberID == m.id!).sort(\.$day, .descending).sort(\.$createdAt, .descending).limit(10).all()
            let since = today.adding(days: -13).description
            let visits = try await registry.scoped(VisitRecord.self).filter(\.$userID == registry.actor.userID ?? UUID()).filter(\.$visitedOn >= since)
                .sort(\.$visitedOn, .descending).limit(30).all()
            let visited = try await registry.households(Set(visits.map(\.householdID)) .union(logs.compactMap(\.aboutHouseholdID)))
            let village = try await registry.households().filter(\.$villageCode == m.villageCode).filter(\.$status == "active")
                .sort(\.$number).limit(3_000).all()
            own = .init(name: m.name, village: names[m.villageCode] ?? m.villageCode,
                        thisWeek: "本周（\(monday.month)月\(monday.day)日起）在村\(mine?.stay.presence.days.intersection(thisWeek).count ?? 0)天、住村\(mine?.stay.presence.nights.intersection(thisWeek).count ?? 0)夜",
                        taps: taps.map { format.string(from: $0.at) + ($0.latitude == nil ? "" : "（含位置）") },
                        leaves: myLeaves.map { l in .init(id: l.id!.uuidString, who: m.name, span: "\(l.fromDay)至\(l.toDay)", days: l.days.count, reason: l.reason,
                                                          state: ["requested": "待审批", "approved": "已批准", "refused": "未批准"][l.state] ?? l.state, needsCounty: false) },
                        logs: logs.map { l in (l.day, l.text, l.aboutHouseholdID.flatMap { visited[$0] }.map { ($0.number, "\(SitePath.household(.value($0.id!)))") }) },
                        visits: visits.map { ($0.visitedOn, visited[$0.householdID]?.number ?? "", "/households/\($0.householdID.uuidString)") },
                        households: village.map { ($0.number, "\($0.householderName)（\($0.number)）") })
        }
        let fundRows = try await store.funds(within: place, year: month.year)
        let funds = fundRows.map { r in
            DispatchPage.Fund(id: r.id!.uuidString, place: (names[r.villageCode] ?? r.villageCode) + (r.memberID.flatMap { memberNames[$0] }.map { "，\($0)" } ?? ""),
                              kind: DispatchFundKind(rawValue: r.kind)?.label ?? r.kind, amount: Money(fen: r.amountFen), spent: Money(fen: r.spentFen), note: r.note)
        }
        let secretaries = f.stays.filter { $0.member.roleValue == .secretary && $0.member.serves(on: asOf) }
            .map { ($0.member.id!.uuidString, "\(names[$0.member.villageCode] ?? $0.member.villageCode) \($0.member.name)") }
        var model = Self(context: context, month: month, asOf: asOf, place: place, placeName: names[place.digits] ?? place.digits,
                    places: children.map { ($0.id!, $0.name) }, rule: rule, total: f.total, units: units, members: listed, onlyFlagged: place.level < .township, leaves: leaves, own: own,
                    mayCheck: mayCheck, maySend: registry.actor.role == .county)
        (model.funds, model.fundFigures, model.secretaries) = (funds, DispatchFundFigures(fundRows), secretaries)
        return model
    }
}

import Foundation
import BottomlineDomain
import BottomlinePersistence
import Fluent

extension PetitionsPage.Model {
    static func query(_ registry: ScopedRegistry, year: Int, context: PageContext) async throws -> Self {
        let region = registry.actor.region
        let store = PetitionStore(registry)
        let today = CivilDate.today
        let asOf = year == today.year ? today : CivilDate(year: year, month: 12, day: 31)!
        let from = CivilDate(year: year, month: 1, day: 1)!
        // Last year's same span, for the bulletin's change.
        let lastFrom = CivilDate(year: year - 1, month: 1, day: 1)!, lastTo = CivilDate(year: year - 1, month: asOf.month, day: min(asOf.day, CivilDate.daysIn(month: asOf.month, year: year - 1)))!
        let records = try await registry.scoped(PetitionRecord.self).filter(\.$receivedOn >= from.description).filter(\.$receivedOn <= asOf.description)
            .sort(\.$receivedOn, .descending).limit(2_000).all()
        let names = try await RegionStore.names(for: Set(records.flatMap { [String($0.villageCode.prefix(12)), String($0.villageCode.prefix(9)), String($0.villageCode.prefix(6))] }),
                                                on: registry.db)
        let book = try await PolicyStore.book(for: region, on: registry.db)
        let deadlines = book.petitionDeadlines(for: region, on: asOf) ?? { var d = PetitionDeadlines.regulation2022; d.calendar = book.calendar; return d }()
        // A leader reads the figures and the matters, not who petitioned.
        let masked = registry.actor.role == .leader
        let rows = records.compactMap { r -> PetitionsPage.Row? in
            guard let p = r.petition else { return nil }
            let place = names[r.villageCode] ?? names[String(r.villageCode.prefix(9))] ?? names[String(r.villageCode.prefix(6))] ?? r.villageCode
            var state = "待告知", due = "\(PetitionRules.tellBy(p, deadlines))前告知", late = PetitionRules.tellBy(p, deadlines) < today
            if let told = p.toldOn {
                if !p.accepted {
                    (state, due, late) = ("不予受理（\(told)告知）", r.refusal, false)
                } else if let closed = p.closedOn {
                    let onTime = PetitionRules.settledInTime(p, deadlines)
                    (state, due, late) = ("已办结（\(closed)）", (onTime ? "按期" : "超期") + (p.satisfaction.map { "，\($0.label)" } ?? "，未参评"), !onTime)
                } else {
                    let by = PetitionRules.settleBy(p, deadlines)!
                    (state, due, late) = ("办理中（\(told)受理\(p.extendedDays.map { "，延期\($0)天" } ?? "")）", "\(by)前办结", by < today)
                }
                if !PetitionRules.toldInTime(p, deadlines) { state += "，告知超期" }
            }
            return .init(id: r.id!.uuidString, received: r.receivedOn, channel: PetitionChannel(rawValue: r.channel)?.label ?? r.channel, petitioner: masked ? String(r.petitioner.prefix(1)) + "**" : r.petitioner,
                         subject: r.subject, place: place, state: state, due: due, late: late, told: p.toldOn != nil, accepted: p.accepted,
                         closed: p.closedOn != nil, extended: p.extendedDays != nil)
        }
        let files = try await registry.attachments(of: "petition", records.map { $0.id! })
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id!.uuidString, $0) })
        let county = registry.actor.role == .county
        // A repeat names the earlier petition it repeats: the same person in the same village, received no later, of
        // any year. Only the shown petitions still counted as 有效件 are offered the choice.
        var earlierByPerson: [String: [PetitionRecord]] = [:]
        let candidates = Set(records.filter(\.effective).map(\.petitioner))
        if registry.actor.role == .county || registry.actor.role == .township {
            for chunk in Array(candidates).chunked() {
                for e in try await registry.scoped(PetitionRecord.self).filter(\.$petitioner ~~ chunk).filter(\.$receivedOn <= asOf.description)
                    .sort(\.$receivedOn, .descending).limit(5_000).all() {
                    earlierByPerson[e.petitioner + "|" + e.villageCode, default: []].append(e)
                }
            }
        }
        let repeated = Dictionary(records.compactMap { r in r.repeatOf.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        let repeatedSources = try await repeated.isEmpty ? [] : registry.scoped(PetitionRecord.self).filter(\.$id ~~ Array(repeated.keys)).all()
        let sourceByID = Dictionary(uniqueKeysWithValues: repeatedSources.map { ($0.id!, $0) })
        let rowsWithFiles = rows.map { row -> PetitionsPage.Row in
            var row = row
            row.files = UUID(uuidString: row.id).flatMap { files[$0] }.map { $0.map { ($0.id!.uuidString, $0.name) } } ?? []
            guard let r = byID[row.id] else { return row }
            var marks: [String] = []
            if let on = r.supervisedOn { marks.append("县级督办（\(on)）") }
            if !r.effective {
                let first = r.repeatOf.flatMap { sourceByID[$0] }
                marks.append((first.map { "重复件（前件：\($0.receivedOn)“\($0.subject.prefix(20))”）：" } ?? "不计为有效件：") + r.notEffectiveReason)
            }
            if r.effective {
                row.earlier = (earlierByPerson[r.petitioner + "|" + r.villageCode] ?? [])
                    .filter { $0.id != r.id && $0.receivedOn <= r.receivedOn }.prefix(20)
                    .map { ($0.id!.uuidString, "\($0.receivedOn)：\($0.subject.prefix(24))") }
            }
            if let on = r.reviewRequestedOn { marks.append("\(on)请求复查" + (r.reviewAnsweredOn.map { "，\($0)出具复查意见" } ?? "，\(PetitionRules.reviewAnswerBy(CivilDate(parsing: on)!, deadlines))前答复")) }
            if let on = r.recheckRequestedOn { marks.append("\(on)请求复核" + (r.recheckAnsweredOn.map { "，\($0)出具复核意见" } ?? "，\(PetitionRules.reviewAnswerBy(CivilDate(parsing: on)!, deadlines))前答复")) }
            row.marks = marks.joined(separator: "；")
            var more: [(String, String)] = []
            if county && r.supervisedOn == nil && r.closedOn == nil { more.append(("supervise", "县级督办")) }
            if r.effective { more.append(("not_effective", "不计为有效件（重复件等，写明理由）")) }
            if r.closedOn != nil && r.reviewRequestedOn == nil { more.append(("review_request", "信访人请求复查")) }
            if r.reviewRequestedOn != nil && r.reviewAnsweredOn == nil { more.append(("review_answer", "出具复查意见")) }
            if r.reviewAnsweredOn != nil && r.recheckRequestedOn == nil { more.append(("recheck_request", "信访人请求复核")) }
            if r.recheckRequestedOn != nil && r.recheckAnsweredOn == nil { more.append(("recheck_answer", "出具复核意见")) }
            row.more = more
            row.aboutHousehold = r.householdID != nil
            return row
        }
        let regionName = try await RegionRecord.find(region.digits, on: registry.db)?.name ?? region.digits
        var model = Self(context: context, year: year, asOf: asOf, regionName: regionName, rows: rowsWithFiles,
                    figures: try await store.figures(within: region, receivedFrom: from, to: asOf, on: asOf),
                    lastYear: try await store.figures(within: region, receivedFrom: lastFrom, to: lastTo, on: lastTo),
                    mayWrite: registry.actor.role == .county || registry.actor.role == .township)
        model.risks = try await PolicyStore.book(for: region, on: registry.db).names(for: region, on: today).options(RiskType.self)
        if year == today.year { model.weekly = try await weekly(registry, records: records, deadlines: deadlines, today: today) }
        return model
    }

    /// 周报: this week's and this month's 有效件 of each child unit, what falls due in the next seven days and what is
    /// overdue, and this month against the same days last year. `records` are this year's petitions of the region.
    static func weekly(_ registry: ScopedRegistry, records: [PetitionRecord], deadlines: PetitionDeadlines, today: CivilDate) async throws -> PetitionsPage.Weekly {
        let region = registry.actor.region
        let monday = DispatchRules.weekStart(today)
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)!
        let lastFrom = CivilDate(year: today.year - 1, month: today.month, day: 1)!
        let lastTo = CivilDate(year: today.year - 1, month: today.month, day: min(today.day, CivilDate.daysIn(month: today.month, year: today.year - 1)))!
        let range = region.codeRange
        let lastYear = try await registry.scoped(PetitionRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$receivedOn >= lastFrom.description).filter(\.$receivedOn <= lastTo.description).filter(\.$effective == true).all()
        let length = region.level == .county ? 9 : 12
        func unit(_ village: String) -> String { String(village.prefix(length)) }
        let units = Set(records.map { unit($0.villageCode) } + lastYear.map { unit($0.villageCode) })
        let names = try await RegionStore.names(for: units, on: registry.db)
        var byUnit: [String: PetitionsPage.UnitWeek] = [:]
        for code in units { byUnit[code] = .init(name: names[code] ?? (code.hasSuffix("000") ? "县本级" : code)) }
        let week = monday.description, month = monthStart.description, now = today.description
        for r in records where r.effective {
            guard let p = r.petition else { continue }
            var u = byUnit[unit(r.villageCode)]!
            if r.receivedOn >= week && r.receivedOn <= now { u.receivedWeek += 1 }
            if r.receivedOn >= month && r.receivedOn <= now { u.receivedMonth += 1 }
            if let closed = r.closedOn, closed >= week, closed <= now { u.closedWeek += 1 }
            // The deadline that matters now: telling, or settling once accepted; none once closed or refused.
            let due: CivilDate? = p.closedOn != nil ? nil : p.toldOn == nil ? PetitionRules.tellBy(p, deadlines) : p.accepted ? PetitionRules.settleBy(p, deadlines) : nil
            if let due {
                if due < today { u.overdue += 1 } else if due <= today.adding(days: 7) { u.dueSoon += 1 }
            }
            byUnit[unit(r.villageCode)] = u
        }
        for r in lastYear { byUnit[unit(r.villageCode)]?.lastYearMonth += 1 }
        let list = byUnit.sorted { $0.key < $1.key }.map(\.value)
        var total = PetitionsPage.UnitWeek(name: "合计")
        for u in list {
            total.receivedWeek += u.receivedWeek; total.closedWeek += u.closedWeek; total.dueSoon += u.dueSoon
            total.overdue += u.overdue; total.receivedMonth += u.receivedMonth; total.lastYearMonth += u.lastYearMonth
        }
        return .init(monday: monday, units: list, total: total)
    }
}

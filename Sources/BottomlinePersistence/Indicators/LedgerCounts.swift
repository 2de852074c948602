import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// 小额信贷, 就业帮扶 and 防贫保险 as counts of the indicator catalogue (issue 16 §4), read with the money counts
/// (`fundCounts`) from their dated ledgers as of the day asked, per village: households with a balance or lent to
/// this year (the 户贷率 base is a registry tally), balances as banks last reported them; workers, posts, 雨露, certificates and 交通补助
/// as `JobStore.figures` counts them; 防贫保险 paid by the day under the year's scheme. The caller has checked that the
/// range is the actor's; the stores read it as the system. Every figure is summed by the database, not loaded as rows.
extension IndicatorStore {
    /// 就业帮扶 as `JobStore.figures` counts it, per village. The one part of the ledger counts that reads the registry
    /// (only 脱贫户 and 监测户 are counted), so the one part a registry write makes stale (`fundCounts`).
    static func jobCounts(db: any Database, range: (lower: String, upper: String), asOf day: CivilDate, into out: inout [String: Counts]) async throws {
        guard let region = RegionCode(range.lower) else { return }
        let registry = ScopedRegistry(db: db, actor: .system(region: region))
        func add(_ village: String, _ key: CountKey, _ n: Int) { if n != 0 { out[Self.unit(of: village), default: Counts()][key] += n } }
        for (village, f) in try await JobStore(registry).figures(within: region, asOf: day) {
            add(village, .jobWorkers, f.workers)
            add(village, .jobOutside, f.outside)
            add(village, .jobPosts, f.posts)
            add(village, .yuluStudents, f.yuluStudents)
            add(village, .yuluAmount, Int(f.yuluAmount.fen))
            add(village, .newCertificates, f.certificates)
            add(village, .transportPersons, f.transportPersons)
        }
    }

    /// The ledgers' own counts (loans, insurance, petitions, findings), none of which reads the registry.
    static func ledgerCounts(db: any Database, range: (lower: String, upper: String), asOf day: CivilDate, into out: inout [String: Counts]) async throws {
        guard let region = RegionCode(range.lower) else { return }
        let registry = ScopedRegistry(db: db, actor: .system(region: region))
        func add(_ village: String, _ key: CountKey, _ n: Int) { if n != 0 { out[Self.unit(of: village), default: Counts()][key] += n } }

        // 户贷率: its base (享受政策的已脱贫户 + 风险未消除的监测户) is kept with the registry's tallies (`loanBase`);
        // households with a balance on the day and those lent to in its year come from the loans.
        for (village, v) in try await LoanStore(registry).villageLoans(within: region, asOf: day) {
            add(village, .loanBalance, Int(v.portfolio.balance.fen))
            add(village, .loanOverdue, Int(v.portfolio.overdueBalance.fen))
            add(village, .loanBad, Int(v.portfolio.badBalance.fen))
            add(village, .loanHouseholds, v.withBalance)
            add(village, .loanNewHouseholds, v.newThisYear)
        }
        // 涉贫信访: this year's petitions of each village (or township or county, padded) read by the deadlines in force on
        // the day; a year's are hundreds at most, so they are read as rows and the rules count them.
        let petitions = try await PetitionRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$receivedOn >= "\(day.year)-01-01").filter(\.$receivedOn <= day.description).all()
        if !petitions.isEmpty, let deadlines = try await PolicyStore.book(for: region, on: db).petitionDeadlines(for: region, on: day) {
            for (village, rows) in Dictionary(grouping: petitions, by: \.villageCode) {
                let f = PetitionFigures(rows.compactMap(\.petition), on: day, deadlines)
                add(village, .petitions, f.received)
                add(village, .petitionsTellDue, f.tellDue)
                add(village, .petitionsToldInTime, f.toldInTime)
                add(village, .petitionsAccepted, f.accepted)
                add(village, .petitionsSettleDue, f.settleDueOrSettled)
                add(village, .petitionsSettledInTime, f.settledInTime)
                add(village, .petitionsSettled, f.settled)
                add(village, .petitionsRated, f.rated)
                add(village, .petitionsSatisfied, f.satisfied)
            }
        }
        // The same span a year before, for the bulletin's comparison (29 February reads as the 28th).
        let sameDay = CivilDate(year: day.year - 1, month: day.month, day: min(day.day, CivilDate.daysIn(month: day.month, year: day.year - 1)))!
        for r in try await PetitionRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$receivedOn >= "\(day.year - 1)-01-01").filter(\.$receivedOn <= sameDay.description).filter(\.$effective == true).all() {
            add(r.villageCode, .petitionsLastYear, 1)
        }
        guard let sql = db as? any SQLDatabase else { return }
        // 疑点数据: kept findings as they stood on the day, in all and by check. An explained one counts neither way; a
        // reopened one had its close and its explanation cleared, so it stands again from then.
        let d = day.description
        for row in try await sql.raw("""
            SELECT village_code, code,
              SUM(CASE WHEN closed_on IS NOT NULL AND closed_on <= \(bind: d) THEN 1 ELSE 0 END) AS closed,
              SUM(CASE WHEN (closed_on IS NULL OR closed_on > \(bind: d)) AND (explained_on IS NULL OR explained_on > \(bind: d)) THEN 1 ELSE 0 END) AS standing
            FROM data_findings WHERE found_on <= \(bind: d) AND village_code >= \(bind: range.lower) AND village_code < \(bind: range.upper)
            GROUP BY village_code, code
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self)
            let closed = Int(try row.decode(column: "closed", as: Int64?.self) ?? 0), standing = Int(try row.decode(column: "standing", as: Int64?.self) ?? 0)
            add(village, .dataFindings, standing)
            add(village, .dataFindingsClosed, closed)
            add(village, .dataFindingsHandled, closed + standing)
            // A check no longer shipped still counts in the totals above.
            guard let check = DataCheckCode(rawValue: try row.decode(column: "code", as: String.self)) else { continue }
            add(village, .dataFindings(check), standing)
            add(village, .dataFindingsClosed(check), closed)
            add(village, .dataFindingsHandled(check), closed + standing)
        }
        for row in try await sql.raw("""
            SELECT c.village_code, CAST(SUM(c.amount_fen) AS BIGINT) AS fen, COUNT(DISTINCT c.household_id) AS households
            FROM insurance_claims c JOIN insurance_schemes s ON s.id = c.scheme_id
            WHERE s.year = \(bind: day.year) AND c.status = \(bind: ClaimStatus.paid.rawValue) AND c.paid_on <= \(bind: day.description)
              AND c.village_code >= \(bind: range.lower) AND c.village_code < \(bind: range.upper)
            GROUP BY c.village_code
            """).all() {
            let village = try row.decode(column: "village_code", as: String.self)
            add(village, .insurancePaid, Int(try row.decode(column: "fen", as: Int64?.self) ?? 0))
            add(village, .insuranceHouseholds, Int(try row.decode(column: "households", as: Int64?.self) ?? 0))
        }
    }
}

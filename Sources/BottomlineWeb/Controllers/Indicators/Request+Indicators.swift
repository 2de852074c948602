import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// What the indicator pages and bulletins read from a request: the unit and period asked for, and a bulletin issued
/// over that unit's children.
extension Request {
    /// The unit asked for (the user's region or one inside it; 404 otherwise) and the period (this year so far by default).
    func indicatorScope(_ what: String) async throws -> (region: RegionCode, from: CivilDate, to: CivilDate) {
        let actor = try self.actor
        let today = CivilDate.today
        let region = (try? query.get(String.self, at: "region")).flatMap(RegionCode.init) ?? actor.region
        guard actor.region.contains(region) else { throw try await notFoundLogged(what, id: region.digits) }
        let from = (try? query.get(String.self, at: "from")).flatMap(CivilDate.init(parsing:)) ?? CivilDate(year: today.year, month: 1, day: 1)!
        let to = (try? query.get(String.self, at: "to")).flatMap(CivilDate.init(parsing:)) ?? today
        guard from <= to else { throw Abort(.badRequest, reason: "起始日期不能晚于截止日期") }
        return (region, from, to)
    }


    /// A bulletin issued for the unit and period in the request (or a frozen month): the children of that unit ranked.
    func issueBulletin(_ d: BulletinDefinition, what: String) async throws -> BulletinTable {
        let today = CivilDate.today
        let (region, from, to) = try await indicatorScope(what)
        let store = IndicatorStore(try registry)
        let periods = try await store.frozenPeriods()
        let frozen = (try? query.get(String.self, at: "snapshot")).flatMap { periods.contains($0) ? $0 : nil }
        let children: [(RegionRecord, Counts)]
        // A bulletin that prints money has the county's own row, so its rows add up to its 合计.
        let money = (d.columns + [d.rank]).contains(where: IndicatorCatalogue.isMoneyAndThings)
        if let frozen {
            children = try await store.frozen(frozen, of: region, ownRow: money).children
        } else {
            children = try await store.byChild(of: region, from: from, to: to, today: today, ownRow: money).children
        }
        let name = try await RegionRecord.find(region.digits, on: db)?.name ?? region.digits
        let unitHeader = region.level.child?.label ?? "单位"
        let rankBy = IndicatorCatalogue.indicator(d.rank) ?? IndicatorCatalogue.indicator("XC03")!
        return BulletinTable(title: "\(name)\(d.title)（\(frozen.map { "\($0)月末数" } ?? "\(from)至\(to)")）", unitHeader: unitHeader,
                             columns: d.columns.compactMap(IndicatorCatalogue.indicator), rankBy: rankBy,
                             units: children.map { ($0.0.name, $0.1) },
                             footnote: (d.footnote.isEmpty ? "" : d.footnote + "  ") + "按\(rankBy.name)排名；数据截至\(today)"
                                + (frozen == nil && to < today && money ? "（资金、项目和资产截至\(to)）" : "")
                                + "，由底线系统生成。")
    }
}

extension BulletinTable {
    /// The bulletin as an office file to download.
    /// The title as a file name, whole: a long one loses the middle of its name, never the period in brackets at the
    /// end (cutting at 40 characters left "…（2026-01-01至2026-12-").
    static func fileName(_ title: String, limit: Int = 60) -> String {
        guard title.count > limit, let open = title.lastIndex(of: "（") else { return String(title.prefix(limit)) }
        let period = String(title[open...])
        return String(title[..<open].prefix(max(10, limit - period.count))) + period
    }

    func download(csv: Bool) throws -> Response {
        let body = csv ? BulletinFile.csv(self) : try BulletinFile.workbook(self).data()
        let ext = csv ? "csv" : "xlsx"
        return Download.response(body, type: csv ? Download.csv : Download.xlsx, asciiName: "bulletin.\(ext)", name: "\(Self.fileName(title)).\(ext)")
    }
}

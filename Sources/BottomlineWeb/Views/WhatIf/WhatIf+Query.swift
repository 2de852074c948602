import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension WhatIfPage.Model {
    /// The form as asked; a result when the asked scenario is whole and right (or, unasked, when the province's next
    /// line is already entered: the page opens on it).
    static func query(_ registry: ScopedRegistry, asked: WhatIfPage.Asked, today: CivilDate, context: PageContext) async throws -> Self {
        let store = WhatIfStore(registry)
        let defaults = try await store.defaults(today: today)
        let name = try await registry.region(registry.region)?.name ?? registry.region.digits
        var m = Self(context: context, regionName: name, asked: asked, years: defaults.years)
        var errors: [String: String] = [:]

        let earliest = today.year - 10
        var year = defaults.incomeYear
        if !asked.year.isEmpty {
            if let y = Int(asked.year), (earliest...today.year).contains(y) { year = y } else { errors["year"] = "收入年度应为\(earliest)至\(today.year)年" }
        }
        if let y = year, !m.years.contains(y) { m.years = (m.years + [y]).sorted(by: >) }
        m.asked.year = year.map(String.init) ?? asked.year
        guard let year else {
            m.errors = errors.isEmpty ? ["year": "本辖区还没有登记收入的年度，无法测算"] : errors
            return m
        }
        m.currentLine = try await store.line(forIncomeYear: year)
        m.nextLine = year == defaults.incomeYear ? defaults.nextLine : nil
        if m.currentLine == nil { errors["year"] = "\(year)年尚未录入监测标准，请县级管理员在“政策参数”中录入" }

        var proposed: Money?
        if asked.line.isEmpty {
            // Unasked: the next year's line the province has already entered, if any.
            proposed = m.nextLine
            m.asked.line = proposed?.yuanText ?? ""
        } else if let line = Money(parsing: String(asked.line.prefix(20))), LineScenario.lineRange.contains(line) {
            proposed = line
        } else {
            errors["line"] = "测算标准应为\(LineScenario.lineRange.lowerBound.yuanText)至\(LineScenario.lineRange.upperBound.yuanText)元之间的金额"
        }
        var band: Int?
        if !asked.band.isEmpty {
            if let b = Int(asked.band), LineScenario.bandPercentRange.contains(b) { band = b } else {
                errors["band"] = "关注带应为\(LineScenario.bandPercentRange.lowerBound)至\(LineScenario.bandPercentRange.upperBound)之间的整数（高于标准的百分比）"
            }
        }
        var unit = registry.region
        if !asked.unit.isEmpty {
            if let u = RegionCode(String(asked.unit.prefix(12))), registry.region.contains(u), u.level <= .township { (unit, m.asked.unit) = (u, u.digits) } else { errors["unit"] = "只能查看本辖区内的市、县、乡镇" }
        }
        m.errors = errors
        guard errors.isEmpty, let current = m.currentLine, let proposed else { return m }

        // A year before the latest on record is judged against who was monitored at its end, not since.
        let pastDay = defaults.incomeYear.flatMap { year < $0 ? LineScenario.standingDay(forPastIncomeYear: year) : nil }
        let scenario = LineScenario(incomeYear: year, currentLine: current, proposedLine: proposed, bandPercent: band, standingOn: pastDay)
        let r = try await store.evaluate(scenario, within: unit, today: today)
        let childDigits = unit.level.child?.significantDigits ?? 12
        let units = r.outcome.units(digits: childDigits)
        // Every unit of the level is listed, those where nobody is near either line too (their households count in the
        // total only), and every village in the export.
        let children = try await registry.children(of: unit)
        var villageRecords = children
        if childDigits < 12 {
            let level = RegionCode.Level.village.rawValue
            villageRecords = try await RegionRecord.query(on: registry.db).within(unit).filter(\.$level == level).sort(\.$id).all()
        }
        var names: [String: String] = [:]
        for c in children + villageRecords { names[c.id!] = c.name }
        let missing = Set(units.keys).union([unit.digits]).union(r.outcome.villages.keys).filter { names[$0] == nil }
        names.merge(try await RegionStore.names(for: missing.union(Set(villageRecords.compactMap(\.parentCode))), on: registry.db)) { a, _ in a }
        let unitCodes = Set(units.keys).union(children.compactMap(\.id))
        let villageCodes = Set(r.outcome.villages.keys).union(villageRecords.compactMap(\.id))
        func cadres(_ code: String) -> Int { r.cadres.filter { $0.key.hasPrefix(code) || code.hasPrefix($0.key) }.values.reduce(0, +) }
        let days = r.identificationDays ?? 0
        let rows = unitCodes.sorted().map { code -> WhatIfPage.UnitRow in
            let counts = units[code] ?? LineWhatIf.Counts()
            // Rows above the villages open on their own units: a province's cities, a city's counties, a county's townships.
            let drill = childDigits < 12
            return .init(code: code, name: names[code] ?? code,
                         link: drill ? "\(SitePath.whatIf)?" + (m.asked.query + ["unit=\(code)"]).joined(separator: "&") : nil, counts: counts,
                         workload: childDigits < 12 ? .init(cases: counts.casesToOpen.households, cadres: cadres(code), days: days) : nil)
        }
        let villages = childDigits == 12 ? rows : villageCodes.sorted().map { code in
            WhatIfPage.UnitRow(code: code, name: names[String(code.prefix(9))].map { "\($0)\(names[code] ?? code)" } ?? names[code] ?? code,
                               counts: r.outcome.villages[code] ?? LineWhatIf.Counts())
        }
        let categories: [(String, LineWhatIf.Counts)] = ([HouseholdCategory.alleviated, .ordinary] as [HouseholdCategory?] + [nil]).compactMap { c in
            r.outcome.categories[c].map { (c?.label ?? "户类别未登记", $0) }
        }
        let risks: [(String, LineWhatIf.Counts)] = (RiskType.allCases.map { Optional($0) } + [nil]).compactMap { t in
            r.outcome.risks[t].map { (t?.label ?? "未标注风险（多为尚未识别的户）", $0) }
        }
        let cases = r.outcome.total.casesToOpen.households
        let expected = r.measures.expected(for: cases)
        let measures = MeasureCategory.allCases.compactMap { c in
            r.measures.categories[c].map { WhatIfPage.MeasureRow(category: c, recorded: $0, expected: expected[c] ?? .init(measures: 0, amount: .zero)) }
        }
        m.result = .init(scenario: scenario, unitLevel: unit.level.child?.label ?? "村（社区）", unitName: names[unit.digits] ?? unit.digits, rows: rows, villages: villages,
                         total: r.outcome.total, categories: categories, risks: risks,
                         workload: .init(cases: cases, cadres: cadres(unit.digits), days: days), profile: r.measures, measures: measures, seconds: r.seconds)
        return m
    }
}

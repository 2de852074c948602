import Foundation
/// A project as it is proposed or changed (ledgers-rules.md §L2): what the 项目库 keeps about it. The place (a village,
/// township or the county) is checked against the user's jurisdiction and the regions table by the store.
public struct ProjectDraft: Hashable, Sendable, Codable {
    public var number: String
    public var name: String
    public var year: Int
    public var category: ProjectCategory
    public var place: String
    public var content: String
    /// 绩效目标.
    public var goals: String
    /// Budget by source: 衔接资金, 统筹整合涉农资金, 其他 (自筹、社会资金).
    public var linkageBudget: Money
    public var integratedBudget: Money
    public var otherBudget: Money
    public var linkWays: [FarmerLinkWay]
    public var linkedHouseholds: Int
    public var linkedAlleviated: Int
    public var linkedMonitored: Int
    /// 实施单位 and 项目负责人.
    public var implementer: String
    public var responsible: String
    public var plannedStart: CivilDate?
    public var plannedEnd: CivilDate?

    public init(number: String, name: String, year: Int, category: ProjectCategory, place: String, content: String, goals: String,
                linkageBudget: Money, integratedBudget: Money = .zero, otherBudget: Money = .zero, linkWays: [FarmerLinkWay] = [],
                linkedHouseholds: Int = 0, linkedAlleviated: Int = 0, linkedMonitored: Int = 0, implementer: String, responsible: String,
                plannedStart: CivilDate? = nil, plannedEnd: CivilDate? = nil) {
        self.number = number
        self.name = name
        self.year = year
        self.category = category
        self.place = place
        self.content = content
        self.goals = goals
        self.linkageBudget = linkageBudget
        self.integratedBudget = integratedBudget
        self.otherBudget = otherBudget
        self.linkWays = linkWays
        self.linkedHouseholds = linkedHouseholds
        self.linkedAlleviated = linkedAlleviated
        self.linkedMonitored = linkedMonitored
        self.implementer = implementer
        self.responsible = responsible
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
    }

    public var budget: Money { linkageBudget + integratedBudget + otherBudget }
    public var link: FarmerLink {
        FarmerLink(ways: Set(linkWays), households: linkedHouseholds, alleviated: linkedAlleviated, monitored: linkedMonitored)
    }

    /// Reads a submitted project form (fields `number`, `name`, `year`, `category`, `place`, `content`, `goals`,
    /// `linkage`, `integrated`, `other` in 万元, `way_<code>` ticks, `households`, `alleviated`, `monitored`,
    /// `implementer`, `responsible`, `start`, `end`). Every problem is reported, keyed by its field.
    public static func validate(_ values: FormValues, today: CivilDate) -> Result<ProjectDraft, FieldProblems> {
        var errors = FieldErrors()
        let number = errors.take("number", ProjectRules.shortText(values.text("number", limit: 200), label: "项目编号", max: 40, required: true))
        let name = errors.take("name", ProjectRules.shortText(values.text("name", limit: 400), label: "项目名称", max: 100, required: true))
        var year: Int?
        if let y = Int(values.text("year", limit: 10)), (2021...today.year + 1).contains(y) { year = y } else {
            errors["year"] = "项目年度应为2021至\(today.year + 1)年"
        }
        let category = errors.take("category", FieldRules.choice(values.text("category", limit: 40), ProjectCategory.self))
        let place = values.text("place", limit: 20)
        if RegionCode(place) == nil { errors["place"] = "请选择项目实施地点（村、乡镇或县）" }
        let content = errors.take("content", FieldRules.longText(values.text("content", limit: 4000), label: "建设内容", max: 2000, required: true))
        let goals = errors.take("goals", FieldRules.longText(values.text("goals", limit: 4000), label: "绩效目标", max: 1000, required: true))
        func money(_ key: String, _ label: String) -> Money? {
            let raw = values.text(key, limit: 40)
            if raw.isEmpty { return .zero }
            guard let m = Money(wanYuan: raw) else { errors[key] = "\(label)应为以万元计的金额，最多六位小数"; return nil }
            return m
        }
        let linkage = money("linkage", "衔接资金"), integrated = money("integrated", "整合资金"), other = money("other", "其他资金")
        if let linkage, let integrated, let other, (linkage + integrated + other) == .zero { errors["linkage"] = "请填写项目预算（至少一项资金来源）" }
        let ways = FarmerLinkWay.allCases.filter { values.ticked("way_" + $0.rawValue) }
        func count(_ key: String, _ label: String) -> Int? {
            let raw = values.text(key, limit: 20)
            if raw.isEmpty { return 0 }
            guard let n = Int(raw), (0...1_000_000).contains(n) else { errors[key] = "\(label)应为0至1000000的整数"; return nil }
            return n
        }
        let households = count("households", "带动户数"), alleviated = count("alleviated", "其中脱贫户"), monitored = count("monitored", "其中监测户")
        let implementer = errors.take("implementer", ProjectRules.shortText(values.text("implementer", limit: 400), label: "实施单位", max: 100, required: true))
        let responsible = errors.take("responsible", ProjectRules.shortText(values.text("responsible", limit: 200), label: "项目负责人", max: 40, required: true))
        func date(_ key: String, _ label: String) -> CivilDate?? {
            let raw = values.text(key, limit: 20)
            if raw.isEmpty { return .some(nil) }
            guard let d = CivilDate(parsing: raw), d.year >= 2021, d.year <= today.year + 5 else { errors[key] = "\(label)应为年-月-日"; return nil }
            return .some(d)
        }
        let start = date("start", "计划开工日期"), end = date("end", "计划完工日期")
        if let s = start ?? nil, let e = end ?? nil, e < s { errors["end"] = "计划完工日期不能早于计划开工日期" }
        guard errors.isEmpty, let number, let name, let year, let category, let content, let goals, let linkage, let integrated,
              let other, let households, let alleviated, let monitored, let implementer, let responsible, let start, let end else {
            return .failure(FieldProblems(errors))
        }
        let draft = ProjectDraft(number: number, name: name, year: year, category: category, place: RegionCode(place)!.digits,
                                 content: content, goals: goals, linkageBudget: linkage, integratedBudget: integrated, otherBudget: other,
                                 linkWays: ways, linkedHouseholds: households, linkedAlleviated: alleviated, linkedMonitored: monitored,
                                 implementer: implementer, responsible: responsible, plannedStart: start, plannedEnd: end)
        let linkProblems = draft.link.problems(category: category)
        if !linkProblems.isEmpty { return .failure(FieldProblems(["households": linkProblems.joined(separator: "；")])) }
        return .success(draft)
    }

    /// The fields of this draft as a form shows them again.
    public var formValues: FormValues {
        var v: FormValues = ["number": number, "name": name, "year": String(year), "category": category.rawValue, "place": place,
                             "content": content, "goals": goals, "linkage": linkageBudget.wanText, "integrated": integratedBudget.wanText,
                             "other": otherBudget.wanText, "households": String(linkedHouseholds), "alleviated": String(linkedAlleviated),
                             "monitored": String(linkedMonitored), "implementer": implementer, "responsible": responsible,
                             "start": plannedStart.map { "\($0)" } ?? "", "end": plannedEnd.map { "\($0)" } ?? ""]
        for way in linkWays { v["way_" + way.rawValue] = "on" }
        return v
    }

    /// What changed from `old`, in words, for the history and the county's approval of a change.
    public func changes(from old: ProjectDraft) -> [String] {
        var out: [String] = []
        func note(_ label: String, _ a: String, _ b: String) { if a != b { out.append("\(label)：\(a) → \(b)") } }
        note("项目名称", old.name, name)
        note("项目类别", old.category.label, category.label)
        note("实施地点", old.place, place)
        note("建设内容", old.content, content)
        note("绩效目标", old.goals, goals)
        note("衔接资金（万元）", old.linkageBudget.wanText, linkageBudget.wanText)
        note("整合资金（万元）", old.integratedBudget.wanText, integratedBudget.wanText)
        note("其他资金（万元）", old.otherBudget.wanText, otherBudget.wanText)
        note("联农带农", old.link.summary, link.summary)
        note("实施单位", old.implementer, implementer)
        note("项目负责人", old.responsible, responsible)
        note("计划开工", old.plannedStart.map { "\($0)" } ?? "—", plannedStart.map { "\($0)" } ?? "—")
        note("计划完工", old.plannedEnd.map { "\($0)" } ?? "—", plannedEnd.map { "\($0)" } ?? "—")
        return out
    }
}

extension FarmerLink {
    /// "发展生产、吸纳就业；带动120户（脱贫户80户、监测户6户）".
    public var summary: String {
        let names = FarmerLinkWay.allCases.filter(ways.contains).map(\.label).joined(separator: "、")
        return "\(names.isEmpty ? "无" : names)；带动\(households)户（脱贫户\(alleviated)户、监测户\(monitored)户）"
    }
}

public enum ProjectRules {
    /// The most households one 联农带农 form links at once.
    public static let maxLinkedAtOnce = 500

    /// Household numbers typed or pasted from a sheet: separated by spaces, commas, 、, semicolons or new lines; at most
    /// `maxLinkedAtOnce`, each at most 40 characters without control characters.
    public static func householdNumbers(_ raw: String) -> Result<[String], FieldProblem> {
        let separators = CharacterSet(charactersIn: " \t\r\n,，、;；\u{3000}")
        let numbers = raw.components(separatedBy: separators).filter { !$0.isEmpty }
        if numbers.isEmpty { return .failure(.init("请填写要关联的户编号")) }
        if numbers.count > maxLinkedAtOnce { return .failure(.init("一次最多关联\(maxLinkedAtOnce)户，本次填写了\(numbers.count)个户编号")) }
        if let bad = numbers.first(where: { $0.count > 40 || $0.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) } }) {
            return .failure(.init("户编号“\(String(bad.prefix(20)))…”不是有效的户编号"))
        }
        return .success(numbers)
    }

    /// A one-line field: no control characters, at most `max` characters.
    public static func shortText(_ raw: String, label: String, max: Int, required: Bool) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if required, text.isEmpty { return .failure(.init("请填写\(label)")) }
        if text.count > max { return .failure(.init("\(label)过长（最多\(max)个字）")) }
        if text.hasControlCharacter() { return .failure(.init("\(label)含有控制字符")) }
        return .success(text)
    }
}

extension ProjectStage {
    /// Who passes this stage of a project placed at `place`: the village's proposal is the place's own level when the
    /// project belongs to a township or the county (there is no village step); a county-level project's start and
    /// completion are reported by the county, and it skips the township's review.
    public func owner(placeLevel: RegionCode.Level) -> RegionCode.Level? {
        if self == .proposed { return placeLevel >= .village ? .village : placeLevel }
        if placeLevel <= .county, self == .townshipReview || self == .planned || self == .underway { return .county }
        return ownerLevel
    }

    /// The stage after this one for a project placed at `place`: a county-level project has no township review.
    public func next(placeLevel: RegionCode.Level) -> ProjectStage? {
        guard let n = next else { return nil }
        if placeLevel <= .county, n == .townshipReview { return .appraisal }
        return n
    }

    /// Whether passing this stage needs a 公示: the village's proposal and the township's review are posted.
    public var needsNotice: Bool { self == .proposed || self == .townshipReview }
}

import BottomlineDomain
import Fluent
import Foundation

/// The demo county's lifecycle: every monitored household gets its risk types, measures (a few deliberately not
/// matching their risks), visits (some overdue) and its 帮扶责任人, and about a quarter are marked eliminated, as it
/// is written (`DemoMonitoredHouseholds`). In the demo village cadre's village and its township, clues from all three channels and cases wait at every step of both
/// procedures, one of them past its 15 days — all made through `LifecycleStore`, as users would.
struct DemoLifecycle {
    let county: RegionCode
    let township: RegionCode

    /// Cases and clues in the cadre's village and township, through the stores as users make them.
    func seed(on db: any Database, rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).all()
        func user(_ name: String) -> UserRecord? { users.first { $0.username == name } }
        guard let cunUser = user("cun"), let xianUser = user("xian"), let zhenUser = user("nandun") else { return }
        let xian = Actor(xianUser), zhen = Actor(zhenUser), cun = Actor(cunUser)
        func villageActor(_ code: String) -> Actor { code == cunUser.regionCode ? cun : Actor(userID: nil, username: "村级干部（\(code.suffix(3))）", role: .village, region: RegionCode(code)!) }
        func store(_ a: Actor) -> LifecycleStore { LifecycleStore(ScopedRegistry(db: db, actor: a)) }

        // Cases at every step, in the cadre's village first, then its township.
        let candidates = try await HouseholdRecord.query(on: db).within(township).filter(\.$monitoringCategory == nil)
            .filter(\.$status == HouseholdStatus.active.rawValue).sort(\.$villageCode).sort(\.$number).limit(400).all()
        let ordered = candidates.filter { $0.villageCode == cunUser.regionCode } + candidates.filter { $0.villageCode != cunUser.regionCode }
        var pool = ordered.makeIterator()
        func nextHousehold() -> HouseholdRecord? { pool.next() }

        // Clues from the three channels, not yet verified (one merged from two declarations, one past its 7 days).
        if let h = nextHousehold(), let head = try await PersonRecord.find(h.householderID, on: db) {
            let d = Declaration(name: head.name, id: ResidentID(trusted: head.idNumber), phone: "13800138000", difficulty: .illness, description: "老伴突发脑梗住院，自付医疗费约3万元")
            _ = try await LifecycleStore.receiveDeclaration(d, village: RegionCode(h.villageCode)!, today: today.adding(days: -2), on: db)
            var again = d
            again.description = "出院后需长期服药，请求帮助"
            _ = try await LifecycleStore.receiveDeclaration(again, village: RegionCode(h.villageCode)!, today: today.adding(days: -1), on: db)
        }
        if let h = nextHousehold() {
            _ = try await store(villageActor(h.villageCode)).recordClue(h, CadreClue(difficulty: .unstableEmployment, description: "户主在外务工的工厂停产，已两个月无收入", foundOn: today.adding(days: -3)), today: today.adding(days: -3))
        }
        if let h = nextHousehold() {
            _ = try await store(xian).openScreeningClue(h, risk: .illness, description: "医保：近12个月住院自付2.4万元，超过预警线", sourceRef: "医保-2026-预警-0173", today: today.adding(days: -9))
        }

        // Identification cases stopped at each step: (the step to stop at, days since the first clue).
        let stops: [(CaseStage, Int)] = [(.verification, 1), (.comparison, 3), (.deliberation, 4), (.notice, 6), (.townshipReview, 10),
                                         (.countyApproval, 12), (.announcement, 13), (.countyApproval, 17), (.completed, 14), (.rejected, 9)]
        for (stop, age) in stops {
            guard let h = nextHousehold() else { break }
            let start = today.adding(days: -age)
            let village = villageActor(h.villageCode)
            let (clue, _) = try await store(village).recordClue(h, CadreClue(difficulty: [.illness, .accident, .flood, .education][Int(rng.next() % 4)], description: "入户排查发现家庭支出骤增", foundOn: start), today: start)
            let record = try await store(village).startIdentification(from: clue, today: start)
            let category = (h.categoryValue == .alleviated ? MonitoringCategory.unstableAlleviated : .marginal).rawValue
            let plan: [(CaseStage, Actor, Int, FormValues)] = [
                (.verification, village, 1, ["findings": "核实：家庭人均纯收入低于监测标准，已签承诺授权书", "consent": "on", "category": category, "risk_01": "on"]),
                (.comparison, xian, 2, ["comment": "比对财政、不动产、车辆、市场主体信息，无异常"]),
                (.deliberation, village, 3, ["comment": "村民代表23人参会，22人同意"]),
                (.notice, village, 9, ["comment": "公示期满无异议"]),
                (.townshipReview, zhen, 10, ["comment": "同意"]),
                (.countyApproval, xian, 11, ["category": category, "risk_01": "on", "comment": "同意纳入"]),
                (.announcement, village, 12, ["comment": "已在村务公开栏公告"]),
            ]
            // Squeeze the steps into the case's age; the notice keeps its five days.
            for (stage, actor, offset, values) in plan {
                if stage == stop { break }
                if stop == .rejected, stage == .deliberation {
                    try await store(actor).act(on: record, .reject, values: ["comment": "民主评议认为家庭收入高于监测标准，不予纳入"], today: start.adding(days: 3))
                    break
                }
                let day = stop == .completed ? start.adding(days: offset) : start.adding(days: min(offset, age))
                try await store(actor).act(on: record, .advance, values: values, today: min(day, today))
            }
        }

        // Elimination: households whose criteria hold, at each step; one eliminated and then reverted by the county.
        let atRisk = try await HouseholdRecord.query(on: db).within(county).filter(\.$monitoringCategory != nil)
            .filter(\.$riskEliminatedOn == nil).filter(\.$hasLabour == true).sort(\.$villageCode).all()
        let eligible = atRisk.filter { township.contains(RegionCode($0.villageCode)!) } + atRisk.filter { !township.contains(RegionCode($0.villageCode)!) }
        var placed = 0
        let eliminationStops: [CaseStage] = [.verification, .deliberation, .notice, .countyApproval, .announcement, .completed, .completed]
        for h in eligible where placed < eliminationStops.count {
            let village = villageActor(h.villageCode)
            let start = today.adding(days: -12)
            let method: EliminationMethod = .assisted
            let check = try await store(village).eliminationCheck(h, method: method, resolved: Set(h.risks), today: start)
            guard check.passes else { continue }
            let record = try await store(village).proposeElimination(h, method: method, resolved: Set(h.risks), note: "收入稳定，风险已消除", today: start)
            let stop = eliminationStops[placed]
            let plan: [(CaseStage, Actor, Int, FormValues)] = [
                (.verification, village, 1, ["findings": "入户核实：务工收入稳定，医疗费用已报销"]),
                (.deliberation, village, 2, ["comment": "村民代表评议同意"]),
                (.notice, village, 8, ["comment": "公示无异议"]),
                (.countyApproval, xian, 9, ["comment": "同意"]),
                (.announcement, village, 10, ["comment": "已公告"]),
            ]
            for (stage, actor, offset, values) in plan {
                if stage == stop { break }
                try await store(actor).act(on: record, .advance, values: values, today: start.adding(days: offset))
            }
            if placed == eliminationStops.count - 1 {
                let fresh = try await HouseholdRecord.find(h.id, on: db)!
                try await store(xian).revertElimination(fresh, reason: "公告后户主再次住院，风险复发", today: today)
            }
            placed += 1
        }
    }

    static let measureNames: [MeasureCategory: String] = [
        .industry: "特色种植产业奖补", .employment: "就业技能培训并推荐务工", .finance: "脱贫人口小额信贷", .welfareJob: "村保洁公益岗位",
        .health: "大病专项救治与医疗救助", .compulsoryEducation: "义务教育阶段资助", .otherEducation: "雨露计划", .socialSecurity: "纳入农村低保",
        .housing: "农村危房改造", .water: "安全饮水入户", .socialAid: "社会帮扶结对", .relocation: "易地扶贫搬迁", .livingConditions: "改厨改厕",
        .infrastructure: "通组道路硬化",
    ]
}

/// What a monitored household of the demo comes with, decided while the household is generated so that a county of a
/// million households is written as rows: its risk types, measures (a few deliberately not matching its risks),
/// visits (some overdue), its 帮扶责任人 in the cadre's township, and for about a quarter of those identified over a
/// year ago, risk eliminated.
struct DemoMonitoredHouseholds: Sendable {
    let township: RegionCode
    let cadreVillage: String
    let cadreID: UUID
    let townshipCadreID: UUID
    var rng: SplitMix64

    struct Household {
        var id: UUID
        var villageCode: String
        var since: String?
        var hasLabour: Bool
        var gapMedical: Bool
        var gapHousing: Bool
        var gapWater: Bool
    }

    struct Extras {
        var riskTypes: String
        var lastVisitOn: String?
        var riskEliminatedOn: String?
        var eliminationMethod: String?
        var measures: [MeasureRecord] = []
        var visits: [VisitRecord] = []
        var helper: HelperAssignmentRecord?
    }

    mutating func extras(for h: Household, today: CivilDate) -> Extras {
        var risks: [RiskType] = []
        if h.gapMedical || rng.chance(0.35) { risks.append(.illness) }
        if !h.hasLabour { risks.append(.lackOfLabour) }
        if h.gapHousing { risks.append(.housing) }
        if h.gapWater { risks.append(.water) }
        if risks.isEmpty || rng.chance(0.3) {
            risks.append([RiskType.unstableEmployment, .disability, .education, .flood, .industryFailure, .accident][Int(rng.next() % 6)])
        }
        risks = Array(risks.enumerated().filter { i, r in !risks.prefix(i).contains(r) }.map(\.element).prefix(RiskType.maximumPerHousehold))
        var extras = Extras(riskTypes: RiskType.encode(risks))
        let since = CivilDate(parsing: h.since ?? "") ?? today.adding(days: -200)
        // Measures: one fitting each risk, plus employment for households that can work; 6% get 兜底 alone.
        var categories: [MeasureCategory] = []
        if rng.chance(0.06) {
            categories = [.socialSecurity]
        } else {
            for r in risks {
                switch r {
                case .illness: categories.append(.health)
                case .education: categories.append(.otherEducation)
                case .disability: categories.append(.socialSecurity)
                case .housing: categories.append(.housing)
                case .water: categories.append(.water)
                case .lackOfLabour: categories.append(.socialSecurity)
                default: categories.append(.industry)
                }
            }
            if h.hasLabour { categories.append(.employment) }
            if h.gapMedical { categories.append(.socialAid) }
        }
        for c in Set(categories).sorted(by: { $0.rawValue < $1.rawValue }) {
            let m = MeasureRecord()
            m.id = UUID()
            m.householdID = h.id
            m.villageCode = h.villageCode
            m.category = c.rawValue
            m.name = DemoLifecycle.measureNames[c] ?? c.label
            m.department = c.usualDepartment
            m.amountFen = [MeasureCategory.socialSecurity, .health, .otherEducation, .finance].contains(c) ? Int64(1000 + rng.next() % 9000) * 100 : nil
            m.startOn = since.adding(days: Int(rng.next() % 20)).description
            m.status = (rng.chance(0.3) ? MeasureStatus.completed : .ongoing).rawValue
            extras.measures.append(m)
        }
        // Visits: every month or so since identification; the last one 0–45 days ago, so some are overdue.
        var day = today.adding(days: -Int(rng.next() % 46))
        for _ in 0..<3 where day > since {
            let v = VisitRecord()
            v.id = UUID()
            v.householdID = h.id
            v.villageCode = h.villageCode
            v.visitedOn = day.description
            v.username = "帮扶责任人"
            v.findings = ["家中生活正常，务工收入稳定", "了解医疗报销进度，已按政策报销", "子女在校正常就读", "产业收益已到账"][Int(rng.next() % 4)]
            v.incomeTrend = (rng.chance(0.08) ? IncomeTrend.falling : .stable).rawValue
            v.changes = ""
            extras.visits.append(v)
            if extras.lastVisitOn == nil { extras.lastVisitOn = day.description }
            day = day.adding(days: -30 - Int(rng.next() % 10))
        }
        // About a quarter identified over a year ago have had their risk marked eliminated.
        if since < today.adding(months: -12), h.hasLabour, rng.chance(0.3) {
            extras.riskEliminatedOn = since.adding(months: 8 + Int(rng.next() % 4)).description
            extras.eliminationMethod = (rng.chance(0.8) ? EliminationMethod.assisted : .natural).rawValue
        }
        if township.contains(RegionCode(h.villageCode)!) || h.villageCode == cadreVillage {
            let helper = HelperAssignmentRecord()
            helper.id = UUID()
            helper.householdID = h.id
            helper.userID = h.villageCode == cadreVillage ? cadreID : townshipCadreID
            helper.startDate = since.description
            extras.helper = helper
        }
        return extras
    }
}

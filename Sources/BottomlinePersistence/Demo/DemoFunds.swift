import BottomlineDomain
import Fluent
import Foundation

/// The demo county's year of 衔接资金 and its 项目库 (issue 15): batches of every level and the integrated funds, and
/// about forty projects at every step from a village's proposal to 报账 (one refused), with their 公示, 项目对接 and
/// payments — all made through `ProjectStore` and `FundStore`, as users would, dated back from today. The demo
/// cadre's village has one project waiting for it and one being built; the demo township has proposals to review.
struct DemoFunds {
    let county: RegionCode
    let township: RegionCode

    struct Plan {
        var category: ProjectCategory
        var name: String
        var place: RegionCode
        var target: ProjectStage
        var linkage: Int64   // 万元 × 100
        var integrated: Int64
    }

    func seed(on db: any Database, rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).all()
        guard let cunUser = users.first(where: { $0.username == "cun" }), let xianUser = users.first(where: { $0.username == "xian" }),
              let zhenUser = users.first(where: { $0.username == "nandun" }) else { return }
        let regions = try await RegionRecord.query(on: db).within(county).all()
        let names = Dictionary(regions.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let villages = regions.filter { $0.level == RegionCode.Level.village.rawValue }.map(\.code).sorted()
        guard !villages.isEmpty else { return }
        let xian = Actor(xianUser)
        func actor(for level: RegionCode.Level, place: RegionCode) -> Actor {
            switch level {
            case .village:
                let village = RegionCode(String(place.digits.prefix(12)))!
                if village.digits == cunUser.regionCode { return Actor(cunUser) }
                return Actor(userID: nil, username: "\(names[village.digits] ?? "")村委会", role: .village, region: village)
            case .township:
                let t = RegionCode(String(place.digits.prefix(9)))!
                if t == township { return Actor(zhenUser) }
                return Actor(userID: nil, username: "\(names[t.digits] ?? "")人民政府", role: .township, region: t)
            default:
                return xian
            }
        }
        func projects(_ a: Actor) -> ProjectStore { ProjectStore(ScopedRegistry(db: db, actor: a)) }
        let funds = FundStore(ScopedRegistry(db: db, actor: xian))
        let year = today.year

        // 资金下达: central money in three batches, province in two, city and county one each, and the integrated funds.
        let batchPlan: [(FundLevel, FundKind, String, Int, Int64)] = [
            (.central, .linkage, "豫财农〔\(year)〕3号", 40, 356_000), (.central, .linkage, "豫财农〔\(year)〕27号", 120, 131_205),
            (.central, .linkage, "豫财农〔\(year)〕61号", 200, 64_800), (.province, .linkage, "豫财农〔\(year)〕5号", 45, 93_500),
            (.province, .linkage, "豫财农〔\(year)〕72号", 210, 38_600), (.city, .linkage, "周财农〔\(year)〕8号", 60, 21_200),
            (.county, .linkage, "项财预〔\(year)〕2号", 30, 60_000), (.county, .integrated, "项政〔\(year)〕11号", 50, 120_000),
        ]
        var batches: [FundBatchRecord] = []
        for (level, kind, document, dayOfYear, hundredths) in batchPlan {
            let issued = min(CivilDate(year: year, month: 1, day: 1)!.adding(days: dayOfYear), today)
            batches.append(try await funds.addBatch(FundBatch(year: year, level: level, kind: kind, document: document, issuedOn: issued,
                                                              amount: Money(fen: hundredths * 10_000), purpose: "巩固拓展脱贫攻坚成果和乡村振兴")))
        }

        // 项目库: in the demo township first (its villages and the cadre's village), then across the county.
        let home = villages.filter { township.contains($0) }
        let cadreVillage = RegionCode(cunUser.regionCode)!
        let others = villages.filter { !township.contains($0) }
        func pick(_ list: [RegionCode]) -> RegionCode { list.isEmpty ? cadreVillage : list[Int(rng.next() % UInt64(list.count))] }
        let titles: [ProjectCategory: [String]] = [
            .industry: ["香菇种植大棚", "肉牛养殖场", "村级光伏电站", "帮扶车间", "冷链仓储库", "小麦良种繁育基地", "辣椒深加工生产线"],
            .ruralConstruction: ["村内道路硬化", "安全饮水巩固提升", "村组排水沟渠", "太阳能路灯"],
            .employment: ["乡村公益岗位补贴", "务工人员一次性交通补助"],
            .basicNeeds: ["农村危房改造", "雨露计划职业教育补助"],
        ]
        func amount(_ low: Int64, _ high: Int64) -> Int64 { (low + Int64(rng.next() % UInt64(high - low + 1))) * 100 }
        var plans: [Plan] = [
            Plan(category: .industry, name: "香菇种植大棚", place: cadreVillage, target: .underway, linkage: 12_000, integrated: 3_000),
            Plan(category: .ruralConstruction, name: "村内道路硬化", place: cadreVillage, target: .proposed, linkage: 4_650, integrated: 0),
        ]
        let stages: [(ProjectStage, Int)] = [(.proposed, 3), (.townshipReview, 3), (.appraisal, 2), (.countyApproval, 2), (.inLibrary, 3),
                                              (.planned, 4), (.underway, 8), (.built, 4), (.accepted, 3), (.settled, 3), (.rejected, 1)]
        for (stage, count) in stages {
            for i in 0..<count {
                let category: ProjectCategory = [.industry, .industry, .industry, .ruralConstruction, .ruralConstruction, .employment, .basicNeeds][Int(rng.next() % 7)]
                let list = titles[category]!
                // Proposals and reviews mostly in the demo township, so its users have work waiting.
                let place = (stage == .townshipReview || (stage == .proposed && i == 0)) ? pick(home) : (rng.chance(0.3) ? pick(home) : pick(others))
                let (low, high): (Int64, Int64) = category == .industry ? (80, 600) : category == .ruralConstruction ? (30, 300) : (15, 80)
                plans.append(Plan(category: category, name: list[Int(rng.next() % UInt64(list.count))], place: place, target: stage,
                                  linkage: amount(low, high), integrated: rng.chance(0.3) ? amount(10, 60) : 0))
            }
        }
        plans.append(Plan(category: .management, name: "项目管理费", place: county, target: .underway, linkage: 3_000, integrated: 0))

        var number = 0
        var accepted: [ProjectRecord] = []
        for plan in plans {
            number += 1
            let placeName = plan.place.level == .county ? "项城市" : "\(names[String(plan.place.digits.prefix(9))] ?? "")\(names[plan.place.digits] ?? "")"
            let industry = plan.category.countsAsIndustry
            let households = industry ? 20 + Int(rng.next() % 120) : 0
            let draft = ProjectDraft(
                number: "XC\(year)-\(Names.zeroPadded(UInt64(number), width: 3))", name: plan.place.level == .county ? "\(year)年度\(plan.name)" : "\(placeName)\(plan.name)",
                year: year, category: plan.category, place: plan.place.digits,
                content: plan.category == .management ? "用于项目前期设计、评审、招标、监理、验收等管理支出" : "\(plan.name)，具体规模见项目实施方案",
                goals: industry ? "带动脱贫户和监测户\(households * 2 / 3)户，户均年增收不低于1500元" : "项目建成后惠及群众不少于\(200 + Int(rng.next() % 800))人，工程验收合格率100%",
                linkageBudget: Money(fen: plan.linkage * 10_000), integratedBudget: Money(fen: plan.integrated * 10_000),
                linkWays: industry ? [.dividend, .employment] : [], linkedHouseholds: households, linkedAlleviated: households * 2 / 3,
                linkedMonitored: households / 12, implementer: industry ? "\(placeName)股份经济合作社" : plan.place.level == .county ? "项城市乡村振兴局" : "\(names[String(plan.place.digits.prefix(9))] ?? "")人民政府",
                responsible: Names.surname(&rng) + Names.givenName(&rng, male: rng.chance(0.7)))
            // Dated back from today so the last step of this project's road falls on or before it.
            let steps = ProjectStage.allCases.firstIndex(of: plan.target == .rejected ? .appraisal : plan.target)!
            var day = today.adding(days: -(steps * 12 + 5 + Int(rng.next() % 30)))
            let proposer = actor(for: ProjectStage.proposed.owner(placeLevel: plan.place.level)!, place: plan.place)
            let project = try await projects(proposer).propose(draft, today: day)
            var stage = ProjectStage.proposed
            while stage != plan.target, let owner = stage.owner(placeLevel: plan.place.level) {
                if plan.target == .rejected, stage == .appraisal {
                    day = day.adding(days: 3)
                    try await projects(actor(for: owner, place: plan.place)).sendBack(project, reject: true, reason: "与已实施项目重复，不予通过", today: day)
                    break
                }
                let notice = stage.needsNotice ? NoticePeriod(start: day.adding(days: 1), days: 10) : nil
                day = day.adding(days: stage.needsNotice ? 11 : 3 + Int(rng.next() % 6))
                // Money before the project moves on: 对接 once it is in the library, payments while it is built.
                if stage == .inLibrary { try await allocate(project, plan, batches, funds, on: day) }
                if [.underway, .built, .accepted].contains(stage) {
                    let share: Int64 = stage == .underway ? 40 : stage == .built ? 40 : 15
                    try await pay(project, share, funds, on: day, rng: &rng)
                }
                try await projects(actor(for: owner, place: plan.place)).pass(project, on: day, notice: notice, comment: "", today: today)
                stage = project.stageValue
            }
            if plan.target == .underway { try await pay(project, 35, funds, on: today.adding(days: -1), rng: &rng) }
            // 联农带农: a village's 产业 project under way or done links up to eight of its 脱贫户 and 监测对象 by number.
            if industry, plan.place.level == .village, [.underway, .built, .accepted, .settled].contains(plan.target) {
                let linked = try await HouseholdRecord.query(on: db).filter(\.$villageCode == plan.place.digits).filter(\.$status == "active")
                    .group(.or) { $0.filter(\.$category == HouseholdCategory.alleviated.rawValue).filter(\.$monitoringCategory != nil) }
                    .sort(\.$number).limit(8).all()
                if !linked.isEmpty {
                    try await projects(xian).link(project, numbers: linked.map(\.number), way: rng.chance(0.5) ? .employment : .dividend, today: today)
                }
            }
            if [.accepted, .settled].contains(plan.target) { accepted.append(project) }
        }
        try await seedAssets(accepted: accepted, cadreVillage: cadreVillage, cadre: Actor(cunUser), county: xian, names: names, today: today, on: db, rng: &rng)
        // The 15th/30th 支付进度通报 as a saved bulletin over the townships, ranked by 支付 ÷ 对接, to print as of any day.
        _ = try await IndicatorStore(ScopedRegistry(db: db, actor: xian)).saveBulletin(BulletinDefinition(
            title: "衔接资金支付进度通报", columns: ["ZJ02", "ZJ03", "ZJ05", "ZJ06", "ZJ07", "XM02", "XM03"], rank: "ZJ05",
            footnote: "每月15日、30日前通报支付进度；支付进度低于全县平均的乡镇另发提示函。"))
    }

    /// 帮扶项目资产: the accepted projects' assets (some settled ones left for the county to register), a 光伏 station in
    /// the demo cadre's village with this year's monthly income and its distribution to households, and a township
    /// 帮扶车间.
    private func seedAssets(accepted: [ProjectRecord], cadreVillage: RegionCode, cadre: Actor, county: Actor, names: [String: String],
                            today: CivilDate, on db: any Database, rng: inout SplitMix64) async throws {
        let store = AssetStore(ScopedRegistry(db: db, actor: county))
        let batches: [FourBatchClass] = [.consolidate, .consolidate, .upgrade, .consolidate, .revitalize, .adjust]
        for (i, project) in accepted.enumerated() where i % 3 != 2 {
            let money = try await FundStore.money(of: project, on: db)
            let assetClass = AssetClass.likely(for: project.categoryValue)
            let asset = try await store.register(AssetDraft(
                number: "ZC-\(project.number)", name: project.name, assetClass: assetClass, kind: .general, place: project.regionCode,
                value: money.paid > .zero ? money.paid : project.draft.budget, owner: .villageCollective,
                confirmedOn: rng.chance(0.8) ? today.adding(days: -Int(rng.next() % 60)) : nil, operatorName: assetClass == .operating ? "\(names[project.regionCode] ?? "")股份经济合作社" : "",
                way: assetClass == .operating ? [.lease, .shares, .entrusted][Int(rng.next() % 3)] : .none, agreedReturn: assetClass == .operating ? "年收益不低于投资额的6%" : "",
                caretaker: Names.surname(&rng) + Names.givenName(&rng, male: true), fourBatch: batches[i % batches.count],
                capacityKW: nil, jobs: nil, jobsAlleviated: nil, jobsMonitored: nil), project: project)
            if assetClass == .operating, today.month > 1 {
                try await AssetStore(ScopedRegistry(db: db, actor: county)).recordIncome(asset, year: today.year, month: 0,
                    amount: Money(fen: asset.valueFen * 6 / 100 / 100 * 100), kwh: nil, note: "按约定收益", today: today)
            }
        }
        // The cadre's village: a 100 kW station built before the system, this year's months, and where the money went.
        let station = try await store.register(AssetDraft(
            number: "ZC-GF-001", name: "\(names[cadreVillage.digits] ?? "")村级光伏电站", assetClass: .operating, kind: .photovoltaic, place: cadreVillage.digits,
            value: Money(wanYuan: "80")!, owner: .villageCollective, confirmedOn: CivilDate(year: 2021, month: 6, day: 30), operatorName: "村股份经济合作社",
            way: .selfRun, agreedReturn: "发电收益全部归村集体", caretaker: "村级光伏管护员", fourBatch: .consolidate, capacityKW: 100,
            jobs: nil, jobsAlleviated: nil, jobsMonitored: nil), project: nil)
        let village = AssetStore(ScopedRegistry(db: db, actor: cadre))
        var earned: Int64 = 0
        for month in 1..<max(1, today.month) {
            let kwh = Int64(8_000 + Int(rng.next() % 6_000))
            let fen = kwh * 41   // about 0.41元 a kWh
            earned += fen
            try await village.recordIncome(station, year: today.year, month: month, amount: Money(fen: fen), kwh: kwh, note: "", today: today)
        }
        // 公益岗位 go to 脱贫户 able to do the work.
        let households = try await HouseholdRecord.query(on: db).filter(\.$villageCode == cadreVillage.digits).filter(\.$status == HouseholdStatus.active.rawValue)
            .filter(\.$category == HouseholdCategory.alleviated.rawValue).filter(\.$hasLabour == true).sort(\.$number).limit(4).all()
        if earned > 1_200_000, households.count == 4 {
            let pay: [Int64] = [3_600, 3_000, 2_400, 1_800]
            try await village.distribute(station, year: today.year, use: .publicJobs, amount: Money(yuan: pay.reduce(0, +)), decidedOn: today.adding(days: -20),
                                         decidedBy: "四议两公开，村民代表大会通过", note: "保洁、护林、光伏管护公益岗位",
                                         payouts: zip(households, pay).map { ($0.number, Money(yuan: $1)) }, today: today)
            try await village.distribute(station, year: today.year, use: .smallWelfare, amount: Money(fen: earned / 3 / 100 * 100), decidedOn: today.adding(days: -20),
                                         decidedBy: "四议两公开，村民代表大会通过", note: "村内道路和路灯维修", payouts: [], today: today)
        }
        // The township's 帮扶车间.
        _ = try await store.register(AssetDraft(
            number: "ZC-CJ-001", name: "\(names[township.digits] ?? "")帮扶车间", assetClass: .operating, kind: .workshop, place: township.digits,
            value: Money(wanYuan: "260")!, owner: .township, confirmedOn: CivilDate(year: 2022, month: 3, day: 15), operatorName: "项城市某制衣有限公司",
            way: .lease, agreedReturn: "年租金15.6万元", caretaker: "乡镇经管站", fourBatch: .upgrade, capacityKW: nil,
            jobs: 56, jobsAlleviated: 31, jobsMonitored: 4), project: nil)
    }

    /// 项目对接 of a project's budget: its 衔接资金 from the linkage batches in order, its integrated funds from theirs.
    private func allocate(_ project: ProjectRecord, _ plan: Plan, _ batches: [FundBatchRecord], _ funds: FundStore, on day: CivilDate) async throws {
        for (kind, hundredths) in [(FundKind.linkage, plan.linkage), (.integrated, plan.integrated)] where hundredths > 0 {
            var left = Money(fen: hundredths * 10_000)
            // Each project draws on the batches in turn, starting from a different one, as counties spread them.
            let own = batches.filter { $0.kind == kind.rawValue }
            guard !own.isEmpty else { continue }
            let start = Int(plan.linkage % Int64(own.count))
            for batch in own[start...] + own[..<start] where left > .zero {
                let given = try await FundAllocationRecord.query(on: funds.registry.db).filter(\.$batchID == batch.id!).all()
                    .reduce(Money.zero) { $0 + Money(fen: $1.amountFen) }
                let room = Money(fen: batch.amountFen) - given
                guard room > .zero else { continue }
                let amount = min(room, left)
                try await funds.allocate(batch, to: project, amount: amount, today: day)
                left = left - amount
            }
        }
    }

    /// Pays `percent` of what the project was given, per batch, to the contractor (a 质保金 of 3% held at the last).
    private func pay(_ project: ProjectRecord, _ percent: Int64, _ funds: FundStore, on day: CivilDate, rng: inout SplitMix64) async throws {
        let db = funds.registry.db
        let allocations = try await FundAllocationRecord.query(on: db).filter(\.$projectID == project.id!).all()
        for a in allocations {
            let amount = Money(fen: a.amountFen * percent / 100 / 100 * 100)
            guard amount > .zero else { continue }
            let payee: PayeeKind = project.categoryValue == .employment || project.categoryValue == .basicNeeds ? .household : .contractor
            let payment = FundPayment(batchID: a.batchID, projectID: project.id!, paidOn: min(day, CivilDate.today), amount: amount, payee: payee,
                                      retention: percent == 15 ? Money(fen: a.amountFen * 3 / 100) : .zero)
            do {
                try await funds.pay(payment, payeeName: payee == .household ? "按花名册发放到户" : "周口\(["宏达", "中原", "鑫源", "同兴"][Int(rng.next() % 4)])建设工程有限公司", project: project)
            } catch is FieldProblems {
                continue   // nothing left to pay of this allocation
            }
        }
    }
}

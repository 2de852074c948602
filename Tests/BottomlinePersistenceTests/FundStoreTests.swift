import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// The 项目库 and the 衔接资金 ledger as ledgers-rules.md §L1–L2 state them: each step by its owner, 公示 of at least
/// the policy's days, changes after approval re-approved, money never allocated or paid beyond what there is, payments
/// corrected by reversal, and a township that sees only its own projects. Each test runs on its own database.
@Suite("衔接资金与项目库")
struct FundStoreTests {
    static let wang = "411681101201", zhao = "411681102201"

    struct World {
        let app: Application
        let cun: Actor, township: Actor, otherTownship: Actor, county: Actor, leader: Actor
        func projects(_ a: Actor) -> ProjectStore { ProjectStore(ScopedRegistry(db: app.db, actor: a)) }
        func funds(_ a: Actor) -> FundStore { FundStore(ScopedRegistry(db: app.db, actor: a)) }
        func scoped(_ a: Actor) -> ScopedRegistry { ScopedRegistry(db: app.db, actor: a) }
        func fresh(_ p: ProjectRecord) async throws -> ProjectRecord { try await ProjectRecord.find(p.id!, on: app.db)! }
    }

    static func world(_ app: Application) async throws -> World {
        _ = try await app.importSample()
        func actor(_ name: String, _ role: Role, _ region: String) async throws -> Actor {
            Actor(try await app.makeUser(name, role: role, region: region))
        }
        return World(app: app, cun: try await actor("cun", .village, wang), township: try await actor("zhen", .township, "411681101"),
                     otherTownship: try await actor("zhen2", .township, "411681102"), county: try await actor("xian", .county, "411681"),
                     leader: try await actor("lingdao", .leader, "411681"))
    }

    static let day0 = CivilDate(year: 2025, month: 3, day: 3)!

    static func draft(_ number: String = "XC2025-001", place: String = wang, category: ProjectCategory = .industry,
                      linkage: String = "100") -> ProjectDraft {
        ProjectDraft(number: number, name: "王庄村香菇大棚", year: 2025, category: category, place: place, content: "新建香菇大棚20座",
                     goals: "带动脱贫户30户年增收2000元", linkageBudget: Money(wanYuan: linkage)!, linkWays: [.dividend, .employment],
                     linkedHouseholds: 40, linkedAlleviated: 30, linkedMonitored: 2, implementer: "王庄村股份经济合作社", responsible: "王建国")
    }

    /// Proposes a village project and takes it to 入库: two 公示 of ten days, then the county's two steps.
    static func approved(_ w: World, _ d: ProjectDraft = draft()) async throws -> ProjectRecord {
        let p = try await w.projects(w.cun).propose(d, today: day0)
        try await w.projects(w.cun).pass(p, on: day0.adding(days: 10), notice: NoticePeriod(start: day0, days: 10), comment: "", today: day0.adding(days: 10))
        try await w.projects(w.township).pass(p, on: day0.adding(days: 21), notice: NoticePeriod(start: day0.adding(days: 11), days: 10),
                                              comment: "", today: day0.adding(days: 21))
        try await w.projects(w.county).pass(p, on: day0.adding(days: 22), notice: nil, comment: "论证可行", today: day0.adding(days: 22))
        try await w.projects(w.county).pass(p, on: day0.adding(days: 23), notice: nil, comment: "", today: day0.adding(days: 23))
        return p
    }

    /// Two approved projects in two townships, each given 100万 of one 200万 central batch, paid 30万 (6-01) and 50万
    /// (6-20) for 南顿镇's, 60万 (6-10) for 孙店镇's.
    static func twoTownshipsPaid(_ w: World) async throws {
        let p1 = try await approved(w)
        // A project of 赵营村 in the other township, through its own village and township.
        let zhaoCun = Actor(userID: nil, username: "zhaocun", role: .village, region: RegionCode(zhao)!)
        let p2 = try await w.projects(zhaoCun).propose(draft("XC2025-002", place: zhao), today: day0)
        try await w.projects(zhaoCun).pass(p2, on: day0.adding(days: 10), notice: NoticePeriod(start: day0, days: 10), comment: "", today: day0.adding(days: 10))
        try await w.projects(w.otherTownship).pass(p2, on: day0.adding(days: 21), notice: NoticePeriod(start: day0.adding(days: 11), days: 10), comment: "", today: day0.adding(days: 21))
        for on in [22, 23, 24] { try await w.projects(w.county).pass(p2, on: day0.adding(days: on), notice: nil, comment: "", today: day0.adding(days: on)) }
        try await w.projects(w.county).pass(p1, on: day0.adding(days: 24), notice: nil, comment: "", today: day0.adding(days: 24))
        try await w.projects(w.township).pass(p1, on: day0.adding(days: 25), notice: nil, comment: "", today: day0.adding(days: 25))
        try await w.projects(w.otherTownship).pass(p2, on: day0.adding(days: 25), notice: nil, comment: "", today: day0.adding(days: 25))
        let county = w.funds(w.county)
        let batch = try await county.addBatch(FundBatch(year: 2025, level: .central, document: "豫财农〔2025〕1号", issuedOn: day0, amount: Money(wanYuan: "200")!))
        try await county.allocate(batch, to: p1, amount: Money(wanYuan: "100")!, today: day0.adding(days: 24))
        try await county.allocate(batch, to: p2, amount: Money(wanYuan: "100")!, today: day0.adding(days: 24))
        try await county.pay(FundPayment(batchID: batch.id!, projectID: p1.id!, paidOn: CivilDate(year: 2025, month: 6, day: 1)!, amount: Money(wanYuan: "30")!, payee: .contractor), payeeName: "甲公司", project: p1)
        try await county.pay(FundPayment(batchID: batch.id!, projectID: p2.id!, paidOn: CivilDate(year: 2025, month: 6, day: 10)!, amount: Money(wanYuan: "60")!, payee: .contractor), payeeName: "乙公司", project: p2)
        try await county.pay(FundPayment(batchID: batch.id!, projectID: p1.id!, paidOn: CivilDate(year: 2025, month: 6, day: 20)!, amount: Money(wanYuan: "50")!, payee: .contractor), payeeName: "甲公司", project: p1)
    }

    static func refusal(_ body: () async throws -> Void) async -> String? {
        do { try await body(); return nil } catch let p as FieldProblems { return p.summary } catch { return "\(error)" }
    }

    @Test("a village proposes, the township reviews after a 公示 of at least the policy's 10 days, the county appraises and approves; each step only by its owner, each recorded with who and when")
    func entryProcedure() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            // The township cannot propose a village's project, and nobody proposes outside their region.
            let wrong = await Self.refusal { _ = try await w.projects(w.township).propose(Self.draft(), today: Self.day0) }
            #expect(wrong?.contains("村级项目由村级申报") == true)
            let outside = await Self.refusal { _ = try await w.projects(w.cun).propose(Self.draft(place: Self.zhao), today: Self.day0) }
            #expect(outside?.contains("不在您的管辖范围内") == true)

            let p = try await w.projects(w.cun).propose(Self.draft(), today: Self.day0)
            #expect(p.stageValue == .proposed)
            let repeated = await Self.refusal { _ = try await w.projects(w.cun).propose(Self.draft(), today: Self.day0) }
            #expect(repeated?.contains("已在本县项目库中") == true)

            // 公示 missing, shorter than 10 days, or not yet over: refused, nothing written.
            let store = w.projects(w.cun)
            let none = await Self.refusal { try await store.pass(p, on: Self.day0.adding(days: 10), notice: nil, comment: "", today: Self.day0.adding(days: 10)) }
            #expect(none?.contains("不少于10天") == true)
            let short = await Self.refusal {
                try await store.pass(p, on: Self.day0.adding(days: 10), notice: NoticePeriod(start: Self.day0, days: 9), comment: "", today: Self.day0.adding(days: 10))
            }
            #expect(short == "公示9天，少于规定的10天")
            let early = await Self.refusal {
                try await store.pass(p, on: Self.day0.adding(days: 9), notice: NoticePeriod(start: Self.day0, days: 10), comment: "", today: Self.day0.adding(days: 9))
            }
            #expect(early?.contains("公示期满后") == true)
            #expect(try await w.fresh(p).stageValue == .proposed)

            // The township cannot pass the village's step; the village cannot pass the township's.
            let notOwner = await Self.refusal {
                try await w.projects(w.township).pass(p, on: Self.day0.adding(days: 10), notice: NoticePeriod(start: Self.day0, days: 10), comment: "", today: Self.day0.adding(days: 10))
            }
            #expect(notOwner?.contains("应由村级办理") == true)
            try await store.pass(p, on: Self.day0.adding(days: 10), notice: NoticePeriod(start: Self.day0, days: 10), comment: "", today: Self.day0.adding(days: 10))
            #expect(try await w.fresh(p).stageValue == .townshipReview)
            let villageAgain = await Self.refusal {
                try await store.pass(p, on: Self.day0.adding(days: 21), notice: NoticePeriod(start: Self.day0.adding(days: 11), days: 10), comment: "", today: Self.day0.adding(days: 21))
            }
            #expect(villageAgain?.contains("应由乡镇办理") == true)
            // Another township neither sees it nor acts on it.
            #expect(try await w.scoped(w.otherTownship).project(p.id!) == nil)
            #expect(try await w.scoped(w.township).project(p.id!) != nil)

            // The township sends it back with a reason; the village reworks and proposes again.
            let noReason = await Self.refusal { try await w.projects(w.township).sendBack(p, reject: false, reason: " ", today: Self.day0.adding(days: 12)) }
            #expect(noReason?.contains("理由") == true)
            try await w.projects(w.township).sendBack(p, reject: false, reason: "带动户数需核实", today: Self.day0.adding(days: 12))
            #expect(try await w.fresh(p).stageValue == .proposed)
            var changed = Self.draft()
            changed.linkedHouseholds = 45
            try await store.change(try await w.fresh(p), to: changed, reason: "", today: Self.day0.adding(days: 13))
            #expect(try await w.fresh(p).linkHouseholds == 45)
            let q = try await w.fresh(p)
            try await store.pass(q, on: Self.day0.adding(days: 24), notice: NoticePeriod(start: Self.day0.adding(days: 14), days: 10), comment: "", today: Self.day0.adding(days: 24))
            try await w.projects(w.township).pass(q, on: Self.day0.adding(days: 35), notice: NoticePeriod(start: Self.day0.adding(days: 25), days: 10), comment: "", today: Self.day0.adding(days: 35))
            #expect(q.stageValue == .appraisal)
            let backdated = await Self.refusal { try await w.projects(w.county).pass(q, on: Self.day0.adding(days: 30), notice: nil, comment: "", today: Self.day0.adding(days: 36)) }
            #expect(backdated?.contains("不能早于上一环节") == true)
            try await w.projects(w.county).pass(q, on: Self.day0.adding(days: 36), notice: nil, comment: "论证可行", today: Self.day0.adding(days: 36))
            try await w.projects(w.county).pass(q, on: Self.day0.adding(days: 37), notice: nil, comment: "", today: Self.day0.adding(days: 37))
            #expect(q.stageValue == .inLibrary)

            let steps = try await w.projects(w.county).steps(of: q)
            #expect(steps.map(\.username) == ["cun", "cun", "zhen", "cun", "cun", "zhen", "xian", "xian"])
            #expect(steps.map(\.action) == ["propose", "pass", "send_back", "change", "pass", "pass", "pass", "pass"])
            #expect(steps[1].noticeDays == 10 && steps[1].noticeFrom == "\(Self.day0)")
            let audited = try await AuditRecord.query(on: app.db).filter(\.$entityID == p.id!.uuidString).count()
            #expect(audited == steps.count)
        }
    }

    @Test("a project's place decides who sees it: the village and its township see a village's project, the county sees all, another township none; a county-level project skips the township")
    func placeAndScope() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let village = try await w.projects(w.cun).propose(Self.draft(), today: Self.day0)
            let countyProject = try await w.projects(w.county).propose(Self.draft("XC2025-002", place: "411681"), today: Self.day0)
            #expect(try await w.scoped(w.township).projects().count() == 1)
            #expect(try await w.scoped(w.otherTownship).projects().count() == 0)
            #expect(try await w.scoped(w.county).projects().count() == 2)
            #expect(try await w.scoped(w.cun).project(countyProject.id!) == nil)
            #expect(try await w.scoped(w.cun).project(village.id!) != nil)
            // The county posts its own 公示 and goes straight to 论证.
            try await w.projects(w.county).pass(countyProject, on: Self.day0.adding(days: 10), notice: NoticePeriod(start: Self.day0, days: 10),
                                                comment: "", today: Self.day0.adding(days: 10))
            #expect(countyProject.stageValue == .appraisal)
        }
    }

    @Test("after approval a change of content or budget waits for the county; the project goes no further until the county decides")
    func changeAfterApproval() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let p = try await Self.approved(w)
            var bigger = Self.draft()
            bigger.linkageBudget = Money(wanYuan: "120")!
            let noReason = await Self.refusal { try await w.projects(w.township).change(p, to: bigger, reason: "", today: Self.day0.adding(days: 30)) }
            #expect(noReason?.contains("变更理由") == true)
            let byVillage = await Self.refusal { try await w.projects(w.cun).change(p, to: bigger, reason: "钢材涨价", today: Self.day0.adding(days: 30)) }
            #expect(byVillage?.contains("由乡镇或县级提出") == true)
            try await w.projects(w.township).change(p, to: bigger, reason: "钢材涨价", today: Self.day0.adding(days: 30))
            #expect(try await w.fresh(p).linkageFen == Money(wanYuan: "100")!.fen)
            #expect(try await w.fresh(p).pendingDraft == bigger)
            let blocked = await Self.refusal { try await w.projects(w.county).pass(p, on: Self.day0.adding(days: 31), notice: nil, comment: "", today: Self.day0.adding(days: 31)) }
            #expect(blocked?.contains("待县级审定的变更") == true)
            let townshipDecides = await Self.refusal { try await w.projects(w.township).decideChange(p, approve: true, comment: "", today: Self.day0.adding(days: 31)) }
            #expect(townshipDecides?.contains("由县级审定") == true)
            try await w.projects(w.county).decideChange(p, approve: true, comment: "", today: Self.day0.adding(days: 31))
            let after = try await w.fresh(p)
            #expect(after.linkageFen == Money(wanYuan: "120")!.fen && after.pendingChange == nil && after.stageValue == .inLibrary)
            let lastStep = try await w.projects(w.county).steps(of: after).last!
            #expect(lastStep.action == "change_approved" && lastStep.comment.contains("衔接资金（万元）：100.00 → 120.00"))
        }
    }

    @Test("a batch gives out no more than it holds and says by how much; a project is paid no more than it was given; a payment is corrected by a reversal, never an edit, and only once")
    func ledgerRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let p = try await Self.approved(w)
            let county = w.funds(w.county)
            let batch = try await county.addBatch(FundBatch(year: 2025, level: .central, document: "豫财农〔2025〕1号",
                                                            issuedOn: Self.day0, amount: Money(wanYuan: "100")!))
            let again = await Self.refusal {
                _ = try await county.addBatch(FundBatch(year: 2025, level: .central, document: "豫财农〔2025〕1号", issuedOn: Self.day0, amount: Money(wanYuan: "5")!))
            }
            #expect(again?.contains("已登记") == true)
            // Townships and villages neither write nor list the county's batches.
            #expect(await Self.refusal { _ = try await w.funds(w.township).addBatch(FundBatch(year: 2025, level: .county, document: "x", issuedOn: Self.day0, amount: Money(yuan: 1))) }?.contains("县级管理员") == true)
            #expect(try await w.scoped(w.township).fundBatches().count() == 0)
            #expect(try await w.scoped(w.leader).fundBatches().count() == 1)

            try await county.allocate(batch, to: p, amount: Money(wanYuan: "60")!, today: Self.day0.adding(days: 24))
            let over = await Self.refusal { try await county.allocate(batch, to: p, amount: Money(wanYuan: "50.5")!, today: Self.day0.adding(days: 24)) }
            #expect(over == "超出批次（豫财农〔2025〕1号）可对接余额10.50万元：批次100.00万元，已对接60.00万元，余额40.00万元")
            let unapproved = try await w.projects(w.cun).propose(Self.draft("XC2025-009"), today: Self.day0)
            #expect(await Self.refusal { try await county.allocate(batch, to: unapproved, amount: Money(yuan: 1), today: Self.day0) }?.contains("已入库") == true)

            // Paid only once started; no more than the allocation.
            let payment = FundPayment(batchID: batch.id!, projectID: p.id!, paidOn: Self.day0.adding(days: 40), amount: Money(wanYuan: "30")!,
                                      payee: .contractor, retention: Money(wanYuan: "1.5")!)
            #expect(await Self.refusal { try await county.pay(payment, payeeName: "某建筑公司", project: p) }?.contains("开工后") == true)
            try await w.projects(w.county).pass(p, on: Self.day0.adding(days: 25), notice: nil, comment: "", today: Self.day0.adding(days: 25))
            try await w.projects(w.township).pass(p, on: Self.day0.adding(days: 26), notice: nil, comment: "", today: Self.day0.adding(days: 26))
            try await county.pay(payment, payeeName: "某建筑公司", project: p)
            var second = payment
            second.id = UUID()
            second.amount = Money(wanYuan: "30.01")!
            let overPaid = await Self.refusal { try await county.pay(second, payeeName: "某建筑公司", project: p) }
            #expect(overPaid == "超出项目该批次资金未支付余额0.01万元：未支付余额30.00万元")

            // A wrong payment is reversed; the original row stays as it was.
            try await county.reverse(payment.id, on: Self.day0.adding(days: 41), reason: "金额录错", today: Self.day0.adding(days: 41))
            #expect(await Self.refusal { try await county.reverse(payment.id, on: Self.day0.adding(days: 41), reason: "再冲", today: Self.day0.adding(days: 41)) } == "该笔支付已冲销")
            let rows = try await FundPaymentRecord.query(on: app.db).sort(\.$amountFen).all()
            #expect(rows.map(\.amountFen) == [-30_000_000, 30_000_000])
            #expect(rows[0].reversesID == payment.id && rows[1].note.isEmpty)
            try await county.pay(second, payeeName: "某建筑公司", project: p)   // 30.01 of 60 now fits

            let ledger = try await county.year(2025)
            let progress = ledger.progress()
            #expect(progress.issued.wanText == "100.00" && progress.allocated.wanText == "60.00" && progress.paid.wanText == "30.01")
            #expect(progress.paymentRate.percentText() == "30.01%")
            #expect(progress.paymentRateOfAllocated.percentText() == "50.02%")
            // Henan 2025: at least 70% of central 衔接资金 to 产业; 60 of 100 is short of it.
            #expect(ledger.rule?.minimum == 7000 && ledger.rule?.base == .centralLinkage)
            #expect(progress.industryShare.percentText() == "60.00%" && !progress.industryShare.atLeast(hundredthsOfPercent: 7000))
            // Every write is in the audit log.
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "funds").count() == 5)
        }
    }

    @Test("two county users allocating the same batch at once cannot together exceed it")
    func concurrentAllocations() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let p = try await Self.approved(w)
            let batch = try await w.funds(w.county).addBatch(FundBatch(year: 2025, level: .province, document: "豫财农〔2025〕7号",
                                                                      issuedOn: Self.day0, amount: Money(wanYuan: "100")!))
            let store = w.funds(w.county)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { (try? await store.allocate(batch, to: p, amount: Money(wanYuan: "40")!, today: Self.day0.adding(days: 24))) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 2)
            let total = try await FundAllocationRecord.query(on: app.db).all().reduce(Int64(0)) { $0 + $1.amountFen }
            #expect(Money(fen: total).wanText == "80.00")
        }
    }

    @Test("the 支付进度通报 of a county ranks its townships by 支付÷对接 as of a day: a payment made after that day does not count, so a past 15th prints the same later")
    func progressBulletin() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            try await Self.twoTownshipsPaid(w)
            let county = w.funds(w.county)
            let june15 = CivilDate(year: 2025, month: 6, day: 15)!
            let mid = try await county.bulletin(year: 2025, asOf: june15)
            #expect(!mid.byIssued && mid.rows.prefix(2).map { "\($0.unit) \($0.rate.percentText())" } == ["孙店镇 60.00%", "南顿镇 30.00%"])
            // Every township is listed; those with nothing given rank last, without a rank.
            #expect(mid.rows.count > 2 && mid.rows.dropFirst(2).allSatisfy { $0.rank == nil && !$0.lagging })
            #expect(mid.totalRate.percentText() == "45.00%" && mid.rows.filter(\.lagging).map(\.unit) == ["南顿镇"])
            let end = try await county.bulletin(year: 2025, asOf: CivilDate(year: 2025, month: 6, day: 30)!)
            #expect(end.rows.prefix(2).map { "\($0.unit) \($0.rate.percentText())" } == ["南顿镇 80.00%", "孙店镇 60.00%"])
            // A leader of the city reads the counties, by 支付÷下达.
            let city = Actor(userID: nil, username: "shi", role: .leader, region: RegionCode("4116")!)
            let cityBulletin = try await FundStore(w.scoped(city)).bulletin(year: 2025, asOf: june15)
            #expect(cityBulletin.byIssued && cityBulletin.rows.count == 1 && cityBulletin.rows[0].rate.percentText() == "45.00%")
        }
    }
}

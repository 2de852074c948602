import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every page of the site, as each kind of user sees it, compared with a committed HTML file. The county is small and
/// fixed: the sample registry, a household taken through identification to monitoring with a measure and a visit, a
/// second household's case waiting for the county, a farmer's declaration not yet linked, a 医保 file with its
/// warnings, a frozen month and a saved bulletin. A change that should leave pages as they were proves it here.
@Suite("页面快照：每个页面与提交的 HTML 一致")
struct PageSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__/Pages")
    static let wang = "411681101201"

    struct County {
        var ids: [String: String] = [:]
        var browsers: [String: Browser] = [:]
    }

    static func county(_ app: Application) async throws -> County {
        var c = County()
        _ = try await app.importSample()
        try await SiteSettings.setPublicURL("http://localhost:8080", actor: .system(), on: app.db)
        _ = try await PolicyStore.add(.monitoringIncomeLine, value: "7000", region: RegionCode("41")!, effectiveFrom: CivilDate(year: 2025, month: 1, day: 1)!,
                                      source: "测试用标准", actor: .system(), on: app.db)
        func actor(_ name: String, _ role: Role, _ region: String) async throws -> Actor {
            Actor(try await app.makeUser(name, role: role, region: region))
        }
        let admin = try await actor("admin", .admin, "41"), county = try await actor("xian", .county, "411681")
        let township = try await actor("zhen", .township, "411681101"), cun = try await actor("cun", .village, wang)
        let cun2 = try await actor("cun2", .village, "411681101202")
        let yibao = try await actor("yibao", .department, "411681")
        _ = try await actor("lingdao", .leader, "411681")
        _ = admin
        let store = { (a: Actor) in LifecycleStore(ScopedRegistry(db: app.db, actor: a)) }
        let today = CivilDate.today
        let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
        t001.phone = "13700001111"
        try await t001.save(on: app.db)
        let day = today.adding(days: -12)
        let (clue, _) = try await store(cun).recordClue(t001, CadreClue(difficulty: .illness, description: "妻子慢性病住院", foundOn: day), today: day)
        let identification = try await store(cun).startIdentification(from: clue, today: day)
        for (a, offset, values) in [(cun, 0, ["findings": "住院自付3万元", "consent": "on"]), (county, 1, [:]), (cun, 2, ["comment": "参会21人，同意21人"]),
                                    (cun, 8, ["comment": "公示无异议"]), (township, 9, [:]), (county, 10, ["category": "marginal", "risk_01": "on"]),
                                    (cun, 11, [:])] as [(Actor, Int, FormValues)] {
            try await store(a).act(on: identification, .advance, values: values, today: day.adding(days: offset))
        }
        let monitored = try await HouseholdRecord.find(t001.id, on: app.db)!
        _ = try await store(cun).addMeasure(monitored, MeasureDraft(category: .health, name: "大病专项救治", department: "医保局", amount: Money(yuan: 3000),
                                                                    start: today.adding(days: -1), end: nil, status: .ongoing))
        _ = try await store(cun).addVisit(monitored, VisitDraft(date: today.adding(days: -1), findings: "已出院，在家休养", incomeTrend: .falling, changes: "妻子暂停务工"))

        let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
        let (clue2, _) = try await store(cun2).recordClue(t002, CadreClue(difficulty: .disability, description: "户主重度残疾，无稳定收入", foundOn: today), today: today)
        let case2 = try await store(cun2).startIdentification(from: clue2, today: today)
        try await store(cun2).act(on: case2, .advance, values: ["findings": "户主重度残疾，妻子务农", "consent": "on", "category": "sudden", "risk_03": "on"], today: today)
        let declared = try await LifecycleStore.receiveDeclaration(
            Declaration(name: "孙七", id: try ResidentID(validating: validID("41168119850606107")), phone: "13912345678", difficulty: .illness,
                        description: "丈夫住院，自付4万元"), village: RegionCode(wang)!, today: today, on: app.db)

        let medical = "身份证号,姓名,结算日期,个人自付\n\(validID("41168119700101101")),张三,\(today.adding(days: -30)),26000\n\(validID("41168119800505105")),赵六,\(today.adding(days: -30)),25000\nabc,坏,2026-01-01,1\n"
        let outcome = try await ScreeningStore(ScopedRegistry(db: app.db, actor: yibao))
            .screen(Data(medical.utf8), filename: "医保结算.csv", kind: .medical, channel: "web", asOf: today, today: today)
        _ = outcome
        let previous = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
        try await RecordedHistory.treatAsLongRecorded(on: app.db)   // so last month's end has these records to freeze
        _ = try await IndicatorStore(ScopedRegistry(db: app.db, actor: county)).freeze(period: IndicatorStore.label(previous), today: today)
        let bulletin = try await IndicatorStore(ScopedRegistry(db: app.db, actor: county))
            .saveBulletin(try BulletinDefinition.validate(["title": "防止返贫监测帮扶月度通报", "columns": "JC01, JC02, XC03", "rank": "XC03",
                                                            "footnote": "本版由项城市乡村振兴局供稿"]).get())

        // 项目库 and 衔接资金: one village project through entry to 开工 with money, one waiting at the village.
        let projects = { (a: Actor) in ProjectStore(ScopedRegistry(db: app.db, actor: a)) }
        let mushrooms = ProjectDraft(number: "XC-001", name: "王庄村香菇大棚", year: today.year, category: .industry, place: wang,
                                     content: "新建香菇大棚20座，配套冷库1座", goals: "带动脱贫户30户年户均增收2000元",
                                     linkageBudget: Money(wanYuan: "100")!, integratedBudget: Money(wanYuan: "20")!, linkWays: [.dividend, .employment],
                                     linkedHouseholds: 40, linkedAlleviated: 30, linkedMonitored: 2, implementer: "王庄村股份经济合作社", responsible: "王建国",
                                     plannedStart: today.adding(days: -5), plannedEnd: today.adding(days: 120))
        let project = try await projects(cun).propose(mushrooms, today: today.adding(days: -30))
        try await projects(cun).pass(project, on: today.adding(days: -19), notice: NoticePeriod(start: today.adding(days: -29), days: 10), comment: "", today: today)
        try await projects(township).pass(project, on: today.adding(days: -8), notice: NoticePeriod(start: today.adding(days: -18), days: 10), comment: "同意上报", today: today)
        try await projects(county).pass(project, on: today.adding(days: -7), notice: nil, comment: "论证可行", today: today)
        try await projects(county).pass(project, on: today.adding(days: -6), notice: nil, comment: "", today: today)
        try await projects(county).pass(project, on: today.adding(days: -5), notice: nil, comment: "", today: today)
        try await projects(township).pass(project, on: today.adding(days: -4), notice: nil, comment: "", today: today)
        let funds = FundStore(ScopedRegistry(db: app.db, actor: county))
        let batch = try await funds.addBatch(FundBatch(year: today.year, level: .central, document: "豫财农〔\(today.year)〕1号", issuedOn: today.adding(days: -40),
                                                       amount: Money(wanYuan: "150")!, purpose: "巩固拓展脱贫攻坚成果和乡村振兴"))
        _ = try await funds.addBatch(FundBatch(year: today.year, level: .province, kind: .integrated, document: "豫财农〔\(today.year)〕9号",
                                               issuedOn: today.adding(days: -20), amount: Money(wanYuan: "40.5")!))
        try await funds.allocate(batch, to: project, amount: Money(wanYuan: "100")!, today: today.adding(days: -6))
        try await funds.pay(FundPayment(batchID: batch.id!, projectID: project.id!, paidOn: today.adding(days: -2), amount: Money(wanYuan: "30")!,
                                        payee: .contractor, retention: Money(wanYuan: "1.5")!), payeeName: "周口某建设有限公司", project: project)
        var waiting = mushrooms
        waiting.number = "XC-002"
        waiting.name = "李楼村道路硬化"
        waiting.category = .ruralConstruction
        waiting.place = "411681101202"
        waiting.linkWays = []
        waiting.linkedHouseholds = 0
        waiting.linkedAlleviated = 0
        waiting.linkedMonitored = 0
        let project2 = try await projects(cun2).propose(waiting, today: today)
        // 项目资产: a 光伏 station of the village with two months' income, a 公益岗位 payout to T001 and money for public works.
        let station = try await AssetStore(ScopedRegistry(db: app.db, actor: county)).register(AssetDraft(
            number: "ZC-GF-001", name: "王庄村光伏电站", assetClass: .operating, kind: .photovoltaic, place: wang, value: Money(wanYuan: "80")!,
            owner: .villageCollective, confirmedOn: today.adding(days: -300), operatorName: "王庄村股份经济合作社", way: .selfRun, agreedReturn: "",
            caretaker: "王建国", fourBatch: .consolidate, capacityKW: 100, jobs: nil, jobsAlleviated: nil, jobsMonitored: nil), project: nil)
        let villageAssets = AssetStore(ScopedRegistry(db: app.db, actor: cun))
        try await villageAssets.recordIncome(station, year: today.year, month: 1, amount: Money(yuan: 4_500), kwh: 11_000, note: "", today: today)
        try await villageAssets.recordIncome(station, year: today.year, month: 2, amount: Money(yuan: 4_100), kwh: 10_000, note: "", today: today)
        try await villageAssets.distribute(station, year: today.year, use: .publicJobs, amount: Money(yuan: 2_400), decidedOn: today, decidedBy: "四议两公开",
                                           note: "保洁员", payouts: [("T001", Money(yuan: 2_400))], today: today)
        // 就业帮扶: 张三 in Shenzhen for three months, 李梅 a 保洁员, and the year's target for 务工人数.
        let jobs = JobStore(ScopedRegistry(db: app.db, actor: cun))
        let zhangSan = try await PersonRecord.query(on: app.db).filter(\.$name == "张三").first()!
        let liMei = try await PersonRecord.query(on: app.db).filter(\.$name == "李梅").first()!
        try await jobs.addSpell(t001, person: zhangSan.id, WorkSpell(place: RegionCode("440305")!, employer: "深圳某电子厂", start: CivilMonth(today.adding(months: -3)),
                                                                   end: nil, channel: .organised, monthlyIncome: Money(yuan: 4_800)), today: today)
        try await jobs.addPost(t001, person: liMei.id, PublicPost(type: .cleaning, employer: "王庄村委会", start: today.adding(days: -60), end: nil,
                                                                 monthlyPay: Money(yuan: 500)), today: today)
        try await JobStore(ScopedRegistry(db: app.db, actor: county)).setTarget(.workers, year: today.year, target: 3, source: "周口市下达目标任务", today: today)
        // 防贫保险: the year's scheme, and 张三's 因病 claim proposed from the 医保 file above.
        try await InsuranceStore(ScopedRegistry(db: app.db, actor: county)).saveScheme(InsuranceSchemeDraft(
            year: today.year, insurer: "中国人寿项城支公司", coversOrdinary: false, insuredPersons: 42_000, premiumPerPerson: Money(yuan: 50), carriedIn: Money(yuan: 120_000),
            noticeDays: 5, rules: [.illness: TriggerRule(line: Money(yuan: 5_000), ratio: 7_000, cap: Money(yuan: 50_000))]), today: today)
        _ = try await InsuranceStore(ScopedRegistry(db: app.db, actor: county)).proposeFromFeeds(asOf: today, today: today)
        // 驻村帮扶: two cadres in 王庄村 (a team short of three), no taps yet, and one check by the township.
        let dispatch = DispatchStore(ScopedRegistry(db: app.db, actor: county))
        let arrived = today.adding(days: -90)
        let secretary = try await dispatch.send(DispatchDraft(village: wang, name: "李书记", phone: "13900000001", role: .secretary, sendingUnit: "项城市财政局", sendingLevel: .county,
                                                              batch: "第三批", start: arrived, plannedEnd: arrived.adding(months: 24).adding(days: -1)), today: today)
        try await dispatch.send(DispatchDraft(village: wang, name: "周队员", phone: "13900000002", role: .member, sendingUnit: "周口市农业农村局", sendingLevel: .city,
                                              batch: "第三批", start: arrived, plannedEnd: arrived.adding(months: 12)), today: today)
        try await DispatchStore(ScopedRegistry(db: app.db, actor: township)).check(secretary, on: today, method: .unannounced, present: true, note: "", today: today)
        // 问题整改: the township hands over a problem about T001, which the village has rectified, waiting for 销号.
        let problem = try await ProblemStore(ScopedRegistry(db: app.db, actor: township)).register(ProblemDraft(
            source: .inspection, foundOn: today.adding(days: -20), householdNumber: "T001", category: "收入核算不准", text: "脱贫户务工收入未计入家庭纯收入",
            leadUnit: "南顿镇人民政府", responsible: "王建国", measures: "入户重新核算收入", deadline: today.adding(days: 10)), today: today)
        try await ProblemStore(ScopedRegistry(db: app.db, actor: cun)).rectify(problem, evidence: "已重新核算并归档", on: today.adding(days: -2), today: today)
        c.ids["asset"] = station.id!.uuidString
        c.ids["project"] = project.id!.uuidString
        c.ids["project2"] = project2.id!.uuidString
        c.ids["batch"] = batch.id!.uuidString

        c.ids["T001"] = t001.id!.uuidString
        c.ids["T002"] = t002.id!.uuidString
        c.ids["zhang"] = try await PersonRecord.query(on: app.db).filter(\.$householdID == t001.id!).sort(\.$idNumber).first()!.id!.uuidString
        c.ids["clue"] = clue.id!.uuidString
        c.ids["case"] = identification.id!.uuidString
        c.ids["case2"] = case2.id!.uuidString
        c.ids["clue2"] = clue2.id!.uuidString
        c.ids["declared"] = declared.0.id!.uuidString
        c.ids["file"] = try await FeedFileRecord.query(on: app.db).first()!.id!.uuidString
        c.ids["warning"] = try await WarningRecord.query(on: app.db).filter(\.$villageCode == wang).first()!.id!.uuidString
        c.ids["bulletin"] = bulletin.id!.uuidString
        for name in ["admin", "xian", "zhen", "cun", "cun2", "yibao", "lingdao"] { c.browsers[name] = try await signIn(app, name) }
        return c
    }

    /// (snapshot name, user or nil for a stranger, path with `{KEY}` for the county's record ids).
    static let pages: [(String, String?, String)] = [
        ("login", nil, "/login"),
        ("declare", nil, "/declare/411681101201"),
        ("not-found", "xian", "/households/00000000-0000-0000-0000-000000000000"),
        ("home-admin", "admin", "/"),
        ("home-county", "xian", "/"),
        ("home-township", "zhen", "/"),
        ("home-village", "cun", "/"),
        ("home-village-2", "cun2", "/"),
        ("home-department", "yibao", "/"),
        ("home-leader", "lingdao", "/"),
        ("region-township", "xian", "/regions/411681101"),
        ("households", "xian", "/households"),
        ("households-filtered", "xian", "/households?region=411681101&q=张"),
        ("household-new", "xian", "/households/new"),
        ("household-county", "xian", "/households/{T001}"),
        ("household-village", "cun", "/households/{T001}"),
        ("household-other", "cun", "/households/{T002}"),
        ("household-edit", "cun", "/households/{T001}/edit"),
        ("household-member-new", "cun", "/households/{T001}/members/new"),
        ("household-income", "cun", "/households/{T001}/income"),
        ("household-changes", "cun", "/households/{T001}/changes"),
        ("household-elimination", "cun", "/households/{T001}/elimination"),
        ("person-edit", "cun", "/persons/{zhang}/edit"),
        ("work-village", "cun", "/work"),
        ("work-village-2", "cun2", "/work"),
        ("work-township", "zhen", "/work"),
        ("work-county", "xian", "/work"),
        ("monitoring", "xian", "/monitoring"),
        ("monitoring-filtered", "xian", "/monitoring?category=marginal&state=open"),
        ("monitoring-checks", "xian", "/monitoring/checks"),
        ("cases", "xian", "/cases"),
        ("case-completed", "xian", "/cases/{case}"),
        ("case-county-step", "xian", "/cases/{case2}"),
        ("case-waiting", "cun2", "/cases/{case2}"),
        ("case-other-village", "cun", "/cases/{case2}"),
        ("clue-waiting", "cun2", "/clues/{clue2}"),
        ("clue-linked", "cun", "/clues/{clue}"),
        ("clue-declared", "cun", "/clues/{declared}"),
        ("notices", "cun", "/notices"),
        ("notice-publicity", "cun", "/notices?village=411681101201&kind=identification&type=publicity&from=2026-10-01&to=2026-11-16"),
        ("notice-announcement", "cun", "/notices?village=411681101201&kind=identification&type=announcement&from=2026-10-01&to=2026-11-16"),
        ("qr", "cun", "/regions/411681101201/qr"),
        ("audit", "xian", "/audit"),
        ("policy", "xian", "/policy"),
        ("import", "xian", "/import"),
        ("indicators", "xian", "/indicators"),
        ("indicators-township", "xian", "/indicators?region=411681101&rank=JC02"),
        ("score", "xian", "/indicators/score"),
        ("bulletins", "xian", "/bulletins"),
        ("bulletin", "xian", "/bulletins/{bulletin}"),
        ("screening-county", "xian", "/screening"),
        ("screening-department", "yibao", "/screening"),
        ("screening-stats", "xian", "/screening/stats"),
        ("screening-rule", "xian", "/screening/rules/YB01"),
        ("screening-file", "xian", "/screening/files/{file}"),
        ("warnings", "cun", "/warnings"),
        ("warnings-county", "xian", "/warnings?status=all"),
        ("warning", "cun", "/warnings/{warning}"),
        ("projects", "xian", "/projects"),
        ("projects-township-mine", "zhen", "/projects?mine=true"),
        ("project-county", "xian", "/projects/{project}"),
        ("project-village", "cun", "/projects/{project}"),
        ("project-proposed", "cun2", "/projects/{project2}"),
        ("project-other-village", "cun", "/projects/{project2}"),
        ("project-notice", "cun", "/projects/{project}/notice"),
        ("project-new", "cun", "/projects/new"),
        ("project-change", "zhen", "/projects/{project}/edit"),
        ("funds", "xian", "/funds"),
        ("funds-township", "zhen", "/funds"),
        ("fund-batch", "xian", "/funds/{batch}"),
        ("ledger-import", "xian", "/projects/import"),
        ("funds-bulletin", "xian", "/funds/bulletin"),
        ("assets", "xian", "/assets"),
        ("asset-village", "cun", "/assets/{asset}"),
        ("asset-other-village", "cun2", "/assets/{asset}"),
        ("asset-new", "xian", "/assets/new"),
        ("jobs", "xian", "/jobs"),
        ("jobs-village", "cun", "/jobs"),
        ("jobs-attendance", "cun", "/jobs/attendance"),
        ("petitions", "xian", "/petitions"),
        ("dispatch", "xian", "/dispatch"),
        ("problems", "zhen", "/problems"),
        ("problems-village", "cun", "/problems"),
        ("problems-lists", "xian", "/problems?lists=1"),
        ("dispatch-township", "zhen", "/dispatch"),
        ("dispatch-village", "cun", "/dispatch"),
        ("insurance", "xian", "/insurance"),
        ("insurance-village", "cun", "/insurance"),
        ("quality", "xian", "/quality"),
        ("quality-village", "cun", "/quality"),
        ("whatif", "xian", "/whatif?year=2025&line=8000&band=20"),
        ("whatif-township", "xian", "/whatif?year=2025&line=8000&unit=411681101"),
    ]

    @Test("every page, for each kind of user, is the committed snapshot")
    func pagesMatchSnapshots() async throws {
        try await withTestApp { app in
            let c = try await Self.county(app)
            var problems: [String] = []
            for (name, user, template) in Self.pages {
                var path = template
                for (key, id) in c.ids { path = path.replacingOccurrences(of: "{\(key)}", with: id) }
                let browser = user.flatMap { c.browsers[$0] }
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? path
                try await app.testing().test(.GET, encoded, beforeRequest: { req in browser?.apply(&req) }) { res in
                    let html = "<!-- \(res.status.code) -->\n" + res.body.string
                    if let problem = PageSnapshot.verify(html, named: name, in: Self.folder) { problems.append(problem) }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}

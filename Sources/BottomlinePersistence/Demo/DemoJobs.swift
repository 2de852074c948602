import BottomlineDomain
import Fluent
import Foundation

/// The demo county's 小额信贷, 防贫保险 and 就业帮扶 (issue 16), made through `LoanStore` and `JobStore` as users would: the
/// demo township's 脱贫户 and 监测户 with 务工 spells at home, in the province and in other provinces (some ended,
/// some with 交通补助 paid), 公益岗位 for the weaker workers, 雨露计划 students, certificates, and loans across the
/// county; the year's targets set by the county.
struct DemoJobs {
    let county: RegionCode
    let township: RegionCode

    /// Places of work: the home county, Zhengzhou and Zhoukou in the province, and the coast.
    static let places = (county: ["411681"], province: ["410105", "410102", "411602", "411702"], outside: ["440305", "440306", "330106", "320505", "310115", "110105"])
    static let employers = ["富士康科技集团", "某电子厂", "某建筑公司", "某物流公司", "某服装厂", "某餐饮店", "帮扶车间"]

    func seed(on db: any Database, rng: inout SplitMix64) async throws {
        let today = CivilDate.today
        let users = try await UserRecord.query(on: db).all()
        guard let zhenUser = users.first(where: { $0.username == "nandun" }), let xianUser = users.first(where: { $0.username == "xian" }) else { return }
        let zhen = JobStore(ScopedRegistry(db: db, actor: Actor(zhenUser)))
        let cadreVillage = users.first { $0.username == "cun" }?.regionCode ?? ""
        let xian = Actor(xianUser)
        let range = township.codeRange
        let households = try await HouseholdRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$status == HouseholdStatus.active.rawValue).sort(\.$number).limit(4_000).all()
            .filter { $0.category == HouseholdCategory.alleviated.rawValue || $0.monitoringCategory != nil }
        let people = Dictionary(grouping: try await PersonRecord.query(on: db).filter(\.$householdID ~~ households.compactMap(\.id))
            .filter(\.$status == MemberStatus.present.rawValue).all(), by: \.householdID)
        let thisMonth = CivilMonth(today)
        var posts = 0, students = 0
        for h in households.prefix(600) {
            for p in people[h.id!] ?? [] {
                guard let birth = p.birth else { continue }
                let age = birth.age(on: today)
                let labour = LabourCapacity(rawValue: p.labour ?? "")
                do {
                    if (18...58).contains(age), labour == .ordinary || labour == .skilled, rng.chance(0.7) {
                        let scope = rng.weighted([(WorkPlaceScope.outside, 50), (.province, 30), (.county, 20)])
                        let list = scope == .outside ? Self.places.outside : scope == .province ? Self.places.province : Self.places.county
                        let place = RegionCode(list[Int(rng.next() % UInt64(list.count))])!
                        let start = CivilMonth(index: thisMonth.index - 2 - Int(rng.next() % 20))
                        let end: CivilMonth? = rng.chance(0.25) ? CivilMonth(index: min(thisMonth.index, start.index + 2 + Int(rng.next() % 8))) : nil
                        try await zhen.addSpell(h, person: p.id, WorkSpell(place: place, employer: Self.employers[Int(rng.next() % UInt64(Self.employers.count))],
                                                                           start: start, end: end, channel: rng.weighted([(WorkChannel.organised, 3), (.own, 5), (.workshop, 1), (.flexible, 1)]),
                                                                           monthlyIncome: Money(yuan: Int64(2_500 + rng.next() % 4_000))), today: today)
                        // Paid for this year once three months of it can be in another province; early in a year, for the last.
                        if scope == .outside, rng.chance(0.6) {
                            let year = today.month > 3 ? today.year : today.year - 1
                            let paid = today.month > 3 ? today.adding(days: -Int(rng.next() % 20)) : CivilDate(year: year, month: 12, day: 20)!
                            _ = try? await zhen.payTransport(h, person: p.id, year: year, amount: Money(yuan: 500), paidOn: paid, today: today)
                        }
                    } else if (30...68).contains(age), labour == .weak, posts < 80, rng.chance(0.5) {
                        try await zhen.addPost(h, person: p.id, PublicPost(type: rng.weighted([(PublicPostType.cleaning, 5), (.roads, 2), (.greening, 2), (.forest, 1), (.care, 1)]),
                                                                           employer: "村委会", start: today.adding(days: -30 - Int(rng.next() % 500)), end: nil,
                                                                           monthlyPay: Money(yuan: 500)), today: today)
                        posts += 1
                    } else if (16...21).contains(age), students < 60, rng.chance(0.5) {
                        let autumn = CivilDate(year: today.month >= 9 ? today.year : today.year - 1, month: 9, day: 1)!
                        try await zhen.addYulu(h, person: p.id, school: rng.chance(0.5) ? "周口职业技术学院" : "项城市中等专业学校",
                                               type: rng.chance(0.5) ? .higher : .secondary, termStart: autumn, amount: Money(yuan: 1500),
                                               paidOn: min(today, autumn.adding(days: 45)), today: today)
                        students += 1
                    }
                    if (18...55).contains(age), labour != nil, labour!.isLabour, rng.chance(0.08) {
                        try await zhen.addSkill(h, person: p.id, kind: .certificate, name: ["中式烹调师（五级）", "育婴员（五级）", "电工（五级）", "挖掘机驾驶员"][Int(rng.next() % 4)],
                                                on: today.adding(days: -Int(rng.next() % UInt64(max(1, CivilDate(year: today.year, month: 1, day: 1)!.days(until: today))))), today: today)
                    }
                } catch is FieldProblems {
                    continue  // what the rules refuse, a cadre would not enter either
                }
            }
        }
        // 公益岗位考勤 for the three months before this one, entered by the township as a sheet a month: nearly everyone
        // there every day, a few days missed now and then, one holder there less than half the month. The demo cadre's
        // village has last month still to enter (the checks on /jobs list it).
        for back in (1...3).reversed() {
            let month = CivilMonth(index: thisMonth.index - back)
            var entries: [AttendanceEntry] = []
            for row in try await zhen.attendanceSheet(within: township, month: month).rows {
                if back == 1, row.villageCode == cadreVillage { continue }
                let required = 22, present = back == 1 && entries.isEmpty ? 9 : rng.chance(0.15) ? 22 - Int(1 + rng.next() % 3) : 22
                entries.append(AttendanceEntry(postID: row.postID, required: required, present: present,
                                               pay: PostAttendance.payable(monthly: row.monthlyPay, required: required, present: present)))
            }
            if !entries.isEmpty { try await zhen.recordAttendance(month: month, entries, today: today) }
        }
        // A post carried over from the township's old paper ledger: its holder has since turned 70, which the 公益岗位
        // checks on /jobs find (the store refuses such an entry; an old ledger brought in keeps what it had).
        if let elder = households.lazy.compactMap({ h in (people[h.id!] ?? []).first { ($0.birth?.age(on: today) ?? 0) >= 71 }.map { (h, $0) } }).first {
            let old = PublicPostRecord()
            (old.id, old.householdID, old.villageCode, old.personID, old.postType) = (UUID(), elder.0.id!, elder.0.villageCode, elder.1.id!, PublicPostType.roads.rawValue)
            (old.employer, old.startOn, old.monthlyPayFen, old.createdBy) = ("村委会", today.adding(days: -700).description, 50_000, "旧台账")
            try await old.create(on: db)
        }
        // 小额信贷 across the county: 脱贫户 and 监测户 of every township, about one in six, within the rules.
        let loans = LoanStore(ScopedRegistry(db: db, actor: xian))
        let countyRange = county.codeRange
        let borrowers = try await HouseholdRecord.query(on: db).filter(\.$villageCode >= countyRange.lower).filter(\.$villageCode < countyRange.upper)
            .filter(\.$category == HouseholdCategory.alleviated.rawValue).filter(\.$status == HouseholdStatus.active.rawValue).sort(\.$number).limit(6_000).all()
        // The county pays the whole interest up to the LPR, as many Henan counties do (an example value, marked so).
        let ratio = PolicySettingRecord()
        (ratio.parameter, ratio.regionCode, ratio.effectiveFrom, ratio.value, ratio.source) =
            (PolicyParameter.microLoanSubsidyRatio.rawValue, county.digits, "2021-03-04", "100", "演示数据（示例值：按合同利率全额贴息）")
        try await ratio.create(on: db)
        let book = try await PolicyStore.book(for: county, on: db)
        var n = 0
        for h in borrowers where rng.chance(0.17) {
            guard let p = try await PersonRecord.query(on: db).filter(\.$householdID == h.id!).filter(\.$relation == Relation.householder.rawValue).first(),
                  let birth = p.birth, (18...65).contains(birth.age(on: today)) else { continue }
            n += 1
            // Up to three years back, so some fall due within the month (贷后).
            let issued = today.adding(days: -Int(rng.next() % 1_080))
            // Three-year loans at the 5-year-and-over LPR of their day, or a little under it.
            let rate = (book.loanRate(0, term: 36, for: county, on: issued).lpr ?? 385) - [0, 0, 10, 20][Int(rng.next() % 4)]
            _ = try? await loans.add(LoanDraft(householdNumber: h.number, borrowerID: p.idNumber, bank: rng.chance(0.7) ? DemoCounty.bank : "邮储银行项城支行",
                                               contract: "XC\(issued.year)-\(String(format: "%05d", n))", amount: Money(yuan: Int64([30_000, 40_000, 50_000][Int(rng.next() % 3)])),
                                               issuedOn: issued, dueOn: issued.adding(months: 36), purpose: rng.weighted([(LoanPurpose.breeding, 4), (.planting, 4), (.trade, 1), (.processing, 1)]), rate: rate),
                                     today: today)
        }
        // The banks' last month-end report: most loans paying down, a few overdue (some past 90 days), through the
        // same import a county runs on the banks' files.
        let monthEnd = CivilDate(year: today.year, month: today.month, day: 1)!.adding(days: -1)
        var file = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数\n"
        var reported = 0
        for loan in try await LoanRecord.query(on: db).filter(\.$issuedOn < monthEnd.description).all() where rng.chance(0.8) {
            guard let borrower = try await PersonRecord.find(loan.personID, on: db) else { continue }
            let paid = loan.amountFen * Int64(rng.next() % 60) / 100 / 100 * 100
            // The demo cadre's village has its overdue borrower to follow up.
            let overdue = loan.villageCode == cadreVillage ? 35 : rng.chance(0.06) ? Int(5 + rng.next() % 150) : 0
            file += "\(loan.bank),\(loan.contract),\(borrower.idNumber),\(monthEnd),\(Money(fen: loan.amountFen - paid).yuanText),\(Money(fen: paid).yuanText),\(overdue)\n"
            reported += 1
        }
        if reported > 0 {
            _ = try? await LedgerImporter(ScopedRegistry(db: db, actor: xian)).importFile(Data(file.utf8), filename: "农商银行\(monthEnd.month)月末贷款余额.csv",
                                                                                        kind: .loanBalances, today: today)
        }
        // 防贫保险: the county's scheme (舞阳's 50 yuan a person for about a tenth of the rural population, 崇左's 因病
        // rule), claims proposed from the demo's 医保 file, some checked, some paid after their 公示.
        let insurance = InsuranceStore(ScopedRegistry(db: db, actor: xian))
        let persons = try await PersonRecord.query(on: db).count()
        try await insurance.saveScheme(InsuranceSchemeDraft(year: today.year, insurer: "中国人寿财产保险项城支公司", coversOrdinary: false, insuredPersons: max(1, persons / 5),
                                                            premiumPerPerson: Money(yuan: 50), carriedIn: Money(yuan: 86_000), noticeDays: 5,
                                                            rules: [.illness: TriggerRule(line: Money(yuan: 5_000), ratio: 7_000, cap: Money(yuan: 50_000)),
                                                                    .education: TriggerRule(line: Money(yuan: 6_000), ratio: 10_000, cap: Money(yuan: 10_000)),
                                                                    .disaster: TriggerRule(line: Money(yuan: 10_000), ratio: 9_000, cap: Money(yuan: 30_000))]),
                                       today: today)
        for (i, claim) in try await insurance.proposeFromFeeds(asOf: today, today: today.adding(days: -10)).enumerated() where i % 3 != 2 {
            try await insurance.decide(claim, "check", noticeFrom: nil, paidOn: nil, reason: "", today: today)
            if i % 6 == 0 { try await insurance.decide(claim, "pay", noticeFrom: today.adding(days: -8), paidOn: today, reason: "", today: today) }
        }
        let county = JobStore(ScopedRegistry(db: db, actor: xian))
        for (measure, target) in [(JobMeasure.workers, 9_800), (.certificates, 420), (.publicPosts, 1_100)] {
            try await county.setTarget(measure, year: today.year, target: target, source: "周口市\(today.year)年稳岗就业目标任务", today: today)
        }
    }
}

import BottomlineDomain
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Builds 项城市 (411681): its real townships, plausible villages and households with plausible distributions, and one
/// demo user per role. Deterministic for a given seed.
public struct DemoCounty: Sendable {
    public static let county = RegionCode("411681")!
    public static let password = "demo2026"

    public var households: Int
    public var seed: UInt64
    public var villagesPerTownship: Int
    public var incomeYear: Int
    /// The county its households are generated for (`generate`): their 户编号 begin with its code, their 身份证号 with
    /// its area code. 项城市 unless a benchmark builds a province of counties (bench/province); `build` writes 项城市.
    public var code: RegionCode
    /// Added to a household's number in its county to draw its 补贴发放账号, so counties of one province do not share
    /// accounts (0 for 项城市, whose accounts are what they were before provinces were generated).
    public var accountBase: Int

    public init(households: Int = 30_000, seed: UInt64 = 1, incomeYear: Int = CivilDate.today.year - 1,
                villagesPerTownship: Int? = nil, code: RegionCode = DemoCounty.county, accountBase: Int = 0) {
        self.households = households
        self.seed = seed
        self.code = code
        self.accountBase = accountBase
        // About 400 villages for the county of 30,000 households; more for larger runs so villages keep their size,
        // up to the 800 village codes (200–999) a township has.
        self.villagesPerTownship = min(800, villagesPerTownship ?? max(19, households / 21 / 75))
        self.incomeYear = incomeYear
    }

    public struct DemoUser: Sendable {
        public let username: String
        public let displayName: String
        public let role: Role
        public let region: RegionCode
    }

    public struct Summary: Sendable {
        public var villages: Int
        public var households: Int
        public var persons: Int
        public var users: [DemoUser]
        /// Seconds each stage took, in order, and the most memory the process had held by its end (MB, where the
        /// system says; the stage that raises it is the one that needed it): where a build's time and memory go
        /// (BENCHMARKS.md).
        public var stages: [(name: String, seconds: Double, peakMB: Int?)] = []
    }

    /// Writes the county into an empty registry; refuses when the county already has households.
    ///
    /// Households are generated on a thread of their own, a piece at a time, and go straight to the database as rows
    /// (issue 14: a million households in two minutes and under 2 GB; through the importer it took 838 s and 16.8 GB).
    /// Who is monitored, and what a monitored household comes with, is decided as it is generated.
    public func build(on db: any Database, hasher: @Sendable (String) throws -> String) async throws -> Summary {
        let existing = try await HouseholdRecord.query(on: db).within(Self.county).count()
        if existing > 0 {
            throw Abort(.conflict, reason: "项城市已有\(existing)户数据，演示数据只能写入空库")
        }
        let townships = try await RegionRecord.query(on: db).filter(\.$parentCode == Self.county.digits).sort(\.$id).all()
            .map { Region(code: $0.code, name: $0.name, parent: Self.county) }
        var rng = SplitMix64(seed: seed)
        let villages = makeVillages(townships: townships, rng: &rng)
        try await RegionStore.upsert(villages, on: db)
        try await seedExampleLine(on: db)
        let book = try await PolicyStore.book(for: Self.county, on: db)
        let line = book.incomeLine(forIncomeYear: incomeYear, place: Self.county)?.fen

        let users = demoUsers(villages: villages)
        var records: [String: UserRecord] = [:]
        for user in users {
            if let record = try await UserRecord.query(on: db).filter(\.$username == user.username).first() {
                records[user.username] = record
                continue
            }
            let record = UserRecord(username: user.username, displayName: user.displayName, role: user.role, region: user.region,
                                    passwordHash: try hasher(Self.password))
            try await record.create(on: db)
            records[user.username] = record
            // The demo's 医保 officer sends 医保 files; the bank's officer, its bank's 小额信贷 balances.
            if user.username == "nongshang" {
                try await UserStore.setBank(Self.bank, of: record, on: db, actor: .system())
            } else if user.role == .department {
                try await UserStore.setFeedKinds([.medical], of: record, on: db, actor: .system())
            }
        }
        guard let cadre = records["cun"], let townshipCadre = records["nandun"] else {
            throw Abort(.internalServerError, reason: "演示账号未能建立")
        }
        let township = RegionCode("411681101")!
        var lifecycleRNG = SplitMix64(seed: seed &+ 2)
        let monitored = DemoMonitoredHouseholds(township: township, cadreVillage: cadre.regionCode, cadreID: cadre.id!,
                                                townshipCadreID: townshipCadre.id!, rng: SplitMix64(seed: lifecycleRNG.next()))
        var stages: [(name: String, seconds: Double, peakMB: Int?)] = []
        var clock = Date()
        func stage(_ name: String) {
            stages.append((name, Date().timeIntervalSince(clock), ProcessMemory.peakMB()))
            ProcessMemory.trim()
            clock = Date()
        }
        stage("村与账号")
        let written = try await writeHouseholds(villages: villages, rng: rng, line: line, monitored: monitored, on: db)
        stage("户、人、收入与监测对象")
        try await DatabaseSetup.analyze(db)
        try await AuditLog.record(on: db, actor: .system(region: Self.county), action: .create, entity: "demo",
                                  summary: "生成演示县：\(villages.count)个村，\(written.households)户，\(written.persons)人")
        stage("统计信息")

        try await DemoLifecycle(county: Self.county, township: township).seed(on: db, rng: &lifecycleRNG)
        stage("监测流程")
        var screeningRNG = SplitMix64(seed: seed &+ 3)
        try await DemoScreening(county: Self.county).seed(on: db, sample: written.sample, rng: &screeningRNG)
        stage("部门数据筛查")
        var fundsRNG = SplitMix64(seed: seed &+ 4)
        try await DemoFunds(county: Self.county, township: township).seed(on: db, rng: &fundsRNG)
        stage("资金项目资产")
        var jobsRNG = SplitMix64(seed: seed &+ 5)
        try await DemoJobs(county: Self.county, township: township).seed(on: db, rng: &jobsRNG)
        stage("就业帮扶")
        var petitionsRNG = SplitMix64(seed: seed &+ 6)
        try await DemoPetitions(county: Self.county, township: township).seed(on: db, rng: &petitionsRNG)
        stage("信访")
        var dispatchRNG = SplitMix64(seed: seed &+ 7)
        try await DemoDispatch(county: Self.county, township: township).seed(on: db, villages: villages, rng: &dispatchRNG)
        stage("驻村帮扶")
        var problemsRNG = SplitMix64(seed: seed &+ 8)
        try await DemoProblems(county: Self.county, township: township).seed(on: db, villages: villages, rng: &problemsRNG)
        stage("问题整改")
        var qualityRNG = SplitMix64(seed: seed &+ 9)
        try await DemoQuality(county: Self.county, township: township).seed(on: db, incomeYear: incomeYear, rng: &qualityRNG)
        stage("疑点核查")
        // The demo stands for a county's existing registry: what it holds was on record before last month ended.
        try await RecordedHistory.treatAsLongRecorded(on: db)
        stage("历史记录")
        return Summary(villages: villages.count, households: written.households, persons: written.persons, users: users, stages: stages)
    }

    /// A piece of the county as rows: households with their people and incomes, and what the monitored ones come with.
    private struct Piece: Sendable {
        var households: [NewHouseholdRows] = []
        var measures: [MeasureRecord] = []
        var visits: [VisitRecord] = []
        var helpers: [HelperAssignmentRecord] = []
        var sample: [DemoScreening.Person] = []
        var persons = 0
        /// The households' incomes of the year before the income year.
        var earlier: [BulkInsert.Row] = []
        /// The rows of each of `Piece.tables`, in order, made on the generator's thread when the piece is complete.
        var tables: [[BulkInsert.Row]] = []

        static let tables = [("households", BulkInsert.householdColumns), ("persons", BulkInsert.personColumns),
                             ("household_incomes", BulkInsert.incomeColumns), ("measures", BulkInsert.measureColumns),
                             ("visits", BulkInsert.visitColumns), ("helper_assignments", BulkInsert.helperColumns)]

        mutating func makeTables() {
            let now = CivilDate.now
            tables = [households.map(\.household), households.flatMap(\.persons), households.compactMap(\.income) + earlier,
                      measures.map { BulkInsert.row(measure: $0, at: now) }, visits.map { BulkInsert.row(visit: $0, at: now) },
                      helpers.map { BulkInsert.row(helper: $0, at: now) }]
        }
    }

    /// What the writer has taken from the generator so far (read on the thread that writes, summed at the end).
    private final class Taken: @unchecked Sendable {
        private let lock = NSLock()
        private var households = 0, persons = 0
        private var sample: [DemoScreening.Person] = []
        func add(_ piece: Piece) {
            lock.withLock {
                households += piece.households.count
                persons += piece.persons
                sample += piece.sample
            }
        }
        var totals: (households: Int, persons: Int, sample: [DemoScreening.Person]) { lock.withLock { (households, persons, sample) } }
    }

    static let pieceSize = 5_000
    /// The departments' files mention about one person in eight, up to 40,000 people (a county of about 100,000
    /// households): enough for every page of the screening to have work in it, without a large demo spending its
    /// minutes screening (bench-warnings measures screening at size).
    static let screeningSample = 40_000

    private func writeHouseholds(villages: [Region], rng: SplitMix64, line: Int64?, monitored: DemoMonitoredHouseholds,
                                 on db: any Database) async throws -> (households: Int, persons: Int, sample: [DemoScreening.Person]) {
        let handOff = HandOff<Piece>(capacity: 2)
        let county = self
        let producer = Thread {
            var generator = HouseholdGenerator(county: county, villages: villages, rng: rng)
            var monitored = monitored
            var monitoringRNG = SplitMix64(seed: county.seed &+ 1)
            var sampleRNG = SplitMix64(seed: county.seed &+ 4)
            var sampled = 0
            var ids = OrderedUUIDGenerator()
            let now = CivilDate.now
            let today = CivilDate.today
            var piece = Piece()
            for _ in 0..<county.households {
                let draft = generator.next()
                var rows = NewHouseholdRows(draft: draft, id: ids.next(), at: now, ids: &ids)
                if let income = draft.income {
                    piece.earlier.append(county.earlier(income, household: rows.id, members: rows.derived.memberCount, id: ids.next(), at: now))
                }
                if let line, let category = county.monitoring(draft, line: line, rng: &monitoringRNG) {
                    let since = today.adding(days: -Int(monitoringRNG.next() % 900) - 20).description
                    let extras = monitored.extras(for: .init(id: rows.id, villageCode: draft.villageCode.digits, since: since,
                                                             hasLabour: rows.derived.hasLabour, gapMedical: rows.derived.needs.has(.medical),
                                                             gapHousing: rows.derived.needs.has(.housing),
                                                             gapWater: rows.derived.needs.has(.water)), today: today)
                    rows.monitoring = .init(category: category.rawValue, since: since, riskTypes: extras.riskTypes,
                                            riskEliminatedOn: extras.riskEliminatedOn, eliminationMethod: extras.eliminationMethod,
                                            lastVisitOn: extras.lastVisitOn)
                    piece.measures += extras.measures
                    piece.visits += extras.visits
                    if let helper = extras.helper { piece.helpers.append(helper) }
                }
                for member in draft.members where sampled < Self.screeningSample && sampleRNG.chance(0.12) {
                    piece.sample.append(.init(idNumber: member.id.value, name: member.name, isHouseholder: member.relation == .householder))
                    sampled += 1
                }
                piece.persons += draft.members.count
                piece.households.append(rows)
                if piece.households.count == Self.pieceSize {
                    piece.makeTables()
                    guard handOff.put(piece) else { return }
                    piece = Piece()
                }
            }
            piece.makeTables()
            if !piece.households.isEmpty, !handOff.put(piece) { return }
            handOff.finish()
        }
        producer.stackSize = 8 << 20
        producer.start()
        defer { handOff.cancel() }
        // One transaction: the index pages a piece dirties are written once, not again by every piece's commit and
        // checkpoint (on SQLite, committing every 5,000 households spent a third of a million-household build in
        // the write-ahead log); and a build that fails leaves no half county behind.
        return try await db.writeTransaction(registry: true) { tx in
            guard let sql = tx as? any SQLDatabase else { fatalError("Bottomline needs an SQL database") }
            let taken = Taken()
            let bulk = try await SQLiteBulkLoad.worthIt(rows: self.households * 3, on: sql) ? try await SQLiteBulkLoad.begin(on: sql) : nil
            // Each piece's rows go straight from the generator's thread to SQLite's, stepped on one thread of the
            // pool that takes the next piece as soon as it has written the last (`SQLiteDirectInsert.stream`).
            var streamed = false
            if let sqlite = sql as? any SQLiteDatabase {
                streamed = try await SQLiteDirectInsert.stream(into: Piece.tables, on: sqlite) {
                    guard let piece = try handOff.nextBlocking() else { return nil }
                    taken.add(piece)
                    return piece.tables
                }
            }
            if !streamed {
                // PostgreSQL, or an SQLite connection whose handle cannot be reached: a piece's rows are written by a
                // task of their own while the next piece is taken, as the registry import writes its batches.
                var pending: Task<Void, any Error>?
                do {
                    while let piece = try await handOff.next() {
                        let before = pending
                        pending = Task {
                            try await before?.value
                            for ((table, columns), rows) in zip(Piece.tables, piece.tables) {
                                try await BulkInsert.rows(table, columns: columns, values: rows, on: sql)
                            }
                        }
                        taken.add(piece)
                        // At most one piece waiting behind the one being written: the rest stay with the generator,
                        // which waits for room.
                        try await before?.value
                    }
                    try await pending?.value
                } catch {
                    _ = try? await pending?.value
                    throw error
                }
            }
            let (households, persons, sample) = taken.totals
            // Dated as the build's last step dates every version (`RecordedHistory.treatAsLongRecorded`), now rather
            // than by rewriting them all then.
            try await bulk?.finish(on: sql, longRecorded: true)
            return (households, persons, sample)
        }
    }

    /// About 3% of households become 监测对象: the poorest 脱贫户 as 脱贫不稳定户, poor ordinary households as 边缘易致贫户,
    /// and a few with serious illness as 突发严重困难户.
    private func monitoring(_ draft: HouseholdDraft, line: Int64, rng: inout SplitMix64) -> MonitoringCategory? {
        let income = draft.income?.perCapitaNet(members: max(1, draft.members.count))?.fen ?? Int64.max
        let alleviated = draft.category == .alleviated
        if income < line, rng.chance(0.9) {
            return alleviated ? .unstableAlleviated : .marginal
        } else if income < line * 13 / 10, rng.chance(0.08) {
            return alleviated ? .unstableAlleviated : .marginal
        } else if rng.chance(0.003) {
            return .suddenHardship
        }
        return nil
    }

    /// The villages and households of the county, without touching a database (benchmarks write them to files).
    public func generate(townships: [Region]) -> (villages: [Region], households: [HouseholdDraft]) {
        var rng = SplitMix64(seed: seed)
        let villages = makeVillages(townships: townships, rng: &rng)
        var generator = HouseholdGenerator(county: self, villages: villages, rng: rng)
        var drafts: [HouseholdDraft] = []
        drafts.reserveCapacity(households)
        for _ in 0..<households { drafts.append(generator.next()) }
        return (villages, drafts)
    }

    /// Households one at a time, numbered in order, so a county of a million is never held whole.
    struct HouseholdGenerator {
        let county: DemoCounty
        let villages: [Region]
        var rng: SplitMix64
        var usedIDs: Set<UInt64> = []
        let today = CivilDate.today
        var count = 0

        mutating func next() -> HouseholdDraft {
            count += 1
            // Streets (街道) are urban: fewer registered rural households there.
            var village = villages[Int(rng.next() % UInt64(villages.count))]
            if village.code.digits.dropFirst(9).hasPrefix("0"), rng.chance(0.7) {
                village = villages[Int(rng.next() % UInt64(villages.count))]
            }
            var household = county.makeHousehold(number: county.code.digits + "0" + Names.zeroPadded(UInt64(count), width: 7), village: village,
                                                 rng: &rng, usedIDs: &usedIDs, today: today)
            household.bankAccount = DemoCounty.account(county.accountBase + count)
            return household
        }
    }

    /// The demo's 补贴发放账号 of its `n`th household: nine in ten have one on record, each its own (n × an odd number
    /// not a multiple of 5, modulo 10¹⁴, is one to one), a 19-digit card of 6230… with its Luhn check digit. Drawn
    /// from `n`, not from the generator, so the rest of the demo is what it was before accounts were recorded.
    static func account(_ n: Int) -> String? {
        guard n % 10 != 7 else { return nil }
        let modulus: UInt64 = 100_000_000_000_000
        let product = UInt64(n).multipliedFullWidth(by: 3_141_592_653_589_793)
        let body = "6230" + Names.zeroPadded(modulus.dividingFullWidth((product.high, product.low)).remainder, width: 14)
        var sum = 0
        for (i, c) in body.reversed().enumerated() {
            var d = Int(c.asciiValue! - 48)
            if i % 2 == 0 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return body + String((10 - sum % 10) % 10)
    }

    private func makeVillages(townships: [Region], rng: inout SplitMix64) -> [Region] {
        var villages: [Region] = []
        var usedNames: Set<String> = []
        for township in townships {
            let isStreet = township.name.hasSuffix("街道")
            // A street's communities (社区居委会) take codes 001–199.
            let count = isStreet ? min(villagesPerTownship, 199) : villagesPerTownship
            for i in 0..<count {
                var name = Names.villageName(&rng, community: isStreet)
                var attempt = 0
                while usedNames.contains(township.code.digits + name) {
                    attempt += 1
                    // Names run out in a township of hundreds of villages: number them (王庄二村) rather than loop.
                    let base = Names.villageName(&rng, community: isStreet)
                    name = attempt < 20 ? base : String(base.dropLast(isStreet ? 2 : 1)) + Names.numeral(attempt / 20 + 1) + String(base.suffix(isStreet ? 2 : 1))
                }
                usedNames.insert(township.code.digits + name)
                let code = township.code.digits + String(format: "%03d", (isStreet ? 1 : 200) + i)
                villages.append(Region(code: RegionCode(code)!, name: name, parent: township.code))
            }
        }
        return villages
    }

    public func demoUsers(villages: [Region]) -> [DemoUser] {
        let township = RegionCode("411681101")!  // 南顿镇
        let village = villages.first { township.contains($0.code) }?.code ?? township
        return [
            DemoUser(username: "admin", displayName: "系统管理员", role: .admin, region: RegionCode("41")!),
            DemoUser(username: "xian", displayName: "项城市乡村振兴局", role: .county, region: Self.county),
            DemoUser(username: "nandun", displayName: "南顿镇干部", role: .township, region: township),
            DemoUser(username: "cun", displayName: "村级干部", role: .village, region: village),
            DemoUser(username: "zhucun", displayName: "驻村第一书记", role: .village, region: village),
            DemoUser(username: "yibao", displayName: "医保局数据员", role: .department, region: Self.county),
            DemoUser(username: "nongshang", displayName: "项城农商银行数据员", role: .department, region: Self.county),
            DemoUser(username: "lingdao", displayName: "市领导", role: .leader, region: Self.county),
        ]
    }

    /// Henan's own monitoring lines were not found in public sources, so the demo enters an example line for its income
    /// year, marked as such; a real deployment enters the province's figure in 政策参数.
    public static let exampleLine = Money(yuan: 8_000)

    /// The bank most of the demo's 小额信贷 are lent by, whose data officer `nongshang` sends its balance files.
    public static let bank = "项城农商银行"

    /// The example line for the year after the income year, as a province announces next year's line ahead: the
    /// 政策调整测算 page opens on it.
    public static let exampleNextLine = Money(yuan: 8_600)

    /// The example line for the year before the income year, so that 政策调整测算 can ask of a past year.
    public static let exampleEarlierLine = Money(yuan: 7_600)

    /// A household's income of the year before the income year: a little lower (wages 6 %, farming and its costs 4 %,
    /// pensions and subsidies 3 %), as a county's records of two years run; no household's swings as far as 收入大幅波动
    /// asks (DemoQuality makes the one that does).
    fileprivate func earlier(_ i: HouseholdIncome, household: UUID, members: Int, id: UUID, at now: Date) -> BulkInsert.Row {
        typealias B = BulkInsert
        func less(_ m: Money, _ percent: Int64) -> Int64 { m.fen * (100 - percent) / 100 }
        return [B.bind(id), B.bind(household), B.bind(incomeYear - 1), B.bind(less(i.wages, 6)), B.bind(less(i.business, 4)), B.bind(i.property.fen),
                B.bind(less(i.transfers, 3)), B.bind(less(i.businessCosts, 4)), B.bind(i.compliantSelfPaid.fen), B.bind(members), B.bind(now)]
    }

    /// Enters the example lines (the year before, the income year, the year after) where none is entered for the year.
    public func seedExampleLine(on db: any Database) async throws {
        for (year, line, source) in [(incomeYear - 1, Self.exampleEarlierLine, "演示数据（示例值：上一年度标准，非河南省公布标准）"),
                                     (incomeYear, Self.exampleLine, "演示数据（示例值，非河南省公布标准）"),
                                     (incomeYear + 1, Self.exampleNextLine, "演示数据（示例值：下一年度标准，非河南省公布标准）")] {
            let from = "\(year)-01-01"
            let existing = try await PolicySettingRecord.query(on: db).filter(\.$parameter == PolicyParameter.monitoringIncomeLine.rawValue)
                .filter(\.$regionCode == "41").filter(\.$effectiveFrom == from).first()
            guard existing == nil else { continue }
            let record = PolicySettingRecord()
            record.parameter = PolicyParameter.monitoringIncomeLine.rawValue
            record.regionCode = "41"
            record.effectiveFrom = from
            record.value = line.description
            record.source = source
            try await record.create(on: db)
        }
    }

    fileprivate func makeHousehold(number: String, village: Region, rng: inout SplitMix64, usedIDs: inout Set<UInt64>,
                               today: CivilDate) -> HouseholdDraft {
        let sizes = [(1, 12), (2, 22), (3, 20), (4, 22), (5, 15), (6, 9)]
        let area = UInt64(code.digits)!
        let size = rng.weighted(sizes)
        let surname = Names.surname(&rng)
        let headMale = rng.chance(0.85)
        let headBirthYear = today.year - 28 - Int(rng.next() % 55)
        var members: [PersonDraft] = []
        func person(_ relation: BottomlineDomain.Relation, year: Int, male: Bool, surname: String) {
            let birth = CivilDate(year: min(year, today.year), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))!
            // A child "born" later this year is born instead on a random day of the past year.
            let birthClamped = birth > today ? today.adding(days: -1 - Int(rng.next() % 330)) : birth
            let id = Names.residentID(area: area, birth: birthClamped, male: male, rng: &rng, used: &usedIDs)
            let age = birthClamped.age(on: today)
            members.append(makePerson(name: surname + Names.givenName(&rng, male: male), id: id, relation: relation,
                                      age: age, rng: &rng))
        }
        person(.householder, year: headBirthYear, male: headMale, surname: surname)
        if size >= 2 {
            person(.spouse, year: headBirthYear + Int(rng.next() % 7) - 3, male: !headMale, surname: Names.surname(&rng))
        }
        var childYear = headBirthYear + 23 + Int(rng.next() % 5)
        while members.count < size {
            if members.count >= 4, headBirthYear < today.year - 48 {
                person(rng.chance(0.5) ? .grandson : .granddaughter, year: childYear + 25 + Int(rng.next() % 6), male: rng.chance(0.5), surname: surname)
            } else if headBirthYear > today.year - 45, members.count == 2, rng.chance(0.3) {
                person(rng.chance(0.5) ? .father : .mother, year: headBirthYear - 26 - Int(rng.next() % 6), male: rng.chance(0.5), surname: surname)
            } else {
                let male = rng.chance(0.52)
                person(male ? .son : .daughter, year: childYear, male: male, surname: surname)
                childYear += 1 + Int(rng.next() % 4)
            }
        }
        let category: HouseholdCategory = rng.chance(0.28) ? .alleviated : .ordinary
        let housing = rng.weighted([(HousingGrade.a, 600), (.b, 380), (.c, 15), (.d, 5)])
        let labourers = members.filter { $0.labour?.isLabour == true }.count
        let employed = members.filter { $0.employment?.isEmployed == true }.count
        // Incomes, roughly as in rural Henan (人均可支配收入 about 2 万): wages from migrant work, farming per labourer,
        // pensions and subsidies for the old and disabled; 脱贫户 earn less from farming.
        let base: Int64 = category == .alleviated ? 9_000 : 11_000
        var wages: Int64 = 0
        for _ in 0..<employed { wages += 26_000 + Int64(rng.next() % 30_000) }
        let farming = Int64(labourers) * (base + Int64(rng.next() % 10_000))
        let transfers = Int64(members.filter { $0.birthDate.age(on: today) >= 60 || $0.health == .disabled }.count) * (5_500 + Int64(rng.next() % 5_000))
        let costs = farming * Int64(15 + rng.next() % 25) / 100
        let selfPaid: Int64 = members.contains { $0.health == .serious } ? 3_000 + Int64(rng.next() % 25_000) : Int64(rng.next() % 1_500)
        let income = HouseholdIncome(year: incomeYear, wages: Money(yuan: wages), business: Money(yuan: farming),
                                     property: Money(yuan: Int64(rng.next() % 800)), transfers: Money(yuan: transfers),
                                     businessCosts: Money(yuan: costs), compliantSelfPaid: Money(yuan: selfPaid))
        return HouseholdDraft(number: number, villageCode: village.code, address: "\(village.name)\(1 + rng.next() % 12)组\(1 + rng.next() % 80)号",
                              phone: "1" + ["38", "39", "50", "58", "87", "37", "36", "55"][Int(rng.next() % 8)] + Names.zeroPadded(rng.next() % 100_000_000, width: 8),
                              category: category, relocated: category == .alleviated && rng.chance(0.04), housingGrade: housing,
                              waterSecure: !rng.chance(0.007), income: income, members: members)
    }

    private func makePerson(name: String, id: ResidentID, relation: BottomlineDomain.Relation, age: Int, rng: inout SplitMix64) -> PersonDraft {
        let health: HealthStatus = age > 60 ? rng.weighted([(.healthy, 70), (.chronic, 20), (.serious, 4), (.disabled, 6)])
                                            : rng.weighted([(.healthy, 92), (.chronic, 4), (.serious, 1), (.disabled, 3)])
        let disability: DisabilityGrade? = health == .disabled ? rng.weighted([(.first, 10), (.second, 25), (.third, 30), (.fourth, 35)]) : nil
        let labour: LabourCapacity
        switch age {
        case ..<16: labour = .none
        case 16..<60: labour = health == .serious || disability == .first || disability == .second ? .lost
            : rng.weighted([(.ordinary, 78), (.skilled, 12), (.weak, 10)])
        case 60..<70: labour = health == .healthy ? .weak : .lost
        default: labour = rng.chance(0.2) ? .weak : .none
        }
        let education: EducationStage
        switch age {
        case ..<3: education = .preschoolAge
        case 3..<6: education = .preschool
        case 6...15: education = rng.chance(0.001) ? .dropout : .compulsory
        case 16...18: education = rng.weighted([(.highSchool, 55), (.vocational, 30), (.notInSchool, 15)])
        case 19...22: education = rng.weighted([(.college, 20), (.university, 18), (.notInSchool, 62)])
        default: education = .notInSchool
        }
        var employment: EmploymentStatus = .none
        if labour.isLabour, age >= 18, age < 60, !education.isNonCompulsoryStudy {
            employment = rng.weighted([(.none, 18), (.withinCounty, 20), (.withinProvince, 15), (.outsideProvince, 27),
                                       (.publicWelfareJob, 3)])
        }
        let places = ["郑州市", "周口市", "上海市", "苏州市", "杭州市", "广州市", "北京市", "深圳市"]
        let workPlace: String? = switch employment {
        case .withinCounty, .publicWelfareJob: "项城市"
        case .withinProvince: places[Int(rng.next() % 2)]
        case .outsideProvince: places[2 + Int(rng.next() % 6)]
        default: nil
        }
        return PersonDraft(name: name, id: id, relation: relation, labour: labour, health: health, disability: disability,
                           education: education, medicalInsured: !rng.chance(0.004), employment: employment, workPlace: workPlace)
    }
}

/// A small, fast, deterministic generator (SplitMix64), so the same seed gives the same county everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    public mutating func weighted<T>(_ options: [(T, Int)]) -> T {
        let total = options.reduce(0) { $0 + $1.1 }
        var pick = Int(next() % UInt64(total))
        for (value, weight) in options {
            if pick < weight { return value }
            pick -= weight
        }
        return options[0].0
    }
}

enum Names {
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
    static let maleChars = Array("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣建国志新振东海福贵庆祥德喜全成")
    static let femaleChars = Array("芳娜敏静丽艳娟霞秀燕玲桂英华红梅兰凤洁琳素云莲真环雪荣爱妹香月莹萍晶颖慧巧美娥")
    static let villagePrefixes = Array("王李张刘陈杨赵黄周吴徐孙胡朱高何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈彭吕苏卢蒋蔡贾丁魏薛叶余潘杜")
    static let villageSuffixes = ["庄", "楼", "营", "寨", "集", "屯", "湾", "店", "岗", "桥", "园", "寺", "洼", "堂", "口", "坡", "台", "圈"]

    /// 42 → "0042" at width 4 (String(format:) went through Foundation's formatter for each of millions of rows).
    static func zeroPadded(_ n: UInt64, width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// 2 → 二, 11 → 十一, 25 → 二十五 (up to 99), for numbering villages of the same name.
    static func numeral(_ n: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        switch n {
        case ..<10: return String(digits[max(0, n)])
        case 10..<20: return "十" + (n % 10 == 0 ? "" : String(digits[n % 10]))
        default: return String(digits[(n / 10) % 10]) + "十" + (n % 10 == 0 ? "" : String(digits[n % 10]))
        }
    }

    static func surname(_ rng: inout SplitMix64) -> String {
        // The first twenty surnames cover about half of the population, as in Henan.
        let index = rng.chance(0.5) ? Int(rng.next() % 20) : Int(rng.next() % UInt64(surnames.count))
        return String(surnames[index])
    }

    static func givenName(_ rng: inout SplitMix64, male: Bool) -> String {
        let chars = male ? maleChars : femaleChars
        let first = String(chars[Int(rng.next() % UInt64(chars.count))])
        return rng.chance(0.3) ? first : first + String(chars[Int(rng.next() % UInt64(chars.count))])
    }

    static func villageName(_ rng: inout SplitMix64, community: Bool) -> String {
        let prefix = String(villagePrefixes[Int(rng.next() % UInt64(villagePrefixes.count))])
        if community { return prefix + ["东", "西", "南", "北", "新"][Int(rng.next() % 5)] + "社区" }
        let middle = rng.chance(0.3) ? ["大", "小", "前", "后", "东", "西", "南", "北"][Int(rng.next() % 8)] : ""
        return prefix + middle + villageSuffixes[Int(rng.next() % UInt64(villageSuffixes.count))] + "村"
    }

    /// A valid, unused number: the sequence (odd for men) is tried in turn; when a birth date's 500 numbers of one
    /// sex are all taken, the day before is used, so generation always ends.
    static func residentID(area: UInt64 = 411_681, birth: CivilDate, male: Bool, rng: inout SplitMix64, used: inout Set<UInt64>) -> ResidentID {
        var date = birth
        while true {
            let day = UInt64(date.year * 10_000 + date.month * 100 + date.day)
            let start = Int(rng.next() % 500)
            for step in 0..<500 {
                let sequence = UInt64(((start + step) % 500) * 2 + (male ? 1 : 0))
                // The first 17 digits as a number: 8 bytes per person kept, not a string, for the 3.3 million of a
                // large county; the text is made only for the number taken.
                let body = area * 100_000_000_000 + day * 1_000 + sequence
                if used.insert(body).inserted {
                    return ResidentID(trusted: String(body) + String(ResidentID.checkCharacter(forBody: body)))
                }
            }
            date = date.adding(days: -1)
        }
    }
}

import Foundation
import BottomlineDomain
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import SQLKit
import Testing

@Suite("辖区：每个查询都按用户区划过滤", .serialized)
struct ScopeTests {
    @Test("a village user sees only its village; a township user its villages; the county all")
    func scoping() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            func visible(_ region: String) async throws -> [String] {
                let registry = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "u", role: .village, region: RegionCode(region)!))
                return try await registry.households().all().map(\.number).sorted()
            }
            #expect(try await visible("411681101201") == ["T001"])
            #expect(try await visible("411681101") == ["T001", "T002"])
            #expect(try await visible("411681") == ["T001", "T002", "T003"])
            #expect(try await visible("411628") == [])
            let other = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first())
            let village = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "u", role: .village, region: RegionCode("411681101201")!))
            #expect(try await village.household(other.id!) == nil)
            let person = try #require(try await PersonRecord.query(on: app.db).filter(\.$householdID == other.id!).first())
            #expect(try await village.person(person.id!) == nil)
        }
    }

    @Test("filters narrow within the jurisdiction and never widen it; unknown filter values match nothing")
    func filters() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let township = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "u", role: .township, region: RegionCode("411681101")!))
            #expect(try await township.search(HouseholdFilter(region: "411681")).count() == 2)
            #expect(try await township.search(HouseholdFilter(gap: "housing")).all().map(\.number) == ["T002"])
            #expect(try await township.search(HouseholdFilter(gap: "nonsense")).count() == 0)
            #expect(try await township.search(HouseholdFilter(q: "李梅")).all().map(\.number) == ["T001"])
            #expect(try await township.search(HouseholdFilter(q: "赵六")).count() == 0)
            #expect(try await township.search(HouseholdFilter(q: validID("41168119720202102").lowercased())).count() == 1)
        }
    }

    @Test("the 三保障 filters find exactly the households with that gap (any gap: with at least one), counted from the small index of households with a gap")
    func gapFilters() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 1_500, seed: 21).build(on: app.db) { try app.password.hash($0) }
            let county = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "u", role: .county, region: RegionCode("411681")!))
            let all = try await HouseholdRecord.query(on: app.db).filter(\.$status == HouseholdStatus.active.rawValue).all()
            let expected: [String: (HouseholdRecord) -> Bool] = [
                "any": { $0.gapHousing || $0.gapEducation || $0.gapMedical || $0.gapWater },
                "housing": { $0.gapHousing }, "education": { $0.gapEducation }, "medical": { $0.gapMedical }, "water": { $0.gapWater },
            ]
            #expect(all.contains { $0.gapMedical } && all.contains { !$0.gapMedical })
            for (gap, has) in expected {
                let found = try await county.search(HouseholdFilter(gap: gap)).all().map(\.number).sorted()
                #expect(found == all.filter(has).map(\.number).sorted(), "gap=\(gap)")
                let counted = try await county.search(HouseholdFilter(category: "alleviated", gap: gap)).countHouseholds()
                #expect(counted == all.filter { has($0) && $0.category == HouseholdCategory.alleviated.rawValue }.count, "gap=\(gap)")
            }
            // SQLite shows its plan: the count reads the partial index, not the county's households.
            if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                let plan = try await sql.raw("""
                    EXPLAIN QUERY PLAN SELECT count(village_code) FROM households WHERE status = 'active' AND village_code >= '411681'
                    AND village_code < '411682' AND category = 'alleviated' AND (\(unsafeRaw: CreateGapIndex.condition))
                    """).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: " ")
                #expect(plan.contains("households_gap"), "plan: \(plan)")
            }
        }
    }
}

@Suite("户数合计：按辖区和筛选条件缓存，名册一变即重新计数")
struct HouseholdCountTests {
    @Test("the list's total is counted once per change of the registry, per place and filter; any write of a household counts again, exactly")
    func countKeptUntilWrite() async throws {
        try await withTestApp { app in
            _ = try await DemoCounty(households: 600, seed: 5).build(on: app.db) { try app.password.hash($0) }
            let county = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "u", role: .county, region: RegionCode("411681")!))
            let first = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$status == HouseholdStatus.active.rawValue).first())
            let villageActor = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "v", role: .village, region: RegionCode(first.villageCode)!))
            let alleviated = HouseholdFilter(category: "alleviated")
            func truth(_ within: String, alleviatedOnly: Bool) async throws -> Int {
                var q = HouseholdRecord.query(on: app.db).filter(\.$status == HouseholdStatus.active.rawValue).within(RegionCode(within)!)
                if alleviatedOnly { q = q.filter(\.$category == HouseholdCategory.alleviated.rawValue) }
                return try await q.count()
            }
            let hitsBefore = await HouseholdCountCache.shared.hits
            #expect(try await county.countHouseholds(matching: alleviated) == (try await truth("411681", alleviatedOnly: true)))
            #expect(try await county.countHouseholds(matching: alleviated) == (try await truth("411681", alleviatedOnly: true)))
            #expect(await HouseholdCountCache.shared.hits > hitsBefore)
            // Another place, or another filter, is never answered with this one's count.
            #expect(try await villageActor.countHouseholds(matching: alleviated) == (try await truth(first.villageCode, alleviatedOnly: true)))
            #expect(try await county.countHouseholds(matching: HouseholdFilter()) == (try await truth("411681", alleviatedOnly: false)))
            // A household changes category, written by any path (here straight in SQL): the next total counts again.
            let other = first.category == HouseholdCategory.alleviated.rawValue ? HouseholdCategory.ordinary : .alleviated
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE households SET category = \(bind: other.rawValue) WHERE id = \(bind: first.id!)").run()
            #expect(try await county.countHouseholds(matching: alleviated) == (try await truth("411681", alleviatedOnly: true)))
            #expect(try await villageActor.countHouseholds(matching: alleviated) == (try await truth(first.villageCode, alleviatedOnly: true)))
            try await sql.raw("UPDATE households SET status = 'merged' WHERE id = \(bind: first.id!)").run()
            #expect(try await county.countHouseholds(matching: HouseholdFilter()) == (try await truth("411681", alleviatedOnly: false)))
        }
    }
}

@Suite("区划统计", .serialized)
struct RegionCountTests {
    @Test("a region's counts cover exactly its households; children are counted by code prefix")
    func counts() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let county = IndicatorStore(ScopedRegistry(db: app.db, actor: .system(region: RegionCode("411681")!)))
            let today = CivilDate.today
            let nandun = try await county.byChild(of: RegionCode("411681101")!, from: today, to: today, today: today).total
            #expect(nandun[.households] == 2 && nandun[.persons] == 4 && nandun[.alleviatedHouseholds] == 1)
            #expect(nandun[.basicNeedGaps] == 1 && nandun[.noLabourHouseholds] == 1 && nandun[.monitoredHouseholds] == 0)
            let children = try await county.byChild(of: RegionCode("411681")!, from: today, to: today, today: today).children
            #expect(children.count == 21)
            #expect(children.first { $0.0.name == "南顿镇" }?.1[.households] == 2)
            #expect(children.first { $0.0.name == "孙店镇" }?.1[.persons] == 1)
            // A village user asking for the county's counts gets nothing.
            let village = IndicatorStore(ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "c", role: .village, region: RegionCode("411681101201")!)))
            #expect(try await village.byChild(of: RegionCode("411681")!, from: today, to: today, today: today).total[.households] == 0)
        }
    }

    @Test("a village cadre searching a common name finds their own household, however many share the name elsewhere")
    func commonName() async throws {
        try await withTestApp { app in
            var csv = "户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别\n"
            // 600 households headed by 张伟 in 李楼村 (and a 张伟 as a member in each), then one in 王庄村.
            for i in 1...600 {
                csv += "L\(i),411681101202,李楼村,张伟,\(validID("41168119800101" + String(format: "%03d", i))),户主,一般农户\n"
            }
            csv += "W1,411681101201,王庄村,张伟,\(validID("41168119900101" + "001")),户主,一般农户\n"
            let report = try await RegistryImporter(db: app.db, actor: .system()).importFile(Data(csv.utf8), filename: "common.csv")
            #expect(report.succeeded, "\(report.summary)")
            let village = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "cun", role: .village, region: RegionCode("411681101201")!))
            #expect(try await village.search(HouseholdFilter(q: "张伟")).all().map(\.number) == ["W1"])
            let township = ScopedRegistry(db: app.db, actor: .init(userID: nil, username: "zhen", role: .township, region: RegionCode("411681101")!))
            #expect(try await township.search(HouseholdFilter(q: "张伟")).count() == 601)
            #expect(try await township.search(HouseholdFilter(region: "411681101201", q: "张伟")).all().map(\.number) == ["W1"])
        }
    }
}

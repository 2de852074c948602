import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
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
}

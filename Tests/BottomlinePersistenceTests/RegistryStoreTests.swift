import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing

@Suite("名册修改：按辖区、留痕、人口变动为带日期的事件", .serialized)
struct RegistryStoreTests {
    func actor(_ role: Role, _ region: String) -> Actor { Actor(userID: nil, username: "t", role: role, region: RegionCode(region)!) }
    func draft(_ name: String, _ id17: String, _ relation: BottomlineDomain.Relation) -> PersonDraft {
        PersonDraft(name: name, id: ResidentID(trusted: validID(id17)), relation: relation, labour: .ordinary, medicalInsured: true)
    }
    func fields(_ number: String, village: String) -> HouseholdForm.Fields {
        .init(number: number, villageCode: RegionCode(village)!, address: "一组", phone: nil, category: .ordinary, relocated: false,
              housingGrade: .b, waterSecure: true)
    }

    @Test("a village cadre creates a household in its village, not in another, and a duplicate number or ID is refused")
    func create() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let store = RegistryStore(ScopedRegistry(db: app.db, actor: actor(.village, "411681101201")))
            let created = try await store.createHousehold(fields("N001", village: "411681101201"), householder: draft("周九", "41168119900909109", .householder))
            #expect(created.memberCount == 1 && created.householderName == "周九")
            await #expect(throws: FieldProblems(["villageCode": "该村不在您的管辖范围内"])) {
                try await store.createHousehold(self.fields("N002", village: "411681101202"), householder: self.draft("吴十", "41168119900909117", .householder))
            }
            do {
                _ = try await store.createHousehold(fields("T001", village: "411681101201"), householder: draft("张三", "41168119700101101", .householder))
                Issue.record("duplicate accepted")
            } catch let problems as FieldProblems {
                #expect(problems.errors["number"] == "户编号T001已被使用")
                #expect(problems.errors["idNumber"]?.contains("已登记在户T001") == true)
            }
            // An ID registered outside the cadre's village is refused without saying where.
            do {
                _ = try await store.createHousehold(fields("N003", village: "411681101201"), householder: draft("王五", "41168119500404104", .householder))
                Issue.record("duplicate accepted")
            } catch let problems as FieldProblems {
                #expect(problems.errors["idNumber"] == RegistryStore.idUnavailable)
                #expect(!RegistryStore.idUnavailable.contains("已登记") && !RegistryStore.idUnavailable.contains("其他地区"))
            }
            #expect(try await HouseholdRecord.query(on: app.db).count() == 4)
            // Each refusal is logged, with the number masked; past twenty in an hour the user waits.
            let denied = try await AuditRecord.query(on: app.db).filter(\.$action == "denied").all()
            #expect(denied.count == 1 && denied[0].entityID == ResidentID.mask(validID("41168119500404104")))
            var last = ""
            for _ in 0..<RegistryStore.outsideIDRefusalsPerHour {
                do { _ = try await store.createHousehold(fields("N004", village: "411681101201"), householder: draft("王五", "41168119500404104", .householder)) }
                catch let problems as FieldProblems { last = problems.errors["idNumber"] ?? "" }
            }
            #expect(last.contains("请一小时后再试"))
        }
    }

    @Test("a leader may read but not change the registry")
    func leaderReadOnly() async throws {
        try await withTestApp { app in
            let store = RegistryStore(ScopedRegistry(db: app.db, actor: actor(.leader, "411681")))
            await #expect(throws: FieldProblems.self) {
                try await store.createHousehold(self.fields("N001", village: "411681101201"), householder: self.draft("周九", "41168119900909109", .householder))
            }
        }
    }

    @Test("a birth adds a member with a dated event; a death keeps the person on record, out of the household count")
    func events() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let registry = ScopedRegistry(db: app.db, actor: actor(.village, "411681101201"))
            let store = RegistryStore(registry)
            let household = try #require(try await registry.household(number: "T001"))
            let today = CivilDate.today
            let baby = PersonDraft(name: "张宝", id: ResidentID(trusted: validID("411681" + today.adding(days: -10).description.replacingOccurrences(of: "-", with: "") + "101")),
                                   relation: .grandson)
            _ = try await store.addMember(to: household, baby, event: .init(kind: .birth, date: today, note: ""))
            #expect(household.memberCount == 4)
            let wife = try #require(try await registry.members(of: household).first { $0.name == "李梅" })
            try await store.recordDeparture(wife, from: household, event: .init(kind: .death, date: today, note: "病故"))
            #expect(household.memberCount == 3)
            let stored = try await registry.members(of: household)
            #expect(stored.count == 4)
            #expect(stored.first { $0.name == "李梅" }?.status == MemberStatus.deceased.rawValue)
            let events = try await MembershipEventRecord.query(on: app.db).filter(\.$householdID == household.id!).all()
            #expect(Set(events.map(\.kind)) == ["birth", "death"])
            #expect(events.allSatisfy { $0.eventDate == today.description })
            // Leaving twice is refused.
            await #expect(throws: FieldProblems.self) {
                try await store.recordDeparture(wife, from: household, event: .init(kind: .moveOut, date: today, note: ""))
            }
            let audit = try await AuditLog.forHousehold(household.id!, on: app.db).filter { $0.action == "event" }
            #expect(audit.count == 2)
        }
    }

    @Test("an income change is audited with before and after; the same income twice writes nothing")
    func income() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let registry = ScopedRegistry(db: app.db, actor: actor(.township, "411681101"))
            let household = try #require(try await registry.household(number: "T002"))
            let income = HouseholdIncome(year: 2025, wages: Money(yuan: 9_000))
            try await RegistryStore(registry).setIncome(household, income)
            try await RegistryStore(registry).setIncome(household, income)
            let history = try await AuditLog.forHousehold(household.id!, on: app.db)
            let entries = history.filter { $0.action == "income" }
            #expect(entries.count == 1)  // the second, identical call wrote nothing
            #expect(entries.first?.before?.contains("\"wages\"") == true && entries.first?.after?.contains("900000") == true)
            // The import recorded the first income with the household's creation.
            #expect(history.first { $0.action == "create" }?.after?.contains("\"income\"") == true)
        }
    }
}

@Suite("分户、并户、迁村", .serialized)
struct HouseholdChangeTests {
    func actor(_ role: Role, _ region: String) -> Actor { Actor(userID: nil, username: "t", role: role, region: RegionCode(region)!) }
    let date = CivilDate(year: 2026, month: 3, day: 1)!

    @Test("a split moves the chosen members to a new household with its own householder, recorded on both households")
    func split() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let registry = ScopedRegistry(db: app.db, actor: actor(.village, "411681101201"))
            let store = RegistryStore(registry)
            let household = try #require(try await registry.household(number: "T001"))
            let son = try #require(try await registry.members(of: household).first { $0.name == "张小" })
            let created = try await store.split(household, members: [son.id!], newNumber: "T001-2", newHouseholder: son.id!, date: date, note: "")
            #expect(created.householderName == "张小" && created.memberCount == 1 && created.villageCode == household.villageCode)
            #expect(household.memberCount == 2)
            let events = try await MembershipEventRecord.query(on: app.db).filter(\.$kind == "split").all()
            #expect(Set(events.map(\.householdID)) == [household.id!, created.id!])
            // The householder cannot be split off, and the number must be new.
            let father = try #require(try await registry.members(of: household).first { $0.name == "张三" })
            do {
                _ = try await store.split(household, members: [father.id!], newNumber: "T002", newHouseholder: father.id!, date: date, note: "")
                Issue.record("accepted")
            } catch let problems as FieldProblems {
                #expect(problems.errors["members"] != nil && problems.errors["newNumber"] == "户编号T002已被使用")
            }
        }
    }

    @Test("a merge moves every member into the target, keeps the closed household on record, and hides it from lists and counts")
    func merge() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let registry = ScopedRegistry(db: app.db, actor: actor(.township, "411681101"))
            let store = RegistryStore(registry)
            let source = try #require(try await registry.household(number: "T002"))
            let target = try await store.merge(source, into: "T001", date: date, note: "")
            #expect(target.memberCount == 4)
            #expect(source.status == HouseholdStatus.merged.rawValue && source.memberCount == 0)
            #expect(try await registry.search(HouseholdFilter()).all().map(\.number) == ["T001"])
            #expect(try await IndicatorStore(registry).byChild(of: RegionCode("411681101")!, from: date, to: date, today: date).total[.households] == 1)
            #expect(try await registry.household(source.id!) != nil)  // still on record
            // Merging into a household outside the region is refused as not found.
            await #expect(throws: FieldProblems.self) { try await store.merge(target, into: "T003", date: self.date, note: "") }
        }
    }

    @Test("a household moves to another village inside the actor's region only")
    func moveVillage() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let township = RegistryStore(ScopedRegistry(db: app.db, actor: actor(.township, "411681101")))
            let household = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            try await township.moveVillage(household, to: RegionCode("411681101202")!, date: date, note: "")
            #expect(try await HouseholdRecord.find(household.id, on: app.db)?.villageCode == "411681101202")
            await #expect(throws: FieldProblems(["village": "请选择您管辖范围内的村"])) {
                try await township.moveVillage(household, to: RegionCode("411681102201")!, date: self.date, note: "")
            }
            #expect(try await MembershipEventRecord.query(on: app.db).filter(\.$kind == "move_village").count() == 1)
        }
    }
}

@Suite("帮扶责任人", .serialized)
struct HelperAssignmentTests {
    @Test("a cadre who governs the household is paired from a date; a reassignment closes the old pairing the day before")
    func assign() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let wang = try await app.makeUser("wang", role: .village, region: "411681101201")
            let zhou = try await app.makeUser("zhou", role: .township, region: "411681101")
            let other = try await app.makeUser("other", role: .village, region: "411681101202")
            let registry = ScopedRegistry(db: app.db, actor: Actor(userID: zhou.id, username: "zhou", role: .township, region: RegionCode("411681101")!))
            let store = RegistryStore(registry)
            let household = try #require(try await registry.household(number: "T001"))
            #expect(Set(try await store.helperCandidates(for: household).map(\.username)) == ["wang", "zhou"])
            try await store.assignHelper(household, to: wang.id!, from: CivilDate(year: 2025, month: 3, day: 1)!)
            try await store.assignHelper(household, to: zhou.id!, from: CivilDate(year: 2026, month: 1, day: 10)!)
            let history = try await store.helperHistory(of: household)
            #expect(history.map { $0.1?.username } == ["zhou", "wang"])
            #expect(history[0].0.endDate == nil && history[1].0.endDate == "2026-01-09")
            do {
                try await store.assignHelper(household, to: other.id!, from: CivilDate(year: 2026, month: 2, day: 1)!)
                Issue.record("a cadre of another village was paired")
            } catch let problems as FieldProblems {
                #expect(problems.errors["helper"]?.contains("管辖该户") == true)
            }
            await #expect(throws: FieldProblems.self) {
                try await store.assignHelper(household, to: wang.id!, from: CivilDate(year: 2025, month: 12, day: 1)!)
            }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "helper").count() == 2)
        }
    }
}

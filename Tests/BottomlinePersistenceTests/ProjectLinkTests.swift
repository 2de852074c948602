import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 联农带农 as registry links (issue 15 §2): each level links the households of its own region to a project it sees,
/// by one of the project's ways; the project's 脱贫户 and 监测对象 are counted from the registry; each reader sees the
/// linked households of their own region only.
@Suite("联农带农农户")
struct ProjectLinkTests {
    static func numbers(_ list: [(link: ProjectHouseholdRecord, household: HouseholdRecord)]) -> [String] { list.map(\.household.number) }

    @Test("a village links its own households, a township its villages', the county any of the county's; a way the project does not have, a household outside the region, a leader and a refused project are refused; the registry gives the 脱贫户 count")
    func linkByLevel() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let p = try await FundStoreTests.approved(w)   // ways: 收益分红, 吸纳就业
            let day = FundStoreTests.day0.adding(days: 30)
            let cun = w.projects(w.cun)
            #expect(try await cun.link(p, numbers: ["T001"], way: .employment, today: day) == 1)
            #expect(await FundStoreTests.refusal { try await cun.link(p, numbers: ["T002", "T009"], way: .employment, today: day) }
                == "在您的辖区内没有找到这些在册户编号：T002、T009")
            #expect(await FundStoreTests.refusal { try await cun.link(p, numbers: ["T001"], way: .production, today: day) }?.contains("不含“发展生产”") == true)
            #expect(await FundStoreTests.refusal { try await w.projects(w.leader).link(p, numbers: ["T001"], way: .employment, today: day) }
                == "联农带农农户由项目所在村、乡镇或县级关联")
            // The township adds its other village's household; T001, linked already, is left as it is.
            #expect(try await w.projects(w.township).link(p, numbers: ["T002", "T001"], way: .dividend, today: day) == 1)
            #expect(try await w.projects(w.county).link(p, numbers: ["T003"], way: .dividend, today: day) == 1)
            let counts = try await ProjectStore.linkCounts(p, on: app.db)
            #expect(counts.households == 3 && counts.alleviated == 1 && counts.monitored == 0)
            // Each reads its own region's links only.
            #expect(Self.numbers(try await cun.linked(p)) == ["T001"])
            #expect(Self.numbers(try await w.projects(w.township).linked(p)) == ["T001", "T002"])
            #expect(Self.numbers(try await w.projects(w.county).linked(p)) == ["T001", "T002", "T003"])
            // The village cannot remove another village's link; it removes its own.
            let t002 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T002").first()!
            let t001 = try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first()!
            #expect(await FundStoreTests.refusal { try await cun.unlink(p, household: t002.id!) } == "该户未关联本项目，或不在您的辖区")
            try await cun.unlink(p, household: t001.id!)
            #expect(try await ProjectStore.linkCounts(p, on: app.db).households == 2)
            // Links move with their household: T002 moved to 王庄村 is the village cadre's to read.
            try await RegistryStore(w.scoped(w.county)).moveVillage(t002, to: RegionCode(FundStoreTests.wang)!, date: day, note: "")
            #expect(Self.numbers(try await cun.linked(p)) == ["T002"])
        }
    }

    @Test("pasted household numbers: separated by new lines, commas and 、; none, too many and control characters are refused")
    func pastedNumbers() throws {
        #expect(try ProjectRules.householdNumbers("T001\r\nT002，T003、T004 ;T005\u{3000}T006").get() == ["T001", "T002", "T003", "T004", "T005", "T006"])
        #expect(throws: FieldProblem.self) { try ProjectRules.householdNumbers(" \n ,").get() }
        #expect(throws: FieldProblem.self) { try ProjectRules.householdNumbers(Array(repeating: "T1", count: 501).joined(separator: ",")).get() }
        #expect(throws: FieldProblem.self) { try ProjectRules.householdNumbers("T001\u{0}x").get() }
        #expect(throws: FieldProblem.self) { try ProjectRules.householdNumbers(String(repeating: "长", count: 41)).get() }
    }
}

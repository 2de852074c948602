import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// The 问题整改台账 (issue 17 §2): the township hands a problem about T001 to a unit and a person; the village reports it
/// rectified with evidence; only the township (which assigned it) 销号; 回头看 reopens it; a petition opens a problem in
/// one step; another township sees none of it; the figures come from the records.
@Suite("问题整改台账")
struct ProblemStoreTests {
    static let today = CivilDate(year: 2025, month: 6, day: 30)!

    static func draft(_ found: CivilDate, household: String = "", place: String = "", category: String = "收入核算不准", source: ProblemSource = .inspection) -> ProblemDraft {
        ProblemDraft(source: source, foundOn: found, householdNumber: household, place: place, category: category, text: "脱贫户务工收入未计入家庭纯收入",
                     leadUnit: "南顿镇人民政府", responsible: "王建国", measures: "入户重新核算收入，完善档案", deadline: found.adding(days: 30))
    }

    @Test("hand over, rectify, 销号 by the assigning level only, 回头看 reopens; refusals for a village cadre, another township, a deadline before the day found and a control character; figures")
    func ledger() async throws {
        try await withTestApp { app in
            let w = try await FundStoreTests.world(app)
            let zhen = ProblemStore(w.scoped(w.township)), cun = ProblemStore(w.scoped(w.cun)), xian = ProblemStore(w.scoped(w.county))
            let found = CivilDate(year: 2025, month: 3, day: 3)!
            #expect(await FundStoreTests.refusal { try await cun.register(Self.draft(found, household: "T001"), today: Self.today) } == "整改问题由县、乡镇交办")
            #expect(await FundStoreTests.refusal { try await ProblemStore(w.scoped(w.otherTownship)).register(Self.draft(found, household: "T001"), today: Self.today) }
                == "在您的辖区内没有找到户编号T001")
            var early = Self.draft(found, household: "T001")
            early.deadline = found.adding(days: -1)
            #expect(await FundStoreTests.refusal { try await zhen.register(early, today: Self.today) } == "整改时限不能早于发现日期")
            var hostile = Self.draft(found, household: "T001")
            hostile.responsible = "王\u{7}建国"
            #expect(await FundStoreTests.refusal { try await zhen.register(hostile, today: Self.today) } == "责任人含有控制字符")
            let p = try await zhen.register(Self.draft(found, household: "T001"), today: Self.today)
            #expect(p.villageCode == FundStoreTests.wang && p.placeLevel == .village && p.assignedLevel == RegionCode.Level.township.rawValue)
            #expect(try await ProblemStore(w.scoped(w.otherTownship)).problem(p.id!) == nil)
            #expect(await FundStoreTests.refusal { try await ProblemStore(w.scoped(w.otherTownship)).rectify(p, evidence: "已整改完毕", on: Self.today, today: Self.today) }
                == "该记录不在您的辖区")
            #expect(await FundStoreTests.refusal { try await cun.rectify(p, evidence: "", on: CivilDate(year: 2025, month: 3, day: 20)!, today: Self.today) } == "请填写整改情况和佐证（4至1000字）")
            try await cun.rectify(p, evidence: "已入户重新核算，补录务工收入12000元，档案已完善", on: CivilDate(year: 2025, month: 3, day: 20)!, today: Self.today)
            #expect(await FundStoreTests.refusal { try await cun.close(p, on: CivilDate(year: 2025, month: 3, day: 25)!, today: Self.today) } == "应由交办的乡镇销号")
            #expect(await FundStoreTests.refusal { try await xian.close(p, on: CivilDate(year: 2025, month: 3, day: 25)!, today: Self.today) } == "应由交办的乡镇销号")
            try await zhen.close(p, on: CivilDate(year: 2025, month: 3, day: 25)!, today: Self.today)
            // 回头看 finds it back: reopened with a new deadline; the county, above the township, may do it too.
            #expect(await FundStoreTests.refusal { try await zhen.review(p, holds: false, note: "收入又漏计", newDeadline: nil, on: CivilDate(year: 2025, month: 6, day: 25)!, today: Self.today) }
                == "重新整改应填写晚于今天的整改时限")
            try await xian.review(p, holds: false, note: "回头看发现又漏计一名家庭成员的务工收入", newDeadline: CivilDate(year: 2025, month: 7, day: 25)!,
                                  on: CivilDate(year: 2025, month: 6, day: 25)!, today: Self.today)
            #expect(p.stateValue == .rectifying && p.reopened == 1 && p.closedOn == nil && p.deadline == "2025-07-25")
            #expect(await FundStoreTests.refusal { try await cun.review(p, holds: true, note: "", newDeadline: nil, on: Self.today, today: Self.today) } == "回头看由交办的层级或其上级开展")

            // A county problem about 赵营村 (the other township), past its deadline and still open.
            let q = try await xian.register(Self.draft(CivilDate(year: 2025, month: 4, day: 1)!, place: "411681102201", category: "收入核算不准", source: .audit), today: Self.today)
            #expect(q.placeLevel == .village && q.assignedLevel == RegionCode.Level.county.rawValue)
            // A county-wide one, from a petition in one step, past its deadline too.
            let petitions = PetitionStore(w.scoped(w.county))
            let petition = try await petitions.register(PetitionDraft(channel: .letter, receivedOn: CivilDate(year: 2025, month: 5, day: 6)!, petitioner: "李四", phone: "",
                                                                      subject: "反映全县公益岗位补贴发放不及时", householdNumber: "", place: "411681", handler: "项城市人社局"), today: Self.today)
            var fromPetition = Self.draft(CivilDate(year: 2025, month: 5, day: 20)!, category: "补贴发放不及时", source: .petition)
            fromPetition.text = petition.subject
            let r = try await xian.register(fromPetition, petition: petition, today: Self.today)
            #expect(r.placeLevel == .county && r.villageCode == "411681000000" && r.petitionID == petition.id && r.householdID == nil)
            #expect(try await zhen.problem(r.id!) == nil, "the county's own problem is not the township's")

            let f = try await xian.figures(within: RegionCode("411681")!, from: CivilDate(year: 2025, month: 1, day: 1)!, to: Self.today, on: Self.today)
            #expect(f.total == 3 && f.byState[.rectifying] == 3 && f.reopened == 1 && f.overdue == 2 && f.bySource[.petition] == 1)
            #expect(try await zhen.figures(within: RegionCode("411681101")!, from: CivilDate(year: 2025, month: 1, day: 1)!, to: Self.today, on: Self.today).total == 1)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "problem").count() == 6)
        }
    }
}

@testable import BottomlineDomain
import Foundation
import Testing

/// 疑点数据核查 (issue 18 §1): each shipped check fires on a crafted record and stays quiet on its near miss.
@Suite("疑点数据核查规则")
struct DataChecksTests {
    static let today = CivilDate(year: 2026, month: 11, day: 16)!
    static let line = Money(yuan: 7_300)
    static func lines(_ year: Int) -> Money? { year == 2025 ? line : nil }
    static func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

    /// An ID number whose birth date is `birth` and whose check character is right.
    static func idNumber(_ birth: String, serial: String = "123") -> String {
        let body = "411681" + birth.replacingOccurrences(of: "-", with: "") + serial
        return body + String(ResidentID.checkCharacter(for: body))
    }

    static func member(_ name: String = "王建国", birth: String = "1970-05-06", relation: Relation = .householder, present: Bool = true,
                       health: HealthStatus? = .healthy, disability: DisabilityGrade? = nil, education: EducationStage? = nil,
                       employment: EmploymentStatus? = nil, spell: Bool = false, post: Bool = false, idBirth: String? = nil) -> HouseholdFacts.Member {
        .init(id: UUID(), name: name, idNumber: idNumber(idBirth ?? birth), sex: "1", birthDate: birth, relation: relation.rawValue, present: present,
              health: health?.rawValue, disability: disability?.rawValue, education: education?.rawValue, employment: employment?.rawValue,
              hasWorkSpell: spell, holdsPublicPost: post)
    }

    /// An ordinary household of two adults with 2025 income of `perCapita` a head.
    static func household(perCapita: Money = Money(yuan: 12_000), _ change: (inout HouseholdFacts) -> Void = { _ in }) -> HouseholdFacts {
        var h = HouseholdFacts(id: UUID(), villageCode: "411681100201", category: .ordinary,
                               members: [member(), member("李秀英", birth: "1972-03-04", relation: .spouse)],
                               income: (2025, perCapita), latestWages: Money(yuan: 20_000))
        change(&h)
        return h
    }

    static func codes(_ h: HouseholdFacts, _ settings: DataCheckSettings = .defaults) -> [DataCheckCode] {
        DataChecks.findings(h, settings: settings, lines: lines, today: today).map(\.code)
    }

    /// A monitoring object at risk with a helper and a fitting measure: nothing to find.
    static func monitored(_ change: (inout HouseholdFacts) -> Void = { _ in }) -> HouseholdFacts {
        household(perCapita: Money(yuan: 6_000)) {
            $0.monitoringCategory = .marginal
            $0.monitoringSince = day("2025-03-01")
            $0.risks = [.illness]
            $0.measures = [.health]
            $0.hasHelper = true
            change(&$0)
        }
    }

    @Test("a clean household and a clean monitoring object raise nothing")
    func clean() {
        #expect(Self.codes(Self.household()).isEmpty)
        #expect(Self.codes(Self.monitored()).isEmpty)
    }

    @Test("YD01: income one fen below the line and not monitored is found; at the line it is not; a monitoring object is not")
    func incomeBelowLine() {
        let below = Self.household(perCapita: Money(fen: Self.line.fen - 1))
        #expect(Self.codes(below) == [.incomeBelowLine])
        let finding = DataChecks.findings(below, settings: .defaults, lines: Self.lines, today: Self.today)[0]
        #expect(finding.valuesText == "2025年人均纯收入7299.99元，低于监测标准7300元")
        #expect(Self.codes(Self.household(perCapita: Self.line)).isEmpty)
        #expect(!Self.codes(Self.monitored()).contains(.incomeBelowLine))
        // A year with no line set is not judged.
        #expect(Self.codes(Self.household(perCapita: Money(yuan: 1)) { $0.income = (2019, Money(yuan: 1)) }).isEmpty)
    }

    @Test("YD02: risk eliminated with income below the line or a 三保障 problem open is found; eliminated above the line with no problem is not")
    func eliminatedWithRisk() {
        let low = Self.monitored { $0.riskEliminatedOn = Self.day("2026-06-30") }
        #expect(Self.codes(low) == [.eliminatedWithRisk])
        let above = Self.monitored { $0.riskEliminatedOn = Self.day("2026-06-30"); $0.income = (2025, Self.line) }
        #expect(Self.codes(above).isEmpty)
        let water = Self.monitored { $0.riskEliminatedOn = Self.day("2026-06-30"); $0.income = (2025, Self.line); $0.gaps = ["饮水"] }
        #expect(Self.codes(water) == [.eliminatedWithRisk])
        #expect(DataChecks.findings(water, settings: .defaults, lines: Self.lines, today: Self.today)[0].values == ["2026-06-30标注风险消除", "饮水问题未解决"])
    }

    @Test("YD03 and YD04: a monitoring object at risk without a helper, or without a measure; an eliminated one needs neither")
    func helperAndMeasure() {
        #expect(Self.codes(Self.monitored { $0.hasHelper = false }) == [.noHelper])
        #expect(Self.codes(Self.monitored { $0.measures = [] }) == [.noMeasure])
        #expect(Self.codes(Self.monitored { $0.hasHelper = false; $0.measures = []; $0.riskEliminatedOn = Self.day("2026-06-30"); $0.income = (2025, Self.line) }).isEmpty)
    }

    @Test("YD05: a measure that does not fit the risk is found; the fitting one is not; no measure at all is YD04, not YD05")
    func measureMismatch() {
        #expect(Self.codes(Self.monitored { $0.measures = [.industry] }) == [.measureMismatch])
        #expect(Self.codes(Self.monitored { $0.measures = [.socialAid] }).isEmpty)
        #expect(!Self.codes(Self.monitored { $0.measures = [] }).contains(.measureMismatch))
    }

    @Test("YD07: an active household whose members are all gone; one present member is enough")
    func noMemberLeft() {
        let gone = Self.household { h in h.members = h.members.map { var m = $0; m.present = false; return m } }
        #expect(Self.codes(gone) == [.noMemberLeft])
        let one = Self.household { h in h.members[1].present = false }
        #expect(Self.codes(one).isEmpty)
    }

    @Test("YD08: a householder of 15 is found, of 16 is not; the county may set the age")
    func youngHouseholder() {
        // In school, so the school-age check has nothing to say.
        let young = Self.household { $0.members[0] = Self.member(birth: "2010-11-17", education: .highSchool) }
        #expect(Self.codes(young) == [.youngHouseholder])
        let sixteen = Self.household { $0.members[0] = Self.member(birth: "2010-11-16", education: .highSchool) }
        #expect(Self.codes(sixteen).isEmpty)
        #expect(Self.codes(sixteen, DataCheckSettings(values: [.youngHouseholder: 18])) == [.youngHouseholder])
        #expect(Self.codes(young, DataCheckSettings(off: [.youngHouseholder])).isEmpty)
    }

    @Test("YD09: a birth date one day off the ID number's is found; the same date is not")
    func birthDateMismatch() {
        let off = Self.household { $0.members[1] = Self.member("李秀英", birth: "1972-03-04", relation: .spouse, idBirth: "1972-03-05") }
        #expect(Self.codes(off) == [.birthDateMismatch])
        #expect(DataChecks.findings(off, settings: .defaults, lines: Self.lines, today: Self.today)[0].valuesText == "李秀英登记出生日期1972-03-04，身份证号为1972-03-05")
    }

    @Test("YD10: a child of compulsory-school age out of school is found; in school, or six only after 31 August, or sixteen by then, is not")
    func childOutOfSchool() {
        func child(_ birth: String, _ stage: EducationStage?) -> HouseholdFacts {
            Self.household { $0.members.append(Self.member("王小明", birth: birth, relation: .son, education: stage)) }
        }
        #expect(Self.codes(child("2014-03-01", .dropout)) == [.childOutOfSchool])
        #expect(Self.codes(child("2014-03-01", nil)) == [.childOutOfSchool])
        #expect(Self.codes(child("2014-03-01", .compulsory)).isEmpty)
        // The school year began 1 September 2026: six by 31 August 2026 is of age, six on 1 September is not.
        #expect(Self.codes(child("2020-08-31", .preschoolAge)) == [.childOutOfSchool])
        #expect(Self.codes(child("2020-09-01", .preschoolAge)).isEmpty)
        // Sixteen by 31 August 2026 is past it; fifteen then is not.
        #expect(Self.codes(child("2010-08-31", .notInSchool)).isEmpty)
        #expect(Self.codes(child("2010-09-01", .notInSchool)) == [.childOutOfSchool])
    }

    @Test("YD11: a disability grade with health other than 残疾 is found; with 残疾 it is not")
    func disabilityGrade() {
        #expect(Self.codes(Self.household { $0.members[1].disability = "2" }) == [.disabilityGradeOnly])
        #expect(Self.codes(Self.household { $0.members[1].disability = "2"; $0.members[1].health = HealthStatus.disabled.rawValue }).isEmpty)
    }

    @Test("YD12: 省外务工 with no spell and no wages is found; a spell or wages clears it; 未务工 is not judged")
    func migrantWithoutWork() {
        let none = Self.household { $0.members[0].employment = EmploymentStatus.outsideProvince.rawValue; $0.latestWages = .zero }
        #expect(Self.codes(none) == [.migrantWithoutWork])
        #expect(Self.codes(Self.household { $0.members[0].employment = EmploymentStatus.outsideProvince.rawValue }).isEmpty)
        #expect(Self.codes(Self.household { $0.members[0].employment = EmploymentStatus.outsideProvince.rawValue; $0.latestWages = .zero; $0.members[0].hasWorkSpell = true }).isEmpty)
        #expect(Self.codes(Self.household { $0.members[0].employment = EmploymentStatus.none.rawValue; $0.latestWages = .zero }).isEmpty)
    }

    @Test("YD13: a 公益岗位 holder of 70 is found, of 69 is not; one of 15 is found")
    func publicPostAge() {
        func holder(_ birth: String) -> HouseholdFacts {
            Self.household { $0.members[0] = Self.member(birth: birth, post: true) }
        }
        #expect(Self.codes(holder("1956-11-16")) == [.publicPostAge])
        #expect(Self.codes(holder("1956-11-17")).isEmpty)
        #expect(Self.codes(holder("1956-11-17"), DataCheckSettings(values: [.publicPostAge: 65])) == [.publicPostAge])
        var young = holder("2011-01-01")
        young.members.append(Self.member("王父", birth: "1950-01-01", relation: .father))
        #expect(Self.codes(young).contains(.publicPostAge))
    }

    @Test("YD14: a loan to an ordinary household without an exception is found; to a 脱贫户, to a monitoring object at risk on the day, or with a written exception, it is not; one issued after the risk was eliminated is found")
    func ineligibleLoan() {
        let loan = HouseholdFacts.Loan(id: UUID(), issuedOn: Self.day("2026-04-01"), amount: Money(yuan: 50_000), exception: "")
        #expect(Self.codes(Self.household { $0.loans = [loan] }) == [.ineligibleLoan])
        #expect(Self.codes(Self.household { $0.loans = [loan]; $0.category = .alleviated }).isEmpty)
        var excepted = loan
        excepted.exception = "县乡村振兴局批准的特殊情形"
        #expect(Self.codes(Self.household { $0.loans = [excepted] }).isEmpty)
        #expect(Self.codes(Self.monitored { $0.loans = [loan] }).isEmpty)
        let after = Self.monitored { $0.loans = [loan]; $0.riskEliminatedOn = Self.day("2026-03-31"); $0.income = (2025, Self.line) }
        #expect(Self.codes(after) == [.ineligibleLoan])
        let before = Self.monitored { $0.loans = [loan]; $0.monitoringSince = Self.day("2026-04-02") }
        #expect(Self.codes(before) == [.ineligibleLoan])
    }

    @Test("YD16: income up by 51 % between two years is found, by 50 % is not; a fall likewise")
    func incomeSwing() {
        let up = Self.household(perCapita: Money(yuan: 15_100)) { $0.previousIncome = (2024, Money(yuan: 10_000)) }
        #expect(Self.codes(up) == [.incomeSwing])
        #expect(DataChecks.findings(up, settings: .defaults, lines: Self.lines, today: Self.today)[0].valuesText == "人均纯收入2024年10000元，2025年15100元，增长51%")
        #expect(Self.codes(Self.household(perCapita: Money(yuan: 15_000)) { $0.previousIncome = (2024, Money(yuan: 10_000)) }).isEmpty)
        #expect(Self.codes(Self.household(perCapita: Money(yuan: 12_000)) { $0.previousIncome = (2024, Money(yuan: 24_100)) }) == [.incomeSwing])
        #expect(Self.codes(Self.household(perCapita: Money(yuan: 15_000)) { $0.previousIncome = (2024, Money(yuan: 10_000)) }, DataCheckSettings(values: [.incomeSwing: 30])) == [.incomeSwing])
    }

    @Test("YD06: the same name, sex and birth date present in two households is found in both; in one household twice, or with another birth date, it is not")
    func samePerson() {
        let (a, b) = (UUID(), UUID())
        let found = DataChecks.samePerson([(a, UUID(), "王芳", "2", "1990-01-01"), (b, UUID(), "王芳", "2", "1990-01-01"), (b, UUID(), "王芳", "2", "1990-01-02")])
        #expect(Set(found.map(\.householdID)) == [a, b])
        #expect(found.count == 2)
        #expect(found[0].valuesText == "王芳（女，1990-01-01出生）在本县2个户中在册")
        #expect(DataChecks.samePerson([(a, UUID(), "王芳", "2", "1990-01-01"), (a, UUID(), "王芳", "2", "1990-01-01")]).isEmpty)
        // A name is compared as text, not as bytes: a compatibility ideograph (U+F900) is the character it stands for.
        #expect(DataChecks.samePerson([(a, UUID(), "\u{F900}芳", "2", "1990-01-01"), (b, UUID(), "\u{8C48}芳", "2", "1990-01-01")]).count == 2)
        #expect(DataChecks.samePerson([(a, UUID(), "王芳", "1", "1990-01-01"), (b, UUID(), "王芳", "2", "1990-01-01")]).isEmpty)
        // A Latin name typed decomposed (e + U+0301) is the name typed composed (é); a name that only shares its hash
        // bucket would still be told apart by its text.
        #expect(DataChecks.samePerson([(a, UUID(), "Ren\u{E9}", "1", "1990-01-01"), (b, UUID(), "Rene\u{301}", "1", "1990-01-01")]).count == 2)
        #expect(SamePersonGroups.sameness("Ren\u{E9}", "1", "1990-01-01") == SamePersonGroups.sameness("Rene\u{301}", "1", "1990-01-01"))
        #expect(SamePersonGroups.sameness("王芳", "2", "1990-01-01") != SamePersonGroups.sameness("王芳", "2", "1990-01-02"))
        #expect(SamePersonGroups.sameness("王芳2", "", "1990-01-01") != SamePersonGroups.sameness("王芳", "2", "1990-01-01"))
        // Three of one name in three households, one of them twice: every one of the four is named, with 3 households.
        let (c, d) = (UUID(), UUID())
        let many = DataChecks.samePerson([(a, UUID(), "李强", "1", "1980-05-05"), (b, UUID(), "李强", "1", "1980-05-05"), (c, UUID(), "李强", "1", "1980-05-05"),
                                          (c, UUID(), "李强", "1", "1980-05-05"), (d, UUID(), "李强", "", "1980-05-05"), (d, UUID(), "", "1", "1980-05-05")])
        #expect(many.count == 4 && many.allSatisfy { $0.valuesText == "李强（男，1980-05-05出生）在本县3个户中在册" })
    }

    @Test("A phone or account is its digits: spaces, dashes and full-width digits do not count, leading zeros do, and more than 38 are kept whole")
    func digits() {
        #expect(SharedNumbers.Digits("６２３０ 4159-2653").text == "623041592653")
        #expect(SharedNumbers.Digits("0371 1234567") != SharedNumbers.Digits("371 1234567"))
        #expect(SharedNumbers.Digits("0371 1234567").text == "03711234567" && SharedNumbers.Digits("0371 1234567").count == 11)
        let long = String(repeating: "1234567890", count: 4) + "5"
        #expect(SharedNumbers.Digits(long).text == long && SharedNumbers.Digits(long).count == 41)
        #expect(SharedNumbers.Digits(long) != SharedNumbers.Digits(String(repeating: "1234567890", count: 4) + "6"))
        #expect(SharedNumbers.Digits("无").count == 0)
    }

    @Test("YD15: one phone on three unrelated households is found on each, masked; on three where two split from one family it is not")
    func sharedPhone() {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let phones = [(a, "139 0123 4567"), (b, "13901234567"), (c, "13901234567")]
        let found = DataChecks.sharedPhones(phones, links: [], minimum: 3)
        #expect(found.count == 3)
        #expect(found[0].valuesText == "联系电话139****4567登记在3户（3个家庭）")
        #expect(DataChecks.sharedPhones(phones, links: [(b, a)], minimum: 3).isEmpty)
        #expect(DataChecks.sharedPhones(phones, links: [(b, a)], minimum: 2).count == 3)
        // Full-width digits, as a Chinese input method types them, are the same phone; six digits are no phone.
        let wide = DataChecks.sharedPhones([(a, "１３９ ０１２３ ４５６７"), (b, "13901234567"), (c, "139-0123-4567")], links: [], minimum: 3)
        #expect(wide.count == 3 && wide[0].valuesText == "联系电话139****4567登记在3户（3个家庭）")
        #expect(DataChecks.sharedPhones([(a, "123456"), (b, "123456"), (c, "123456")], links: [], minimum: 3).isEmpty)
    }

    @Test("YD17: one 补贴发放账号 on two unrelated households is found on each, named by its ends; on two where one split from the other it is not; an account on one household alone is nothing")
    func sharedAccount() {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let accounts = [(a, "6230415926535897930"), (b, "6230415926535897930"), (c, "6230831853071795862")]
        let found = DataChecks.sharedAccounts(accounts, links: [], minimum: 2)
        #expect(Set(found.map(\.householdID)) == [a, b] && found.allSatisfy { $0.code == .sharedAccount })
        #expect(found[0].valuesText == "补贴发放账号6230****7930登记在2户（2个家庭）")
        #expect(DataChecks.sharedAccounts(accounts, links: [(a, b)], minimum: 2).isEmpty)
        // A county that only wants three or more: two is not enough.
        #expect(DataChecks.sharedAccounts(accounts, links: [], minimum: 3).isEmpty)
        #expect(DataCheckCode.sharedAccount.check.severity == .serious && DataCheckCode.sharedAccount.check.acrossHouseholds)
        #expect(DataCheckCode.sharedAccount.check.parameter?.defaultValue == 2)
    }

    @Test("a 补贴发放账号 as typed: digits with spaces or dashes kept as digits; letters, too few or too many digits refused in Chinese; blank is none")
    func bankAccountField() throws {
        #expect(try FieldRules.bankAccount(" 6230 4159-2653 5897 930 ").get() == "6230415926535897930")
        #expect(try FieldRules.bankAccount("").get() == nil && (try FieldRules.bankAccount("   ").get()) == nil)
        #expect(try FieldRules.bankAccount("12345678").get() == "12345678")
        for bad in ["1234567", String(repeating: "1", count: 31), "6230ABCD12345678", "６２３０４１５９２６５３", "6230<script>1234", "6230\u{0}12345678"] {
            guard case .failure(let problem) = FieldRules.bankAccount(bad) else { Issue.record("accepted \(bad)"); continue }
            #expect(problem.message == "银行账号应为8至30位数字（可含空格或“-”）")
        }
    }

    @Test("an ID number's birth date: eight ASCII digits of a real day, nothing else")
    func compactDates() {
        func date(_ s: String) -> String? { CivilDate.compact(s.utf8)?.description }
        #expect(date("20240229") == "2024-02-29" && CivilDate(compact: "19700101")?.description == "1970-01-01")
        for bad in ["20230229", "2024022", "202402290", "2024-2-9", "2024022a", "２０２４０２２９", "20241301", "00000101", ""] {
            #expect(date(bad) == nil && CivilDate(compact: bad) == nil, "\(bad)")
        }
        #expect(CivilDate.compact("411681199002291234".utf8.dropFirst(6).prefix(8)) == nil)   // 1990 had no 29 February
        #expect(CivilDate.compact("41168120000229123X".utf8.dropFirst(6).prefix(8))?.description == "2000-02-29")
    }

    @Test("the shipped checks: one definition a code, every tunable default inside its range")
    func definitions() {
        #expect(DataCheck.all.map(\.code) == DataCheckCode.allCases)
        for c in DataCheck.all { if let p = c.parameter { #expect(p.allowed.contains(p.defaultValue)) } }
    }
}

import Testing
@testable import BottomlineDomain

@Suite("两不愁三保障 + 饮水")
struct BasicNeedsTests {
    let today = CivilDate(year: 2026, month: 9, day: 1)!

    func member(_ name: String, born: Int, _ stage: EducationStage?, insured: Bool? = true) -> BasicNeedsAssessment.Member {
        .init(name: name, birthDate: CivilDate(year: born, month: 3, day: 1)!, education: stage, medicalInsured: insured)
    }

    @Test("a household in a B-grade house with safe water, children at school and everyone insured is secured")
    func secured() {
        let a = BasicNeedsAssessment(housing: .b, waterSecure: true,
                                     members: [member("张三", born: 1980, .notInSchool), member("张小", born: 2014, .compulsory)],
                                     on: today)
        #expect(a.isSecured)
        #expect(a.unknown.isEmpty)
    }

    @Test("C/D housing, a dropout, an uninsured member and unsafe water are each reported with the reason")
    func gaps() {
        let a = BasicNeedsAssessment(housing: .d, waterSecure: false,
                                     members: [member("李四", born: 1970, .notInSchool, insured: false),
                                               member("李小", born: 2013, .dropout)], on: today)
        #expect(a.has(.housing) && a.has(.education) && a.has(.medical) && a.has(.water))
        #expect(a.gaps.first { $0.need == .education }?.reason.contains("李小") == true)
        #expect(a.gaps.first { $0.need == .medical }?.reason.contains("李四") == true)
        #expect(a.gaps.first { $0.need == .housing }?.reason.contains("D级") == true)
    }

    @Test("a child of compulsory age recorded as not in school counts as a dropout; a 16-year-old does not")
    func compulsoryAge() {
        let a = BasicNeedsAssessment(housing: .a, waterSecure: true, members: [member("王小", born: 2015, .notInSchool)], on: today)
        #expect(a.has(.education))
        let b = BasicNeedsAssessment(housing: .a, waterSecure: true, members: [member("王大", born: 2010, .notInSchool)], on: today)
        #expect(!b.has(.education))
    }

    @Test("missing housing or water data is unknown, not secured")
    func unknown() {
        let a = BasicNeedsAssessment(housing: nil, waterSecure: nil, members: [], on: today)
        #expect(a.unknown.contains(.housing) && a.unknown.contains(.water))
    }
}

import BottomlineDomain
import Testing

@Suite("代码表名称按生效日期切换")
struct CodeLabelTests {
    let henan = RegionCode("41")!, xiangcheng = RegionCode("411681")!, wang = RegionCode("411681101201")!
    func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test("with nothing stored the shipped names hold; a province's renaming takes effect on its date, not before")
    func provinceRenames() {
        let book = PolicyBook([], labels: [
            CodeLabelSetting(list: .monitoringCategory, code: "marginal", region: henan, effectiveFrom: day(2026, 2, 3), label: "易致贫户"),
        ])
        #expect(book.names(for: wang, on: day(2026, 2, 2))(MonitoringCategory.marginal) == "边缘易致贫户")
        #expect(book.names(for: wang, on: day(2026, 2, 3))(MonitoringCategory.marginal) == "易致贫户")
        #expect(book.names(for: wang, on: day(2026, 2, 3))(MonitoringCategory.suddenHardship) == "突发严重困难户")
        // Another province is untouched.
        #expect(book.names(for: RegionCode("4101")!, on: day(2026, 3, 1))(MonitoringCategory.marginal) == "易致贫户")
        #expect(book.names(for: RegionCode("42")!, on: day(2026, 3, 1))(MonitoringCategory.marginal) == "边缘易致贫户")
    }

    @Test("a county's own wording wins inside the county; a retired code is not offered, and choosing it is refused by name")
    func countyAndRetirement() {
        let book = PolicyBook([], labels: [
            CodeLabelSetting(list: .riskType, code: "07", region: henan, effectiveFrom: day(2024, 1, 1), label: "因务工就业不稳"),
            CodeLabelSetting(list: .riskType, code: "07", region: xiangcheng, effectiveFrom: day(2025, 1, 1), label: "因就业不稳"),
            CodeLabelSetting(list: .riskType, code: "0206", region: henan, effectiveFrom: day(2025, 6, 1), label: "因灾（地震）", inUse: false),
        ])
        let names = book.names(for: wang, on: day(2025, 7, 1))
        #expect(names(RiskType.unstableEmployment) == "因就业不稳")
        #expect(book.names(for: RegionCode("411628")!, on: day(2025, 7, 1))(RiskType.unstableEmployment) == "因务工就业不稳")
        #expect(!names.options(RiskType.self).contains { $0.value == "0206" })
        #expect(names.options(RiskType.self).count == RiskType.allCases.count - 1)
        #expect(names.problem([RiskType.illness]) == nil)
        #expect(names.problem([RiskType.illness, .earthquake])?.message.contains("因灾（地震）”已停用") == true)
        // Before the retirement date it is still offered.
        #expect(book.names(for: wang, on: day(2025, 5, 31)).inUse(RiskType.earthquake))
    }

    @Test("a name is 1 to 20 characters with no markup or control characters")
    func labelValidation() throws {
        #expect(try CodeLabelSetting.validateLabel("  因就业不稳 ").get() == "因就业不稳")
        for bad in ["", "   ", String(repeating: "字", count: 21), "<b>x</b>", "a\u{0}b", "甲&乙"] {
            #expect(throws: FieldProblem.self) { try CodeLabelSetting.validateLabel(bad).get() }
        }
    }
}

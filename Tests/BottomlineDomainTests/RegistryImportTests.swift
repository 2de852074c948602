import Testing
@testable import BottomlineDomain

@Suite("户籍名册导入校验")
struct RegistryImportTests {
    let today = CivilDate(year: 2026, month: 11, day: 22)!
    static let header = ["户编号", "村区划代码", "姓名", "身份证号", "与户主关系", "户类别", "劳动能力", "健康状况", "残疾等级",
                         "联系电话", "住房安全等级", "饮水安全", "收入年度", "工资性收入", "生产经营性支出"]

    func row(_ hh: String, _ name: String, _ id17: String, _ rel: String, category: String = "脱贫户",
             health: String = "健康", disability: String = "", phone: String = "13800138000",
             wages: String = "", costs: String = "", year: String = "") -> [String] {
        [hh, "411681101201", name, validID(id17), rel, category, "普通劳动力", health, disability, phone, "B", "是", year, wages, costs]
    }

    @Test("a good file gives its households with members and income")
    func good() {
        let table = Table(header: Self.header, rows: [
            row("H001", "张三", "41168119800101123", "户主", wages: "20000", costs: "1000", year: "2025"),
            row("H001", "李梅", "41168119820202124", "配偶"),
            row("H002", "王五", "41168119700303125", "户主", category: "一般农户"),
        ])
        let result = RegistryImportValidator.validate(table, today: today)
        #expect(result.problems == [])
        #expect(result.households.map(\.number) == ["H001", "H002"])
        #expect(result.households[0].members.count == 2)
        #expect(result.households[0].income?.netIncome == Money(yuan: 19_000))
        #expect(result.households[1].category == .ordinary)
    }

    @Test("headers are matched by their aliases")
    func aliases() {
        let header = ["户号", "村代码", "姓名", "证件号码", "关系", "户类型"]
        let table = Table(header: header, rows: [["H1", "411681101201", "张三", validID("41168119800101123"), "户主", "脱贫户"]])
        #expect(RegistryImportValidator.validate(table, today: today).isValid)
    }

    @Test("every bad row is reported with row, column, value and a Chinese reason, and nothing is returned to write")
    func badRows() {
        let table = Table(header: Self.header, rows: [
            row("H001", "张三", "41168119800101123", "户主"),
            ["H001", "411681101201", "李梅", "411681198202021240", "配偶", "脱贫户", "", "", "", "", "", "", "", "", ""],
            row("H002", "", "41168119700303125", "户主"),
            row("H003", "赵六", "41168119700404126", "户主", health: "残疾"),
            row("H004", "钱七", "41168119700505127", "户主", phone: "12345"),
            row("H005", "孙八", "41168119700606128", "户主", wages: "-5", year: "2025"),
            row("H006", "周九", "41168119800101123", "户主"),
        ])
        let result = RegistryImportValidator.validate(table, today: today)
        #expect(result.households.isEmpty)
        let rows = Set(result.problems.map(\.row))
        #expect(rows == [3, 4, 5, 6, 7, 8])
        let idProblem = result.problems.first { $0.row == 3 }
        #expect(idProblem?.column == "身份证号")
        #expect(idProblem?.value == "411681198202021240")
        #expect(idProblem?.reason.contains("校验位") == true)
        #expect(result.problems.first { $0.row == 4 }?.reason == "姓名不能为空")
        #expect(result.problems.first { $0.row == 5 }?.column == "残疾等级")
        #expect(result.problems.first { $0.row == 8 }?.reason.contains("与第2行身份证号重复") == true)
    }

    @Test("missing required columns are named, and an empty file is refused")
    func missingColumns() {
        let result = RegistryImportValidator.validate(Table(header: ["姓名", "身份证号"], rows: [["a", "b"]]), today: today)
        #expect(result.problems.count == 1)
        #expect(result.problems[0].reason.contains("户编号") && result.problems[0].reason.contains("村区划代码"))
        let empty = RegistryImportValidator.validate(Table(header: Self.header, rows: []), today: today)
        #expect(empty.problems.map(\.reason) == ["文件中没有数据行"])
    }

    @Test("a household with no householder, or two, is refused; household fields must agree across rows")
    func householdShape() {
        let table = Table(header: Self.header, rows: [
            row("H001", "张三", "41168119800101123", "配偶"),
            row("H002", "王五", "41168119700303125", "户主"),
            row("H002", "王六", "41168119700303141", "户主"),
            row("H003", "赵一", "41168119700404126", "户主"),
            row("H003", "赵二", "41168119700404142", "之子", category: "一般农户"),
        ])
        let reasons = RegistryImportValidator.validate(table, today: today).problems.map(\.reason)
        #expect(reasons.contains("户H001没有户主"))
        #expect(reasons.contains("户H002有2个户主，应只有一个"))
        #expect(reasons.contains { $0.contains("与同户第5行的“脱贫户”不一致") })
    }

    @Test("a householder's row refused for its own problem is reported there, and its household not also as having no householder")
    func refusedHeadNotCountedTwice() {
        var badID = row("H001", "张三", "41168119800101123", "户主")
        badID[3] = "411681198001011230"   // wrong check digit
        let table = Table(header: Self.header, rows: [
            badID,
            row("H001", "李梅", "41168119820202124", "配偶"),
            row("H002", "王五", "41168119700303125", "之子"),   // a household that truly has none
        ])
        let problems = RegistryImportValidator.validate(table, today: today).problems
        #expect(problems.contains { $0.row == 2 && $0.column == "身份证号" })
        #expect(!problems.contains { $0.reason == "户H001没有户主" })
        #expect(problems.contains { $0.reason == "户H002没有户主" })
        #expect(problems.count == 2)
    }

    @Test("a household's blank cell agrees with a filled one wherever it comes; two filled cells that differ do not")
    func blanksAgree() {
        var member = row("H001", "李梅", "41168119820202124", "配偶")
        member[10] = ""; member[11] = ""
        let table = Table(header: Self.header, rows: [member, row("H001", "张三", "41168119800101123", "户主")])
        let result = RegistryImportValidator.validate(table, today: today)
        #expect(result.problems == [])
        #expect(result.households.first?.housingGrade == .b && result.households.first?.waterSecure == true)
        var other = row("H001", "李梅", "41168119820202124", "配偶")
        other[10] = "D"
        let conflicting = RegistryImportValidator.validate(Table(header: Self.header, rows: [row("H001", "张三", "41168119800101123", "户主"), other]), today: today)
        #expect(conflicting.problems.map(\.column) == ["住房安全等级"])
    }

    @Test("hostile text (markup, control characters, very long values) is refused, not stored")
    func hostile() {
        var long = row("H001", String(repeating: "张", count: 31), "41168119800101123", "户主")
        long[9] = "1380013800<script>"
        let table = Table(header: Self.header, rows: [long, row("H002", "<b>王</b>", "41168119700303125", "户主")])
        let result = RegistryImportValidator.validate(table, today: today)
        #expect(result.problems.count == 3)
        #expect(result.households.isEmpty)
    }
}

@Suite("名册文件往返")
struct RegistryRoundTripTests {
    @Test("households written as an import file validate back to the same households")
    func roundTrip() throws {
        let today = CivilDate(year: 2026, month: 11, day: 22)!
        let head = PersonDraft(name: "张三", id: ResidentID(trusted: validID("41168119800101123")), relation: .householder,
                               labour: .ordinary, health: .disabled, disability: .second, education: .notInSchool,
                               medicalInsured: true, employment: .outsideProvince, workPlace: "上海市")
        let child = PersonDraft(name: "张小", id: ResidentID(trusted: validID("41168120150101124")), relation: .son, education: .compulsory)
        let household = HouseholdDraft(number: "H1", villageCode: RegionCode("411681101201")!, villageName: "王庄村", address: "一组",
                                       phone: "13800138000", category: .alleviated, relocated: true, housingGrade: .c, waterSecure: false,
                                       income: HouseholdIncome(year: 2025, wages: Money(fen: 1_234_567), transfers: Money(yuan: 300)),
                                       members: [head, child])
        let table = RegistryFileWriter.table([household])
        let back = RegistryImportValidator.validate(table, today: today)
        #expect(back.problems == [])
        var expected = household
        expected.members = household.members.enumerated().map { i, p in
            var q = p
            q.sourceRow = i + 2
            return q
        }
        #expect(back.households == [expected])
    }
}

@Suite("列名匹配")
struct HeaderTests {
    @Test("amount headers match with or without a unit; unknown headers match nothing")
    func units() {
        #expect(RegistryColumn.match("工资性收入（元）") == .wages)
        #expect(RegistryColumn.match("工资性收入(元)") == .wages)
        #expect(RegistryColumn.match(" 生产经营性支出 ") == .businessCosts)
        #expect(RegistryColumn.match("*身份证号") == .idNumber)
        #expect(RegistryColumn.match("备注") == nil)
    }
}

@Suite("单元格空白")
struct TrimTests {
    @Test("spaces, tabs, full-width spaces and a byte-order mark are trimmed; inner spaces stay",
          arguments: [("\u{3000}张三\u{3000}", "张三"), ("张三 ", "张三"), ("\u{FEFF}户编号", "户编号"), ("\t41\r\n", "41"),
                      ("欧阳 娜娜", "欧阳 娜娜"), ("   ", ""), ("", "")])
    func trims(raw: String, expected: String) {
        #expect(raw.trimmingASCIISpaces() == expected)
        #expect(raw[...].trimmingASCIISpaces() == expected)
    }
}

@Suite("数字的千位分隔")
struct GroupedTests {
    @Test("counts are written with a comma every three digits, as pages and import messages show them",
          arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (992_873, "992,873"), (10_000_000, "10,000,000"), (-1_234, "-1,234")])
    func grouped(n: Int, expected: String) {
        #expect(n.grouped == expected)
    }
}

import Testing
@testable import BottomlineDomain

@Suite("表单校验：错误按字段给出")
struct FormTests {
    @Test("a person form reports each bad field by name, in Chinese")
    func personErrors() {
        var form = PersonForm()
        form.name = ""
        form.idNumber = "411681198001011230"
        form.relation = "nonsense"
        form.health = HealthStatus.disabled.rawValue
        guard case .failure(let problems) = form.validate() else {
            Issue.record("an invalid form was accepted")
            return
        }
        #expect(problems.errors["name"] == "姓名不能为空")
        #expect(problems.errors["idNumber"]?.contains("校验位") == true)
        #expect(problems.errors["relation"] == "请选择与户主关系")
        #expect(problems.errors["disability"] == "健康状况为残疾时须选择残疾等级")
    }

    @Test("a good person form gives a draft with sex and birth date from the ID number")
    func personGood() throws {
        var form = PersonForm()
        form.name = "张三"
        form.idNumber = validID("41168119800101123")
        form.relation = Relation.householder.rawValue
        form.medicalInsured = "是"
        let draft = try form.validate().get()
        #expect(draft.sex == .male && draft.birthDate == CivilDate(year: 1980, month: 1, day: 1) && draft.medicalInsured == true)
    }

    @Test("an income form refuses negative and malformed amounts by field")
    func income() {
        var form = IncomeForm()
        form.year = "2025"
        form[.wages] = "-100"
        form[.business] = "12.345"
        guard case .failure(let problems) = form.validate(today: CivilDate(year: 2026, month: 1, day: 1)!) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.errors["wages"] == "工资性收入不能为负数")
        #expect(problems.errors["business"]?.contains("金额格式错误") == true)
    }

    @Test("an event must be of an allowed kind and not dated in the future")
    func event() {
        var form = MembershipEventForm()
        form.kind = MembershipEventKind.death.rawValue
        form.date = "2030-01-01"
        guard case .failure(let problems) = form.validate(allowed: [.birth], today: CivilDate(year: 2026, month: 1, day: 1)!) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.errors["kind"]?.contains("新生儿") == true)
        #expect(problems.errors["date"] == "变动日期不能晚于今天")
    }
}

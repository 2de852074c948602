import BottomlineDomain
import BottomlineTestSupport
import Foundation
import Testing
@testable import BottomlineWeb

/// Views are pure functions of their models: rendered here from fixed models, with no request and no database, and
/// compared with committed HTML. These pin the states a small county rarely shows (a form refused, a receipt, a
/// late case, a village cadre's step form).
@Suite("视图快照：固定模型渲染的页面")
struct ViewSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__/Views")
    static let today = CivilDate(year: 2026, month: 11, day: 16)!
    static let cadre = PageContext(viewer: .init(displayName: "王村干", roleLabel: "村级干部", regionCode: "411681101201", canImport: false,
                                                 seesScreening: false), csrf: "TOKEN")

    func check(_ html: HTML, _ name: String) {
        let problem = PageSnapshot.verify(html.text, named: name, in: Self.folder)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test("the work list tags what is late, what is due today and what was returned with its reason, and prints the identification limit the policy sets")
    func work() {
        let items: [Work.Model.Item] = [
            .init(due: Self.today.adding(days: -2), title: "核实线索（干部排查）", link: "/clues/1", householdName: "张三", villageName: "王庄村", detail: "因病"),
            .init(due: Self.today, title: "入户核实", link: "/cases/2", householdName: "李四", villageName: "王庄村", detail: "识别纳入",
                  returned: "乡镇审核退回（2026-11-15）：评议记录缺签字"),
            .init(due: Self.today.adding(days: 10), title: "走访监测户", link: "/households/3#visits", householdName: "赵六", villageName: "王庄村", detail: "上次走访2026-08-01"),
        ]
        let html = Work.view(.init(context: Self.cadre, today: Self.today, items: items, identificationDays: 12))
        #expect(html.text.contains("已超期2天") && html.text.contains("今天到期") && html.text.contains("12天内完成"))
        #expect(html.text.contains("<span class=\"tag bad\">退回</span> 乡镇审核退回（2026-11-15）：评议记录缺签字"))
        check(html, "work-late")
    }

    @Test("a 入户核实 step refused for missing consent keeps what the cadre typed and marks the fields")
    func verificationRefused() {
        let extras = CaseDetail.VerificationExtras(
            eligibility: .init(objectName: "防止返贫致贫对象", suggestion: "边缘易致贫户", reasons: ["2025年人均纯收入6,500元，低于当年监测标准7,000元"]),
            consent: false, categories: [("marginal", "边缘易致贫户"), ("sudden", "突发严重困难户")], category: "marginal",
            risks: .init(shown: [("01", "因病"), ("03", "因残")], selected: ["01"]))
        let model = CaseDetail.Model(
            context: Self.cadre, id: "00000000-0000-0000-0000-000000000001", title: "识别纳入：张三户", householdName: "张三",
            householdLink: "/households/00000000-0000-0000-0000-000000000002",
            stages: [.init(label: "入户核实", owner: "村级", state: "current"), .init(label: "信息比对", owner: "县级", state: "")],
            stageLabel: "入户核实",
            clock: .init(firstClue: Self.today.adding(days: -16), deadline: Self.today.adding(days: -1), tag: "bad", text: "已超期1天"),
            notice: nil, category: nil, risks: nil, method: nil,
            form: .act(.init(stageLabel: "入户核实", fields: .verification(findings: "妻子住院<自付>3万元", identification: extras),
                             canReturn: false, rejectLabel: "不予纳入的理由")),
            steps: [], errors: ["consent": "请确认农户已签订承诺授权书"])
        let html = CaseDetail.view(model)
        #expect(html.text.contains("妻子住院&lt;自付&gt;3万元") && html.text.contains("请确认农户已签订承诺授权书") && !html.text.contains("退回上一环节"))
        check(html, "case-verification-refused")
    }

    @Test("the farmer's receipt gives the number and the date the cadre will come, and no form; it never says the household was reported before")
    func receipt() {
        let html = DeclarationPage.view(.init(csrf: "TOKEN", villageCode: "411681101201", villageName: "王庄村", difficulties: [],
                                              receipt: .init(number: "01A23C33", dueOn: "2026-11-23")))
        #expect(html.text.contains("01A23C33") && html.text.contains("2026-11-23") && !html.text.contains("合并") && !html.text.contains("<form"))
        check(html, "declaration-receipt")
    }

    @Test("a farmer turned away by the limit is told when to try again and given the village's phone, not a login link")
    func pause() {
        let html = DeclarationPage.view(.init(csrf: "TOKEN", villageCode: "411681101201", villageName: "王庄村", difficulties: [],
                                              pause: .init(minutes: 42, phone: "0394-4321234")))
        #expect(html.text.contains("42 分钟") && html.text.contains("tel:0394-4321234") && !html.text.contains("/login") && !html.text.contains("<form"))
        check(html, "declaration-pause")
    }

    @Test("a failed sign-in says so, keeps the user name and the page to return to")
    func loginFailed() {
        let html = Login.view(.init(csrf: "TOKEN", next: "/work", username: "cun", error: "用户名或密码错误"))
        #expect(html.text.contains("用户名或密码错误") && html.text.contains("value=\"/work\""))
        check(html, "login-failed")
    }
}

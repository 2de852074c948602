import BottomlineDomain
import BottomlinePersistence

extension JobAttendancePage {
    static func view(_ m: Model) -> HTML {
        let id = { (r: AttendanceRow) in r.postID.uuidString }
        let field = { (name: String, r: AttendanceRow, recorded: String, label: String) -> HTML in
            let key = "\(name).\(id(r))"
            let value = m.values.isEmpty ? recorded : m.values.text(key)
            return "<input name=\"\(key)\" value=\"\(value)\" inputmode=\"\(name == "pay" ? "decimal" : "numeric")\" maxlength=\"10\" aria-label=\"\(r.person)\(label)\" size=\"5\">"
        }
        let rows = m.rows.map { r -> HTML in
            let a = r.recorded
            let error: HTML = m.errors[id(r)].map { "<span class=\"small error block\">\($0)</span>" as HTML } ?? ""
            return """
                <tr>\(m.villages.isEmpty ? "" : "<td data-label=\"村\">\(m.villages[r.villageCode] ?? r.villageCode)</td>" as HTML)<td data-label="户"><a href="\(SitePath.household(.value(r.householdID.uuidString)))#jobs">\(r.householdNumber)</a></td>\
                <td data-label="人员">\(r.person)</td><td data-label="岗位"><span>\(r.post)<span class="small muted block">\(r.period)，月补贴\(r.monthlyPay.yuanText)元</span>\(error)</span></td>\
                <td class="num" data-label="应出勤（天）">\(field("required", r, a.map { String($0.required) } ?? "", "应出勤天数"))</td>\
                <td class="num" data-label="实际出勤（天）">\(field("present", r, a.map { String($0.present) } ?? "", "实际出勤天数"))</td>\
                <td class="num" data-label="发放（元）">\(field("pay", r, a.map { $0.pay.yuanText } ?? "", "发放金额"))\(a.map { $0.mostlyAbsent ? "<span class=\"tag bad\">出勤不足半数</span>" as HTML : "" } ?? "")</td></tr>
                """
        }.joined()
        let chooser: HTML = m.more ? """
            <p class="flash">\(m.placeName)在岗的公益岗位超过\(JobStore.attendanceSheetLimit)个，请选择乡镇或村后登记。</p>
            """ : ""
        let units: HTML = m.units.isEmpty ? "" : """
            <div><label for="f-place">单位</label><select id="f-place" name="place"><option value="\(m.place.digits)">\(m.placeName)</option>\(m.units.map { "<option value=\"\($0.value)\">\($0.label)</option>" as HTML }.joined())</select></div>
            """
        let sheet: HTML = m.rows.isEmpty ? "<p class=\"muted\">\(m.month.description)没有在岗的公益岗位</p>" : m.more ? "" : """
            <form method="post" action="\(SitePath.jobsAttendance)">\(m.context.csrfField)<input type="hidden" name="month" value="\(m.month.description)"><input type="hidden" name="place" value="\(m.place.digits)">
            <table class="stack"><thead><tr>\(m.villages.isEmpty ? "" : "<th>村</th>" as HTML)<th>户</th><th>人员</th><th>岗位</th><th class="num">应出勤（天）</th><th class="num">实际出勤（天）</th><th class="num">发放（元）</th></tr></thead><tbody>\(rows)</tbody></table>
            <p class="small muted">整行留空的不登记；发放金额留空按出勤折算（月补贴×实际出勤÷应出勤）。已登记的月份可更正，原值记入日志。</p>
            <div class="actions"><button>登记\(m.month.description)考勤</button></div></form>
            """
        return Layout.page("公益岗位考勤", context: m.context, crumbs: [("就业帮扶", "\(SitePath.jobs)")], """
            <form class="filters noprint" method="get" action="\(SitePath.jobsAttendance)"><div><label for="f-month">月份</label><input id="f-month" type="month" name="month" value="\(m.month.description)"></div>\(units)<div><button>查看</button></div></form>
            <h2>\(m.placeName)\(m.month.year)年\(m.month.month)月公益岗位考勤</h2>
            \(m.saved.map { "<p class=\"flash good\">已登记\($0)人的考勤</p>" as HTML } ?? "")\(FormView.summary(m.errors))\(chooser)\(sheet)
            """)
    }
}

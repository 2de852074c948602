import BottomlineDomain

extension JobsSection {
    static func view(_ m: Model, token: HTML) -> HTML {
        guard !m.isEmpty || m.mayRecord || !m.claims.isEmpty else { return "" }
        let action = SitePath.householdPage(.value(m.householdID), .jobs)
        func table(_ lines: [Line], _ headers: [String], end: String? = nil) -> HTML {
            let head = (["成员"] + headers + (end == nil ? [] : [""])).map { "<th>\($0)</th>" as HTML }.joined()
            let rows = lines.map { l -> HTML in
                let cells = zip(headers, l.cells).map { h, c -> HTML in "<td data-label=\"\(h)\">\(c)</td>" }.joined()
                let close: HTML = end.map { kind in
                    l.open && m.mayRecord
                        ? """
                          <td><form class="inline" method="post" action="\(action)">\(token)<input type="hidden" name="record" value="\(kind)"><input type="hidden" name="id" value="\(l.id)">\
                          <label class="small">\(kind == "endSpell" ? "结束月份" : "离岗日期")<input name="endOn" type="\(kind == "endSpell" ? "month" : "date")" value="\(kind == "endSpell" ? CivilMonth(m.today).description : m.today.description)" required></label> <button class="secondary">\(kind == "endSpell" ? "结束" : "离岗")</button></form></td>
                          """ as HTML
                        : "<td></td>"
                } ?? ""
                return "<tr><td data-label=\"成员\">\(l.person)</td>\(cells)\(close)</tr>"
            }.joined()
            return "<table class=\"stack\"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>"
        }
        func tableWithoutPerson(_ lines: [Line]) -> HTML {
            let headers = ["类型", "费用（元）", "赔付（元）", "计算", "状态"]
            let rows = lines.map { l -> HTML in
                "<tr>\(zip(headers, [l.person] + l.cells).map { h, c -> HTML in "<td data-label=\"\(h)\">\(c)</td>" }.joined())</tr>"
            }.joined()
            return "<table class=\"stack\"><thead><tr>\(headers.map { "<th>\($0)</th>" as HTML }.joined())</tr></thead><tbody>\(rows)</tbody></table>"
        }
        func form(_ title: String, _ record: String, _ fields: HTML) -> HTML {
            guard m.mayRecord else { return "" }
            return """
                <details class="panel noprint"><summary>\(title)</summary><form method="post" action="\(action)">\(token)<input type="hidden" name="record" value="\(record)"><div class="grid">
                \(FormView.select(record + "Person", "成员", options: m.members.map { ($0.id, $0.name) }, selected: "", errors: [:], required: true, blank: "请选择"))
                \(fields)
                </div><div class="actions"><button>登记</button></div></form></details>
                """
        }
        let e: FieldErrors = [:]
        return """
            <h2 id="jobs">就业帮扶</h2>
            <h3>务工</h3>
            \(m.spells.isEmpty ? "<p class=\"muted\">尚无务工记录</p>" as HTML : table(m.spells, ["时段", "务工地", "单位", "渠道", "月收入（元）"], end: "endSpell"))
            \(form("登记务工", "spell", """
                \(FormView.text("spellPlace", "务工地（县级区划代码）", value: "", errors: e, required: true, hint: "6位代码，如深圳市南山区440305、郑州市金水区410105", maxLength: 6))
                \(FormView.text("spellStart", "开始月份", value: CivilMonth(m.today).description, errors: e, type: "month", required: true, maxLength: 7))
                \(FormView.text("spellEnd", "结束月份（仍在务工留空）", value: "", errors: e, type: "month", maxLength: 7))
                \(FormView.text("spellEmployer", "务工单位", value: "", errors: e, maxLength: 60))
                \(FormView.codeList("spellChannel", WorkChannel.self, selected: WorkChannel.own.rawValue, errors: e, required: true))
                \(FormView.text("spellIncome", "月收入（元）", value: "", errors: e, maxLength: 10))
                """))
            <h3>公益性岗位</h3>
            \(m.posts.isEmpty ? "<p class=\"muted\">尚无公益性岗位</p>" as HTML : table(m.posts, ["岗位", "用工单位", "在岗", "月补贴（元）"], end: "endPost"))
            \(form("登记上岗", "post", """
                \(FormView.codeList("postType", PublicPostType.self, selected: "", errors: e, required: true))
                \(FormView.text("postEmployer", "用工单位", value: "", errors: e, required: true, maxLength: 60))
                \(FormView.text("postStart", "上岗日期", value: m.today.description, errors: e, type: "date", required: true))
                \(FormView.text("postPay", "月补贴（元）", value: "", errors: e, required: true, maxLength: 10))
                """))
            <h3>雨露计划</h3>
            \(m.yulu.isEmpty ? "<p class=\"muted\">尚无雨露计划补助</p>" as HTML : table(m.yulu, ["学校", "类型", "开学日", "金额（元）", "发放日"]))
            \(form("登记雨露计划补助", "yulu", """
                \(FormView.text("yuluSchool", "学校", value: "", errors: e, required: true, maxLength: 60))
                \(FormView.codeList("yuluType", VocationalSchoolType.self, selected: "", errors: e, required: true))
                \(FormView.text("yuluTerm", "开学日期", value: "", errors: e, type: "date", required: true))
                \(FormView.text("yuluAmount", "金额（元）", value: "1500", errors: e, required: true, maxLength: 10))
                \(FormView.text("yuluPaid", "发放日期", value: m.today.description, errors: e, type: "date", required: true))
                """))
            <h3>技能培训与持证</h3>
            \(m.skills.isEmpty ? "<p class=\"muted\">尚无培训或持证记录</p>" as HTML : table(m.skills, ["类别", "项目或证书", "日期"]))
            \(form("登记培训或证书", "skill", """
                \(FormView.codeList("skillKind", SkillRecordKind.self, selected: SkillRecordKind.certificate.rawValue, errors: e, required: true))
                \(FormView.text("skillName", "项目或证书名称", value: "", errors: e, required: true, hint: "如：中式面点师（五级）", maxLength: 60))
                \(FormView.text("skillDate", "日期", value: m.today.description, errors: e, type: "date", required: true))
                """))
            <h3>跨省务工交通补助</h3>
            \(m.transport.isEmpty ? "<p class=\"muted\">尚无交通补助</p>" as HTML : table(m.transport, ["年度", "金额（元）", "发放日", "依据"]))
            \(form("登记交通补助", "transport", """
                \(FormView.text("transportYear", "年度", value: String(m.today.year), errors: e, type: "number", required: true, maxLength: 4))
                \(FormView.text("transportAmount", "金额（元）", value: "", errors: e, required: true, maxLength: 10))
                \(FormView.text("transportPaid", "发放日期", value: m.today.description, errors: e, type: "date", required: true))
                """))
            \(m.claims.isEmpty && !(m.mayRecord && m.insured) ? "" : """
                <h3 id="insurance">防贫保险理赔</h3>
                \(m.claims.isEmpty ? "<p class=\"muted\">尚无理赔</p>" as HTML : tableWithoutPerson(m.claims))
                \(m.mayRecord && m.insured ? """
                    <details class="panel noprint"><summary>登记理赔</summary><form method="post" action="\(SitePath.householdPage(.value(m.householdID), .insurance))">\(token)<div class="grid">
                    \(FormView.codeList("trigger", InsuranceTrigger.self, selected: "", errors: e, required: true))
                    \(FormView.text("cost", "费用（元）", value: "", errors: e, required: true, hint: "因病为医保、大病保险和医疗救助后的合规自付；因灾为损失", maxLength: 12))
                    \(FormView.text("note", "说明", value: "", errors: e, maxLength: 100))
                    </div><div class="actions"><button>登记</button></div></form></details>
                    """ as HTML : "")
                """ as HTML)
            """
    }
}

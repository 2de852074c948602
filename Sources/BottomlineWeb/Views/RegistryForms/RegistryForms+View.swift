import BottomlineDomain

extension RegistryForms {
    static func view(_ m: NewHousehold) -> HTML {
        let h = m.household, errors = m.errors
        return Layout.page("新建农户", context: m.context, crumbs: [("农户名册", "\(SitePath.households)")], """
            \(FormView.summary(errors))
            <form method="post" action="\(SitePath.newHousehold)">\(m.context.csrfField)
            <fieldset><legend>户信息</legend><div class="grid">
            \(FormView.text("number", "户编号", value: h.number, errors: errors, required: true, maxLength: 30))
            \(FormView.select("villageCode", "所在村", options: m.villages, selected: h.villageCode, errors: errors, required: true, blank: "请选择"))
            \(FormView.codeList("category", HouseholdCategory.self, selected: h.category, errors: errors, required: true))
            \(FormView.text("address", "家庭住址", value: h.address, errors: errors))
            \(FormView.text("phone", "联系电话", value: h.phone, errors: errors, type: "tel", maxLength: 20))
            \(FormView.text("bankAccount", "补贴发放账号（一卡通）", value: h.bankAccount, errors: errors, hint: "惠民惠农补贴打入的银行账号，可不填", maxLength: 40, numeric: true))
            \(FormView.codeList("housingGrade", HousingGrade.self, selected: h.housingGrade, errors: errors))
            \(FormView.select("waterSecure", "饮水安全", options: FormView.yesNo, selected: h.waterSecure, errors: errors))
            <div class="field"><label><input type="checkbox" name="relocated" value="true"\(HTML(raw: h.relocated == "true" ? " checked" : ""))> 易地扶贫搬迁户</label></div>
            </div></fieldset>
            <fieldset><legend>户主</legend>\(FormView.personFields(m.person, errors: errors, relations: [.householder]))</fieldset>
            <div class="actions"><button>保存</button><a class="button secondary" href="\(SitePath.households)">取消</a></div>
            </form>
            """)
    }

    static func view(_ m: EditHousehold) -> HTML {
        let form = m.form, errors = m.errors
        return Layout.page("修改户信息：\(m.household.number)", context: m.context, crumbs: m.household.crumbs, """
            \(FormView.summary(errors))
            <form method="post">\(m.context.csrfField)
            <input type="hidden" name="number" value="\(m.household.number)"><input type="hidden" name="villageCode" value="\(m.household.villageCode)">
            <div class="grid">
            \(FormView.codeList("category", HouseholdCategory.self, selected: form.category, errors: errors, required: true))
            \(FormView.text("address", "家庭住址", value: form.address, errors: errors))
            \(FormView.text("phone", "联系电话", value: form.phone, errors: errors, type: "tel", maxLength: 20))
            \(FormView.text("bankAccount", "补贴发放账号（一卡通）", value: form.bankAccount, errors: errors,
                          hint: m.accountOnRecord.map { "已登记\($0)，留空则不变" } ?? "未登记，可不填", maxLength: 40, numeric: true))
            \(m.accountOnRecord == nil ? "" : FormView.consent("clearBankAccount", "删除已登记的补贴发放账号", ticked: YesNo.isTicked(form.clearBankAccount), errors: errors))
            \(FormView.codeList("housingGrade", HousingGrade.self, selected: form.housingGrade, errors: errors))
            \(FormView.select("waterSecure", "饮水安全", options: FormView.yesNo, selected: form.waterSecure, errors: errors))
            <div class="field"><label><input type="checkbox" name="relocated" value="true"\(HTML(raw: form.relocated == "true" ? " checked" : ""))> 易地扶贫搬迁户</label></div>
            </div>
            <p class="small muted">户编号和所在村不在此修改：迁往他村请登记人口变动。</p>
            <div class="actions"><button>保存</button><a class="button secondary" href="\(m.household.link)">取消</a></div>
            </form>
            """)
    }

    static func view(_ m: Income) -> HTML {
        let form = m.form, errors = m.errors
        let totals = Dictionary(grouping: m.ledger, by: \.field).mapValues { $0.reduce(Money.zero) { $0 + $1.amount } }
        let ledger: HTML = m.ledger.isEmpty ? "" : """
            <details class="panel" open><summary>台账中\(form.year)年的收入（供核对）</summary>
            <table class="stack"><thead><tr><th>类别</th><th>来源</th><th class="num">金额（元）</th></tr></thead><tbody>\(m.ledger.map { l -> HTML in
                "<tr><td data-label=\"类别\">\(l.field.label)</td><td data-label=\"来源\">\(l.source)</td><td class=\"num\" data-label=\"金额\">\(l.amount.yuanText)</td></tr>"
            }.joined())</tbody></table>
            <p class="small">合计：\(IncomeField.allCases.compactMap { f in totals[f].map { "\(f.label)\($0.yuanText)元" } }.joined(separator: "，"))。台账只记有据可查的部分，家庭的其他收入仍按入户核实填写。</p>
            <p><a class="button secondary" href="?year=\(form.year)&amp;fill=ledger">按台账填入以上类别</a></p></details>
            """
        return Layout.page("登记家庭收入", context: m.context, crumbs: m.household.crumbs, """
            \(FormView.summary(errors))\(m.filledFromLedger.map { "<p class=\"flash\">\($0)</p>" as HTML } ?? "")\(ledger)
            <form method="post">\(m.context.csrfField)<div class="grid">
            \(FormView.text("year", "年度", value: form.year, errors: errors, type: "number", required: true, maxLength: 4))
            \(IncomeField.allCases.map { f in FormView.text(f.camelName, f.label + "（元）", value: form[f], errors: errors, maxLength: 20) }.joined())
            </div>
            <p class="small muted">家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出；人均纯收入按在册\(m.household.memberCount)人计算。合规自付支出不减收入，另作识别参考。</p>
            <div class="actions"><button>保存</button><a class="button secondary" href="\(m.household.link)">取消</a></div>
            </form>
            """)
    }

    static func view(_ m: AddMember) -> HTML {
        Layout.page("新增家庭成员", context: m.context, crumbs: m.household.crumbs, """
            \(FormView.summary(m.errors))
            <form method="post">\(m.context.csrfField)
            <fieldset><legend>人口变动</legend>\(FormView.eventFields(m.event, kinds: m.arrivals, errors: m.errors))</fieldset>
            <fieldset><legend>成员信息</legend>\(FormView.personFields(m.person, errors: m.errors, relations: Relation.allCases.filter { $0 != .householder }))</fieldset>
            <div class="actions"><button>保存</button><a class="button secondary" href="\(m.household.link)">取消</a></div>
            </form>
            """)
    }

    static func view(_ m: EditPerson) -> HTML {
        let person = SitePath.Slot.value(m.personID)
        let departure: HTML = m.formerStatus.map { "<p class=\"muted\">此人已不在本户（\($0)）。</p>" } ?? """
            <h2>登记减少（死亡、婚出、迁出）</h2>
            <form method="post" action="\(SitePath.personDeparture(person))">\(m.context.csrfField)
            \(FormView.eventFields(m.event, kinds: m.departures, errors: m.errors))
            <div class="actions"><button>登记变动</button></div></form>
            """
        return Layout.page("修改成员：\(m.personName)", context: m.context, crumbs: m.household.crumbs, """
            \(FormView.summary(m.errors))
            <form method="post" action="\(SitePath.personEdit(person))">\(m.context.csrfField)
            \(FormView.personFields(m.form, errors: m.errors))
            <div class="actions"><button>保存</button><a class="button secondary" href="\(m.household.link)">取消</a></div>
            </form>
            \(departure)
            """)
    }

    static func view(_ m: Changes) -> HTML {
        let errors = m.errors, token = m.context.csrfField
        let household = SitePath.Slot.value(m.household.id)
        let memberBoxes: HTML = m.others.map { p -> HTML in
            "<label><input type=\"checkbox\" name=\"members[]\" value=\"\(p.id)\"\(HTML(raw: m.chosen.contains(p.id) ? " checked" : ""))> \(p.name)（\(p.relation)）</label>"
        }.joined()
        func section(_ key: String, _ title: String, _ body: HTML) -> HTML {
            "<details class=\"panel\"\(HTML(raw: m.open == key ? " open" : ""))><summary><b>\(title)</b></summary>\(body)</details>"
        }
        let split: HTML = m.others.isEmpty ? "<p class=\"muted\">本户除户主外没有其他成员，不能分户。</p>" : """
            <form method="post" action="\(SitePath.householdPage(household, .split))">\(token)
            <div class="field"><label>分出的成员</label>\(memberBoxes)\(errors["members"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            <div class="grid">
            \(FormView.text("newNumber", "新户户编号", value: m.newNumber, errors: errors, required: true, maxLength: 30))
            \(FormView.select("newHouseholder", "新户户主", options: m.others.map { ($0.id, $0.name) }, selected: m.newHouseholder, errors: errors, required: true, blank: "请选择"))
            \(FormView.text("date", "分户日期", value: m.date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: m.note, errors: errors, maxLength: 200))
            </div><div class="actions"><button>登记分户</button></div></form>
            """
        let merge: HTML = """
            <form method="post" action="\(SitePath.householdPage(household, .merge))">\(token)<div class="grid">
            \(FormView.text("target", "并入户的户编号", value: m.target, errors: errors, required: true, maxLength: 30))
            \(FormView.text("date", "并户日期", value: m.date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: m.note, errors: errors, maxLength: 200))
            </div><p class="small muted">本户全部在册成员并入目标户，与户主关系暂记为“其他”，请随后核实；本户保留档案，状态为“已并户”。</p>
            <div class="actions"><button>登记并户</button></div></form>
            """
        let move: HTML = """
            <form method="post" action="\(SitePath.householdPage(household, .move))">\(token)<div class="grid">
            \(FormView.select("village", "迁至村", options: m.villages, selected: m.village, errors: errors, required: true, blank: "请选择"))
            \(FormView.text("date", "迁移日期", value: m.date, errors: errors, type: "date", required: true))
            \(FormView.text("note", "说明", value: m.note, errors: errors, maxLength: 200))
            </div><div class="actions"><button>登记迁移</button></div></form>
            """
        return Layout.page("户变动：\(m.household.householderName)户（\(m.household.number)）", context: m.context, crumbs: m.household.crumbs,
                           FormView.summary(errors) + section("split", "分户", split) + section("merge", "并入他户", merge) + section("move", "迁至他村", move))
    }
}

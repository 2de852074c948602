import BottomlineDomain

extension AssetsPage {
    static func view(_ m: Model) -> HTML {
        let f = m.figures
        let batches = FourBatchClass.allCases.map { "\($0.label)\(f.byFourBatch[$0] ?? 0)个" }.joined(separator: " · ")
        let cards: HTML = """
            <div class="cards">
            <div class="card"><div class="n">\(f.count)</div><div class="l">资产（个，未处置）</div></div>
            <div class="card"><div class="n">\(f.value.wanText)</div><div class="l">资产原值（万元）</div></div>
            <div class="card"><div class="n">\(f.income.wanText)</div><div class="l">\(m.year)年收益（万元）</div></div>
            <div class="card"><div class="n">\(f.returnRate.percentText())</div><div class="l">收益率（收益÷原值）</div></div>
            <div class="card"><div class="n">\(f.confirmed)/\(f.count)</div><div class="l">已确权</div></div>
            </div><p class="small">四个一批：\(batches)</p>
            <p class="small">光伏电站\(f.stations)座，装机\(f.capacityKW)千瓦，\(m.year)年发电\(f.kwh)千瓦时、收益\(f.stationIncome.wanText)万元\(f.incomePerKWh.map { "（每千瓦时\($0)元）" } ?? "")；\
            帮扶车间\(f.workshops)个，吸纳就业\(f.jobs)人，其中脱贫人口\(f.jobsAlleviated)人、监测对象\(f.jobsMonitored)人。</p>
            """
        let waiting: HTML = m.waiting.isEmpty ? "" : """
            <section class="panel"><h2>已验收、待登记资产的项目（\(m.waiting.count)个）</h2><ul>\(m.waiting.map { w -> HTML in
                "<li>\(w.number) \(w.name)（\(w.stage.label)） <a class=\"button secondary\" href=\"\(SitePath.newAsset)?project=\(w.id)\">登记资产</a></li>"
            }.joined())</ul></section>
            """
        let rows = m.rows.map { r -> HTML in
            let tags: HTML = (r.disposed ? "<span class=\"tag bad\">已处置</span>" : "") + (r.confirmed ? "" : "<span class=\"tag mon\">未确权</span>")
            return """
                <tr><td data-label="资产编号"><a href="\(SitePath.asset(.value(r.id)))">\(r.number)</a></td><td data-label="资产名称"><a href="\(SitePath.asset(.value(r.id)))">\(r.name)</a> \(tags)</td>\
                <td data-label="所在地">\(r.place)</td><td data-label="类别">\(r.assetClass.label)</td><td data-label="类型">\(r.kind.label)</td>\
                <td class="num" data-label="原值（万元）">\(r.value.wanText)</td><td class="num" data-label="\(m.year)年收益">\(r.income.wanText)</td>\
                <td data-label="四个一批">\(r.fourBatch?.label ?? "—")</td></tr>
                """
        }.joined()
        return Layout.page("帮扶项目资产", context: m.context, """
            <p>\(m.mayRegister ? "<a class=\"button secondary\" href=\"\(SitePath.newAsset)\">登记资产</a> <a class=\"button secondary\" href=\"\(SitePath.ledgerImport)\">从文件导入</a> " as HTML : "")\
            <a class="button secondary" href="\(SitePath.assetsExport(.xlsx))">导出 XLSX</a> <a class="button secondary" href="\(SitePath.assetsExport(.csv))">导出 CSV</a></p>
            \(cards)\(waiting)
            <table class="stack"><thead><tr><th>资产编号</th><th>资产名称</th><th>所在地</th><th>类别</th><th>类型</th><th class="num">原值（万元）</th><th class="num">\(m.year)年收益</th><th>四个一批</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(m.rows.isEmpty ? "<p class=\"muted\">还没有登记资产。项目验收后由县级登记。</p>" as HTML : "")
            """)
    }

    static func detail(_ m: DetailModel) -> HTML {
        let v = m.values, e = m.errors
        let id = SitePath.Slot.value(m.id)
        let facts: HTML = "<table class=\"facts\"><tbody>\(m.facts.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" as HTML }.joined())\(m.project.map { "<tr><th>来源项目</th><td><a href=\"\(SitePath.project(.value($0.id)))\">\($0.label)</a></td></tr>" as HTML } ?? "")\(m.disposed.map { "<tr><th>处置</th><td>\($0)</td></tr>" as HTML } ?? "")</tbody></table>"
        let incomes = m.incomes.map { i -> HTML in
            "<tr><td data-label=\"期间\">\(i.period)</td><td class=\"num\" data-label=\"收益（万元）\">\(i.amount.wanText)</td>\(m.kind == .photovoltaic ? "<td class=\"num\" data-label=\"发电量（千瓦时）\">\(i.kwh.map(String.init) ?? "")</td>" as HTML : "")<td class=\"small\" data-label=\"备注\">\(i.note)</td></tr>"
        }.joined()
        let distributions = m.distributions.map { d -> HTML in
            let items = d.payouts.enumerated().map { i, p -> HTML in
                let sep: HTML = i == 0 ? "" : "；"
                return p.id.isEmpty ? "\(sep)\(p.household) \(p.amount.yuanText)元" : "\(sep)<a href=\"\(SitePath.household(.value(p.id)))\">\(p.household)</a> \(p.amount.yuanText)元"
            }.joined()
            let payouts: HTML = d.payouts.isEmpty ? "" : "<br><span class=\"small\">\(items)</span>"
            return "<tr><td data-label=\"年度\">\(d.year)</td><td data-label=\"用途\">\(d.use)\(payouts)</td><td class=\"num\" data-label=\"金额（万元）\">\(d.amount.wanText)</td><td class=\"small\" data-label=\"决定\">\(d.decided)</td><td class=\"small\" data-label=\"说明\">\(d.note)</td></tr>"
        }.joined()
        let ie = m.form == "income" ? e : [:], de = m.form == "distribute" ? e : [:], xe = m.form == "dispose" ? e : [:]
        let forms: HTML = m.mayRecord ? """
            <details class="panel"\(HTML(raw: m.form == "income" ? " open" : ""))><summary>登记收益</summary>\(FormView.summary(ie))
            <form method="post" action="\(SitePath.assetAction(id, .income))">\(m.context.csrfField)<div class="grid">
            \(FormView.text("year", "年度", value: m.form == "income" ? v["year"] ?? "" : String(m.today.year), errors: ie, type: "number", required: true, maxLength: 4))
            \(FormView.text("month", "月份（全年填0）", value: m.form == "income" ? v["month"] ?? "" : (m.kind == .photovoltaic ? String(m.today.month) : "0"), errors: ie, type: "number", required: true, maxLength: 2))
            \(FormView.text("amount", "收益（万元）", value: m.form == "income" ? v["amount"] ?? "" : "", errors: ie, required: true, maxLength: 20))
            \(m.kind == .photovoltaic ? FormView.text("kwh", "发电量（千瓦时）", value: m.form == "income" ? v["kwh"] ?? "" : "", errors: ie, type: "number", required: true, maxLength: 12) : "")
            \(FormView.text("note", "备注", value: m.form == "income" ? v["note"] ?? "" : "", errors: ie, maxLength: 200))
            </div><div class="actions"><button>登记</button></div></form></details>
            <details class="panel"\(HTML(raw: m.form == "distribute" ? " open" : ""))><summary>登记收益分配</summary>\(FormView.summary(de))
            <form method="post" action="\(SitePath.assetAction(id, .distribute))">\(m.context.csrfField)<div class="grid">
            \(FormView.text("year", "收益年度", value: m.form == "distribute" ? v["year"] ?? "" : String(m.today.year), errors: de, type: "number", required: true, maxLength: 4))
            \(FormView.codeList("use", IncomeUse.self, selected: m.form == "distribute" ? v["use"] ?? "" : "", errors: de, required: true))
            \(FormView.text("amount", "金额（万元）", value: m.form == "distribute" ? v["amount"] ?? "" : "", errors: de, required: true, maxLength: 20))
            \(FormView.text("decidedOn", "决定日期", value: m.form == "distribute" ? v["decidedOn"] ?? "" : m.today.description, errors: de, type: "date", required: true))
            \(FormView.text("decidedBy", "决定程序", value: m.form == "distribute" ? v["decidedBy"] ?? "" : "", errors: de, required: true, hint: "如：四议两公开，村民代表大会通过", maxLength: 100))
            \(FormView.text("note", "说明", value: m.form == "distribute" ? v["note"] ?? "" : "", errors: de, maxLength: 200))
            <div class="field wide\(HTML(raw: de["payouts"] == nil ? "" : " invalid"))"><label for="f-payouts">发放到户（公益岗位、奖励补助、临时困难帮扶）</label>
            <textarea id="f-payouts" name="payouts" rows="4" maxlength="20000" placeholder="每行一户：户编号 金额（元）">\(m.form == "distribute" ? v["payouts"] ?? "" : "")</textarea>
            <div class="small muted">不得简单平均分配：按岗位工作量或困难程度确定各户金额。</div>\(de["payouts"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            </div><div class="actions"><button>登记</button></div></form></details>
            """ : ""
        let dispose: HTML = m.mayDispose ? """
            <details class="panel"\(HTML(raw: m.form == "dispose" ? " open" : ""))><summary>登记处置</summary>\(FormView.summary(xe))
            <form method="post" action="\(SitePath.assetAction(id, .dispose))">\(m.context.csrfField)<div class="grid">
            \(FormView.text("on", "处置日期", value: m.form == "dispose" ? v["on"] ?? "" : m.today.description, errors: xe, type: "date", required: true))
            \(FormView.text("approvals", "审批依据", value: m.form == "dispose" ? v["approvals"] ?? "" : "", errors: xe, required: true, hint: "村民代表大会决议、乡镇审核、县级批复的文号或日期", maxLength: 500))
            </div><p class="small muted">资产不得擅自处置：须经村民代表大会、乡镇和县级审批。</p><div class="actions"><button class="secondary">登记处置</button></div></form></details>
            """ : ""
        return Layout.page(m.name, context: m.context,
                           crumbs: [("项目资产", "\(SitePath.assets)"), (m.facts[0].1, nil)], """
            \(facts)
            \(forms)
            <h2>收益</h2>
            <table class="stack"><thead><tr><th>期间</th><th class="num">收益（万元）</th>\(m.kind == .photovoltaic ? "<th class=\"num\">发电量（千瓦时）</th>" as HTML : "")<th>备注</th></tr></thead><tbody>\(incomes)</tbody></table>
            <h2>收益分配</h2>
            <table class="stack"><thead><tr><th>年度</th><th>用途</th><th class="num">金额（万元）</th><th>决定</th><th>说明</th></tr></thead><tbody>\(distributions)</tbody></table>
            \(dispose)
            """)
    }

    static func form(_ m: FormModel) -> HTML {
        let v = m.values, e = m.errors
        return Layout.page("登记资产", context: m.context, crumbs: [("项目资产", "\(SitePath.assets)"), ("登记资产", nil)], """
            \(FormView.summary(e))
            <form method="post" action="\(SitePath.newAsset)">\(m.context.csrfField)
            \(m.project.map { "<input type=\"hidden\" name=\"project\" value=\"\($0.id)\"><p>来源项目：<b>\($0.label)</b></p>" as HTML } ?? "")
            <div class="grid">
            \(FormView.text("number", "资产编号", value: v["number"] ?? "", errors: e, required: true, maxLength: 40))
            \(FormView.text("name", "资产名称", value: v["name"] ?? "", errors: e, required: true, maxLength: 100))
            \(FormView.codeList("class", AssetClass.self, selected: v["class"] ?? "", errors: e, required: true))
            \(FormView.select("kind", AssetKind.listName, options: AssetKind.allCases.map { ($0.rawValue, $0.label) }, selected: v["kind"] ?? AssetKind.general.rawValue, errors: e, required: true, blank: nil))
            \(FormView.select("place", "所在地", options: m.places, selected: v["place"] ?? "", errors: e, required: true, blank: "请选择"))
            \(FormView.text("value", "资产原值（万元）", value: v["value"] ?? "", errors: e, required: true, maxLength: 20))
            \(FormView.codeList("owner", AssetOwner.self, selected: v["owner"] ?? "", errors: e, required: true))
            \(FormView.text("confirmedOn", "确权日期", value: v["confirmedOn"] ?? "", errors: e, type: "date"))
            \(FormView.text("operator", "经营主体", value: v["operator"] ?? "", errors: e, maxLength: 100))
            \(FormView.codeList("way", OperationWay.self, selected: v["way"] ?? "", errors: e, required: true))
            \(FormView.text("agreedReturn", "约定收益", value: v["agreedReturn"] ?? "", errors: e, hint: "如：年收益不低于投资额的6%", maxLength: 100))
            \(FormView.text("caretaker", "管护责任人", value: v["caretaker"] ?? "", errors: e, required: true, maxLength: 40))
            \(FormView.codeList("fourBatch", FourBatchClass.self, selected: v["fourBatch"] ?? "", errors: e))
            \(FormView.text("capacityKW", "装机容量（千瓦，光伏电站）", value: v["capacityKW"] ?? "", errors: e, type: "number", maxLength: 8))
            \(FormView.text("jobs", "吸纳就业（人，帮扶车间）", value: v["jobs"] ?? "", errors: e, type: "number", maxLength: 8))
            \(FormView.text("jobsAlleviated", "其中脱贫人口", value: v["jobsAlleviated"] ?? "", errors: e, type: "number", maxLength: 8))
            \(FormView.text("jobsMonitored", "其中监测对象", value: v["jobsMonitored"] ?? "", errors: e, type: "number", maxLength: 8))
            </div><div class="actions"><button>登记</button> <a class="button secondary" href="\(SitePath.assets)">取消</a></div></form>
            """)
    }
}

import BottomlineDomain

extension FundsPage {
    static func view(_ m: Model) -> HTML {
        let p = m.progress, v = m.values, e = m.errors
        let ruleText: HTML
        if let rule = m.rule {
            let base = MoneyShare(p.industryAllocated, of: p.industryBase)
            let met = base.atLeast(hundredthsOfPercent: rule.minimum)
            ruleText = """
                <span class="rule \(HTML(raw: met ? "good" : "bad"))">\(base.percentText())</span>；\(m.year)年规定：\(rule.base.label)用于产业发展不低于\(PolicyParameter.percentText(rule.minimum))%\
                （按\(rule.base.label)\(p.industryBase.wanText)万元计，产业项目对接\(p.industryAllocated.wanText)万元）\(met ? "，已达到" : "，未达到")
                """
        } else {
            ruleText = "\(p.industryShare.percentText())（尚未设置\(m.year)年的产业占比规定，请在“政策参数”中录入）"
        }
        let cards: HTML = """
            <div class="cards">
            <div class="card"><div class="n">\(p.issued.wanText)</div><div class="l">已下达（万元）</div></div>
            <div class="card"><div class="n">\(p.allocated.wanText)</div><div class="l">已对接（万元）· \(p.allocationRate.percentText())</div></div>
            <div class="card"><div class="n">\(p.paid.wanText)</div><div class="l">已支付（万元）</div></div>
            <div class="card"><div class="n">\(p.paymentRate.percentText())</div><div class="l">支付进度（支付÷下达）</div></div>
            <div class="card"><div class="n">\(p.paymentRateOfAllocated.percentText())</div><div class="l">支付进度（支付÷对接）</div></div>
            </div>
            <p>产业占比：\(ruleText)</p>
            """
        let levels = m.byLevel.map { name, q -> HTML in
            "<tr><td>\(name)</td><td class=\"num\">\(q.issued.wanText)</td><td class=\"num\">\(q.allocated.wanText)</td><td class=\"num\">\(q.paid.wanText)</td><td class=\"num\">\(q.paymentRate.percentText())</td></tr>"
        }.joined()
        let rows = m.batches.map { b -> HTML in
            """
            <tr><td data-label="文号"><a href="\(SitePath.fundBatch(.value(b.id)))">\(b.document)</a></td><td data-label="级别">\(b.level.label)</td><td data-label="性质">\(b.kind.label)</td><td data-label="下达日期">\(b.issuedOn)</td>\
            <td class="num" data-label="下达">\(b.amount.wanText)</td><td class="num" data-label="已对接">\(b.allocated.wanText)</td><td class="num" data-label="已支付">\(b.paid.wanText)</td>\
            <td class="num" data-label="支付率">\(MoneyShare(b.paid, of: b.amount).percentText())</td></tr>
            """
        }.joined()
        let form: HTML = m.mayWrite ? """
            <details class="panel"\(HTML(raw: e.isEmpty ? "" : " open"))><summary>登记资金下达</summary>
            \(FormView.summary(e))
            <form method="post" action="\(SitePath.funds)">\(m.context.csrfField)<div class="grid">
            \(FormView.text("year", "资金年度", value: v["year"] ?? String(m.year), errors: e, type: "number", required: true, maxLength: 4))
            \(FormView.codeList("level", FundLevel.self, selected: v["level"] ?? "", errors: e, required: true))
            \(FormView.select("kind", FundKind.listName, options: FundKind.allCases.map { ($0.rawValue, $0.label) }, selected: v["kind"] ?? FundKind.linkage.rawValue, errors: e, required: true, blank: nil))
            \(FormView.text("document", "文号", value: v["document"] ?? "", errors: e, required: true, hint: "例如 豫财农〔2025〕12号", maxLength: 60))
            \(FormView.text("issuedOn", "下达日期", value: v["issuedOn"] ?? "", errors: e, type: "date", required: true))
            \(FormView.text("amount", "下达金额（万元）", value: v["amount"] ?? "", errors: e, required: true, hint: "最多六位小数（到分）", maxLength: 20))
            \(FormView.textarea("purpose", "资金用途", value: v["purpose"] ?? "", errors: e))
            </div><div class="actions"><button>登记</button></div></form></details>
            """ : ""
        let yearLinks: HTML = m.years.enumerated().map { i, y -> HTML in
            let sep: HTML = i == 0 ? "" : " · "
            return y == m.year ? "\(sep)<b>\(y)年</b>" : "\(sep)<a href=\"\(SitePath.funds)?year=\(y)\">\(y)年</a>"
        }.joined()
        return Layout.page("衔接资金 \(m.year)年", context: m.context, """
            <p>\(yearLinks)</p>
            <p><a class="button" href="\(SitePath.fundsBulletin)?year=\(m.year)">支付进度通报</a> <a class="button secondary" href="\(SitePath.loansBulletin)">小额信贷通报</a> <a class="button secondary" href="\(SitePath.fundsExport(.xlsx))?year=\(m.year)">导出 XLSX</a> <a class="button secondary" href="\(SitePath.fundsExport(.csv))?year=\(m.year)">导出 CSV</a>\
            \(m.mayWrite ? " <a class=\"button secondary\" href=\"\(SitePath.ledgerImport)\">从文件导入</a>" as HTML : "")</p>
            \(cards)
            \(m.byLevel.isEmpty ? "" : """
                <h2>分级次</h2>
                <div class="scroll-x"><table><thead><tr><th>资金</th><th class="num">下达</th><th class="num">对接</th><th class="num">支付</th><th class="num">支付进度</th></tr></thead><tbody>\(levels)</tbody></table></div>
                """ as HTML)
            \(form)
            <h2>资金批次</h2>
            <p class="small muted">金额单位：万元，按分累计后四舍五入到两位小数；比率由累计金额直接计算。</p>
            <table class="stack"><thead><tr><th>文号</th><th>级别</th><th>性质</th><th>下达日期</th><th class="num">下达</th><th class="num">已对接</th><th class="num">已支付</th><th class="num">支付率</th></tr></thead><tbody>\(rows)</tbody></table>
            \(m.batches.isEmpty ? "<p class=\"muted\">\(m.year)年尚未登记资金下达。</p>" as HTML : "")
            """)
    }

    static func batch(_ m: BatchModel) -> HTML {
        let b = m.row, v = m.values, e = m.errors
        let lines = m.lines.map { l -> HTML in
            """
            <tr><td data-label="项目编号"><a href="\(SitePath.project(.value(l.id)))">\(l.number)</a></td><td data-label="项目名称">\(l.name)</td><td data-label="环节">\(l.stage.label)</td>\
            <td class="num" data-label="对接（万元）">\(l.allocated.wanText)</td><td class="num" data-label="已支付">\(l.paid.wanText)</td><td class="num" data-label="未支付">\((l.allocated - l.paid).wanText)</td></tr>
            """
        }.joined()
        let payments = m.payments.map { p -> HTML in
            let state: HTML
            if p.amount.fen < 0 { state = "<span class=\"tag bad\">冲销</span>" }
            else if p.reversed { state = "<span class=\"tag bad\">已冲销</span>" }
            else if m.mayWrite {
                state = """
                    <details><summary>冲销</summary><form method="post" action="\(SitePath.fundPaymentReverse(.value(p.id)))">\(m.context.csrfField)
                    <input type="date" name="on" value="\(m.today.description)" aria-label="冲销日期"> <input name="reason" maxlength="500" placeholder="冲销原因" aria-label="冲销原因" required> <button class="secondary">冲销</button></form></details>
                    """
            } else { state = "" }
            return "<tr><td data-label=\"支付日期\">\(p.paidOn)</td><td data-label=\"项目\"><a href=\"\(SitePath.project(.value(p.projectID)))\">\(p.project)</a></td><td class=\"num\" data-label=\"金额（万元）\">\(p.amount.wanText)</td><td data-label=\"收款方\">\(p.payee)</td><td class=\"num\" data-label=\"质保金\">\(p.retention.wanText)</td><td class=\"small\" data-label=\"备注\">\(p.note)</td><td>\(state)</td></tr>"
        }.joined()
        let allocateErrors = m.form == "allocate" ? e : [:], payErrors = m.form == "pay" ? e : [:]
        let allocated = m.lines.map { ($0.id, "\($0.number) \($0.name)（未支付\(($0.allocated - $0.paid).wanText)万元）") }
        let forms: HTML = m.mayWrite ? """
            <details class="panel"\(HTML(raw: m.form == "allocate" ? " open" : ""))><summary>项目对接</summary>
            \(FormView.summary(allocateErrors))
            <form method="post" action="\(SitePath.fundBatchAction(.value(b.id), .allocate))">\(m.context.csrfField)<div class="grid">
            \(FormView.select("project", "项目（已入库、未报账）", options: m.candidates, selected: m.form == "allocate" ? v["project"] ?? "" : "", errors: allocateErrors, required: true, blank: "请选择"))
            \(FormView.text("amount", "对接金额（万元）", value: m.form == "allocate" ? v["amount"] ?? "" : "", errors: allocateErrors, required: true, hint: "批次余额\((b.amount - b.allocated).wanText)万元", maxLength: 20))
            </div><div class="actions"><button>对接</button></div></form></details>
            \(m.lines.isEmpty ? "" : """
            <details class="panel"\(HTML(raw: m.form == "pay" ? " open" : ""))><summary>登记支付</summary>
            \(FormView.summary(payErrors))
            <form method="post" action="\(SitePath.fundBatchAction(.value(b.id), .pay))">\(m.context.csrfField)<div class="grid">
            \(FormView.select("project", "项目", options: allocated, selected: m.form == "pay" ? v["project"] ?? "" : "", errors: payErrors, required: true, blank: "请选择"))
            \(FormView.text("paidOn", "支付日期", value: m.form == "pay" ? v["paidOn"] ?? m.today.description : m.today.description, errors: payErrors, type: "date", required: true))
            \(FormView.text("amount", "支付金额（万元）", value: m.form == "pay" ? v["amount"] ?? "" : "", errors: payErrors, required: true, maxLength: 20))
            \(FormView.select("payee", PayeeKind.listName, options: PayeeKind.allCases.map { ($0.rawValue, $0.label) }, selected: m.form == "pay" ? v["payee"] ?? "" : "", errors: payErrors, required: true, blank: "请选择"))
            \(FormView.text("payeeName", "收款方名称", value: m.form == "pay" ? v["payeeName"] ?? "" : "", errors: payErrors, required: true, maxLength: 100))
            \(FormView.text("retention", "预留质保金（万元）", value: m.form == "pay" ? v["retention"] ?? "" : "", errors: payErrors, hint: "不计入本次支付", maxLength: 20))
            \(FormView.text("note", "备注", value: m.form == "pay" ? v["note"] ?? "" : "", errors: payErrors, maxLength: 500))
            </div><p class="small muted">支付登记后不能修改；录错的支付用“冲销”登记一笔相反金额，原记录保留。</p><div class="actions"><button>登记支付</button></div></form></details>
            """ as HTML)
            """ : ""
        return Layout.page(b.document, context: m.context, crumbs: [("衔接资金", "\(SitePath.funds)"), (b.document, nil)], """
            <table class="facts"><tbody>
            <tr><th>县（市、区）</th><td>\(b.county)</td></tr>
            <tr><th>资金</th><td>\(b.level.label)\(b.kind.label)</td></tr>
            <tr><th>下达日期</th><td>\(b.issuedOn)</td></tr>
            <tr><th>下达金额</th><td>\(b.amount.wanText)万元</td></tr>
            <tr><th>已对接</th><td>\(b.allocated.wanText)万元，余额\((b.amount - b.allocated).wanText)万元</td></tr>
            <tr><th>已支付</th><td>\(b.paid.wanText)万元（\(MoneyShare(b.paid, of: b.amount).percentText())）</td></tr>
            <tr><th>资金用途</th><td>\(m.purpose)</td></tr>
            </tbody></table>
            \(forms)
            <h2>对接项目</h2>
            <table class="stack"><thead><tr><th>项目编号</th><th>项目名称</th><th>环节</th><th class="num">对接（万元）</th><th class="num">已支付</th><th class="num">未支付</th></tr></thead><tbody>\(lines)</tbody></table>
            \(m.lines.isEmpty ? "<p class=\"muted\">尚未对接项目。</p>" as HTML : "")
            <h2>支付记录</h2>
            <table class="stack"><thead><tr><th>支付日期</th><th>项目</th><th class="num">金额（万元）</th><th>收款方</th><th class="num">质保金</th><th>备注</th><th></th></tr></thead><tbody>\(payments)</tbody></table>
            """)
    }

    /// 支付进度通报: the ranked table, its 合计, and a 提示函 (A4) to each unit below the whole's rate.
    static func bulletin(_ b: FundBulletin, year: Int, context: PageContext) -> HTML {
        let unitHeader = b.byIssued ? "县（市、区）" : "乡镇"
        let rows = b.rows.map { r -> HTML in
            """
            <tr><td class="num" data-label="排名">\(r.rank.map(String.init) ?? "—")</td><td data-label="\(unitHeader)">\(r.unit)</td>\
            \(b.byIssued ? "<td class=\"num\" data-label=\"下达\">\(r.progress.issued.wanText)</td>" as HTML : "")\
            <td class="num" data-label="对接">\(r.progress.allocated.wanText)</td><td class="num" data-label="支付">\(r.progress.paid.wanText)</td>\
            <td class="num" data-label="支付进度">\(r.rate.percentText())</td><td data-label="提示">\(r.lagging ? "<span class=\"tag bad\">低于平均</span>" as HTML : "")</td></tr>
            """
        }.joined()
        let total: HTML = """
            <tr class="total"><td></td><td>合计</td>\(b.byIssued ? "<td class=\"num\">\(b.total.issued.wanText)</td>" as HTML : "")<td class="num">\(b.total.allocated.wanText)</td>\
            <td class="num">\(b.total.paid.wanText)</td><td class="num">\(b.totalRate.percentText())</td><td></td></tr>
            """
        let laggards = b.rows.filter(\.lagging)
        let letters = laggards.map { r -> HTML in
            """
            <article class="notice letter">
            <h2 class="notice-title">关于加快衔接资金支付进度的提示函</h2>
            <p>\(r.unit)：</p>
            <p>截至\(b.asOf.year)年\(b.asOf.month)月\(b.asOf.day)日，你单位\(year)年度衔接资金\(b.byIssued ? "下达\(r.progress.issued.wanText)万元，" : "")已对接项目\(r.progress.allocated.wanText)万元，已支付\(r.progress.paid.wanText)万元，支付进度\(r.rate.percentText())，低于平均水平（\(b.totalRate.percentText())），排名第\(r.rank.map(String.init) ?? "—")位。</p>
            <p>请对照项目实施计划，逐个项目查找支付滞后的原因，加快项目实施和资金拨付，及时报账，确保资金尽早发挥效益，并于下一通报日前将整改情况报县乡村振兴局。</p>
            <p class="sign">（盖章）<br>\(b.asOf.year)年\(b.asOf.month)月\(b.asOf.day)日</p>
            </article>
            """
        }.joined()
        return Layout.page("支付进度通报", context: context, crumbs: [("衔接资金", "\(SitePath.funds)"), ("支付进度通报", nil)], """
            <form class="filters noprint" method="get" action="\(SitePath.fundsBulletin)">
            <div><label for="f-year">资金年度</label><input id="f-year" name="year" type="number" value="\(year)" min="2021" max="2100"></div>
            <div><label for="f-asOf">截至日期</label><input id="f-asOf" name="asOf" type="date" value="\(b.asOf.description)"></div>
            <div><button>生成</button></div></form>
            <p class="noprint"><button type="button" data-print>打印</button> <a class="button secondary" href="\(SitePath.fundsBulletinXLSX)?year=\(year)&asOf=\(b.asOf.description)">下载 XLSX</a>
            <span class="small muted">每月15日和月末各通报一次。只计截至该日已下达、已对接和已支付的资金，往期通报随时重印结果相同。</span></p>
            <article class="notice">
            <h2 class="notice-title">\(b.title)</h2>
            <p class="small">金额单位：万元。支付进度＝已支付÷\(b.byIssued ? "已下达" : "已对接")；按支付进度排名，低于平均水平的单位发提示函。</p>
            <table class="stack"><thead><tr><th class="num">排名</th><th>\(unitHeader)</th>\(b.byIssued ? "<th class=\"num\">下达</th>" as HTML : "")<th class="num">对接</th><th class="num">支付</th><th class="num">支付进度</th><th>提示</th></tr></thead>
            <tbody>\(rows)\(total)</tbody></table>
            </article>
            \(laggards.isEmpty ? "" : "<h2 class=\"noprint\">提示函（\(laggards.count)份）</h2>\(letters)" as HTML)
            """)
    }
}

import BottomlineDomain

extension LedgerImportPage {
    static func view(_ m: Model) -> HTML {
        let shown: [LedgerImportKind] = m.bank == nil ? LedgerImportKind.allCases : [.loanBalances]
        let template = { (name: String) in m.bank == nil ? SitePath.ledgerTemplate(.value(name)) : SitePath.bankTemplate(.value(name)) }
        let kinds = shown.map { k -> HTML in
            let required = k.columns.filter(\.required).map(\.name).joined(separator: "、")
            return """
                <tr><td data-label="台账">\(k.label)</td><td class="small" data-label="必填列">\(required)</td>\
                <td data-label="模板"><a href="\(template(k.rawValue + ".xlsx"))">XLSX</a> · <a href="\(template(k.rawValue + ".csv"))">CSV</a></td></tr>
                """
        }.joined()
        var outcome: HTML = ""
        if let r = m.report {
            outcome = r.repeatedOn != nil
                ? "<p class=\"flash\">该\(r.kind.label)文件此前已导入（\(Format.time(r.repeatedOn!))），本次未重复写入。</p>"
                : "<p class=\"flash good\">已导入\(r.kind.label)：\(r.rows)行，新增\(r.added)条，未变化\(r.unchanged)条。</p>"
        }
        if !m.problems.isEmpty {
            let rows = m.problems.prefix(shownProblems).map { p -> HTML in
                "<tr><td class=\"num\" data-label=\"行\">\(p.row == 0 ? "—" : String(p.row))</td><td data-label=\"列\">\(p.column)</td><td data-label=\"内容\">\(p.value)</td><td data-label=\"问题\">\(p.reason)</td></tr>"
            }.joined()
            outcome = """
                <p class="flash bad">文件有\(m.problems.count)处问题，未导入任何数据。请修改后重新导入。\(m.problems.count > shownProblems ? "（只列出前\(shownProblems)处）" : "")</p>
                <table class="stack"><thead><tr><th class="num">行</th><th>列</th><th>内容</th><th>问题</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
        let earlier = m.earlier.map { e -> HTML in
            "<tr><td data-label=\"时间\">\(Format.time(e.at))</td><td data-label=\"台账\">\(e.kind)</td><td data-label=\"文件\">\(e.filename)</td><td class=\"num\" data-label=\"行数\">\(e.rows)</td><td class=\"num\" data-label=\"新增\">\(e.added)</td></tr>"
        }.joined()
        if let bank = m.bank {
            return Layout.page("小额信贷余额报送", context: m.context, """
                \(outcome)
                <p>本账号为<b>\(bank)</b>数据员：每月报送本行脱贫人口小额信贷的余额、当期还款和逾期天数。</p>
                <form method="post" action="\(SitePath.bankLoans)" enctype="multipart/form-data">\(m.context.csrfField)<input type="hidden" name="kind" value="\(LedgerImportKind.loanBalances.rawValue)"><div class="grid">
                <div class="field\(HTML(raw: m.errors["file"] == nil ? "" : " invalid"))"><label for="file">余额文件（XLSX 或 CSV）<b class="error">*</b></label><input id="file" type="file" name="file" accept=".xlsx,.csv" required>\(m.errors["file"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
                </div><div class="actions"><button>报送</button></div></form>
                <p class="small muted">按银行、合同编号和借款人身份证号对应县里已登记的贷款；只能报送\(bank)的贷款。有任何一行有问题，整个文件都不导入，并列出每处问题；同一文件重复报送不会重复写入。</p>
                <table class="stack"><thead><tr><th>文件</th><th>必填列</th><th>模板</th></tr></thead><tbody>\(kinds)</tbody></table>
                \(m.earlier.isEmpty ? "" : """
                    <h2>本账号最近的报送</h2>
                    <table class="stack"><thead><tr><th>时间</th><th>文件</th><th class="num">行数</th><th class="num">新增</th></tr></thead><tbody>\(m.earlier.map { e -> HTML in
                        "<tr><td data-label=\"时间\">\(Format.time(e.at))</td><td data-label=\"文件\">\(e.filename)</td><td class=\"num\" data-label=\"行数\">\(e.rows)</td><td class=\"num\" data-label=\"新增\">\(e.added)</td></tr>"
                    }.joined())</tbody></table>
                    """ as HTML)
                """)
        }
        return Layout.page("台账导入", context: m.context, crumbs: [("项目库", "\(SitePath.projects)"), ("导入", nil)], """
            \(outcome)
            <form method="post" action="\(SitePath.ledgerImport)" enctype="multipart/form-data">\(m.context.csrfField)<div class="grid">
            \(FormView.select("kind", "台账", options: LedgerImportKind.allCases.map { ($0.rawValue, $0.label) }, selected: m.kind?.rawValue ?? "", errors: m.errors, required: true, blank: "请选择"))
            <div class="field\(HTML(raw: m.errors["file"] == nil ? "" : " invalid"))"><label for="file">文件（XLSX 或 CSV）<b class="error">*</b></label><input id="file" type="file" name="file" accept=".xlsx,.csv" required>\(m.errors["file"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            </div><div class="actions"><button>导入</button></div></form>
            <p class="small muted">按列名读取，列的顺序不限；代码表按名称填写（如“产业发展”“中央”“中标单位”）。导入前检查每一行：有任何一行有问题，整个文件都不导入，并列出每处问题。同一文件重复导入不会重复写入。请按顺序导入：项目库 → 资金下达 → 项目对接 → 资金支付；项目资产可随时导入（注明项目编号的，项目须已验收）。小额信贷余额按银行和合同编号对应已登记的贷款；务工、公益性岗位和雨露计划按身份证号对应本县在册成员。</p>
            <table class="stack"><thead><tr><th>台账</th><th>必填列</th><th>模板</th></tr></thead><tbody>\(kinds)</tbody></table>
            \(m.earlier.isEmpty ? "" : """
                <h2>最近的导入</h2>
                <table class="stack"><thead><tr><th>时间</th><th>台账</th><th>文件</th><th class="num">行数</th><th class="num">新增</th></tr></thead><tbody>\(earlier)</tbody></table>
                """ as HTML)
            """)
    }
}

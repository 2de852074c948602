import BottomlineDomain

extension ImportPage {
    static func view(_ m: Model) -> HTML {
        let columns = RegistryColumn.allCases.map { c -> HTML in
            "<tr><td>\(c.header)\(RegistryColumn.required.contains(c) ? "<b class=\"error\">*</b>" as HTML : "")</td><td class=\"small muted\">\(c.aliases.joined(separator: "、"))</td></tr>"
        }.joined()
        var result: HTML = ""
        if let report = m.report {
            let problems = report.problems.map { p -> HTML in
                // Row 0 is the file as a whole (a missing column, an unreadable file), not a row of it.
                let row: HTML = p.row == 0 ? "整个文件" : "\(p.row)"
                return "<tr><td class=\"num\" data-label=\"行\">\(row)</td><td data-label=\"列\">\(p.column)</td><td data-label=\"内容\">\(p.value)</td><td data-label=\"原因\">\(p.reason)</td></tr>"
            }.joined()
            result = report.succeeded ? "<p class=\"flash\">\(report.summary)</p>" : """
                <p class="flash bad">\(report.summary)</p>
                <table class="stack"><thead><tr><th class="num">行</th><th>列</th><th>内容</th><th>原因</th></tr></thead><tbody>\(problems)</tbody></table>
                \(report.problemCount > 1000 ? "<p class=\"muted\">仅显示前1000处问题</p>" as HTML : "")
                """
        }
        let noFile: HTML = m.noFile ? "<p class=\"flash bad\">没有收到文件，请选择要导入的文件</p>" : ""
        return Layout.page("导入农户名册", context: m.context, noFile + """
            \(result)
            <div class="panel"><form method="post" action="\(SitePath.importRegistry)" enctype="multipart/form-data" data-progress>\(m.context.csrfField)
            <label for="file">选择文件（CSV：UTF-8 或 GBK 编码；或 XLSX）</label>
            <input id="file" type="file" name="file" accept=".csv,.xlsx,.txt" required>
            <button>校验并导入</button> <span class="small" data-progress-status aria-live="polite"></span>
            <p class="small muted">整份文件先全部校验：有任何错误则不写入任何数据，并列出每一处问题；全部正确才在一个事务内一次写入。同一文件重复导入不会产生变化。</p>
            </form></div>
            <h2>文件格式：每行一人，同户各行填写相同的户编号</h2>
            <p><a class="button secondary" href="\(SitePath.importTemplate(.xlsx))">下载导入模板（XLSX）</a> <a class="button secondary" href="\(SitePath.importTemplate(.csv))">下载导入模板（CSV）</a> <span class="small muted">也可从“农户名册”导出现有数据，修改后再导入。</span></p>
            <table><thead><tr><th>列名（<b class="error">*</b>为必填）</th><th>也可使用的列名</th></tr></thead><tbody>\(columns)</tbody></table>
            """)
    }
}

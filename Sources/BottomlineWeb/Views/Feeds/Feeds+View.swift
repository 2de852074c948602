import BottomlineDomain

extension Feeds {
    static func view(_ m: Model) -> HTML {
        let errors = m.errors
        let upload: HTML = m.mayUpload ? """
            \(FormView.summary(errors))
            <div class="panel"><form method="post" action="\(SitePath.screening)" enctype="multipart/form-data" data-progress>\(m.context.csrfField)<div class="grid">
            \(FormView.select("kind", "数据类型", options: m.kinds.map { ($0.rawValue, "\($0.label)（\($0.department)）") }, selected: m.kind.isEmpty && m.kinds.count == 1 ? m.kinds[0].rawValue : m.kind, errors: errors, required: true, blank: "请选择"))
            \(FormView.text("asOf", "筛查基准日", value: m.asOf.isEmpty ? m.today.description : m.asOf, errors: errors, type: "date", required: true, hint: "统计窗口（如近12个月）截至此日"))
            <div class="field\(HTML(raw: errors["file"] == nil ? "" : " invalid"))"><label for="f-file">文件（CSV：UTF-8 或 GBK；或 XLSX）<b class="error">*</b></label>
            <input id="f-file" type="file" name="file" accept=".csv,.xlsx,.txt" required>\(errors["file"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            </div><p class="small muted">文件原样保存并记录指纹，同一文件重复上传不会产生新的预警；有问题的行不影响其他行，逐行列出原因，可下载。</p>
            <div class="actions"><button>上传并筛查</button> <span class="small" data-progress-status aria-live="polite"></span></div></form>
            <p class="small">数据模板（第一行为列名，必填列在前）：\(m.kinds.map { k -> HTML in "<a href=\"\(SitePath.screeningTemplate(.value(k.rawValue + ".csv")))\">\(k.label)</a> " }.joined())</p></div>
            """ : "<p class=\"muted\">部门数据由部门数据员或县级管理员上传。</p>"
        let fileRows = m.files.map { f -> HTML in
            "<tr><td data-label=\"时间\">\(f.uploadedAt)</td><td data-label=\"类型\">\(f.kind)</td><td data-label=\"文件\"><a href=\"\(SitePath.screeningFile(.value(f.id)))\">\(f.filename)</a></td><td data-label=\"上传\">\(f.uploadedBy)（\(f.channel)）</td><td class=\"num\" data-label=\"读取\">\(f.rowsRead)</td><td class=\"num\" data-label=\"匹配\">\(f.rowsMatched)</td><td class=\"num\" data-label=\"问题行\">\(f.rowsBad)</td><td class=\"num\" data-label=\"新预警\">\(f.warningsNew)</td></tr>"
        }.joined()
        let ruleRows = m.rules.map { r -> HTML in
            "<tr><td>\(m.mayEditRules ? "<a href=\"\(SitePath.screeningRule(.value(r.code)))\">\(r.code)</a>" as HTML : "\(r.code)")</td><td>\(r.name)</td><td class=\"small\">\(r.explanation)</td><td>\(r.risk.map(\.label) ?? (r.isExclusion ? "比对排除" : ""))</td><td>\(r.effectiveFrom)起</td></tr>"
        }.joined()
        return Layout.page("部门数据筛查", context: m.context, """
            \(upload)
            <p><a class="button secondary" href="\(SitePath.warnings)">预警核实</a> <a class="button secondary" href="\(SitePath.screeningStats)">规则成效统计</a></p>
            <h2>已上传的文件</h2>
            \(m.files.isEmpty ? "<p class=\"muted\">尚无文件</p>" as HTML : "<table class=\"stack\"><thead><tr><th>时间</th><th>类型</th><th>文件</th><th>上传</th><th class=\"num\">读取行</th><th class=\"num\">匹配行</th><th class=\"num\">问题行</th><th class=\"num\">新预警</th></tr></thead><tbody>\(fileRows)</tbody></table>" as HTML)
            <h2>现行筛查规则</h2>
            <table><thead><tr><th>编号</th><th>名称</th><th>条件</th><th>提示风险</th><th>生效</th></tr></thead><tbody>\(ruleRows)</tbody></table>
            """)
    }

    static func view(_ m: FileModel) -> HTML {
        let file = m.file, bad = m.badRows
        let id = SitePath.Slot.value(file.id)
        let rows = bad.prefix(500).map { "<tr><td class=\"num\">\($0.line)</td><td>\($0.reason)</td></tr>" as HTML }.joined()
        return Layout.page("文件：\(file.filename)", context: m.context, crumbs: [("部门数据", "\(SitePath.screening)")], """
            \(m.duplicate ? "<p class=\"flash\">该文件此前已上传并筛查过（内容完全相同），未产生新的预警。</p>" as HTML : "")
            <div class="panel"><dl class="facts">
            <dt>类型</dt><dd>\(file.kind)</dd>
            <dt>上传</dt><dd>\(file.uploadedBy)，\(file.uploadedAt)，\(file.channel)</dd>
            <dt>编码</dt><dd>\(file.encoding)，\(file.byteCount)字节，SHA-256 \(String(file.sha256.prefix(16)))…</dd>
            <dt>筛查基准日</dt><dd>\(file.asOf)</dd>
            <dt>读取</dt><dd>\(file.rowsRead)行：匹配名册\(file.rowsMatched)行；不在本辖区名册\(file.rowsUnmatched)行（部门数据包含名册以外的人，属正常）；问题行\(file.rowsBad)行</dd>
            <dt>预警</dt><dd>新预警 <b>\(file.warningsNew)</b> 条\(m.hasWarnings ? "，<a href=\"\(SitePath.warnings)?file=\(file.id)\">查看</a>" as HTML : "")</dd>
            </dl></div>
            <h2>问题行（\(file.rowsBad)）</h2>
            \(bad.isEmpty ? "<p class=\"muted\">没有问题行</p>" as HTML : """
                <p><a class="button secondary" href="\(SitePath.screeningFileProblems(id))">下载全部问题行（CSV，含原始行内容）</a></p>
                <table><thead><tr><th class="num">行号</th><th>原因</th></tr></thead><tbody>\(rows)</tbody></table>
                \(m.keptBad > bad.count ? "<p class=\"muted\">页面仅显示前\(bad.count)行，完整清单请下载</p>" as HTML : "")
                \(file.rowsBad > m.keptBad ? "<p class=\"muted\">共\(file.rowsBad)行，清单保存前\(m.keptBad)行</p>" as HTML : "")
                """ as HTML)
            """)
    }
}

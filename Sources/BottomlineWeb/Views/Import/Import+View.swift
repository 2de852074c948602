import BottomlineDomain
import Foundation

extension ImportPage {
    static func view(_ m: Model) -> HTML {
        let columns = RegistryColumn.allCases.map { c -> HTML in
            "<tr><td>\(c.header)\(RegistryColumn.required.contains(c) ? "<b class=\"error\">*</b>" as HTML : "")</td><td class=\"small muted\">\(c.aliases.joined(separator: "、"))</td></tr>"
        }.joined()
        let result: HTML = m.report.map(reportHTML) ?? ""
        let recent: HTML = m.recent.isEmpty ? "" : """
            <h2>最近的导入</h2>
            <table class="stack"><thead><tr><th>文件</th><th>开始时间</th><th>状态</th></tr></thead><tbody>\(m.recent.map { job -> HTML in
                "<tr><td data-label=\"文件\"><a href=\"\(SitePath.importJob(.value(job.id)))\">\(job.filename)</a></td><td data-label=\"开始时间\">\(Format.time(job.started))</td><td data-label=\"状态\">\(Self.state(job))</td></tr>"
            }.joined())</tbody></table>
            """
        let noFile: HTML = m.noFile ? "<p class=\"flash bad\">没有收到文件，请选择要导入的文件</p>" : ""
        return Layout.page("导入农户名册", context: m.context, noFile + """
            \(result)
            <div class="panel"><form method="post" action="\(SitePath.importRegistry)" enctype="multipart/form-data" data-progress>\(m.context.csrfField)
            <label for="file">选择文件（CSV：UTF-8 或 GBK 编码；或 XLSX）</label>
            <input id="file" type="file" name="file" accept=".csv,.xlsx,.txt" required>
            <button>校验并导入</button> <span class="small" data-progress-status aria-live="polite"></span>
            <p class="small muted">整份文件先全部校验：有任何错误则不写入任何数据，并列出每一处问题；全部正确才在一个事务内一次写入。同一文件重复导入不会产生变化。较大的文件（8 MB 以上）上传后在服务器上导入，页面显示进度，可以离开页面稍后回来查看结果。</p>
            </form></div>
            \(recent)
            <h2>文件格式：每行一人，同户各行填写相同的户编号</h2>
            <p><a class="button secondary" href="\(SitePath.importTemplate(.xlsx))">下载导入模板（XLSX）</a> <a class="button secondary" href="\(SitePath.importTemplate(.csv))">下载导入模板（CSV）</a> <span class="small muted">也可从“农户名册”导出现有数据，修改后再导入。</span></p>
            <table><thead><tr><th>列名（<b class="error">*</b>为必填）</th><th>也可使用的列名</th></tr></thead><tbody>\(columns)</tbody></table>
            """)
    }

    static func reportHTML(_ report: Model.Report) -> HTML {
        let problems = report.problems.map { p -> HTML in
            // Row 0 is the file as a whole (a missing column, an unreadable file), not a row of it.
            let row: HTML = p.row == 0 ? "整个文件" : "\(p.row)"
            return "<tr><td class=\"num\" data-label=\"行\">\(row)</td><td data-label=\"列\">\(p.column)</td><td data-label=\"内容\">\(p.value)</td><td data-label=\"原因\">\(p.reason)</td></tr>"
        }.joined()
        return report.succeeded ? "<p class=\"flash\">\(report.summary)</p>" : """
            <p class="flash bad">\(report.summary)</p>
            <table class="stack"><thead><tr><th class="num">行</th><th>列</th><th>内容</th><th>原因</th></tr></thead><tbody>\(problems)</tbody></table>
            \(report.problemCount > report.problems.count ? "<p class=\"muted\">仅显示前\(report.problems.count)处问题</p>" as HTML : "")
            """
    }

    static func state(_ job: ImportJobs.Job) -> HTML {
        switch job.outcome?.kind {
        case .succeeded?: return "<span class=\"ok\">已导入</span>"
        case .refused?: return "<span class=\"error\">未导入：发现\(job.outcome!.problemTotal)处问题</span>"
        case .failed?: return "<span class=\"error\">未完成</span>"
        case .interrupted?: return "<span class=\"error\">已中断</span>"
        case .running?, nil: break
        }
        return job.queued ? "排队中" : "进行中"
    }

    /// One import: progress while it runs (the page reloads itself), then the same report a small file gets.
    static func job(_ m: JobModel) -> HTML {
        let job = m.job
        var body: HTML
        if let outcome = job.outcome, outcome.kind == .succeeded || outcome.kind == .refused {
            body = reportHTML(.init(outcome))
        } else if let outcome = job.outcome {
            body = "<p class=\"flash bad\">\(outcome.summary)</p>"
        } else {
            let p = job.progress
            let line: HTML
            let bar: HTML
            switch p?.phase {
            case .writing?:
                let total = p?.totalRows ?? 0
                line = p!.comparing
                    ? "第二步：与名册比对并写入。已处理 \(Format.number(p!.rowsWritten)) / \(Format.number(total)) 行（与登记相同的户不重写）"
                    : "第二步：写入。名册中还没有户，无须比对。已写入 \(Format.number(p!.rowsWritten)) / \(Format.number(total)) 行"
                bar = "<progress max=\"\(max(total, 1))\" value=\"\(p!.rowsWritten)\"></progress>"
            case .waiting?:
                line = "第二步：写入。校验通过，共 \(Format.number(p!.rowsChecked)) 行，正在开始写入（如另一项写入正在进行，等它完成后开始）"
                bar = "<progress></progress>"
            case .checking?:
                line = "第一步：逐行校验。已校验 \(Format.number(p!.rowsChecked)) 行"
                bar = "<progress></progress>"
            case nil where job.queued:
                line = "排队中：另一项导入正在进行，结束后自动开始本文件的校验和写入"
                bar = "<progress></progress>"
            case nil:
                line = "正在读取文件……"
                bar = "<progress></progress>"
            }
            body = """
                <div class="panel" data-refresh="2" aria-live="polite"><p><b>\(line)</b></p>\(bar)
                <p class="small muted">导入在服务器上进行，可以离开本页，稍后在“导入”页的“最近的导入”中查看结果。有任何错误则不写入任何数据。本页每2秒自动刷新<noscript>（浏览器未启用脚本，请手动<a href="">刷新</a>）</noscript>。</p></div>
                """
        }
        return Layout.page("导入：\(job.filename)", context: m.context,
                           crumbs: [("导入农户名册", SitePath.importRegistry.description), ("\(job.filename)", nil)], """
            <p class="small muted">开始于 \(Format.time(job.started))</p>
            \(body)
            <p><a class="button secondary" href="\(SitePath.importRegistry)">返回导入页</a></p>
            """)
    }
}

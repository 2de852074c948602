import BottomlineDomain

extension CaseDetail {
    static func view(_ m: Model) -> HTML {
        let progress: HTML = m.stages.map { s -> HTML in "<li class=\"\(s.state)\">\(s.label)<small>\(s.owner)</small></li>" }.joined()
        let clock: HTML = m.clock.map { c -> HTML in
            "<dt>时限</dt><dd>\(c.firstClue)首条线索，\(c.deadline)前完成 <span class=\"tag \(c.tag)\">\(c.text)</span></dd>"
        } ?? ""
        let stepRows: HTML = m.steps.map { s -> HTML in
            let links = s.files.enumerated().map { i, f -> HTML in "\(i == 0 ? "" : "、")<a href=\"\(SitePath.file(.value(f.id)))\">\(f.name)</a>" }
            let files: HTML = s.files.isEmpty ? "" : "<span class=\"small block\">附件：\(links.joined())</span>"
            // A step carries its signed forms (承诺授权书, 评议 minutes, 公示 photos), added when the step is done or later.
            let upload: HTML = !m.mayAttach ? "" : """
                <details class="noprint"><summary>上传材料（照片、PDF）</summary><form method="post" action="\(SitePath.caseStepFiles(.value(s.id)))" enctype="multipart/form-data">\(m.context.csrfField)
                <div class="field"><label for="f-file-\(s.id)">签字表、评议记录或公示照片（不超过\(AttachmentKind.maxBytes / 1024 / 1024) MB）</label><input id="f-file-\(s.id)" type="file" name="file" accept=".jpg,.jpeg,.png,.pdf" required></div>
                <div class="actions"><button>上传</button></div></form></details>
                """
            return "<tr><td data-label=\"日期\">\(s.actedOn)</td><td data-label=\"环节\">\(s.stage)</td><td data-label=\"结果\">\(s.action)</td><td data-label=\"办理人\">\(s.username)</td><td data-label=\"意见\"><span><span class=\"pre block\">\(s.comment)</span>\(files)\(upload)</span></td></tr>"
        }.joined()
        return Layout.page(m.title, context: m.context, crumbs: [("\(m.householdName)户", m.householdLink)], """
            \(FormView.summary(m.errors))
            <ol class="progress">\(progress)</ol>
            <div class="panel"><dl class="facts">
            <dt>当前环节</dt><dd><b>\(m.stageLabel)</b></dd>
            \(clock)
            \(m.notice.map { "<dt>公示期</dt><dd>\($0)</dd>" as HTML } ?? "")
            \(m.printNotice.map { "<dt>张贴</dt><dd><a class=\"button secondary\" href=\"\($0.link)\">\($0.label)</a></dd>" as HTML } ?? "")
            \(m.category.map { "<dt>类别</dt><dd>\($0)</dd>" as HTML } ?? "")
            \(m.risks.map { "<dt>风险类型</dt><dd>\($0)</dd>" as HTML } ?? "")
            \(m.method.map { "<dt>消除方式</dt><dd>\($0)</dd>" as HTML } ?? "")
            </dl></div>
            \(form(m))
            <h2>办理记录</h2>
            \(m.steps.isEmpty ? "<p class=\"muted\">尚无办理记录</p>" as HTML : "<table class=\"stack\"><thead><tr><th>日期</th><th>环节</th><th>结果</th><th>办理人</th><th>意见</th></tr></thead><tbody>\(stepRows)</tbody></table>" as HTML)
            """)
    }

    static func form(_ m: Model) -> HTML {
        switch m.form {
        case .none: return ""
        case .waiting(let owner): return "<p class=\"muted\">当前环节由\(owner)干部办理。</p>"
        case .act(let a):
            let token = m.context.csrfField
            let act = SitePath.caseAct(.value(m.id))
            let back: HTML = a.canReturn ? """
                <form method="post" action="\(act)" class="panel">\(token)<input type="hidden" name="action" value="return">
                \(FormView.textarea("comment", "退回原因", errors: [:], required: true, rows: 2))<button class="secondary">退回上一环节</button></form>
                """ : ""
            return """
                <h2>办理：\(a.stageLabel)</h2>
                <form method="post" action="\(act)" class="panel">\(token)<input type="hidden" name="action" value="advance">
                \(fields(a.fields, errors: m.errors))<div class="actions"><button>通过，进入下一环节</button></div></form>
                \(back)
                <form method="post" action="\(act)" class="panel">\(token)<input type="hidden" name="action" value="reject">
                \(FormView.textarea("comment", a.rejectLabel, errors: [:], required: true, rows: 2))<button class="secondary">终止程序</button></form>
                """
        }
    }

    static func fields(_ f: StepFields, errors: FieldErrors) -> HTML {
        switch f {
        case .verification(let findings, let extras):
            let text = FormView.textarea("findings", "入户核实情况（排查表：收入、支出、三保障和饮水、劳动力）", value: findings, errors: errors, required: true)
            guard let x = extras else { return text }
            return EligibilityPanel.view(x.eligibility) + text + """
                \(FormView.consent("consent", "农户已签订承诺授权书（同意核查家庭收入、资产等信息）", ticked: x.consent, errors: errors))
                \(FormView.select("category", "建议类别", options: x.categories, selected: x.category, errors: errors, blank: "（待评议）"))
                \(FormView.riskBoxes(x.risks.shown, selected: x.risks.selected, errors: errors, label: "初步风险类型（最多5项）"))
                """
        case .deliberation(let comment):
            return FormView.textarea("comment", "民主评议结果（参会人数、同意人数、主要意见）", value: comment, errors: errors, required: true)
                + "<p class=\"small muted\">评议通过后当天起在村内公示，公示天数见政策参数；公示名单可在“公示公告”中打印。</p>"
        case .notice(let period, let note, let comment):
            return "<p>公示期：\(period)。\(note)</p>" + FormView.textarea("comment", "公示情况（有无异议）", value: comment, errors: errors)
        case .countyApproval(let categories, let category, let risks, let comment):
            return FormView.select("category", "监测对象类别", options: categories, selected: category, errors: errors, required: true, blank: "请选择")
                + FormView.riskBoxes(risks.shown, selected: risks.selected, errors: errors)
                + FormView.textarea("comment", "审定意见", value: comment, errors: errors)
        case .announcement(let outcome, let comment):
            return "<p>结果公告在村内张贴后确认，\(outcome)。</p>" + FormView.textarea("comment", "公告情况", value: comment, errors: errors)
        case .other(let comment):
            return FormView.textarea("comment", "意见", value: comment, errors: errors)
        }
    }
}

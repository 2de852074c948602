import BottomlineDomain

extension DeclarationPage {
    static func view(_ m: Model) -> HTML {
        let content: HTML
        if let p = m.pause {
            let wait = p.minutes >= 120 ? "\((p.minutes + 59) / 60) 小时" : "\(p.minutes) 分钟"
            let call: HTML = p.phone.map { "有急事请直接联系村委会：<a href=\"tel:\($0)\">\($0)</a>" } ?? "有急事请直接联系村干部。"
            content = """
                <div class="flash bad"><b>提交次数已达上限，暂时不能再提交。</b></div>
                <div class="panel"><p>请在 <b>\(wait)</b>后再试。</p><p>\(call)</p></div>
                """
        } else if let r = m.receipt {
            content = """
                <div class="flash"><b>申报已收到。</b>回执号：\(r.number)</div>
                <div class="panel"><p>村干部将在 <b>\(r.dueOn)</b> 前与您联系并入户核实。</p>
                <p>请保管好回执号。如有紧急困难，请直接联系村干部。</p></div>
                """
        } else {
            let v = m.values, errors = m.errors
            content = """
                \(FormView.summary(errors))
                <form method="post" action="\(SitePath.declare(.value(m.villageCode)))" class="panel">\(PageContext(viewer: nil, csrf: m.csrf).csrfField)
                \(FormView.text("name", "申请人姓名", value: v["name"] ?? "", errors: errors, required: true, maxLength: 30))
                \(FormView.text("idNumber", "身份证号", value: v["idNumber"] ?? "", errors: errors, required: true, hint: "18位居民身份证号", maxLength: 18))
                \(FormView.text("phone", "联系电话", value: v["phone"] ?? "", errors: errors, type: "tel", required: true, maxLength: 20))
                \(FormView.select("difficulty", "遇到的困难", options: m.difficulties, selected: v["difficulty"] ?? "", errors: errors, required: true, blank: "请选择"))
                \(FormView.textarea("description", "困难情况说明（发生了什么、什么时候、花费或损失多少）", value: v["description"] ?? "", errors: errors, required: true, rows: 4))
                \(FormView.consent("consent", "本人承诺所填信息真实，并授权有关部门核查本户家庭成员的收入、财产、医疗、教育等信息，用于防止返贫动态监测和帮扶。", ticked: v.ticked("consent"), errors: errors, newline: true))
                <button class="wide">提交申报</button></form>
                <p class="small muted">提交后，村干部会在规定时间内入户核实。您的身份证号和电话只用于核实，不会公开。</p>
                """
        }
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(m.villageName) 防止返贫 农户自主申报</title><link rel="stylesheet" href="/static/app.css"></head>
            <body class="public"><header class="top"><span class="brand">防止返贫 · 农户自主申报</span></header>
            <main class="narrow"><h1>\(m.villageName)</h1>
            <p>家里因病、因灾、因意外、因学、务工不稳等原因，收入明显下降或支出大幅增加，生活出现困难的，可以在这里申报。</p>
            \(content)</main></body></html>
            """
    }
}

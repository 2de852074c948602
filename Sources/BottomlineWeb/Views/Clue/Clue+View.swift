import BottomlineDomain

extension Clue {
    static func view(_ m: Model) -> HTML {
        let token = m.context.csrfField
        let cid = SitePath.Slot.value(m.id)
        var actions: HTML = ""
        if case .none = m.actions {} else {
            if case .link = m.actions {
                actions = """
                    <h2>关联农户</h2><form method="post" action="\(SitePath.clueAction(cid, .link))" class="panel">\(token)
                    \(FormView.text("key", "户编号或户内成员身份证号", value: "", errors: m.errors, required: true, hint: "名册中没有的新户，请先“新建农户”再关联", maxLength: 40))
                    <div class="actions"><button>关联</button> <a class="button secondary" href="\(SitePath.newHousehold)">新建农户</a></div></form>
                    """
            } else {
                actions = """
                    <h2>核实结论</h2><div class="panel">
                    <form method="post" action="\(SitePath.clueAction(cid, .start))" class="inline">\(token)<button>核实有风险，启动识别纳入</button></form></div>
                    """
            }
            actions = actions + """
                <form method="post" action="\(SitePath.clueAction(cid, .close))" class="panel">\(token)
                \(FormView.textarea("note", "核实后无需启动识别的，填写结论后办结", errors: m.errors, required: true, rows: 2))
                <div class="actions"><button class="secondary">办结线索</button></div></form>
                """
        }
        return Layout.page("线索：\(m.name)", context: m.context, crumbs: [("我的工作", "\(SitePath.work)")], """
            \(FormView.summary(m.errors))
            <div class="panel"><dl class="facts">
            <dt>来源</dt><dd>\(m.source)</dd>
            <dt>状态</dt><dd>\(m.status) \(m.isOpen ? Format.dueTag(CivilDate(parsing: m.dueOn), today: m.today) : "")</dd>
            <dt>收到日期</dt><dd>\(m.receivedOn)，\(m.dueOn)前核实</dd>
            <dt>村</dt><dd>\(m.villageName)</dd>
            <dt>农户</dt><dd>\(m.household.map { h -> HTML in "<a href=\"\(h.link)\">\(h.name)</a>" } ?? "尚未关联名册")</dd>
            <dt>申报人</dt><dd>\(m.declarer)\(m.phone.map { " 电话 <a href=\"tel:\($0)\">\($0)</a>" as HTML } ?? "")\(m.mayRevealPhone ? """
             <form class="noprint inline" method="post" action="\(SitePath.clueAction(.value(m.id), .phone))">\(m.context.csrfField)<button class="secondary small" title="查看完整号码会被记录">显示电话</button></form>
            """ as HTML : "")</dd>
            <dt>困难类型</dt><dd>\(m.difficulty)\(m.mergedCount > 0 ? "（同一户已反映\(m.mergedCount + 1)次，已合并）" : "")</dd>
            <dt>授权承诺</dt><dd>\(m.consent ? "已勾选授权承诺" : "未提供（入户核实时签订）")</dd>
            <dt>情况</dt><dd class="pre">\(m.description)</dd>
            \(m.closingNote.map { "<dt>办结</dt><dd>\($0)</dd>" as HTML } ?? "")
            \(m.caseLink.map { "<dt>程序</dt><dd><a href=\"\($0)\">查看识别纳入程序</a></dd>" as HTML } ?? "")
            </dl></div>
            \(actions)
            """)
    }
}

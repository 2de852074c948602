import BottomlineDomain

extension HouseholdTags {
    var html: HTML {
        var tags: [HTML] = []
        if let m = monitoring { tags.append("<span class=\"tag mon\">\(m)</span>") }
        if housing { tags.append("<span class=\"tag bad\">住房</span>") }
        if education { tags.append("<span class=\"tag bad\">辍学</span>") }
        if medical { tags.append("<span class=\"tag bad\">医保</span>") }
        if water { tags.append("<span class=\"tag bad\">饮水</span>") }
        if noLabour { tags.append("<span class=\"tag\">无劳动力</span>") }
        return tags.joined()
    }
}

extension HouseholdPage {
    static func view(_ m: Model) -> HTML {
        let household = SitePath.Slot.value(m.id)
        let facts: HTML = """
            <div class="panel"><dl class="facts">
            <dt>户编号</dt><dd>\(m.number)</dd>
            <dt>所在村</dt><dd>\(m.villageName)（\(m.villageCode)）</dd>
            <dt>户类别</dt><dd>\(m.category) \(m.tags.html)</dd>
            <dt>监测对象</dt><dd>\(m.monitoring)</dd>
            <dt>家庭住址</dt><dd>\(m.address)</dd>
            <dt>联系电话</dt><dd>\(m.phoneRevealed ? "<a href=\"tel:\(m.phone)\">\(m.phone)</a>" as HTML : "\(m.phone)")\(!m.phoneRevealed && m.canEdit && !m.phone.isEmpty ? """
             <form class="noprint inline" method="post" action="\(SitePath.householdPage(.value(m.id), .phone))">\(m.context.csrfField)<button class="secondary small" title="查看完整号码会被记录">显示</button></form>
            """ as HTML : "")</dd>
            <dt>补贴发放账号</dt><dd>\(m.account.isEmpty ? "未登记" : m.account)\(!m.accountRevealed && m.canEdit && !m.account.isEmpty ? """
             <form class="noprint inline" method="post" action="\(SitePath.householdPage(.value(m.id), .account))">\(m.context.csrfField)<button class="secondary small" title="查看完整账号会被记录">显示</button></form>
            """ as HTML : "")</dd>
            <dt>易地扶贫搬迁</dt><dd>\(m.relocated ? "是" : "否")</dd>
            <dt>住房安全等级</dt><dd>\(m.housingGrade)</dd>
            <dt>饮水安全</dt><dd>\(m.water)</dd>
            </dl></div>
            """
        let needsPanel: HTML = """
            <h2>两不愁三保障及饮水安全</h2><div class="panel">
            \(m.needs.map { n -> HTML in
                switch n.state {
                case "gap": "<div><span class=\"tag bad\">\(n.label)未保障</span> \(n.reason)</div>"
                case "unknown": "<div><span class=\"tag\">\(n.label)</span> 数据未采集</div>"
                default: "<div><span class=\"tag good\">\(n.label)已保障</span></div>"
                }
            }.joined())</div>
            """
        let memberRows: HTML = m.members.map { p -> HTML in
            let idCell: HTML = p.fullID.map { "\($0)" } ?? (!m.canEdit ? "\(p.maskedID)" : """
                \(p.maskedID) <form class="noprint inline" method="post" action="\(SitePath.personReveal(.value(p.id)))">\(m.context.csrfField)<button class="secondary small" title="查看完整号码会被记录">显示</button></form>
                """)
            return """
                <tr><td data-label="姓名">\(p.name)</td><td data-label="关系">\(p.relation)</td><td data-label="身份证号">\(idCell)</td>
                <td data-label="性别">\(p.sex)</td><td data-label="年龄" class="num">\(p.age)</td>
                <td data-label="劳动能力">\(p.labour)</td><td data-label="健康">\(p.health)</td>
                <td data-label="在校">\(p.education)</td><td data-label="医保">\(p.insured)</td>
                <td data-label="务工">\(p.employment)</td>
                <td data-label="状态">\(p.status)\(m.canEdit ? " <a class=\"noprint\" href=\"\(SitePath.personEdit(.value(p.id)))\">修改</a>" as HTML : "")</td></tr>
                """
        }.joined()
        let membersTable: HTML = """
            <h2>家庭成员（在册 \(m.memberCount) 人）</h2>
            <table class="stack"><thead><tr><th>姓名</th><th>与户主关系</th><th>身份证号</th><th>性别</th><th class="num">年龄</th><th>劳动能力</th><th>健康状况</th><th>在校生状况</th><th>基本医保</th><th>务工</th><th>状态</th></tr></thead>
            <tbody>\(memberRows)</tbody></table>
            """
        let incomeRows: HTML = m.incomes.map { r -> HTML in
            "<tr><td data-label=\"年度\">\(r.year)</td><td class=\"num\" data-label=\"人均纯收入\"><b>\(r.perCapita)</b></td><td class=\"num\" data-label=\"家庭纯收入\"><b>\(r.net)</b></td>\(zip(m.incomeFields, r.fields).map { label, f -> HTML in "<td class=\"num\" data-label=\"\(label)\">\(f)</td>" }.joined())</tr>"
        }.joined()
        let incomeTable: HTML = """
            <h2>家庭收入（元）</h2>
            \(m.incomes.isEmpty ? "<p class=\"muted\">尚未登记收入</p>" as HTML : """
            <table class="stack"><thead><tr><th>年度</th><th class="num">人均纯收入</th><th class="num">家庭纯收入</th>\(m.incomeFields.map { f -> HTML in "<th class=\"num\">\(f)</th>" }.joined())</tr></thead>
            <tbody>\(incomeRows)</tbody></table>
            """ as HTML)
            """
        let eventRows: HTML = m.events.map { e -> HTML in "<tr><td>\(e.date)</td><td>\(e.kind)</td><td>\(e.note)</td></tr>" }.joined()
        let historyRows: HTML = m.history.map { a -> HTML in
            "<tr><td class=\"small\">\(a.at)</td><td>\(a.username)</td><td>\(a.action)</td><td>\(a.summary)</td></tr>"
        }.joined()
        let historyPanel: HTML = """
            <h2>人口变动</h2>
            \(m.events.isEmpty ? "<p class=\"muted\">无人口变动记录</p>" as HTML : "<table><thead><tr><th>日期</th><th>类型</th><th>说明</th></tr></thead><tbody>\(eventRows)</tbody></table>" as HTML)
            <h2>操作记录</h2>
            <table><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>内容</th></tr></thead><tbody>\(historyRows)</tbody></table>
            """
        let actions: HTML = !m.isActive ? "<p class=\"flash bad\">本户已并入他户，档案保留备查。</p>" : m.canEdit ? """
            <div class="actions noprint"><a class="button" href="\(SitePath.householdPage(household, .edit))">修改户信息</a>
            <a class="button secondary" href="\(SitePath.householdPage(household, .newMember))">新增成员</a>
            <a class="button secondary" href="\(SitePath.householdPage(household, .income))">登记收入</a>
            <a class="button secondary" href="\(SitePath.householdPage(household, .changes))">分户/并户/迁村</a></div>
            """ : ""
        return Layout.page("\(m.householderName)户", context: m.context, crumbs: m.crumbs,
                           actions + facts + needsPanel + MonitoringSection.view(m.monitoringSection, context: m.context)
                               + EligibilityPanel.view(m.eligibility) + HelperPanel.view(m.helper, context: m.context)
                               + membersTable + incomeTable + historyPanel)
    }
}

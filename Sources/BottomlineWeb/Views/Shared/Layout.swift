import BottomlineDomain

/// The page frame: header with the user's place in the hierarchy, navigation by role, and the content.
enum Layout {
    /// A breadcrumb: a name, and the address it links to (none for the current page).
    typealias Crumb = (String, String?)

    static func page(_ title: String, context: PageContext, crumbs: [Crumb] = [], _ content: HTML) -> HTML {
        // The daily pages are links of their own; the ledgers go in groups that open on pointing or focus at a desk
        // and lie flat in the phone's menu. A group the user has one page of is that page's link.
        var groups: [(title: String?, links: [(String, String)])] = []
        if let user = context.viewer {
            var daily: [(String, String)] = []
            if user.readsRegistry {
                daily += [("首页", "\(SitePath.home)"), ("我的工作", "\(SitePath.work)"), ("农户名册", "\(SitePath.households)"), ("监测对象", "\(SitePath.monitoring)")]
            }
            daily.append(("筛查预警", "\(SitePath.warnings)"))
            if user.readsRegistry { daily.append(("指标", "\(SitePath.indicators)")) }
            groups.append((nil, daily))
            var money: [(String, String)] = []
            if user.readsRegistry { money += [("项目库", "\(SitePath.projects)"), ("项目资产", "\(SitePath.assets)")] }
            if user.readsFunds { money.append(("衔接资金", "\(SitePath.funds)")) }
            groups.append(("项目资金", money))
            groups.append(("帮扶台账", user.readsRegistry ? [("就业帮扶", "\(SitePath.jobs)"), ("防贫保险", "\(SitePath.insurance)")] : []))
            var supervision: [(String, String)] = []
            if user.readsRegistry { supervision += [("驻村帮扶", "\(SitePath.dispatch)"), ("问题整改", "\(SitePath.problems)")] }
            if user.readsPetitions { supervision.append(("涉贫信访", "\(SitePath.petitions)")) }
            groups.append(("督查", supervision))
            var data: [(String, String)] = []
            if user.canImport { data.append(("导入", "\(SitePath.importRegistry)")) }
            if user.seesScreening { data.append(("部门数据", "\(SitePath.screening)")) }
            if user.sendsBankFiles { data.append(("贷款余额报送", "\(SitePath.bankLoans)")) }
            if user.readsRegistry {
                data.append(("疑点核查", "\(SitePath.quality)"))
                // 政策调整测算 is a county's (or a city's, a province's) question.
                if user.regionCode.count <= 6 { data.append(("政策测算", "\(SitePath.whatIf)")) }
                data += [("区划", "\(SitePath.region(.value(user.regionCode)))"), ("政策参数", "\(SitePath.policy)"), ("操作记录", "\(SitePath.audit)")]
            }
            groups.append(("数据", data))
        }
        let nav: [HTML] = groups.map { group -> HTML in
            let links: HTML = group.links.map { "<a href=\"\($0.1)\">\($0.0)</a>" as HTML }.joined()
            guard let title = group.title, group.links.count > 1 else { return links }
            return "<span class=\"navgroup\"><button type=\"button\" class=\"navhead\" aria-haspopup=\"true\">\(title)</button><span class=\"navlinks\">\(links)</span></span>"
        }
        // One search box on every page for those who read the registry: a name, an ID number or a household number.
        let search: HTML = context.viewer?.readsRegistry == true
            ? "<form class=\"search\" method=\"get\" action=\"\(SitePath.households)\" role=\"search\"><input type=\"search\" name=\"q\" maxlength=\"30\" placeholder=\"姓名、身份证号或户编号\" aria-label=\"搜索农户\"></form>"
            : ""
        let who: HTML = context.viewer.map { u in
            "<a class=\"who\" href=\"\(SitePath.accountPassword)\" title=\"修改密码\">\(u.displayName)（\(u.roleLabel)）</a><form method=\"post\" action=\"\(SitePath.logout)\">\(context.csrfField)<button>退出</button></form>"
        } ?? ""
        let crumbTrail: HTML = crumbs.isEmpty ? "" : "<div class=\"crumbs\">\(crumbs.map { c -> HTML in c.1.map { "<a href=\"\($0)\">\(c.0)</a> › " } ?? "\(c.0)" }.joined())</div>"
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · 底线 防止返贫监测</title>
            <link rel="stylesheet" href="/static/app.css"><script src="/static/print.js" defer></script><script src="/static/upload.js" defer></script><script src="/static/locate.js" defer></script>
            </head><body>
            <header class="top"><a class="brand" href="\(SitePath.home)">底线 · 防止返贫动态监测</a>\(context.viewer == nil ? "" : "<input type=\"checkbox\" id=\"menu\" class=\"menu-toggle\"><label for=\"menu\" class=\"menu-button\">菜单</label>" as HTML)<div class="menu"><nav>\(nav.joined())</nav>\(search)\(who)</div></header>
            <main>\(crumbTrail)<h1>\(title)</h1>
            \(content)
            </main></body></html>
            """
    }

    /// A page of error messages with a way back.
    static func errors(_ title: String, context: PageContext, back: String, _ messages: [String]) -> HTML {
        page(title, context: context, """
            <div class="flash bad"><ul>\(messages.map { m -> HTML in "<li>\(m)</li>" }.joined())</ul></div>
            <p><a class="button secondary" href="\(back)">返回</a></p>
            """)
    }

    /// The page an error answers with: what went wrong, in Chinese, and the way home. `retry`: the page reloads itself
    /// after so many seconds (`upload.js`), and says so.
    static func failure(_ title: String, reason: String, context: PageContext, retry seconds: Int? = nil) -> HTML {
        let retry: HTML = seconds.map { "<p data-refresh=\"\($0)\" aria-live=\"polite\">本页将在\($0)秒后自动重试。</p>" } ?? ""
        return page(title, context: context, "<p class=\"flash bad\">\(reason)</p>\(retry)<p><a href=\"\(SitePath.home)\">返回首页</a></p>")
    }
}

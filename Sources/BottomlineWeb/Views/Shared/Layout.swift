import BottomlineDomain

/// The page frame: header with the user's place in the hierarchy, navigation by role, and the content.
enum Layout {
    /// A breadcrumb: a name, and the address it links to (none for the current page).
    typealias Crumb = (String, String?)

    static func page(_ title: String, context: PageContext, crumbs: [Crumb] = [], _ content: HTML) -> HTML {
        var nav: [HTML] = []
        if let user = context.viewer {
            if user.readsRegistry {
                nav.append("<a href=\"\(SitePath.home)\">首页</a>")
                nav.append("<a href=\"\(SitePath.region(.value(user.regionCode)))\">区划</a>")
                nav.append("<a href=\"\(SitePath.work)\">我的工作</a>")
                nav.append("<a href=\"\(SitePath.households)\">农户名册</a>")
                nav.append("<a href=\"\(SitePath.monitoring)\">监测对象</a>")
            }
            nav.append("<a href=\"\(SitePath.warnings)\">筛查预警</a>")
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.indicators)\">指标</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.projects)\">项目库</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.assets)\">项目资产</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.jobs)\">就业帮扶</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.insurance)\">防贫保险</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.dispatch)\">驻村帮扶</a>") }
            if user.readsRegistry { nav.append("<a href=\"\(SitePath.problems)\">问题整改</a>") }
            if user.readsPetitions { nav.append("<a href=\"\(SitePath.petitions)\">涉贫信访</a>") }
            if user.readsFunds { nav.append("<a href=\"\(SitePath.funds)\">衔接资金</a>") }
            if user.canImport { nav.append("<a href=\"\(SitePath.importRegistry)\">导入</a>") }
            if user.seesScreening { nav.append("<a href=\"\(SitePath.screening)\">部门数据</a>") }
            if user.sendsBankFiles { nav.append("<a href=\"\(SitePath.bankLoans)\">贷款余额报送</a>") }
            if user.readsRegistry {
                nav.append("<a href=\"\(SitePath.policy)\">政策参数</a>")
                nav.append("<a href=\"\(SitePath.audit)\">操作记录</a>")
            }
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

    /// The page an error answers with: what went wrong, in Chinese, and the way home.
    static func failure(_ title: String, reason: String, context: PageContext) -> HTML {
        page(title, context: context, "<p class=\"flash bad\">\(reason)</p><p><a href=\"\(SitePath.home)\">返回首页</a></p>")
    }
}

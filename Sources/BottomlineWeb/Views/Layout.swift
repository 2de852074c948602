import BottomlineDomain
import BottomlinePersistence
import Vapor

/// The page frame: header with the user's place in the hierarchy, navigation by role, and the content.
enum Layout {
    static func page(_ title: String, request: Request, crumbs: [(String, String?)] = [], _ content: HTML) -> HTML {
        let user = request.auth.get(UserRecord.self)
        var nav: [HTML] = []
        if let user {
            nav.append("<a href=\"/\">首页</a>")
            nav.append("<a href=\"/regions/\(user.regionCode)\">区划</a>")
            nav.append("<a href=\"/work\">我的工作</a>")
            nav.append("<a href=\"/households\">农户名册</a>")
            nav.append("<a href=\"/monitoring\">监测对象</a>")
            nav.append("<a href=\"/warnings\">筛查预警</a>")
            nav.append("<a href=\"/indicators\">指标</a>")
            if user.roleValue.canImport { nav.append("<a href=\"/import\">导入</a>") }
            if [.admin, .county, .department].contains(user.roleValue) { nav.append("<a href=\"/screening\">部门数据</a>") }
            nav.append("<a href=\"/policy\">政策参数</a>")
            nav.append("<a href=\"/audit\">操作记录</a>")
        }
        let who: HTML = user.map { u in
            "<span class=\"who\">\(u.displayName)（\(u.roleValue.label)）</span><form method=\"post\" action=\"/logout\">\(CSRF.field(for: request))<button>退出</button></form>"
        } ?? ""
        let crumbTrail: HTML = crumbs.isEmpty ? "" : "<div class=\"crumbs\">\(crumbs.map { c -> HTML in c.1.map { "<a href=\"\($0)\">\(c.0)</a> › " } ?? "\(c.0)" }.joined())</div>"
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · 底线 防止返贫监测</title>
            <link rel="stylesheet" href="/static/app.css">
            </head><body>
            <header class="top"><a class="brand" href="/">底线 · 防止返贫动态监测</a><nav>\(nav.joined())</nav>\(who)</header>
            <main>\(crumbTrail)<h1>\(title)</h1>
            \(content)
            </main></body></html>
            """
    }

    /// An indicator as a page shows it: counts with thousands separators, rates and averages as the catalogue prints them.
    static func figure(_ indicator: Indicator, _ counts: Counts) -> String {
        guard indicator.denominator == nil, let v = indicator.value(counts) else { return indicator.text(counts) }
        return number(Int(v.rounded()))
    }

    static func number(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

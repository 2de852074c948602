extension Login {
    static func view(_ m: Model) -> HTML {
        """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>登录 · 底线</title><link rel="stylesheet" href="/static/app.css"></head><body>
        <main class="login"><div class="panel"><h1>底线 · 防止返贫动态监测</h1>
        \(m.error.map { "<p class=\"flash bad\">\($0)</p>" as HTML } ?? "")
        <form method="post" action="\(SitePath.login)">\(PageContext(viewer: nil, csrf: m.csrf).csrfField)
        <input type="hidden" name="next" value="\(m.next)">
        <label for="u">用户名</label><input id="u" name="username" value="\(m.username)" autocomplete="username" required autofocus>
        <label for="p">密码</label><input id="p" name="password" type="password" autocomplete="current-password" required>
        <button>登录</button></form></div></main></body></html>
        """
    }
}

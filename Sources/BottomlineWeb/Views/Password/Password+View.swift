import BottomlineDomain

extension PasswordPage {
    static func view(_ m: Model) -> HTML {
        let body: HTML = m.saved ? """
            <p class="flash">密码已修改。您在其他设备上的登录已全部退出，本机保持登录。</p>
            """ : """
            \(FormView.summary(m.errors))
            <form method="post" action="\(SitePath.accountPassword)" class="panel">\(m.context.csrfField)
            <input type="hidden" name="username" value="\(m.username)" autocomplete="username">
            \(FormView.text("current", "当前密码", value: "", errors: m.errors, type: "password", required: true, maxLength: 72))
            \(FormView.text("new", "新密码", value: "", errors: m.errors, type: "password", required: true,
                            hint: "8至72位，须含字母和数字，不能包含用户名，不能是常见密码", maxLength: 72))
            \(FormView.text("repeated", "再次输入新密码", value: "", errors: m.errors, type: "password", required: true, maxLength: 72))
            <button>修改密码</button></form>
            <p class="small muted">修改后，您在其他电脑和手机上的登录会全部退出。</p>
            """
        return Layout.page("修改密码", context: m.context, body)
    }
}

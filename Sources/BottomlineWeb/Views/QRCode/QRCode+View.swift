import BottomlineDomain

extension QRCodePage {
    static func view(_ m: Model) -> HTML {
        let code = SitePath.Slot.value(m.villageCode)
        let poster: HTML
        if let url = m.url {
            poster = """
                <div class="panel qr"><img src="\(SitePath.regionQRImage(code, .svg))" alt="\(m.villageName)农户自主申报二维码" width="320" height="320">
                <h2>\(m.villageName) 防止返贫 农户自主申报</h2><p>微信或手机浏览器扫码，填写申报信息</p>
                \(m.phone.map { "<p>村委会电话：\($0)</p>" as HTML } ?? "")<p class="small">\(url)</p></div>
                <p class="noprint"><a class="button" href="\(SitePath.regionQRImage(code, .png))" download>下载 PNG</a> <a class="button secondary" href="\(SitePath.regionQRImage(code, .svg))" download>下载 SVG</a>
                使用浏览器“打印”可直接打印本页张贴。</p>
                """
        } else {
            poster = """
                <p class="flash bad">尚未设置服务器对外地址（农户手机能访问到的地址），暂不能生成二维码。\(m.mayEditURL ? "请在下方设置。" : "请联系系统管理员设置。")</p>
                """
        }
        var fields: [HTML] = []
        if m.mayEditPhone {
            fields.append(FormView.text("phone", "村委会联系电话（农户申报页提交受限时显示）", value: m.values["phone"] ?? m.phone ?? "", errors: m.errors, type: "tel", maxLength: 20))
        }
        if m.mayEditURL && !m.urlFixedByEnvironment {
            fields.append(FormView.text("publicURL", "服务器对外地址（全部二维码使用）", value: m.values["publicURL"] ?? m.publicURL, errors: m.errors,
                                        hint: "农户手机能访问到的地址，例如 http://10.1.2.3:8080", maxLength: 200))
        }
        let form: HTML = fields.isEmpty ? "" : """
            <form method="post" action="\(SitePath.regionQR(code))" class="panel noprint">\(m.context.csrfField)
            \(fields)<button>保存</button></form>
            """
        return Layout.page("\(m.villageName) 农户自主申报二维码", context: m.context, crumbs: [(m.villageName, "\(SitePath.region(code))")], """
            \(m.saved ? "<p class=\"flash noprint\">已保存。</p>" as HTML : "")\(FormView.summary(m.errors))\(poster)\(form)
            """)
    }
}

extension QRCodePage {
    static func view(_ m: Model) -> HTML {
        let code = SitePath.Slot.value(m.villageCode)
        return Layout.page("\(m.villageName) 农户自主申报二维码", context: m.context, crumbs: [(m.villageName, "\(SitePath.region(code))")], """
            <div class="panel qr"><img src="\(SitePath.regionQRImage(code, .svg))" alt="\(m.villageName)农户自主申报二维码" width="320" height="320">
            <h2>\(m.villageName) 防止返贫 农户自主申报</h2><p>微信或手机浏览器扫码，填写申报信息</p><p class="small">\(m.url)</p></div>
            <p class="noprint"><a class="button" href="\(SitePath.regionQRImage(code, .png))" download>下载 PNG</a> <a class="button secondary" href="\(SitePath.regionQRImage(code, .svg))" download>下载 SVG</a>
            使用浏览器“打印”可直接打印本页张贴。服务器对外地址可用环境变量 BOTTOMLINE_PUBLIC_URL 设置。</p>
            """)
    }
}

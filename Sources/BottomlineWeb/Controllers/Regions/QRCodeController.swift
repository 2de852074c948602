import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// A village's declaration QR code, for its cadres to print and post: the page, and the code as SVG or PNG.
enum QRCodeController {
    static func declarationURL(_ req: Request, village: RegionCode) -> String {
        var base = req.application.configuration.publicURL ?? ""
        if base.isEmpty {
            let host = req.headers.first(name: .host) ?? "localhost:8080"
            base = "http://" + (host.allSatisfy { $0.isLetter || $0.isNumber || ".:-[]".contains($0) } ? host : "localhost:8080")
        }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/declare/" + village.digits
    }

    static func page(_ req: Request) async throws -> HTML {
        let (code, record) = try await req.scopedVillage()
        let url = declarationURL(req, village: code)
        return req.page("\(record.name) 农户自主申报二维码", crumbs: [(record.name, "/regions/\(code.digits)")], """
            <div class="panel qr"><img src="/regions/\(code.digits)/qr.svg" alt="\(record.name)农户自主申报二维码" width="320" height="320">
            <h2>\(record.name) 防止返贫 农户自主申报</h2><p>微信或手机浏览器扫码，填写申报信息</p><p class="small">\(url)</p></div>
            <p class="noprint"><a class="button" href="/regions/\(code.digits)/qr.png" download>下载 PNG</a> <a class="button secondary" href="/regions/\(code.digits)/qr.svg" download>下载 SVG</a>
            使用浏览器“打印”可直接打印本页张贴。服务器对外地址可用环境变量 BOTTOMLINE_PUBLIC_URL 设置。</p>
            """)
    }

    static func image(_ req: Request) async throws -> Response {
        let (code, _) = try await req.scopedVillage()
        let qr = try QRCode(declarationURL(req, village: code))
        var headers = HTTPHeaders()
        if req.url.path.hasSuffix(".png") {
            headers.contentType = .png
            return Response(status: .ok, headers: headers, body: .init(data: Data(qr.png(moduleSize: 10))))
        }
        headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        return Response(status: .ok, headers: headers, body: .init(string: qr.svg()))
    }
}

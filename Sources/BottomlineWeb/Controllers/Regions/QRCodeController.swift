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
        return base + "\(SitePath.declare(.value(village.digits)))"
    }

    static func page(_ req: Request) async throws -> HTML {
        let (code, record) = try await req.scopedVillage()
        return QRCodePage.view(.init(context: req.pageContext(), villageCode: code.digits, villageName: record.name,
                                     url: declarationURL(req, village: code)))
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

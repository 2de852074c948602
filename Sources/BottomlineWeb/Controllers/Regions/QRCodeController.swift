import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Vapor

/// A village's declaration QR code, for its cadres to print and post: the page (with the village's contact phone and,
/// for an administrator, the site's public address), and the code as SVG or PNG.
enum QRCodeController {
    /// The address the code carries: `BOTTOMLINE_PUBLIC_URL`, else the one an administrator saved; never the Host
    /// header of whoever asked, which a proxy or a crafted request decides.
    static func declarationURL(_ req: Request, village: RegionCode) async throws -> String? {
        guard let base = try await publicURL(req) else { return nil }
        return base + "\(SitePath.declare(.value(village.digits)))"
    }

    static func publicURL(_ req: Request) async throws -> String? {
        if let fixed = req.application.configuration.publicURL { return fixed.hasSuffix("/") ? String(fixed.dropLast()) : fixed }
        return try await SiteSettings.publicURL(on: req.db)
    }

    static func page(_ req: Request) async throws -> HTML {
        try await page(req, values: [:], errors: [:])
    }

    static func page(_ req: Request, values: FormValues, errors: FieldErrors, saved: Bool = false) async throws -> HTML {
        let (code, record) = try await req.scopedVillage()
        let user = try req.user
        return QRCodePage.view(.init(context: req.pageContext(), villageCode: code.digits, villageName: record.name,
                                     url: try await declarationURL(req, village: code), phone: try await SiteSettings.contactPhone(of: code.digits, on: req.db),
                                     mayEditPhone: user.roleValue.canEditRegistry, mayEditURL: user.roleValue == .admin,
                                     urlFixedByEnvironment: req.application.configuration.publicURL != nil,
                                     publicURL: try await publicURL(req) ?? "", values: values, errors: errors, saved: saved))
    }

    /// `POST /regions/{code}/qr`: the village's contact phone, and (administrators) the public address.
    static func save(_ req: Request) async throws -> Response {
        let (_, record) = try await req.scopedVillage()
        let values: FormValues = try req.decodeForm([String: String].self)
        do {
            if let phone = values["phone"] {
                try await SiteSettings.setContactPhone(String(phone.prefix(40)), village: record, registry: req.registry)
            }
            if let url = values["publicURL"], try req.user.roleValue == .admin, req.application.configuration.publicURL == nil {
                try await SiteSettings.setPublicURL(String(url.prefix(300)), actor: req.actor, on: req.db)
            }
        } catch let p as FieldProblems {
            return try await page(req, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return try await page(req, values: [:], errors: [:], saved: true).encodeResponse(for: req)
    }

    static func image(_ req: Request) async throws -> Response {
        let (code, _) = try await req.scopedVillage()
        guard let url = try await declarationURL(req, village: code) else {
            throw Abort(.notFound, reason: "尚未设置服务器对外地址，无法生成二维码；请系统管理员在二维码页面设置")
        }
        let qr = try QRCode(url)
        var headers = HTTPHeaders()
        if req.url.path.hasSuffix(".png") {
            headers.contentType = .png
            return Response(status: .ok, headers: headers, body: .init(data: Data(qr.png(moduleSize: 10))))
        }
        headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        return Response(status: .ok, headers: headers, body: .init(string: qr.svg()))
    }
}

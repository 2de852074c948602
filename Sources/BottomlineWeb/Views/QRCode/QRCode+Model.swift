import BottomlineDomain

/// A village's declaration QR code page, to print and post.
enum QRCodePage {
    struct Model: Sendable {
        var context: PageContext
        var villageCode: String
        var villageName: String
        /// The address the code carries; nil until the site's public address is set.
        var url: String?
        /// The village's phone, shown to a farmer the declaration page turns away.
        var phone: String?
        var mayEditPhone = false
        var mayEditURL = false
        /// `BOTTOMLINE_PUBLIC_URL` is set: the address is not edited here.
        var urlFixedByEnvironment = false
        var publicURL = ""
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
        var saved = false
    }
}

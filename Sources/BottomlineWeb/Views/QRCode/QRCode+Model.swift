/// A village's declaration QR code page, to print and post.
enum QRCodePage {
    struct Model: Sendable {
        var context: PageContext
        var villageCode: String
        var villageName: String
        /// The address the code carries.
        var url: String
    }
}

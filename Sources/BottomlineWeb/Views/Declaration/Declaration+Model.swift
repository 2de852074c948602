import BottomlineDomain

/// 农户自主申报: the public page behind a village's QR code — the form, or the receipt once a declaration is in.
enum DeclarationPage {
    struct Model: Sendable {
        struct Receipt: Sendable {
            var number: String
            var dueOn: String
        }

        /// Too many declarations from this phone's address or for this ID number: when to try again, whom to call.
        struct Pause: Sendable {
            var minutes: Int
            var phone: String?
        }

        var csrf: String
        var villageCode: String
        var villageName: String
        var difficulties: [(value: String, label: String)]
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
        var receipt: Receipt?
        var pause: Pause?
    }
}

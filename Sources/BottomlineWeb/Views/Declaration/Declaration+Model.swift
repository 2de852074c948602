import BottomlineDomain

/// 农户自主申报: the public page behind a village's QR code — the form, or the receipt once a declaration is in.
enum DeclarationPage {
    struct Model: Sendable {
        struct Receipt: Sendable {
            var number: String
            var dueOn: String
            /// The household's situation had been reported before; this declaration joined that clue.
            var merged: Bool
        }

        var csrf: String
        var villageCode: String
        var villageName: String
        var difficulties: [(value: String, label: String)]
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
        var receipt: Receipt?
    }
}

/// The sign-in form.
enum Login {
    struct Model: Sendable {
        var csrf: String
        /// Where to go after signing in.
        var next: String
        var username: String
        var error: String?
    }
}

import BottomlineDomain

/// 修改密码: one's own password, the current one first.
enum PasswordPage {
    struct Model: Sendable {
        var context: PageContext
        var username: String
        var errors: FieldErrors = [:]
        var saved = false
    }
}

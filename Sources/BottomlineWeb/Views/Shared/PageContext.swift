/// What every page's frame needs to know of the request: who is signed in (for the navigation and the sign-out
/// button) and the session's form token. Built once per request by the controller; views read it, never the request.
struct PageContext: Sendable {
    struct Viewer: Sendable {
        var displayName: String
        var roleLabel: String
        var regionCode: String
        var canImport: Bool
        var readsRegistry = true
        /// Department data officers, county and system administrators upload and read departments' files.
        var seesScreening: Bool
        /// County users, leaders and administrators read the county's 衔接资金 ledger.
        var readsFunds = false
        /// A bank's data officer sends its bank's 小额信贷 files.
        var sendsBankFiles = false
        /// County and township staff handle 涉贫信访; leaders read it.
        var readsPetitions = false
    }

    var viewer: Viewer?
    /// The session's CSRF token; empty on a page that has no form.
    var csrf: String

    /// The hidden field every form carries.
    var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">" }
}

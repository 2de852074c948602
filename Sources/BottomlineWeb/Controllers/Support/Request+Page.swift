import BottomlineDomain
import BottomlinePersistence
import Vapor

extension Request {
    /// The page frame's view of this request. A signed-in user's pages always carry the form token (the sign-out
    /// button is a form); a stranger's only when the page has a form, so an error page stores no session.
    func pageContext(forms: Bool = false) -> PageContext {
        guard let user = auth.get(UserRecord.self) else { return PageContext(viewer: nil, csrf: forms ? CSRF.token(for: self) : "") }
        let role = user.roleValue
        return PageContext(viewer: .init(displayName: user.displayName, roleLabel: role.label, regionCode: user.regionCode,
                                         canImport: role.canImport, readsRegistry: role.readsRegistry,
                                         seesScreening: [.admin, .county, .department].contains(role),
                                         readsFunds: role.readsFunds && user.region.level <= .county,
                                         sendsBankFiles: role == .department && user.bank != nil,
                                         readsPetitions: [.county, .township, .leader, .admin].contains(role)),
                           csrf: CSRF.token(for: self))
    }

    /// A page of error messages with a way back, answered with `status`.
    func errorPage(_ title: String, back: String, _ messages: [String], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        try await Layout.errors(title, context: pageContext(), back: back, messages).encodeResponse(status: status, for: self)
    }
}

import BottomlineDomain
import BottomlinePersistence
import Vapor

/// Reading what a request sends: form fields, ids in the path, numbers in the query. Nothing here traps on input.
extension Request {
    /// A form's fields by name; a malformed body is a 400 in Chinese.
    func formValues() throws -> FormValues {
        do { return try content.decode([String: String].self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误") }
    }

    /// The `id` in the path as a UUID; anything else is the same 404 as a record outside the jurisdiction.
    func idParameter(_ what: String) async throws -> UUID {
        let raw = parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw try await notFoundLogged(what, id: raw) }
        return id
    }

    /// A text filter from the query string.
    func queryText(_ name: String) -> String? { try? query.get(String.self, at: name) }

    /// A page number from the query string, 1 … 100,000.
    var pageNumber: Int { max(1, min((try? query.get(Int.self, at: "page")) ?? 1, 100_000)) }
}

extension Request {
    /// The registry filters of the household list, its export and the API (`region`, `category`, `gap`, `q`, `monitored`,
    /// `noLabour`).
    var householdFilter: HouseholdList.Filter {
        .init(region: queryText("region"), category: queryText("category"), gap: queryText("gap"), q: queryText("q"),
              monitored: queryText("monitored") == "true", noLabour: queryText("noLabour") == "true")
    }
}

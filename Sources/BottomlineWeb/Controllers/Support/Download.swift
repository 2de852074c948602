import Vapor

/// A file to download: an ASCII name for old browsers and the Chinese name (RFC 5987) for the rest.
enum Download {
    static let xlsx = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    static let csv = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])

    static func response(_ data: Data, type: HTTPMediaType, asciiName: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

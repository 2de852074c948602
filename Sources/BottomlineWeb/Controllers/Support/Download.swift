import Vapor

/// A file to download, named as RFC 6266 asks: an ASCII name for old browsers and the Chinese name, percent-encoded
/// (RFC 5987), for the rest. Every download goes through here, so no name a user or a department chose — a filename
/// with CR LF, quotes or non-ASCII — can reach the response headers raw.
enum Download {
    static let xlsx = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    static let csv = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])

    static func response(_ data: Data, type: HTTPMediaType, asciiName: String, name: String) -> Response {
        let asciiName = String(asciiName.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "\\" }.prefix(100))
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

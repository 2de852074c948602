/// 附件 (issue 17 §4): photos and scanned documents kept as evidence — 整改 evidence, signed 承诺授权书, 评议 minutes,
/// 公示 photos. Only what an office scans or photographs is taken: JPEG and PNG pictures and PDF documents, each
/// recognised by its first bytes, never by its name alone, and never anything a browser or a desktop would run.
public enum AttachmentKind: String, Sendable, CaseIterable {
    case jpeg, png, pdf

    public var label: String {
        switch self {
        case .jpeg: "JPEG图片"
        case .png: "PNG图片"
        case .pdf: "PDF文件"
        }
    }

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }

    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        case .png: ["png"]
        case .pdf: ["pdf"]
        }
    }

    /// The most a file may be: a phone photo is 2–6 MB, a scanned page under 1 MB.
    public static let maxBytes = 10 * 1024 * 1024

    /// What the first bytes say the file is; nil for anything else.
    public static func sniff(_ head: [UInt8]) -> AttachmentKind? {
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    /// The kind a file named `filename` whose content begins with `head` is, or why it is refused.
    public static func check(filename: String, head: [UInt8], bytes: Int) -> Result<AttachmentKind, FieldProblem> {
        let allowed = "只能上传JPG、PNG照片或PDF文件"
        guard bytes > 0 else { return .failure(FieldProblem("文件是空的")) }
        guard bytes <= maxBytes else { return .failure(FieldProblem("文件超过\(maxBytes / 1024 / 1024) MB，请压缩后再上传")) }
        let ext = filename.split(separator: ".").count > 1 ? String(filename.split(separator: ".").last!).lowercased() : ""
        guard let named = allCases.first(where: { $0.extensions.contains(ext) }) else { return .failure(FieldProblem(allowed)) }
        guard let found = sniff(head) else { return .failure(FieldProblem("文件内容不是\(named.label)：请确认文件没有被改名或损坏（\(allowed)）")) }
        guard found == named else { return .failure(FieldProblem("文件名是.\(ext)，内容却是\(found.label)：请改正文件名后再上传")) }
        return .success(found)
    }

    /// A name safe to keep and to show: the last path component, no control characters, at most 100 characters.
    public static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = last.unicodeScalars.filter { $0.properties.generalCategory != .control && !"<>\"".unicodeScalars.contains($0) }
        let name = String(String.UnicodeScalarView(kept)).trimmingASCIISpaces()
        return String(name.suffix(100))
    }
}

import Foundation

/// Page snapshots: a page's HTML compared with a committed file, so that a change meant to move code and not pages
/// shows every page it did change. Set `BOTTOMLINE_RECORD_SNAPSHOTS=1` to write the files anew (then read the diff).
public enum PageSnapshot {
    /// What varies from run to run and says nothing about the page: form tokens, record ids (numbered in order of
    /// first appearance, so links still show which record they point to), and clock times of the real day.
    public static func normalized(_ html: String) -> String {
        var out = html
        out = replace(#"name="_csrf" value="[^"]*""#, in: out) { _ in #"name="_csrf" value="{csrf}""# }
        var ids: [String: Int] = [:]
        out = replace(#"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, in: out) { id in
            let key = id.lowercased()
            if ids[key] == nil { ids[key] = ids.count + 1 }
            return "{id\(ids[key]!)}"
        }
        out = replace(#"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"#, in: out) { _ in "{time}" }
        return out
    }

    /// Compares `html` with `<folder>/<name>.html`; returns a message describing the first difference, or nil.
    /// A missing file is written and reported, so a new page's snapshot is recorded on its first run and read before commit.
    public static func verify(_ html: String, named name: String, in folder: URL) -> String? {
        let actual = normalized(html)
        let file = folder.appendingPathComponent(name + ".html")
        let record = ProcessInfo.processInfo.environment["BOTTOMLINE_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return record ? nil : "snapshot \(name) was missing and has been recorded; run again"
        }
        guard expected != actual else { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let was = line < a.count ? String(a[line]) : "(end of file)"
        let now = line < b.count ? String(b[line]) : "(end of file)"
        try? actual.write(to: folder.appendingPathComponent(name + ".actual.html"), atomically: true, encoding: .utf8)
        return "snapshot \(name) differs at line \(line + 1):\n  expected: \(was.prefix(400))\n  actual:   \(now.prefix(400))"
    }

    static func replace(_ pattern: String, in text: String, with transform: (String) -> String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            out += transform(ns.substring(with: match.range))
            last = match.range.location + match.range.length
        }
        out += ns.substring(from: last)
        return out
    }
}

import BottomlineDomain

/// HTML built by string interpolation that escapes every interpolated value unless it is itself `HTML`.
/// Escaping by default means a name like `<script>` from an import shows as text, never as markup.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(raw: String) { text = raw }
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ html: HTML) { text += html.text }
        public mutating func appendInterpolation(_ items: [HTML]) { for item in items { text += item.text } }
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: String?) { text += HTML.escape(value ?? "") }
        public mutating func appendInterpolation<T: BinaryInteger>(_ value: T) { text += String(value) }
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    public var description: String { text }
    public static func + (a: HTML, b: HTML) -> HTML { HTML(raw: a.text + b.text) }
}

extension Array where Element == HTML {
    public func joined() -> HTML { HTML(raw: map(\.text).joined()) }
}

extension HTML.Interpolation {
    public mutating func appendInterpolation(_ date: CivilDate) { appendInterpolation(date.description) }
}

extension HTML.Interpolation {
    /// A site address, as written in links and form actions.
    mutating func appendInterpolation(_ path: SitePath) { appendInterpolation(path.description) }
}

import BottomlineDomain
import Foundation

/// Charts drawn on the server as SVG: no script, no external file, they print and work offline. Presentation
/// attributes only (the pages' security policy forbids inline styles).
enum Charts {
    struct Bar {
        var label: String
        var value: Double
        var text: String
        /// Drawn in the warning colour (a unit named in a 提示函).
        var flagged = false
    }

    /// Horizontal bars, one per unit, longest = the largest value.
    static func bars(_ bars: [Bar], title: String) -> HTML {
        let rowHeight = 22.0, labelWidth = 120.0, barWidth = 420.0, valueWidth = 70.0
        let top = 26.0
        let height = top + Double(bars.count) * rowHeight + 8
        let width = labelWidth + barWidth + valueWidth
        let largest = max(bars.map(\.value).max() ?? 0, 1e-9)
        var body: HTML = ""
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let w = max(0, bar.value / largest * barWidth)
            body = body + """
                <text x="\(Int(labelWidth - 6))" y="\(Int(y + 15))" text-anchor="end" font-size="12" fill="#333">\(bar.label)</text>\
                <rect x="\(Int(labelWidth))" y="\(Int(y + 4))" width="\(Int(w.rounded()))" height="\(Int(rowHeight - 8))" fill="\(bar.flagged ? "#c0392b" : "#2f6fb0")"><title>\(bar.label)：\(bar.text)</title></rect>\
                <text x="\(Int(labelWidth + w + 4))" y="\(Int(y + 15))" font-size="12" fill="#333">\(bar.text)</text>
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-label="\(title)">\
            <text x="0" y="16" font-size="14" font-weight="bold" fill="#222">\(title)</text>\(body)</svg></figure>
            """
    }

    /// Two bars a unit, one beneath the other (today's figure and a tried one), on one scale, with a legend.
    static func pairs(_ units: [(label: String, first: Int, second: Int)], legend: (String, String), title: String) -> HTML {
        let rowHeight = 30.0, labelWidth = 120.0, barWidth = 400.0, valueWidth = 80.0, top = 44.0
        let height = top + Double(units.count) * rowHeight + 8, width = labelWidth + barWidth + valueWidth
        let largest = Double(max(units.map { max($0.first, $0.second) }.max() ?? 0, 1))
        var body: HTML = ""
        for (i, u) in units.enumerated() {
            let y = top + Double(i) * rowHeight
            let w1 = Double(u.first) / largest * barWidth, w2 = Double(u.second) / largest * barWidth
            body = body + """
                <text x="\(Int(labelWidth - 6))" y="\(Int(y + 17))" text-anchor="end" font-size="12" fill="#333">\(u.label)</text>\
                <rect x="\(Int(labelWidth))" y="\(Int(y + 3))" width="\(Int(w1.rounded()))" height="11" fill="#9aa5b1"><title>\(u.label) \(legend.0)：\(u.first)</title></rect>\
                <text x="\(Int(labelWidth + w1 + 4))" y="\(Int(y + 13))" font-size="11" fill="#555">\(u.first)</text>\
                <rect x="\(Int(labelWidth))" y="\(Int(y + 15))" width="\(Int(w2.rounded()))" height="11" fill="#2f6fb0"><title>\(u.label) \(legend.1)：\(u.second)</title></rect>\
                <text x="\(Int(labelWidth + w2 + 4))" y="\(Int(y + 25))" font-size="11" fill="#333">\(u.second)</text>
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-label="\(title)">\
            <text x="0" y="16" font-size="14" font-weight="bold" fill="#222">\(title)</text>\
            <rect x="0" y="24" width="12" height="12" fill="#9aa5b1"/><text x="16" y="35" font-size="12" fill="#333">\(legend.0)</text>\
            <rect x="200" y="24" width="12" height="12" fill="#2f6fb0"/><text x="216" y="35" font-size="12" fill="#333">\(legend.1)</text>\(body)</svg></figure>
            """
    }

    /// One bar split into parts (category stacks, income bands), with a legend.
    static func stack(_ parts: [(label: String, value: Int, colour: String)], title: String) -> HTML {
        let total = max(parts.reduce(0) { $0 + $1.value }, 1)
        let width = 600.0
        var x = 0.0
        var body: HTML = ""
        var legend: HTML = ""
        for (i, p) in parts.enumerated() {
            let w = Double(p.value) / Double(total) * width
            body = body + "<rect x=\"\(Int(x.rounded()))\" y=\"24\" width=\"\(Int(w.rounded()))\" height=\"24\" fill=\"\(p.colour)\"><title>\(p.label)：\(p.value)</title></rect>"
            x += w
            let lx = Int(i) * 200
            legend = legend + "<rect x=\"\(lx)\" y=\"58\" width=\"12\" height=\"12\" fill=\"\(p.colour)\"/><text x=\"\(lx + 16)\" y=\"69\" font-size=\"12\" fill=\"#333\">\(p.label) \(p.value)（\(Indicator.percent(Double(p.value) / Double(total)))）</text>"
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(Int(width)) 78" width="100%" role="img" aria-label="\(title)">\
            <text x="0" y="16" font-size="14" font-weight="bold" fill="#222">\(title)</text>\(body)\(legend)</svg></figure>
            """
    }

    /// A line over months (the frozen month-end figures), with each point labelled.
    static func line(_ points: [(label: String, value: Double, text: String)], title: String) -> HTML {
        guard points.count >= 2 else { return "" }
        let width = 600.0, height = 190.0, left = 40.0, right = 20.0, top = 40.0, bottom = 30.0
        let hi = max(points.map(\.value).max() ?? 0, 1e-9), lo = min(points.map(\.value).min() ?? 0, 0)
        let step = (width - left - right) / Double(points.count - 1)
        func y(_ v: Double) -> Double { top + (1 - (v - lo) / max(hi - lo, 1e-9)) * (height - top - bottom) }
        let coordinates = points.enumerated().map { i, p in "\(Int(left + Double(i) * step)),\(Int(y(p.value)))" }.joined(separator: " ")
        var marks: HTML = ""
        for (i, p) in points.enumerated() {
            let x = Int(left + Double(i) * step), py = Int(y(p.value))
            marks = marks + "<circle cx=\"\(x)\" cy=\"\(py)\" r=\"3\" fill=\"#2f6fb0\"><title>\(p.label)：\(p.text)</title></circle>"
                + "<text x=\"\(x)\" y=\"\(py - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">\(p.text)</text>"
                + "<text x=\"\(x)\" y=\"\(Int(height - 8))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(p.label)</text>"
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-label="\(title)">\
            <text x="0" y="16" font-size="14" font-weight="bold" fill="#222">\(title)</text>\
            <polyline points="\(coordinates)" fill="none" stroke="#2f6fb0" stroke-width="2"/>\(marks)</svg></figure>
            """
    }
}

import Foundation
import ZIPFoundation

/// Writes Office Open XML workbooks that LibreOffice and Excel open with Chinese intact: text as inline strings,
/// numbers as numbers, optional title rows, merged cells, bold headers and column widths.
public struct XLSXWorkbook: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int64)
        /// A fraction shown as a percentage (0.615 → 61.5%).
        case percent(Double)
        case empty
    }

    public enum Style: Int, Sendable {
        case normal = 0, bold = 1, title = 2, percent = 3, header = 4
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        /// Style per row index (defaults to normal; percent cells always use the percent style).
        public var rowStyles: [Int: Style]
        /// Merged ranges such as "A1:F1".
        public var merges: [String]
        /// Column widths in characters.
        public var columnWidths: [Double]

        public init(name: String, rows: [[Cell]] = [], rowStyles: [Int: Style] = [:], merges: [String] = [],
                    columnWidths: [Double] = []) {
            self.name = name
            self.rows = rows
            self.rowStyles = rowStyles
            self.merges = merges
            self.columnWidths = columnWidths
        }
    }

    public var sheets: [Sheet]
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// One sheet with a bold header row, the common case for exported lists.
    public static func list(name: String, header: [String], rows: [[Cell]]) -> XLSXWorkbook {
        let widths = header.indices.map { column -> Double in
            let longest = ([header[column]] + rows.prefix(200).compactMap { row -> String? in
                guard column < row.count, case .text(let t) = row[column] else { return nil }
                return t
            }).map(\.displayWidth).max() ?? 8
            return min(max(Double(longest) + 2, 8), 60)
        }
        return XLSXWorkbook(sheets: [Sheet(name: name, rows: [header.map(Cell.text)] + rows, rowStyles: [0: .header],
                                           columnWidths: widths)])
    }

    public func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let sheetIndices = sheets.indices.map { $0 + 1 }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheetIndices.map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())\
            </Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets>\(zip(sheets, sheetIndices).map { "<sheet name=\"\(xmlEscape(sanitizedSheetName($0.name)))\" sheetId=\"\($1)\" r:id=\"rId\($1)\"/>" }.joined())</sheets>\
            </workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheetIndices.map { "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>" }.joined())\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """)
        try add("xl/styles.xml", Self.styles)
        for (sheet, index) in zip(sheets, sheetIndices) {
            try add("xl/worksheets/sheet\(index).xml", sheetXML(sheet))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    private func sheetXML(_ sheet: Sheet) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (i, width) in sheet.columnWidths.enumerated() {
                xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            let rowStyle = sheet.rowStyles[r] ?? .normal
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = Self.columnName(c) + String(r + 1)
                let style = rowStyle.rawValue
                switch cell {
                case .empty:
                    if style != 0 { xml += "<c r=\"\(ref)\" s=\"\(style)\"/>" }
                case .text(let text):
                    xml += "<c r=\"\(ref)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xmlEscape(text))</t></is></c>"
                case .number(let value):
                    xml += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(value.isFinite ? String(value) : "0")</v></c>"
                case .integer(let value):
                    xml += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(value)</v></c>"
                case .percent(let value):
                    xml += "<c r=\"\(ref)\" s=\"\(Style.percent.rawValue)\"><v>\(value.isFinite ? String(value) : "0")</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.merges.isEmpty {
            xml += "<mergeCells count=\"\(sheet.merges.count)\">"
            xml += sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined()
            xml += "</mergeCells>"
        }
        xml += "</worksheet>"
        return xml
    }

    /// 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// Excel refuses sheet names over 31 characters or with []:*?/\.
    private func sanitizedSheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet" : cleaned
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>\
        <fonts count="3"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font>\
        <font><b/><sz val="16"/><name val="黑体"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF6"/></patternFill></fill></fills>\
        <borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}

/// Escapes text for XML and drops characters XML 1.0 cannot carry (control characters other than tab and newline).
func xmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

extension String {
    /// Width in columns, counting CJK characters as two.
    var displayWidth: Int { unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }
}

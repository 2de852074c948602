import BottomlineDomain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an .xlsx file into a table of text cells.
public enum XLSXReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the first worksheet; the parts read may inflate to `inflatedLimit` bytes in all, counted as they inflate:
    /// a zip bomb declares a small size and is stopped at the limit, not when memory runs out.
    public static func table(from data: Data, inflatedLimit: Int = FileLimits.inflatedBytes) throws -> Table {
        // Read from a file, not from memory: ZIPFoundation's in-memory archive traps on an entry whose offset points
        // past the end of the data (found by the fuzz tests), its file-backed one reports an error.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString).xlsx")
        guard FileManager.default.createFile(atPath: url.path, contents: data) else { throw Failure(description: "无法暂存文件") }
        defer { try? FileManager.default.removeItem(at: url) }
        return try table(at: url, inflatedLimit: inflatedLimit)
    }

    /// Reads the first worksheet of the workbook file at `url` (see `table(from:inflatedLimit:)`).
    public static func table(at url: URL, inflatedLimit: Int = FileLimits.inflatedBytes) throws -> Table {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw Failure(description: "文件不是有效的 XLSX 工作簿（无法解压）")
        }
        var budget = inflatedLimit
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= budget else { throw Failure(description: FileLimits.inflatedTooLarge) }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    budget -= chunk.count
                    guard budget >= 0 else { throw Failure(description: FileLimits.inflatedTooLarge) }
                    out.append(chunk)
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "文件不是有效的 XLSX 工作簿（解压出错）")
            }
            // Foundation's XML parser traps on a name that is not UTF-8 (found by the fuzz tests); Excel and WPS write
            // UTF-8, so anything else is a damaged file.
            guard out.withUnsafeBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) != nil }) else {
                throw Failure(description: "工作簿内容损坏（不是有效的 UTF-8 XML），请在 Excel 或 WPS 中重新保存后再上传")
            }
            return out
        }
        let shared = try part("xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        let sheetPath = try firstSheetPath(workbook: part("xl/workbook.xml"), rels: part("xl/_rels/workbook.xml.rels"))
        guard let sheet = try part(sheetPath) ?? part("xl/worksheets/sheet1.xml") else {
            throw Failure(description: "工作簿中没有工作表")
        }
        let rows = try SheetParser.parse(sheet, shared: shared)
        guard let headerIndex = rows.firstIndex(where: { !$0.cells.allSatisfy(\.isEmpty) }) else {
            throw Failure(description: "工作表是空的")
        }
        let header = rows[headerIndex].cells.map { $0.trimmingASCIISpaces() }
        let body = rows[(headerIndex + 1)...].filter { !$0.cells.allSatisfy { $0.trimmingASCIISpaces().isEmpty } }
        return Table(header: header, rows: body.map(\.cells), rowNumbers: body.map(\.number))
    }

    static func columnIndexForTesting(_ reference: String) -> Int { SheetParser.columnIndex(reference) }

    /// One part of a workbook by its path ("xl/worksheets/sheet1.xml"), for checks of what a writer produced.
    static func part(_ path: String, of data: Data) throws -> Data? {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive[path] else { return nil }
        var out = Data()
        _ = try archive.extract(entry) { out.append($0) }
        return out
    }

    private static func firstSheetPath(workbook: Data?, rels: Data?) throws -> String {
        guard let workbook, let rels else { return "xl/worksheets/sheet1.xml" }
        let sheets = AttributeCollector.collect(workbook, element: "sheet")
        guard let rid = sheets.first?["r:id"] else { return "xl/worksheets/sheet1.xml" }
        let relation = AttributeCollector.collect(rels, element: "Relationship").first { $0["Id"] == rid }
        guard let target = relation?["Target"] else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

private final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []
    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) -> [[String: String]] {
        let parser = XMLParser(data: data)
        let delegate = AttributeCollector(element: element)
        parser.delegate = delegate
        parser.parse()
        return delegate.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == element { found.append(attributes) }
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) throws -> [String] {
        let parser = XMLParser(data: data)
        let delegate = SharedStringsParser()
        parser.delegate = delegate
        guard parser.parse() else { throw XLSXReader.Failure(description: "工作簿的共享字符串表损坏") }
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    struct Row {
        var number: Int
        var cells: [String]
    }

    let shared: [String]
    var rows: [Row] = []
    var row: Row?
    var cellColumn = 0
    var cellType = ""
    var value = ""
    var inValue = false
    var failure: String?

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) throws -> [Row] {
        let parser = XMLParser(data: data)
        let delegate = SheetParser(shared: shared)
        parser.delegate = delegate
        guard parser.parse(), delegate.failure == nil else {
            throw XLSXReader.Failure(description: delegate.failure ?? "工作表内容损坏，无法读取")
        }
        return delegate.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? ((rows.last?.number ?? 0) + 1)
            guard rows.count <= FileLimits.tableRows else {
                failure = FileLimits.tooManyRows
                parser.abortParsing()
                return
            }
            row = Row(number: number, cells: [])
        case "c":
            cellColumn = attributes["r"].map(Self.columnIndex) ?? (row?.cells.count ?? 0)
            cellType = attributes["t"] ?? "n"
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            guard var current = row else { return }
            guard cellColumn >= 0, cellColumn < FileLimits.columns else {
                failure = FileLimits.tooManyColumns(line: current.number)
                parser.abortParsing()
                return
            }
            var text = value
            switch cellType {
            case "s":
                guard let i = Int(value), shared.indices.contains(i) else {
                    failure = "工作表引用了不存在的共享字符串"
                    parser.abortParsing()
                    return
                }
                text = shared[i]
            case "b": text = value == "1" ? "是" : "否"
            case "n":
                // Whole numbers come back as Excel writes them ("12345", not "12345.0"); long digit strings stored
                // as numbers have already lost digits in Excel and will fail validation with a clear message.
                if let d = Double(value), d == d.rounded(), abs(d) < 1e15 { text = String(Int64(d)) }
            default: break
            }
            while current.cells.count < cellColumn { current.cells.append("") }
            current.cells.append(text)
            row = current
        case "row":
            if let row { rows.append(row) }
            row = nil
        default: break
        }
    }

    /// "AB12" → 27; a reference past Excel's last column (XFD) reads as -1, never overflowing.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            if index > 16_384 { return -1 }
        }
        return index - 1
    }
}

/// Reads a table from an uploaded file by its content: XLSX (a zip) or CSV in UTF-8 or GB18030.
public enum TableFile {
    public static func read(_ data: Data) throws -> Table {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.table(from: data) }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw XLSXReader.Failure(description: "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入")
        }
        return try CSV.table(from: data)
    }
}

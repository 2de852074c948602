import BottomlineDomain
import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks; CRLF or LF line ends.
public enum CSV {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses text into a table whose first non-blank row is the header. Blank lines are skipped; row numbers keep
    /// counting them, so reports match what a spreadsheet shows.
    public static func table(from text: String) throws(Failure) -> Table {
        var rows: [[String]] = []
        var numbers: [Int] = []
        var field: [UInt8] = []
        var record: [String] = []
        var inQuotes = false
        var line = 1
        var recordStartLine = 1
        let bytes = Array(text.utf8)
        let delimiter: UInt8 = detectDelimiter(bytes)
        var i = 0
        var recordStart = 0
        var failure: String?
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            if record.count > FileLimits.columns { failure = FileLimits.tooManyColumns(line: recordStartLine) }
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].trimmingASCIISpaces().isEmpty) {
                rows.append(record)
                numbers.append(recordStartLine)
                if rows.count > FileLimits.tableRows + 1 { failure = FileLimits.tooManyRows }
            }
            record = []
            recordStart = i + 1
        }
        while i < bytes.count {
            if let failure { throw Failure(description: failure) }
            if i - recordStart > FileLimits.recordBytes { throw Failure(description: FileLimits.recordTooLong(line: recordStartLine)) }
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if b == delimiter {
                endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord()
                line += 1
                recordStartLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw Failure(description: "第\(recordStartLine)行的引号没有闭合，文件可能不完整") }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        if let failure { throw Failure(description: failure) }
        guard let header = rows.first else { throw Failure(description: "文件是空的") }
        return Table(header: header.map { $0.trimmingASCIISpaces() }, rows: Array(rows.dropFirst()),
                     rowNumbers: Array(numbers.dropFirst()))
    }

    /// Reads a CSV file's bytes in UTF-8 or GB18030.
    public static func table(from data: Data) throws -> Table {
        let decoded = try TextDecoding.decode(data)
        return try table(from: decoded.text)
    }

    /// A comma unless the header line has tabs and no commas.
    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let commas = firstLine.filter { $0 == UInt8(ascii: ",") }.count
        let tabs = firstLine.filter { $0 == UInt8(ascii: "\t") }.count
        return commas == 0 && tabs > 0 ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// Writes rows as CSV with a UTF-8 byte-order mark, so Excel opens Chinese text correctly.
    public static func write(header: [String], rows: [[String]]) -> Data {
        var out = "\u{FEFF}"
        out.reserveCapacity(rows.count * 64)
        for row in [header] + rows {
            out += row.map(escape).joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    /// Quotes when needed, and neutralises leading =, +, -, @ so a spreadsheet never runs a cell as a formula.
    static func escape(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@".contains(first), Double(v) == nil { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}

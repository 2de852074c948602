import BottomlineDomain
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a departmental file row by row without holding it whole: CSV in UTF-8 or GB18030 is read in chunks and parsed
/// in place (fields are byte ranges, nothing is copied for a row); XLSX is read through the table reader (such files
/// are small: Excel stops at about a million rows).
public enum FeedReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public typealias RowHandler = (_ line: Int, _ fieldCount: Int, _ field: (Int) -> UnsafeBufferPointer<UInt8>) -> Void

    /// Reads the file at `path`: `header` gets the first non-blank row as text, then `row` every later row.
    /// Returns the encoding it read.
    @discardableResult
    public static func read(path: String, chunkSize: Int = 4 << 20, header: ([String]) throws -> Void, row: RowHandler) throws -> TextDecoding.Encoding {
        guard let file = fopen(path, "rb") else { throw Failure(description: "无法读取文件") }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        let got = fread(&magic, 1, 4, file)
        if got >= 2, magic[0] == 0x50, magic[1] == 0x4B {
            // An XLSX (a ZIP): small enough to read through the table reader.
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "无法读取文件") }
            try readTable(try XLSXReader.table(from: data), header: header, row: row)
            return .utf8
        }
        if got == 4, magic == [0xD0, 0xCF, 0x11, 0xE0] {
            throw Failure(description: "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再上传")
        }
        rewind(file)
        var parser = Parser()
        var pending: [UInt8] = []
        var encoding: TextDecoding.Encoding?
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var converter: iconv_t?
        defer { if let converter { iconv_close(converter) } }
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunkSize, file) }
            let atEnd = n < chunkSize
            pending.append(contentsOf: chunk[0..<n])
            // The encoding is decided on whole lines: a chunk may end inside a character.
            if encoding == nil, !atEnd, !pending.contains(0x0A) { continue }
            if encoding == nil {
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                if pending.starts(with: [0xFF, 0xFE]) || pending.starts(with: [0xFE, 0xFF]) {
                    throw Failure(description: "不支持 UTF-16 编码的文件，请另存为 UTF-8 或 GBK 编码的 CSV")
                }
                let lineEnd = atEnd ? pending.count : pending.lastIndex(of: 0x0A)!
                encoding = String(validating: pending[0..<lineEnd], as: UTF8.self) == nil ? .gb18030 : .utf8
                if encoding == .gb18030 {
                    let h = iconv_open("UTF-8", "GB18030")
                    guard h != iconv_t(bitPattern: -1) else { throw Failure(description: "本机不支持 GB18030 编码转换") }
                    converter = h
                }
            }
            // GB18030 never uses 0x0A inside a character, so whole lines convert on their own.
            var text: [UInt8]
            if let converter {
                let cut = atEnd ? pending.count : (pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                guard let converted = convert(converter, Array(pending[0..<cut])) else {
                    throw Failure(description: "文件编码无法识别：既不是 UTF-8 也不是 GBK/GB18030")
                }
                text = converted
                pending.removeFirst(cut)
            } else {
                text = pending
                pending.removeAll(keepingCapacity: true)
            }
            try parser.feed(&text, atEnd: atEnd, header: header, row: row)
            if atEnd { break }
        }
        if !parser.sawHeader { throw Failure(description: "文件是空的") }
        return encoding ?? .utf8
    }

    /// Reads a file's bytes (an upload kept in memory, or a test): written to no disk, parsed the same way.
    @discardableResult
    public static func read(data: Data, header: ([String]) throws -> Void, row: RowHandler) throws -> TextDecoding.Encoding {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw Failure(description: "无法暂存文件") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try read(path: path, header: header, row: row)
    }

    static func readTable(_ table: Table, header: ([String]) throws -> Void, row: RowHandler) throws {
        try header(table.header)
        for (cells, line) in zip(table.rows, table.rowNumbers) {
            let bytes: [[UInt8]] = cells.map { Array($0.utf8) }
            let count = bytes.count
            let flat = bytes.flatMap { $0 }
            var offsets: [Int] = [0]
            for b in bytes { offsets.append(offsets.last! + b.count) }
            flat.withUnsafeBufferPointer { base in
                row(line, count) { i in
                    guard i < count else { return UnsafeBufferPointer(start: base.baseAddress, count: 0) }
                    return UnsafeBufferPointer(rebasing: base[offsets[i]..<offsets[i + 1]])
                }
            }
        }
    }

    static func convert(_ handle: iconv_t, _ bytes: [UInt8]) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let capacity = output.count
        var produced = -1
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = capacity
                if iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { produced = capacity - outLeft }
            }
        }
        return produced < 0 ? nil : Array(output.prefix(produced))
    }

    /// RFC 4180 records over a buffer that grows by chunks; a record cut by the chunk's end waits for the next chunk.
    struct Parser {
        var carry: [UInt8] = []
        var line = 1
        var sawHeader = false
        var delimiter: UInt8 = 0x2C
        var starts: [Int] = []
        var ends: [Int] = []

        mutating func feed(_ text: inout [UInt8], atEnd: Bool, header: ([String]) throws -> Void, row: RowHandler) throws {
            var buffer: [UInt8]
            if carry.isEmpty { buffer = text } else { buffer = carry; buffer.append(contentsOf: text) }
            carry.removeAll(keepingCapacity: true)
            if !sawHeader, let first = buffer.firstIndex(of: 0x0A) ?? (atEnd ? buffer.count : nil) {
                let head = buffer[0..<first]
                if !head.contains(0x2C), head.contains(0x09) { delimiter = 0x09 }
            }
            var failure: Failure?
            var consumed = 0
            var headerError: (any Error)?
            buffer.withUnsafeBufferPointer { b in
                let count = b.count
                var i = 0
                while i < count {
                    // One record from i.
                    let recordStart = i
                    let recordLine = line
                    var newlines = 0
                    starts.removeAll(keepingCapacity: true)
                    ends.removeAll(keepingCapacity: true)
                    var complete = false
                    var fieldStart = i
                    var quoted = false
                    var j = i
                    scan: while j < count {
                        let c = b[j]
                        if quoted {
                            if c == 0x22 {
                                if j + 1 < count, b[j + 1] == 0x22 { j += 2; continue }
                                if j + 1 >= count, !atEnd { break scan }
                                quoted = false
                            } else if c == 0x0A {
                                newlines += 1
                            }
                            j += 1
                            continue
                        }
                        if c == 0x22, j == fieldStart {
                            quoted = true
                            j += 1
                        } else if c == delimiter {
                            starts.append(fieldStart); ends.append(j)
                            j += 1
                            fieldStart = j
                        } else if c == 0x0A || c == 0x0D {
                            starts.append(fieldStart); ends.append(j)
                            if c == 0x0D {
                                if j + 1 < count { if b[j + 1] == 0x0A { j += 1 } } else if !atEnd { break scan }
                            }
                            j += 1
                            newlines += 1
                            complete = true
                            break scan
                        } else {
                            j += 1
                        }
                    }
                    if !complete {
                        if !atEnd { consumed = recordStart; return }
                        if quoted { failure = Failure(description: "第\(recordLine)行的引号没有闭合，文件可能不完整"); return }
                        if j > recordStart { starts.append(fieldStart); ends.append(j) } else { consumed = count; return }
                        newlines += 1
                    }
                    line += newlines
                    i = j
                    consumed = i
                    // Strip the quotes around quoted fields.
                    for k in 0..<starts.count where ends[k] - starts[k] >= 2 && b[starts[k]] == 0x22 && b[ends[k] - 1] == 0x22 {
                        starts[k] += 1
                        ends[k] -= 1
                    }
                    let blank = starts.count == 1 && ByteFields.isBlank(UnsafeBufferPointer(rebasing: b[starts[0]..<ends[0]]))
                    if blank { continue }
                    if !sawHeader {
                        sawHeader = true
                        let names = (0..<starts.count).map { k in
                            String(decoding: UnsafeBufferPointer(rebasing: b[starts[k]..<ends[k]]), as: UTF8.self)
                                .replacingOccurrences(of: "\"\"", with: "\"").trimmingASCIISpaces()
                        }
                        do { try header(names) } catch { headerError = error; return }
                        continue
                    }
                    let s = starts, e = ends
                    row(recordLine, s.count) { k in
                        k < s.count ? UnsafeBufferPointer(rebasing: b[s[k]..<e[k]]) : UnsafeBufferPointer(rebasing: b[0..<0])
                    }
                }
                consumed = count
            }
            if let headerError { throw headerError }
            if let failure { throw failure }
            if consumed < buffer.count { carry = Array(buffer[consumed...]) }
        }
    }
}

/// A feed file screened against the registry: the reader feeding the engine.
public enum FeedScreening {
    public struct Outcome: Sendable {
        public var hits: [ScreeningHit]
        public var rules: [ScreeningRule]
        public var summary: ScreeningSummary
        public var encoding: TextDecoding.Encoding
    }

    /// Screens the file at `path`. Throws a `FeedReader.Failure` with the reason in Chinese when the file cannot be
    /// read at all (encoding, a required column missing); bad rows never stop it.
    public static func run(path: String, kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, asOf: CivilDate,
                           chunkSize: Int = 4 << 20) throws -> Outcome {
        var run: ScreeningRun?
        let encoding = try FeedReader.read(path: path, chunkSize: chunkSize, header: { names in
            switch kind.columns(in: names) {
            case .success(let columns): run = ScreeningRun(kind: kind, rules: rules, index: index, columns: columns, asOf: asOf)
            case .failure(let p): throw FeedReader.Failure(description: p.message)
            }
        }, row: { line, count, field in
            run!.row(line: line, fieldCount: count, field: field)
        })
        guard let run else { throw FeedReader.Failure(description: "文件是空的") }
        return Outcome(hits: run.finish(), rules: run.rules, summary: run.summary, encoding: encoding)
    }

    public static func run(data: Data, kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, asOf: CivilDate,
                           chunkSize: Int = 4 << 20) throws -> Outcome {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw FeedReader.Failure(description: "无法暂存文件") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try run(path: path, kind: kind, rules: rules, index: index, asOf: asOf, chunkSize: chunkSize)
    }
}

import BottomlineDomain
import Dispatch
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

    public typealias RowHandler = (_ line: Int, _ fields: RowFields) -> Void

    /// What a read ended with: the encoding, where the last record read ended, and how many lines that was.
    public struct Extent: Sendable {
        public var encoding: TextDecoding.Encoding
        public var endOffset: Int
        public var lines: Int
    }

    /// Reads the file at `path`: `header` gets the first non-blank row as text, then `row` every later row.
    @discardableResult
    public static func read(path: String, chunkSize: Int = 4 << 20, header: ([String]) throws -> Void, row: RowHandler) throws -> TextDecoding.Encoding {
        try read(path: path, from: 0, until: nil, chunkSize: chunkSize, header: header, row: row).encoding
    }

    /// Reads records starting at byte `from` (which must start a record) and stops after the record that crosses byte
    /// `until`. With `from` > 0 there is no header and line numbers count from 1 at `from`; UTF-8 only.
    public static func read(path: String, from: Int, until: Int?, chunkSize: Int = 4 << 20, delimiter: UInt8? = nil,
                            header: ([String]) throws -> Void, row: RowHandler) throws -> Extent {
        guard let file = fopen(path, "rb") else { throw Failure(description: "无法读取文件") }
        defer { fclose(file) }
        if from == 0 {
            var magic = [UInt8](repeating: 0, count: 4)
            let got = fread(&magic, 1, 4, file)
            if got >= 2, magic[0] == 0x50, magic[1] == 0x4B {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                let lines = try readTable(try XLSXReader.table(at: URL(fileURLWithPath: path)), header: header, row: row)
                return Extent(encoding: .utf8, endOffset: size, lines: lines)
            }
            if got == 4, magic == [0xD0, 0xCF, 0x11, 0xE0] {
                throw Failure(description: "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再上传")
            }
        }
        fseek(file, from, SEEK_SET)
        var parser = Parser(offset: from, until: until, sawHeader: from > 0)
        if let delimiter { parser.delimiter = delimiter; parser.delimiterKnown = true }
        var pending: [UInt8] = []
        var encoding: TextDecoding.Encoding? = from > 0 ? .utf8 : nil
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var converter: iconv_t?
        defer { if let converter { iconv_close(converter) } }
        while !parser.stopped {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunkSize, file) }
            let atEnd = n < chunkSize
            pending.append(contentsOf: chunk[0..<n])
            // The encoding is decided on whole lines: a chunk may end inside a character.
            if encoding == nil, !atEnd, !pending.contains(0x0A) { continue }
            if encoding == nil {
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3); parser.offset += 3 }
                if pending.starts(with: [0xFF, 0xFE]) || pending.starts(with: [0xFE, 0xFF]) {
                    throw Failure(description: "不支持 UTF-16 编码的文件，请另存为 UTF-8 或 GBK 编码的 CSV")
                }
                let lineEnd = atEnd ? pending.count : pending.lastIndex(of: 0x0A)!
                encoding = String(validating: pending[0..<lineEnd], as: UTF8.self) == nil ? .gb18030 : .utf8
                if encoding == .gb18030 {
                    let h = iconv_open("UTF-8", "GB18030")
                    guard h != iconv_t(bitPattern: -1) else { throw Failure(description: "本机不支持 GB18030 编码转换") }
                    converter = h
                    parser.offsetsMeaningful = false
                }
            }
            // GB18030 never uses 0x0A inside a character, so whole lines convert on their own.
            if let converter {
                let cut = atEnd ? pending.count : (pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                guard let converted = TextDecoding.convert(converter, Array(pending[0..<cut])) else {
                    throw Failure(description: "文件编码无法识别：既不是 UTF-8 也不是 GBK/GB18030")
                }
                pending.removeFirst(cut)
                try parser.feed(converted, atEnd: atEnd, header: header, row: row)
            } else {
                try parser.feed(pending, atEnd: atEnd, header: header, row: row)
                pending.removeAll(keepingCapacity: true)
            }
            if atEnd { break }
        }
        if from == 0, !parser.sawHeader { throw Failure(description: "文件是空的") }
        return Extent(encoding: encoding ?? .utf8, endOffset: parser.offset, lines: parser.line - 1)
    }

    /// A row's fields as text: the reader has taken the quotes off a quoted field; a doubled quote inside is one quote.
    public static func strings(_ fields: RowFields) -> [String] {
        (0..<fields.count).map { k in
            let bytes = fields[k]
            // Bytes, not Foundation's `contains`: this runs for every cell of a million-row file.
            guard bytes.count > 1, zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x22 && $1 == 0x22 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var unquoted: [UInt8] = []
            var previousQuote = false
            for byte in bytes {
                if byte == 0x22, previousQuote { previousQuote = false; continue }
                previousQuote = byte == 0x22
                unquoted.append(byte)
            }
            return String(decoding: unquoted, as: UTF8.self)
        }
    }

    /// Reads a file's bytes (an upload kept in memory, or a test): written to a temporary file, parsed the same way.
    @discardableResult
    public static func read(data: Data, header: ([String]) throws -> Void, row: RowHandler) throws -> TextDecoding.Encoding {
        try withTemporaryFile(data) { try read(path: $0, header: header, row: row) }
    }

    static func withTemporaryFile<T>(_ data: Data, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw Failure(description: "无法暂存文件") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    static func readTable(_ table: Table, header: ([String]) throws -> Void, row: RowHandler) throws -> Int {
        try header(table.header)
        for (cells, line) in zip(table.rows, table.rowNumbers) {
            var flat: [UInt8] = []
            var starts: [Int] = [], ends: [Int] = []
            for c in cells { starts.append(flat.count); flat.append(contentsOf: c.utf8); ends.append(flat.count) }
            flat.append(0)
            flat.withUnsafeBufferPointer { b in
                starts.withUnsafeBufferPointer { s in
                    ends.withUnsafeBufferPointer { e in
                        row(line, RowFields(base: b.baseAddress!, starts: s.baseAddress!, ends: e.baseAddress!, count: cells.count))
                    }
                }
            }
        }
        return (table.rowNumbers.last ?? 1)
    }

    /// RFC 4180 records over a buffer that grows by chunks; a record cut by the chunk's end waits for the next chunk.
    struct Parser {
        var carry: [UInt8] = []
        var line = 1
        var sawHeader: Bool
        var delimiter: UInt8 = 0x2C
        var delimiterKnown = false
        /// Absolute byte offset of the next unparsed byte (meaningful for UTF-8 input).
        var offset: Int
        var offsetsMeaningful = true
        let until: Int?
        var stopped = false
        var starts: UnsafeMutablePointer<Int>
        var ends: UnsafeMutablePointer<Int>
        var capacity = 256

        init(offset: Int, until: Int?, sawHeader: Bool) {
            self.offset = offset
            self.until = until
            self.sawHeader = sawHeader
            starts = .allocate(capacity: 256)
            ends = .allocate(capacity: 256)
        }

        mutating func feed(_ text: [UInt8], atEnd: Bool, header: ([String]) throws -> Void, row: RowHandler) throws {
            var buffer: [UInt8]
            if carry.isEmpty { buffer = text } else { buffer = carry; buffer.append(contentsOf: text) }
            let bufferOffset = offset
            carry.removeAll(keepingCapacity: true)
            if !delimiterKnown, let first = buffer.firstIndex(of: 0x0A) ?? (atEnd ? buffer.count : nil) {
                let head = buffer[0..<first]
                if !head.contains(0x2C), head.contains(0x09) { delimiter = 0x09 }
                delimiterKnown = true
            }
            buffer.append(0)
            let count = buffer.count - 1
            var failure: Failure?
            var consumed = 0
            var headerError: (any Error)?
            buffer.withUnsafeBufferPointer { whole in
                let b = whole.baseAddress!
                var i = 0
                while i < count {
                    if let until, offsetsMeaningful, bufferOffset + i >= until { stopped = true; consumed = i; return }
                    let recordStart = i
                    let recordLine = line
                    var newlines = 0
                    var n = 0
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
                        if c == delimiter || c == 0x0A || c == 0x0D {
                            if n == FileLimits.columns { failure = Failure(description: FileLimits.tooManyColumns(line: recordLine)); return }
                            if n == capacity {
                                let bigger = capacity * 2
                                let s = UnsafeMutablePointer<Int>.allocate(capacity: bigger), e = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
                                s.update(from: starts, count: n); e.update(from: ends, count: n)
                                starts.deallocate(); ends.deallocate()
                                starts = s; ends = e; capacity = bigger
                            }
                            starts[n] = fieldStart; ends[n] = j; n += 1
                            if c == delimiter { j += 1; fieldStart = j; continue }
                            if c == 0x0D {
                                if j + 1 < count { if b[j + 1] == 0x0A { j += 1 } } else if !atEnd { break scan }
                            }
                            j += 1
                            newlines += 1
                            complete = true
                            break scan
                        } else if c == 0x22, j == fieldStart {
                            quoted = true
                            j += 1
                        } else {
                            j += 1
                        }
                    }
                    if j - recordStart > FileLimits.recordBytes {
                        failure = Failure(description: FileLimits.recordTooLong(line: recordLine))
                        return
                    }
                    if !complete {
                        if !atEnd { consumed = recordStart; return }
                        if quoted { failure = Failure(description: "第\(recordLine)行的引号没有闭合，文件可能不完整"); return }
                        if j > recordStart { starts[n] = fieldStart; ends[n] = j; n += 1 } else { consumed = count; return }
                        newlines += 1
                    }
                    line += newlines
                    i = j
                    consumed = i
                    for k in 0..<n where ends[k] - starts[k] >= 2 && b[starts[k]] == 0x22 && b[ends[k] - 1] == 0x22 {
                        starts[k] += 1
                        ends[k] -= 1
                    }
                    let fields = RowFields(base: b, starts: starts, ends: ends, count: n)
                    if n == 1, ByteFields.isBlank(fields[0]) { continue }
                    if !sawHeader {
                        sawHeader = true
                        let names = (0..<n).map { k in
                            String(decoding: fields[k], as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"").trimmingASCIISpaces()
                        }
                        do { try header(names) } catch { headerError = error; return }
                        continue
                    }
                    row(recordLine, fields)
                }
                consumed = count
            }
            offset = bufferOffset + consumed
            if let headerError { throw headerError }
            if let failure { throw failure }
            if consumed < count, !stopped { carry = Array(buffer[consumed..<count]) }
        }
    }
}

/// A feed file screened against the registry: the reader feeding the engine.
public enum FeedScreening {
    /// What an earlier file of the feed counted for a household under a rule (by code) within this run's window.
    public struct Prior: Sendable {
        public var household: Int
        public var ruleCode: String
        public var value: Int64
        public var rows: Int
        public var lastDay: Int
        public init(household: Int, ruleCode: String, value: Int64, rows: Int, lastDay: Int) {
            self.household = household
            self.ruleCode = ruleCode
            self.value = value
            self.rows = rows
            self.lastDay = lastDay
        }
    }

    public struct Outcome: Sendable {
        public var hits: [ScreeningHit]
        /// This file's sums by household, rule (index in `rules`) and month, for sum rules (kept for later files).
        public var monthly: [(household: Int, rule: Int, month: String, value: Int64, rows: Int)] = []
        public var rules: [ScreeningRule]
        public var summary: ScreeningSummary
        public var encoding: TextDecoding.Encoding
    }

    /// Files larger than this, in UTF-8, are read in two halves at once (the machine this is built for has 2 cores).
    public static let parallelThreshold = 32 << 20

    /// Screens the file at `path`. Throws a `FeedReader.Failure` with the reason in Chinese when the file cannot be
    /// read at all (encoding, a required column missing); bad rows never stop it.
    public static func run(path: String, kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, asOf: CivilDate,
                           chunkSize: Int = 4 << 20, parallelAbove: Int = parallelThreshold, middle: Int? = nil,
                           priors: [Prior]? = nil) throws -> Outcome {
        let track = priors != nil
        func finished(_ run: inout ScreeningRun, _ encoding: TextDecoding.Encoding) -> Outcome {
            let codes = Dictionary(run.rules.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
            run.flush()
            let monthly = run.monthlySums()
            for p in priors ?? [] { if let r = codes[p.ruleCode] { run.addPrior(household: p.household, rule: r, value: p.value, rows: p.rows, lastDay: p.lastDay) } }
            let hits = run.finish()
            var outcome = Outcome(hits: hits, rules: run.rules, summary: run.summary, encoding: encoding)
            outcome.monthly = monthly
            return outcome
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var run: ScreeningRun?
        var headerColumns: [String: Int] = [:]
        let onHeader: ([String]) throws -> Void = { names in
            switch kind.columns(in: names) {
            case .success(let columns):
                headerColumns = columns
                run = ScreeningRun(kind: kind, rules: rules, index: index, columns: columns, asOf: asOf)
                run?.trackMonths = track
            case .failure(let p): throw FeedReader.Failure(description: p.message)
            }
        }
        guard size >= parallelAbove, size > 0 else {
            let extent = try FeedReader.read(path: path, from: 0, until: nil, chunkSize: chunkSize, header: onHeader) { line, fields in
                run!.row(line: line, fields: fields)
            }
            guard var run else { throw FeedReader.Failure(description: "文件是空的") }
            return finished(&run, extent.encoding)
        }
        // Two halves: the second starts at the first line break after the middle. The first half reads on past the
        // middle to the end of the record it is in; if that is not where the second began (a quoted line break sat
        // there), the second half is read again from where the first ended.
        let guess = secondHalfStart(path: path, middle: middle ?? size / 2)
        /// What each half hands back; each half writes only its own fields, and the caller reads them after both end.
        final class Halves: @unchecked Sendable {
            var first: ScreeningRun?
            var firstExtent: FeedReader.Extent?
            var firstError: (any Error)?
            var second: ScreeningRun?
            var secondError: (any Error)?
        }
        var delimiter: UInt8 = 0x2C
        if let head = try? firstLine(path: path), !head.contains(0x2C), head.contains(0x09) { delimiter = 0x09 }
        // The header is read first so both halves share the same columns.
        _ = try FeedReader.read(path: path, from: 0, until: 1, chunkSize: 1 << 16, header: onHeader, row: { _, _ in })
        guard run != nil else { throw FeedReader.Failure(description: "文件是空的") }
        // Each half makes its own run: the first half copying the header's (as it did) kept two sets of its per-household
        // counters alive at once, hundreds of megabytes each against a province's registry.
        run = nil
        let columns = headerColumns
        let halves = Halves()
        let sep = delimiter
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                var mine = ScreeningRun(kind: kind, rules: rules, index: index, columns: columns, asOf: asOf)
                mine.trackMonths = track
                do {
                    let extent = try FeedReader.read(path: path, from: 0, until: guess, chunkSize: chunkSize, header: { _ in }, row: { line, fields in
                        mine.row(line: line, fields: fields)
                    })
                    halves.first = mine
                    halves.firstExtent = extent
                } catch { halves.firstError = error }
            } else {
                var mine = ScreeningRun(kind: kind, rules: rules, index: index, columns: columns, asOf: asOf)
                mine.trackMonths = track
                do {
                    _ = try FeedReader.read(path: path, from: guess, until: nil, chunkSize: chunkSize, delimiter: sep, header: { _ in }, row: { line, fields in
                        mine.row(line: line, fields: fields)
                    })
                    halves.second = mine
                } catch { halves.secondError = error }
            }
        }
        if let error = halves.firstError { throw error }
        guard var first = halves.first, let firstExtent = halves.firstExtent else { throw FeedReader.Failure(description: "文件是空的") }
        if firstExtent.encoding != .utf8 {
            // GB18030 is converted as it is read, so the first half ran to the end on its own.
            return finished(&first, firstExtent.encoding)
        }
        var second = halves.second
        if firstExtent.endOffset != guess || halves.secondError != nil || second == nil {
            var again = ScreeningRun(kind: kind, rules: rules, index: index, columns: columns, asOf: asOf)
            again.trackMonths = track
            _ = try FeedReader.read(path: path, from: firstExtent.endOffset, until: nil, chunkSize: chunkSize, delimiter: sep, header: { _ in }) { line, fields in
                again.row(line: line, fields: fields)
            }
            second = again
        }
        first.merge(second!, lineOffset: firstExtent.lines)
        return finished(&first, firstExtent.encoding)
    }

    static func firstLine(path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw FeedReader.Failure(description: "无法读取文件") }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, file) }
        return Array(buffer[0..<n].prefix { $0 != 0x0A })
    }

    /// The byte after the first line break at or after `middle`.
    static func secondHalfStart(path: String, middle: Int) -> Int {
        guard let file = fopen(path, "rb") else { return middle }
        defer { fclose(file) }
        fseek(file, middle, SEEK_SET)
        var offset = middle
        var c = fgetc(file)
        while c != EOF, c != 0x0A { offset += 1; c = fgetc(file) }
        return offset + 1
    }

    public static func run(data: Data, kind: FeedKind, rules: [ScreeningRule], index: RegistryIndex, asOf: CivilDate,
                           chunkSize: Int = 4 << 20, parallelAbove: Int = parallelThreshold, priors: [Prior]? = nil) throws -> Outcome {
        try FeedReader.withTemporaryFile(data) {
            try run(path: $0, kind: kind, rules: rules, index: index, asOf: asOf, chunkSize: chunkSize, parallelAbove: parallelAbove, priors: priors)
        }
    }
}

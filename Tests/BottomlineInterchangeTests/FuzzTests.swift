import BottomlineDomain
import Foundation
import Testing
import ZIPFoundation
@testable import BottomlineInterchange

/// Seeded random-input tests of every file reader: a corpus of real-shaped files (UTF-8 and GB18030 CSV, XLSX, the
/// crafted traps of issue 12) mutated a fixed number of times per reader. Each input must read or be refused with a
/// reason; a crash ends the test process and fails CI. The budget is `BOTTOMLINE_FUZZ_ITERATIONS` per reader (CI sets
/// it; the default keeps a local `swift test` quick), the seed `BOTTOMLINE_FUZZ_SEED`.
@Suite("随机输入：文件读取器")
struct FuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["BOTTOMLINE_FUZZ_ITERATIONS"] ?? "") ?? 400
    static let seed = UInt64(ProcessInfo.processInfo.environment["BOTTOMLINE_FUZZ_SEED"] ?? "") ?? 20_261_203

    /// A small, fast generator (SplitMix64), so a failing input can be rebuilt from the seed and the iteration.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let registryCSV = """
        户编号,村区划代码,村名称,姓名,身份证号,与户主关系,户类别,劳动能力,健康状况,残疾等级,在校生状况,参加基本医疗保险,住房安全等级,饮水安全,收入年度,工资性收入,生产经营性收入,转移性收入,生产经营性支出
        T001,411681101201,王庄村,张三,41168119700101101X,户主,脱贫户,普通劳动力,健康,,非在校生,是,B,是,2025,20000,5000,1000,2000
        T001,411681101201,王庄村,"李""梅",411681197202021024,配偶,脱贫户,弱劳动力或半劳动力,长期慢性病,,非在校生,是,,,,,,,
        T002,411681101202,李楼村,王五,411681195004041047,户主,一般农户,丧失劳动力,残疾,二级,非在校生,否,D,否,2025,0,1000,3000,0

        """
    static let medicalCSV = "身份证号,姓名,结算日期,个人自付\r\n411681197001011015,张三,2026-10-01,6000.50\r\n411681198005051052,赵六,2026/10/02,\r\nabc,坏,2026-13-45,-1\r\n"

    static func corpus() throws -> [Data] {
        var files = [Data(registryCSV.utf8), Data(medicalCSV.utf8), try TextDecoding.gb18030(registryCSV), try TextDecoding.gb18030(medicalCSV),
                     Data("\u{FEFF}身份证号\t金额\n1\t2\n".utf8), Data("\"a,b\n".utf8)]
        let table = try CSV.table(from: registryCSV)
        let workbook = XLSXWorkbook.list(name: "名册", header: table.header, rows: table.rows.map { $0.map { .text($0) } })
        files.append(try workbook.data())
        return files
    }

    static let specials: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x09, 0x00, 0xFF, 0xFE, 0x81, 0x30, 0xEF, 0xBB, 0xBF, 0x3C, 0x26, 0x2D, 0x2E]

    static func mutate(_ input: Data, _ r: inout Random, corpus: [Data]) -> Data {
        var bytes = [UInt8](input)
        for _ in 0...r.below(4) {
            switch r.below(7) {
            case 0 where !bytes.isEmpty: bytes[r.below(bytes.count)] ^= UInt8(1 << r.below(8))
            case 1: bytes.insert(specials[r.below(specials.count)], at: r.below(bytes.count + 1))
            case 2 where !bytes.isEmpty: bytes.remove(at: r.below(bytes.count))
            case 3 where !bytes.isEmpty:
                let start = r.below(bytes.count), end = min(bytes.count, start + r.below(64) + 1)
                bytes.insert(contentsOf: Array(bytes[start..<end]), at: r.below(bytes.count + 1))
            case 4 where !bytes.isEmpty: bytes.removeLast(r.below(bytes.count))
            case 5:
                let other = [UInt8](corpus[r.below(corpus.count)])
                if !other.isEmpty { let start = r.below(other.count); bytes.insert(contentsOf: other[start..<min(other.count, start + 200)], at: r.below(bytes.count + 1)) }
            default: bytes.insert(contentsOf: [UInt8](repeating: specials[r.below(specials.count)], count: r.below(300)), at: r.below(bytes.count + 1))
            }
        }
        return Data(bytes)
    }

    /// A workbook whose sheet XML is mutated and zipped again, so the XML parser, not only the unzip, meets broken input.
    static func mutatedWorkbook(_ r: inout Random) throws -> Data {
        var sheet = #"<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>411681197001011015</v></c><c r="C2" t="b"><v>1</v></c><c r="ZZ2"><v>1e308</v></c></row></sheetData></worksheet>"#
        let pieces = ["<row>", "</row>", "<c r=\"XFD9\">", "<v>", "</v>", "t=\"s\"", "<c r=\"A99999999999999999999\">", "&amp;", "&#0;", "<![CDATA[", "<!DOCTYPE x [<!ENTITY a \"b\">]>"]
        var chars = Array(sheet)
        for _ in 0...r.below(3) {
            let piece = Array(pieces[r.below(pieces.count)])
            chars.insert(contentsOf: piece, at: r.below(chars.count + 1))
        }
        sheet = String(chars)
        let archive = try Archive(accessMode: .create)
        let xml = Data(sheet.utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(xml.count), compressionMethod: .deflate) { p, n in
            xml.subdata(in: Int(p)..<Int(p) + n)
        }
        let shared = Data(#"<sst><si><t>姓名</t></si></sst>"#.utf8)
        try archive.addEntry(with: "xl/sharedStrings.xml", type: .file, uncompressedSize: Int64(shared.count), compressionMethod: .deflate) { p, n in
            shared.subdata(in: Int(p)..<Int(p) + n)
        }
        return archive.data ?? Data()
    }

    /// `BOTTOMLINE_FUZZ_LAST`: a file each input is written to before it is read, so the one that crashes is kept.
    static let keepLast = ProcessInfo.processInfo.environment["BOTTOMLINE_FUZZ_LAST"]

    /// Reads a file as a registry, as the import does: streamed, a first pass checking every row, and for a clean file
    /// a second that must hand out every household it opened.
    static func readRegistry(_ data: Data) -> Bool {
        if let keepLast { FileManager.default.createFile(atPath: keepLast, contents: data) }
        let today = CivilDate(year: 2026, month: 11, day: 16)!
        struct HeaderRefused: Error {}
        do {
            var check: RegistryImportValidator.Check?
            try FeedReader.read(data: data, header: { header in
                guard let parser = RegistryRowParser.make(header: header, today: today).parser else { throw HeaderRefused() }
                check = RegistryImportValidator.Check(parser: parser)
            }) { line, fields in check?.add(FeedReader.strings(fields), row: line) }
            guard var check else { return true }
            let problems = check.finish()
            #expect(problems.count <= RegistryImportValidator.maxProblems)
            guard problems.isEmpty else { return true }
            var assembly = RegistryImportValidator.Assembly(check: check)
            var persons = 0
            try FeedReader.read(data: data, header: { _ in }) { line, fields in
                persons += assembly.add(FeedReader.strings(fields), row: line)?.members.count ?? 0
            }
            #expect(assembly.openHouseholds == 0 && persons == check.rows)
            return true
        } catch is HeaderRefused {
            return true
        } catch {
            #expect(!"\(error)".isEmpty)
            return false
        }
    }

    /// Reads a department file the way screening does, parsing every field as an ID, an amount and a date.
    static func readFeed(_ data: Data) -> Bool {
        if let keepLast { FileManager.default.createFile(atPath: keepLast + ".feed", contents: data) }
        do {
            try FeedReader.read(data: data, header: { _ in }, row: { _, fields in
                for k in 0..<fields.count {
                    _ = ByteFields.idKey(fields[k])
                    _ = ByteFields.fen(fields[k])
                    _ = ByteFields.dayNumber(fields[k])
                }
            })
            return true
        } catch {
            #expect(!"\(error)".isEmpty)
            return false
        }
    }

    @Test("mutated CSV, GB18030 and XLSX files are read or refused by the registry import's reader, never crash it")
    func registryReader() throws {
        let corpus = try Self.corpus()
        var r = Random(state: Self.seed)
        var read = 0
        for i in 0..<Self.iterations {
            let input = i % 5 == 4 ? try Self.mutatedWorkbook(&r) : Self.mutate(corpus[i % corpus.count], &r, corpus: corpus)
            if Self.readRegistry(input) { read += 1 }
        }
        #expect(read > 0 && read < Self.iterations, "every mutated input read, or none: the mutations are not reaching the reader")
        #expect(Self.peakKB() < 1_500_000, "peak resident size \(Self.peakKB()) KB")
    }

    @Test("mutated files are read or refused by the streaming department-feed reader, never crash it")
    func feedReader() throws {
        let corpus = try Self.corpus()
        var r = Random(state: Self.seed &+ 1)
        var read = 0
        for i in 0..<Self.iterations {
            let input = i % 5 == 4 ? try Self.mutatedWorkbook(&r) : Self.mutate(corpus[i % corpus.count], &r, corpus: corpus)
            if Self.readFeed(input) { read += 1 }
        }
        #expect(read > 0)
        #expect(Self.peakKB() < 1_500_000, "peak resident size \(Self.peakKB()) KB")
    }

    @Test("the two inputs the fuzzing found crashing the readers are refused with a reason: a zip entry pointing past the end, a sheet name that is not UTF-8")
    func foundCrashes() throws {
        // A central directory whose entry says its data starts beyond the end of the file.
        var pastEnd = try Self.corpus().last!
        var i = 0
        while let r = pastEnd[i...].firstRange(of: Data([0x50, 0x4B, 0x01, 0x02])) {
            withUnsafeBytes(of: UInt32(0x7FFF_FFF0).littleEndian) { pastEnd.replaceSubrange(r.lowerBound + 42..<r.lowerBound + 46, with: $0) }
            i = r.upperBound
        }
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(from: pastEnd) }
        #expect(!Self.readFeed(pastEnd))
        // A sheet whose element name holds bytes that are not UTF-8.
        let archive = try Archive(accessMode: .create)
        let xml = Data("<worksheet><sheetData><row r=\"1\"><".utf8) + Data([0xE4, 0xB8, 0x20, 0xE8, 0xBA]) + Data("c r=\"A1\"/></row></sheetData></worksheet>".utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(xml.count), compressionMethod: .deflate) { p, n in
            xml.subdata(in: Int(p)..<Int(p) + n)
        }
        let broken = try #require(archive.data)
        do { _ = try XLSXReader.table(from: broken); Issue.record("read a sheet that is not UTF-8") } catch {
            #expect("\(error)".contains("不是有效的 UTF-8"))
        }
        #expect(!Self.readFeed(broken))
    }

    /// The process's peak resident size, in KB.
    static func peakKB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss
    }
}

import BottomlineDomain
import Foundation
import Testing
import ZIPFoundation
@testable import BottomlineInterchange

/// Files built to hurt: each is refused early with a message in Chinese, never read to the end of memory or patience.
@Suite("文件限制：列数、行长、解压大小")
struct FileLimitTests {
    /// A workbook whose one sheet is `sheet`, with the sizes its zip directory declares for that part replaced by
    /// `declared` (as a zip bomb does), or left honest.
    static func workbook(sheet: String, declared: UInt32? = nil) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let xml = Data(sheet.utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(xml.count),
                             compressionMethod: .deflate) { position, size in
            xml.subdata(in: Int(position)..<Int(position) + size)
        }
        var data = try #require(archive.data)
        guard let declared else { return data }
        // Local file header: signature 50 4B 03 04, uncompressed size at +22; central directory: 50 4B 01 02, at +24.
        func patch(signature: [UInt8], offset: Int) {
            var i = 0
            while let r = data[i...].firstRange(of: signature) {
                withUnsafeBytes(of: declared.littleEndian) { data.replaceSubrange(r.lowerBound + offset..<r.lowerBound + offset + 4, with: $0) }
                i = r.upperBound
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], offset: 22)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], offset: 24)
        return data
    }

    static func sheet(rows: Int, filler: Int = 0) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        xml += #"<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c></row>"#
        for r in 0..<rows { xml += #"<row r="\#(r + 2)"><c r="A\#(r + 2)" t="inlineStr"><is><t>x</t></is></c></row>"# }
        xml += String(repeating: " ", count: filler)
        return xml + "</sheetData></worksheet>"
    }

    @Test("a workbook that declares 1,000 bytes and inflates to 8 MB is stopped at the limit, by the bytes actually inflated")
    func zipBomb() throws {
        let bomb = try Self.workbook(sheet: Self.sheet(rows: 1, filler: 8 << 20), declared: 1000)
        #expect(bomb.count < 100_000)
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(from: bomb, inflatedLimit: 1 << 20) }
        do { _ = try XLSXReader.table(from: bomb, inflatedLimit: 1 << 20) } catch {
            #expect("\(error)".contains("解压后超过"))
        }
        // The same file with honest sizes is refused before inflating; under a larger limit it reads.
        let honest = try Self.workbook(sheet: Self.sheet(rows: 1, filler: 8 << 20))
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(from: honest, inflatedLimit: 1 << 20) }
        #expect(try XLSXReader.table(from: honest, inflatedLimit: 16 << 20).rows.count == 1)
    }

    @Test("a cell reference past Excel's last column, or a thousand columns, is refused, not padded or overflowed")
    func xlsxColumns() throws {
        let far = #"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="ZZZZZZZZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>a</t></is></c></row></sheetData></worksheet>"#
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(from: Self.workbook(sheet: far)) }
        #expect(XLSXReader.columnIndexForTesting("XFD1") == 16_383)
        #expect(XLSXReader.columnIndexForTesting("ZZZZZZZZZZZZZZZZZZZZZ1") == -1)
        var wide = #"<?xml version="1.0"?><worksheet><sheetData><row r="1">"#
        for c in 0..<1000 { wide += #"<c r="\#(XLSXWorkbook.columnName(c))1" t="inlineStr"><is><t>列\#(c)</t></is></c>"# }
        wide += "</row></sheetData></worksheet>"
        do { _ = try XLSXReader.table(from: Self.workbook(sheet: wide)); Issue.record("read 1000 columns") } catch {
            #expect("\(error)".contains("第1行超过256列"))
        }
    }

    @Test("a CSV with a million columns, or a 100 KB line, is refused at that line with a reason")
    func csvLimits() throws {
        let wide = String(repeating: "列,", count: 1_000_000) + "\n1\n"
        #expect(throws: CSV.Failure.self) { try CSV.table(from: wide) }
        do { _ = try CSV.table(from: wide) } catch { #expect("\(error)".contains("第1行超过256列")) }
        let long = "身份证号,姓名\n1,2\n3," + String(repeating: "长", count: 40_000) + "\n"
        do { _ = try CSV.table(from: long); Issue.record("read a 120 KB field") } catch {
            #expect("\(error)".contains("第3行超过64 KB"))
        }
        // An unclosed quote near the start is caught as a long record, not read to the end.
        let unclosed = "身份证号,姓名\n\"1," + String(repeating: "a,b\n", count: 50_000)
        do { _ = try CSV.table(from: unclosed); Issue.record("read an unclosed quote") } catch {
            #expect("\(error)".contains("第2行超过64 KB"))
        }
        // 256 columns and a 60 KB field are still a table.
        let edge = (0..<256).map { "c\($0)" }.joined(separator: ",") + "\n" + String(repeating: "x", count: 60_000) + "\n"
        #expect(try CSV.table(from: edge).header.count == 256)
    }

    @Test("the department feed reader refuses the same files while streaming, and reads a file at the limits")
    func feedLimits() throws {
        func read(_ text: String) throws -> Int {
            var rows = 0
            try FeedReader.read(data: Data(text.utf8), header: { _ in }, row: { _, _ in rows += 1 })
            return rows
        }
        do { _ = try read(String(repeating: "列,", count: 1_000_000) + "\n1\n"); Issue.record("read a million columns") } catch {
            #expect("\(error)".contains("第1行超过256列"))
        }
        do { _ = try read("身份证号,金额\n1,2\n" + String(repeating: "9", count: 9 << 20)); Issue.record("read a 9 MB line") } catch {
            #expect("\(error)".contains("第3行超过64 KB"))
        }
        do { _ = try read("身份证号,金额\n\"1,2\n" + String(repeating: "a,b\n", count: 50_000)); Issue.record("read an unclosed quote") } catch {
            #expect("\(error)".contains("第2行超过64 KB"))
        }
        let edge = (0..<256).map { "c\($0)" }.joined(separator: ",") + "\n" + String(repeating: "x", count: 60_000) + "\n1\n"
        #expect(try read(edge) == 2)
    }
}

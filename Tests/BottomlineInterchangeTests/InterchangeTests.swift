import Foundation
import Testing
@testable import BottomlineInterchange

@Suite("办公文件读写")
struct InterchangeTests {
    @Test("CSV fields may hold quoted commas, doubled quotes and line breaks; blank lines keep row numbers honest")
    func csvQuoting() throws {
        let table = try CSV.table(from: "姓名,住址\r\n张三,\"南顿镇,王庄\"\r\n\r\n李四,\"说\"\"好\"\"\n第二行\"\r\n")
        #expect(table.header == ["姓名", "住址"])
        #expect(table.rows == [["张三", "南顿镇,王庄"], ["李四", "说\"好\"\n第二行"]])
        #expect(table.rowNumbers == [2, 4])
    }

    @Test("an unclosed quote is reported, not silently swallowed")
    func unclosedQuote() {
        #expect(throws: CSV.Failure.self) { try CSV.table(from: "a,b\n1,\"oops\n2,3\n") }
    }

    @Test("a GBK/GB18030 file, as Excel saves CSV, reads the same as its UTF-8 twin")
    func gbk() throws {
        let text = "户编号,姓名\nH1,张三\nH2,欧阳娜娜\n"
        let gbk = try TextDecoding.gb18030(text)
        #expect(gbk != Data(text.utf8))
        let decoded = try TextDecoding.decode(gbk)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.text == text)
        #expect(try TableFile.read(gbk).rows == [["H1", "张三"], ["H2", "欧阳娜娜"]])
        #expect(try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))).text == text)
    }

    @Test("UTF-16 files and old .xls files are refused with advice")
    func unsupported() {
        #expect(throws: (any Error).self) { try TableFile.read(Data([0xFF, 0xFE, 0x41, 0x00])) }
        #expect(throws: (any Error).self) { try TableFile.read(Data([0xD0, 0xCF, 0x11, 0xE0, 0, 0])) }
        #expect(throws: (any Error).self) { try TableFile.read(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])) }
    }

    @Test("an XLSX written here reads back with Chinese text, numbers and row numbers intact")
    func xlsxRoundTrip() throws {
        let book = XLSXWorkbook.list(name: "户清单", header: ["户编号", "户主", "人数"],
                                     rows: [[.text("H001"), .text("张三"), .integer(4)],
                                            [.text("H002"), .text("<李&四>"), .integer(2)]])
        let table = try TableFile.read(try book.data())
        #expect(table.header == ["户编号", "户主", "人数"])
        #expect(table.rows == [["H001", "张三", "4"], ["H002", "<李&四>", "2"]])
        #expect(table.rowNumbers == [2, 3])
    }

    @Test("CSV export starts with a BOM for Excel and defuses formula-looking cells")
    func csvExport() {
        let data = CSV.write(header: ["姓名", "备注"], rows: [["张三", "=HYPERLINK(\"x\")"], ["李四", "-5"]])
        let text = String(decoding: data, as: UTF8.self)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(text.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(text.contains("李四,-5"))
    }

    @Test("column letters run A…Z, AA…")
    func columns() {
        #expect(XLSXWorkbook.columnName(0) == "A")
        #expect(XLSXWorkbook.columnName(25) == "Z")
        #expect(XLSXWorkbook.columnName(26) == "AA")
    }
}

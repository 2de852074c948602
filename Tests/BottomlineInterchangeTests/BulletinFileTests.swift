import BottomlineDomain
@testable import BottomlineInterchange
import Foundation
import Testing

@Suite("通报表格文件")
struct BulletinFileTests {
    static let table: BulletinTable = {
        let c = IndicatorCatalogue.self
        return BulletinTable(title: "项城市防止返贫监测帮扶进度通报（2026年10月）", unitHeader: "乡镇",
                             columns: ["JC01", "JC02", "XC01", "XC03"].map { c.indicator($0)! }, rankBy: c.indicator("XC03")!,
                             units: [("南顿镇", Counts([.monitoredHouseholds: 52, .monitoredPersons: 160, .eliminatedHouseholds: 30, .eliminatedPersons: 99])),
                                     ("孙店镇", Counts([.monitoredHouseholds: 40, .monitoredPersons: 100, .eliminatedHouseholds: 20, .eliminatedPersons: 70]))],
                             footnote: "本版由项城市乡村振兴局供稿")
    }()

    @Test("the XLSX reads back with its title, merged group headers, units in rank order, numbers as numbers and the 合计 row")
    func xlsx() throws {
        let data = try BulletinFile.workbook(Self.table).data()
        let read = try XLSXReader.table(from: data)
        #expect(read.header.first == "项城市防止返贫监测帮扶进度通报（2026年10月）")
        let cells = read.rows
        #expect(cells[0].prefix(3) == ["序号", "乡镇", "监测识别"] && cells[0].contains("风险消除") && cells[0].last == "排名（风险消除率（人））")
        #expect(cells[1].contains("监测对象户数（户）") && cells[1].contains("风险消除率（人）"))
        #expect(cells[2].prefix(2) == ["1", "孙店镇"] && cells[2].last == "1")       // 70% ahead of 61.9%
        #expect(cells[3].prefix(2) == ["2", "南顿镇"])
        let total = try #require(cells.first { $0.count > 1 && $0[1] == "合计" })
        #expect(total[2] == "92" && total[3] == "260")
        #expect(cells.last?.first == "本版由项城市乡村振兴局供稿")
        let sheet = String(decoding: try #require(try XLSXReader.part("xl/worksheets/sheet1.xml", of: data)), as: UTF8.self)
        for merge in ["A1:G1", "A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"] { #expect(sheet.contains("<mergeCell ref=\"\(merge)\""), "\(merge)") }
        // 孙店镇's person count is a number cell, not text; the rate is stored as a fraction.
        #expect(sheet.range(of: #"<c r="D4"[^>]*><v>100</v>"#, options: .regularExpression) != nil)
        #expect(sheet.range(of: #"<c r="F4"[^>]*><v>0\.7</v>"#, options: .regularExpression) != nil)
    }

    @Test("a money column is headed 万元 and written as a number of 万元 to two decimals, summed from 分")
    func money() throws {
        let c = IndicatorCatalogue.self
        let table = BulletinTable(title: "2025年衔接资金支付进度通报", unitHeader: "乡镇", columns: ["ZJ02", "ZJ03", "ZJ05"].map { c.indicator($0)! },
                                  rankBy: c.indicator("ZJ05")!,
                                  units: [("南顿镇", Counts([.fundAllocated: 100_000_000, .fundPaid: 30_004_999])),
                                          ("孙店镇", Counts([.fundAllocated: 100_000_000, .fundPaid: 60_004_999]))])
        let read = try XLSXReader.table(from: try BulletinFile.workbook(table).data())
        #expect(read.rows[0].contains("衔接资金") && read.rows[1].contains("已支付资金（万元）"))
        #expect(read.rows[2].prefix(5) == ["1", "孙店镇", "100", "60", "0.6"])   // 60.004999万 to two decimals; the rate a percent cell
        let total = try #require(read.rows.first { $0.count > 1 && $0[1] == "合计" })
        #expect(total[3] == "90.01")   // 30.004999 + 60.004999 = 90.009998万, not 30.00 + 60.00
    }

    @Test("the CSV has the same rows and the 合计")
    func csv() throws {
        let text = String(decoding: BulletinFile.csv(Self.table), as: UTF8.self)
        #expect(text.contains("1,孙店镇,40,100,20,70.0%,1") && text.contains(",合计,92,260,50,65.0%,"))
    }
}

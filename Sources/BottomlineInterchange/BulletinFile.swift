import BottomlineDomain
import Foundation

/// A bulletin as offices lay it out: a title row, a two-row header whose groups are merged cells (序号, 单位 and 排名 span
/// both rows), units in rank order, figures as numbers (rates as percentages), a 合计 row and the footnote.
public enum BulletinFile {
    public static func workbook(_ table: BulletinTable) -> XLSXWorkbook {
        let width = table.columns.count + 3
        func column(_ i: Int) -> String {
            var n = i, s = ""
            repeat { s = String(UnicodeScalar(UInt8(65 + n % 26))) + s; n = n / 26 - 1 } while n >= 0
            return s
        }
        var rows: [[XLSXWorkbook.Cell]] = [[.text(table.title)] + Array(repeating: .empty, count: width - 1)]
        var merges = ["A1:\(column(width - 1))1"]
        // Header: groups over the indicator columns, merged where consecutive columns share one.
        var groupRow: [XLSXWorkbook.Cell] = [.text("序号"), .text(table.unitHeader)]
        var nameRow: [XLSXWorkbook.Cell] = [.empty, .empty]
        var start = 0
        for (i, indicator) in table.columns.enumerated() {
            let group = BulletinTable.group(of: indicator)
            groupRow.append(i == start || BulletinTable.group(of: table.columns[i - 1]) != group ? .text(group) : .empty)
            nameRow.append(.text(indicator.unit == .rate || indicator.unit == .perHousehold ? indicator.name : "\(indicator.name)（\(indicator.unit.rawValue)）"))
            let last = i == table.columns.count - 1 || BulletinTable.group(of: table.columns[i + 1]) != group
            if last {
                if i > start { merges.append("\(column(start + 2))2:\(column(i + 2))2") }
                start = i + 1
            }
        }
        groupRow.append(.text("排名（\(table.rankBy.name)）"))
        nameRow.append(.empty)
        merges += ["A2:A3", "B2:B3", "\(column(width - 1))2:\(column(width - 1))3"]
        rows += [groupRow, nameRow]
        func figures(_ counts: Counts) -> [XLSXWorkbook.Cell] {
            table.columns.map { i -> XLSXWorkbook.Cell in
                guard let v = i.value(counts) else { return .text("—") }
                switch i.unit {
                case .rate: return .percent((v * 1000).rounded() / 1000)
                case .perHousehold: return .number((v * 100).rounded() / 100)
                case .wan: return .number((v / 10_000).rounded() / 100)
                default: return .integer(Int64(v.rounded()))
                }
            }
        }
        for row in table.rows {
            rows.append([.integer(Int64(row.position)), .text(row.unit)] + figures(row.counts) + [row.rank.map { .integer(Int64($0)) } ?? .text("—")])
        }
        rows.append([.empty, .text("合计")] + figures(table.total) + [.empty])
        var styles: [Int: XLSXWorkbook.Style] = [0: .title, 1: .header, 2: .header, rows.count - 1: .bold]
        if !table.footnote.isEmpty {
            rows.append([.text(table.footnote)] + Array(repeating: .empty, count: width - 1))
            merges.append("A\(rows.count):\(column(width - 1))\(rows.count)")
            styles[rows.count - 1] = .normal
        }
        let widths = [6.0, 14] + table.columns.map { _ in 12.0 } + [10]
        return XLSXWorkbook(sheets: [.init(name: "通报", rows: rows, rowStyles: styles, merges: merges, columnWidths: widths)])
    }

    /// The same table as CSV (one header row: group and name joined).
    public static func csv(_ table: BulletinTable) -> Data {
        let header = ["序号", table.unitHeader] + table.columns.map { $0.name } + ["排名"]
        var rows = table.rows.map { r in [String(r.position), r.unit] + table.columns.map { $0.text(r.counts) } + [r.rank.map(String.init) ?? "—"] }
        rows.append(["", "合计"] + table.columns.map { $0.text(table.total) } + [""])
        if !table.footnote.isEmpty { rows.append([table.footnote]) }
        return CSV.write(header: header, rows: rows)
    }
}

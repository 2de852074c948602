import BottomlineDomain

/// A rule's 试算 by township, village, class and risk type (issue 18 §2): flagged now and under the change, newly and no longer flagged.
enum ShiftTable {
    /// `counted`: what a row counts (户 for warnings, 条 for findings); `names`: of the townships and villages.
    static func view(_ shift: FlagShift, names: [String: String], now: String = "现行", tried: String = "修改后", counted: String = "户") -> HTML {
        guard shift.total.now + shift.total.tried > 0 else { return "" }
        func row(_ label: String, _ l: FlagShift.Line, bold: Bool = false, head: String = "乡镇") -> HTML {
            """
            <tr\(HTML(raw: bold ? " class=\"total\"" : ""))><td data-label="\(head)">\(label)</td><td class="num" data-label="\(now)">\(Format.number(l.now))</td>\
            <td class="num" data-label="\(tried)">\(Format.number(l.tried))</td><td class="num" data-label="新增">\(Format.number(l.newly))</td>\
            <td class="num" data-label="不再提示">\(Format.number(l.dropped))</td></tr>
            """
        }
        func head(_ first: String) -> HTML { "<thead><tr><th>\(first)</th><th>\(now)</th><th>\(tried)</th><th>新增</th><th>不再提示</th></tr></thead>" }
        let townships = shift.townships.keys.sorted().map { row(names[$0] ?? $0, shift.townships[$0]!) }.joined()
        let groups: HTML = shift.groups.isEmpty ? "" : """
            <table class="stack"><caption>按户类别（\(counted)）</caption>\(head("户类别"))<tbody>\(shift.groups.keys.sorted().map { row($0, shift.groups[$0]!, head: "户类别") }.joined())</tbody></table>
            """
        // Every village a change touches, folded: a county's change can reach hundreds.
        let villages: HTML = shift.villages.count < 2 ? "" : """
            <details><summary>按村（\(Format.number(shift.villages.count))个村，\(counted)）</summary><table class="stack">\(head("村"))<tbody>\(shift.villages.keys.sorted().map { code in
                row((names[String(code.prefix(9))] ?? "") + (names[code] ?? code), shift.villages[code]!, head: "村")
            }.joined())</tbody></table></details>
            """
        let riskOrder = shift.risks.keys.filter { $0 != FlagShift.noRisk }.sorted() + (shift.risks[FlagShift.noRisk] == nil ? [] : [FlagShift.noRisk])
        let risks: HTML = shift.risks.isEmpty ? "" : """
            <table class="stack"><caption>按风险类型（\(counted)，一户多个风险的分别计入）</caption>\(head("风险类型"))<tbody>\(riskOrder.map { row($0, shift.risks[$0]!, head: "风险类型") }.joined())</tbody></table>
            """
        return """
            <table class="stack"><caption>按乡镇（\(counted)）</caption>\(head("乡镇"))<tbody>\(townships)\(row("合计", shift.total, bold: true))</tbody></table>\(villages)\(groups)\(risks)
            """
    }
}

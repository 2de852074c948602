import BottomlineDomain
import BottomlineInterchange

extension WhatIfPage {
    static let countHeader = ["现行标准下（户）", "现行标准下（人）", "测算标准下（户）", "测算标准下（人）", "新进入（户）", "新进入（人）",
                              "需新识别（户）", "其中曾风险消除（户）", "退出（户）", "其中监测对象（户）", "关注带现行（户）", "关注带测算（户）", "无收入记录（户）"]

    static func countCells(_ c: LineWhatIf.Counts) -> [XLSXWorkbook.Cell] {
        [c.withinToday.households, c.withinToday.persons, c.withinProposed.households, c.withinProposed.persons, c.entering.households, c.entering.persons,
         c.casesToOpen.households, c.reentering.households, c.leaving.households, c.leavingMonitored.households, c.bandToday.households, c.bandProposed.households,
         c.noIncome.households].map { .integer(Int64($0)) }
    }

    /// The page's figures as a workbook: the scenario, the units with their workload, every village, category, risk
    /// type and the expected measures, one sheet each.
    static func workbook(_ m: Model, _ r: Result) -> XLSXWorkbook {
        let s = r.scenario
        func sheet(_ name: String, _ header: [String], _ rows: [[XLSXWorkbook.Cell]]) -> XLSXWorkbook.Sheet {
            XLSXWorkbook.list(name: name, header: header, rows: rows).sheets[0]
        }
        let summary: [[XLSXWorkbook.Cell]] = [
            [.text("测算范围"), .text(r.unitName)],
            [.text("收入年度"), .integer(Int64(s.incomeYear))],
            [.text("现行监测标准（元/人·年）"), .number(Double(s.currentLine.fen) / 100)],
            [.text("测算标准（元/人·年）"), .number(Double(s.proposedLine.fen) / 100)],
            [.text("关注带（高于标准%）"), s.bandPercent.map { .integer(Int64($0)) } ?? .text("未设")],
            [.text("监测对象身份按"), .text(s.standingOn.map { "\($0.year)年\($0.month)月\($0.day)日的登记（往年测算）" } ?? "今日的登记")],
            [.text("识别纳入时限（天）"), r.workload.days > 0 ? .integer(Int64(r.workload.days)) : .text("未设置")],
            [.text("乡村干部和驻村干部（名）"), .integer(Int64(r.workload.cadres))],
            [.text("说明"), .text("测算只读取数据，未保存任何记录；人均纯收入低于标准即在监测范围内；需新识别为新进入范围且目前不是监测对象的户")],
        ]
        let work = r.rows.map { u -> [XLSXWorkbook.Cell] in
            let w = u.workload
            return [.text(u.code), .text(u.name)] + countCells(u.counts)
                + [w.map { .integer(Int64($0.cadres)) } ?? .empty, w?.perCadre.map { .number(($0 * 10).rounded() / 10) } ?? .empty, w?.perCadrePerDay.map { .number(($0 * 100).rounded() / 100) } ?? .empty]
        }
        let total: [XLSXWorkbook.Cell] = [.text(""), .text("合计")] + countCells(r.total)
            + [.integer(Int64(r.workload.cadres)), r.workload.perCadre.map { .number(($0 * 10).rounded() / 10) } ?? .empty, r.workload.perCadrePerDay.map { .number(($0 * 100).rounded() / 100) } ?? .empty]
        let villages = r.villages.map { [.text($0.code), .text($0.name)] + countCells($0.counts) }
        let categories = r.categories.map { [.text($0.label)] + countCells($0.counts) }
        let risks = r.risks.map { [.text($0.label)] + countCells($0.counts) }
        let measures = r.measures.map { x -> [XLSXWorkbook.Cell] in
            [.text(x.category.label), .integer(Int64(x.recorded.measures)), .number(Double(x.recorded.amount.fen) / 100),
             .integer(Int64(x.expected.measures)), .number(Double(x.expected.amount.fen) / 100)]
        }
        let byVillage = r.unitLevel == RegionCode.Level.village.label
        return XLSXWorkbook(sheets: [
            sheet(byVillage ? "按村" : r.unitLevel == RegionCode.Level.township.label ? "按乡镇" : "按\(r.unitLevel.prefix(1))", ["区划代码", r.unitLevel] + countHeader + ["干部（名）", "人均识别（户）", "每人每天（户）"], work + [total]),
            sheet("测算条件", ["项目", "内容"], summary),
        ] + (byVillage ? [] : [sheet("按村", ["区划代码", "村"] + countHeader, villages)]) + [
            sheet("按户类别", ["户类别"] + countHeader, categories),
            sheet("按风险类型", ["风险类型"] + countHeader, risks),
            sheet("预计措施", ["措施类别", "已记录措施（项）", "已记录金额（元）", "预计新增措施（项）", "预计金额（元）"], measures),
        ])
    }
}

import BottomlineDomain

extension Dashboard {
    static func view(_ m: Model) -> HTML {
        let total = m.total
        let latest = m.frozen.last?.counts
        let digits = SitePath.Slot.value(m.code.digits)
        let inRegion = "?region=\(m.code.digits)"
        func figure(_ indicator: String, _ counts: Counts) -> String { IndicatorCatalogue.indicator(indicator)!.text(counts) }
        func card(_ value: String, _ label: String, link: String? = nil, frozen: String? = nil, warn: Bool = false) -> HTML {
            let number: HTML = link.map { "<a href=\"\($0)\">\(value)</a>" } ?? "\(value)"
            let was: HTML = frozen.map { "<div class=\"small muted\">\(m.frozen.last?.period ?? "")月末 \($0)</div>" } ?? ""
            return "<div class=\"card\(HTML(raw: warn ? " warn" : ""))\"><div class=\"n\">\(number)</div><div class=\"l\">\(label)</div>\(was)</div>"
        }
        let overdue = total[.overdueClues] + total[.overdueWarnings]
        let households = "\(SitePath.households)\(inRegion)"
        let cards: HTML = """
            <div class="cards">
            \(card(Format.number(total[.households]), "登记户数"))
            \(card(Format.number(total[.persons]), "在册人数"))
            \(card(Format.number(total[.alleviatedHouseholds]), "脱贫户", link: households + "&category=alleviated"))
            \(card(Format.number(total[.monitoredHouseholds]), "监测对象（户）", link: households + "&monitored=true", frozen: latest.map { figure("JC01", $0) }))
            \(card(Format.number(total[.atRiskHouseholds]), "风险未消除（户）", link: "\(SitePath.monitoring)\(inRegion)", frozen: latest.map { figure("JC03", $0) }))
            \(card(figure("XC03", total), "风险消除率（人）", frozen: latest.map { figure("XC03", $0) }))
            \(card(Format.number(total[.newHouseholds]), "本月新识别（户）"))
            \(card(figure("BF01", total), "户均帮扶措施（项）", frozen: latest.map { figure("BF01", $0) }))
            \(card(figure("BF03", total), "走访覆盖率", warn: (IndicatorCatalogue.indicator("BF03")!.value(total) ?? 1) < 0.9))
            \(card(figure("BF02", total), "帮扶责任人落实率"))
            \(card(Format.number(overdue), "逾期未核实（线索和预警）", link: "\(SitePath.work)", warn: overdue > 0))
            \(card(Format.number(total[.basicNeedGaps]), "三保障/饮水有问题（户）", link: households + "&gap=any", warn: total[.basicNeedGaps] > 0))
            \(card(Format.number(total[.noLabourHouseholds]), "整户无劳动力", link: households + "&noLabour=true"))
            </div>
            """
        // 衔接资金, 项目 and 资产 of the year, as of today, where there are any (issue 15 §4).
        let money: HTML = total[.projects] == 0 && total[.fundIssued] == 0 && total[.assets] == 0 ? "" : """
            <h2>\(m.today.year)年衔接资金与项目</h2>
            <div class="cards">
            \(card(figure("ZJ03", total), "已支付（万元）", link: m.context.viewer?.readsFunds == true ? "\(SitePath.funds)" : nil))
            \(total[.fundIssued] > 0 ? card(figure("ZJ04", total), "支付进度（占下达）") : card(figure("ZJ05", total), "支付进度（占对接）"))
            \(total[.fundIndustryBase] > 0 ? card(figure("ZJ07", total), "产业占比") : "")
            \(card(Format.number(total[.projects]), "项目（个）", link: "\(SitePath.projects)"))
            \(card(figure("XM02", total), "开工率"))
            \(card(figure("XM03", total), "完工率"))
            \(card(figure("ZC03", total), "资产年收益（万元）", link: "\(SitePath.assets)"))
            </div>
            """
        // 小额信贷, 就业帮扶 and 防贫保险 of the year, as of today, where there are any (issue 16 §4).
        let help: HTML = total[.loanBalance] == 0 && total[.jobWorkers] == 0 && total[.jobPosts] == 0 && total[.insurancePaid] == 0 ? "" : """
            <h2>\(m.today.year)年金融、就业和保险帮扶</h2>
            <div class="cards">
            \(card(figure("DK01", total), "户贷率", link: m.context.viewer?.readsFunds == true ? "\(SitePath.loansBulletin)" : nil))
            \(card(figure("DK04", total), "小额信贷逾期率", warn: total[.loanOverdue] > 0))
            \(card(Format.number(total[.jobWorkers]), "脱贫人口务工（人）", link: "\(SitePath.jobs)"))
            \(card(Format.number(total[.jobPosts]), "公益岗位在岗（人）"))
            \(card(Format.number(total[.yuluStudents]), "雨露计划（人）"))
            \(card(figure("BX01", total), "防贫保险赔付（万元）", link: "\(SitePath.insurance)"))
            </div>
            """
        let childLabel = [RegionCode.Level.city: "市", .county: "县（市、区）", .township: "乡镇", .village: "村"][m.code.level.child ?? .village] ?? ""
        let columns = ["JC01", "JC03", "XC03", "BF01", "BF03", "SB02", "SB04"].compactMap(IndicatorCatalogue.indicator)
        let table: HTML = m.children.isEmpty ? "" : """
            <h2>下辖\(childLabel)</h2>
            <div class="scroll-x"><table class="stack units"><thead><tr><th>名称</th><th class="num">户数</th><th class="num">人数</th>\(columns.map { "<th class=\"num\" title=\"\($0.meaning)\">\($0.name)</th>" as HTML }.joined())</tr></thead><tbody>
            \(m.children.map { u -> HTML in
                let c = u.counts
                return "<tr><td data-label=\"名称\"><a href=\"\(SitePath.region(.value(u.code)))\">\(u.name)</a></td><td class=\"num\" data-label=\"户数\">\(Format.number(c[.households]))</td><td class=\"num\" data-label=\"人数\">\(Format.number(c[.persons]))</td>\(columns.map { "<td class=\"num\" data-label=\"\($0.name)\">\(Format.figure($0, c))</td>" as HTML }.joined())</tr>"
            }.joined())
            <tr class="total"><td data-label="名称"><b>合计</b></td><td class="num" data-label="户数"><b>\(Format.number(total[.households]))</b></td><td class="num" data-label="人数"><b>\(Format.number(total[.persons]))</b></td>\(columns.map { "<td class=\"num\" data-label=\"\($0.name)\"><b>\(Format.figure($0, total))</b></td>" as HTML }.joined())</tr>
            </tbody></table></div>
            \(Format.undefinedNote(columns, m.children.map(\.counts) + [total]))
            """
        // Charts: monitoring objects by child unit, the elimination rate's month-end trend, category and income bands.
        let rate = IndicatorCatalogue.indicator("XC03")!
        let trend = m.frozen.compactMap { f in rate.value(f.counts).map { (label: f.period, value: $0, text: rate.text(f.counts)) } }
        let newByMonth = Charts.line(m.monthly.enumerated().map { i, x in
            // "2026-01" for the first point and each January, "2月" for the others: twelve labels fit the width.
            let month = Int(x.period.suffix(2)) ?? 0
            return (i == 0 || month == 1 ? x.period : "\(month)月", Double(x.counts[.newHouseholds]), "\(x.counts[.newHouseholds])")
        }, title: "每月新识别监测对象（户）")
        let populated = m.children.filter { $0.counts[.households] > 0 }
        let bars: HTML = populated.isEmpty ? "" : Charts.bars(populated.map {
            Charts.Bar(label: $0.name, value: Double($0.counts[.monitoredHouseholds]), text: "\($0.counts[.monitoredHouseholds])户")
        }, title: "监测对象户数（按\(childLabel)）")
        let categories = MonitoringCategory.allCases.enumerated().map { i, c in (m.categoryNames[i], total[.monitoredHouseholds(c)], ["#2f6fb0", "#e0a030", "#c0392b"][i % 3]) }
        let charts: HTML = total[.households] == 0 ? "" : """
            <div class="charts">\(bars)\(newByMonth)\(Charts.line(trend, title: "\(rate.name)：月末走势"))\(Charts.stack(categories, title: "监测对象类别（户）"))\(Charts.stack([("低于标准", total[.incomeBelow], "#c0392b"), ("高于不足10%", total[.incomeNear], "#e0a030"), ("高于10%以上", total[.incomeAbove], "#3c9a5f")], title: "人均纯收入相对监测标准（户）"))</div>
            """
        let village = m.code.level == .village
        let links: HTML = "<p><a class=\"button\" href=\"\(households)\">查看\(m.name)农户名册</a> <a class=\"button secondary\" href=\"\(SitePath.monitoring)\(inRegion)\">监测对象</a> <a class=\"button secondary\" href=\"\(SitePath.indicators)\(inRegion)\">全部指标与排名</a>\(village ? " <a class=\"button secondary\" href=\"\(SitePath.regionQR(digits))\">农户自主申报二维码</a> <a class=\"button secondary\" href=\"\(SitePath.notices)?village=\(m.code.digits)\">公示公告</a>" as HTML : "")</p>"
        let attention: HTML = (m.attention ?? []).isEmpty ? "" : """
            <h2>需要关注的农户（监测对象或三保障/饮水有问题）</h2>
            <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th class="num">人数</th><th>状态</th></tr></thead><tbody>
            \((m.attention ?? []).map { h -> HTML in
                "<tr><td data-label=\"户编号\"><a href=\"\(SitePath.household(.value(h.id)))\">\(h.number)</a></td><td data-label=\"户主\">\(h.householderName)</td><td class=\"num\" data-label=\"人数\">\(h.memberCount)</td><td data-label=\"状态\">\(h.tags.html)</td></tr>"
            }.joined())</tbody></table>
            """
        let note: HTML = "<p class=\"small muted\">实时数据，截至\(m.today)；“本月新识别”自\(m.monthStart)起。\(m.frozen.last.map { "卡片下方的小字为\($0.period)月末冻结数（当月正式数据）。" } ?? "尚无冻结的月末数据。")各级使用同一套指标定义，合计为下级原始数相加。</p>"
        // A village cadre, often on a phone, sees the households needing attention before the figures.
        let body = village ? links + attention + cards + note + money + help + charts : cards + note + links + table + money + help + charts
        return Layout.page(m.name, context: m.context, crumbs: m.crumbs, body)
    }
}

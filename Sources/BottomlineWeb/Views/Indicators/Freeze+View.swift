import BottomlineDomain

/// 冻结月末数据: what freezing a month does, asked before it is done; and, once done, who froze it and when.
enum FreezePage {
    struct Model: Sendable {
        var context: PageContext
        var period: String
        var regionName: String
        /// "2026-12-03 09:15 由 县乡村振兴局 张某" when the month is frozen already.
        var frozen: String?
        var problem: String?
    }

    static func view(_ m: Model) -> HTML {
        let (_, to) = IndicatorStore.period(m.period) ?? (CivilDate.today, CivilDate.today)
        let body: HTML
        if let frozen = m.frozen {
            body = """
                <p class="flash">\(m.period)月末数据已冻结（\(frozen)），冻结后不再改变。</p>
                <p><a class="button" href="\(SitePath.indicators)?snapshot=\(m.period)">查看\(m.period)月末冻结数</a></p>
                """
        } else {
            body = """
                \(m.problem.map { "<p class=\"error\">\($0)</p>" as HTML } ?? "")
                <div class="panel">
                <p>将冻结<strong>\(m.regionName)</strong>各村、各乡镇<strong>\(m.period)月末</strong>的全部指标数据，作为当月正式数据用于通报和排名。</p>
                <p>数据按<strong>\(to.description)24时</strong>名册中登记的情况计算：之后新录入、更正、纳入或消除风险的，都不计入本月，计入下月。</p>
                <p>冻结后不能撤销，也不再随名册更正而变化。</p>
                <form method="post" action="\(SitePath.indicatorsFreeze)">\(m.context.csrfField)<input type="hidden" name="period" value="\(m.period)">
                <button>确认冻结\(m.period)月末数据</button> <a class="button secondary" href="\(SitePath.indicators)">取消</a></form>
                </div>
                """
        }
        return Layout.page("冻结\(m.period)月末数据", context: m.context, body)
    }
}

import BottomlinePersistence

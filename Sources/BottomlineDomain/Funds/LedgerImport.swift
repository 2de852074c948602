/// Files of the 项目库 and the fund ledger (issue 15 §4): what a county keeps in Excel today — its project library,
/// the batches it received, 项目对接 and payments — read row by row into the same form values the pages submit, so a
/// row is checked by exactly the rules a form is. Columns are found by name (in any order; unknown ones are ignored);
/// code lists are read by their labels, codes or aliases.
public enum LedgerImportKind: String, CaseIterable, Sendable {
    case projects, batches, allocations, payments, assets, loanBalances = "loan_balances"
    case workSpells = "work_spells", publicPosts = "public_posts", yulu

    public var label: String {
        switch self {
        case .projects: "项目库"
        case .batches: "资金下达"
        case .allocations: "项目对接"
        case .payments: "资金支付"
        case .assets: "项目资产"
        case .loanBalances: "小额信贷余额（银行报送）"
        case .workSpells: "务工情况"
        case .publicPosts: "公益性岗位"
        case .yulu: "雨露计划补助"
        }
    }

    public struct Column: Sendable {
        public let name: String
        /// The form field the value goes to.
        public let key: String
        public let required: Bool
        public let aliases: [String]
        init(_ name: String, _ key: String, required: Bool = false, aliases: [String] = []) {
            self.name = name
            self.key = key
            self.required = required
            self.aliases = aliases
        }
    }

    public var columns: [Column] {
        switch self {
        case .projects:
            [Column("项目编号", "number", required: true), Column("项目名称", "name", required: true), Column("项目年度", "year", required: true, aliases: ["年度"]),
             Column("项目类别", "category", required: true), Column("实施地点区划代码", "place", required: true, aliases: ["区划代码", "实施地点代码"]),
             Column("建设内容", "content", required: true, aliases: ["建设内容及规模"]), Column("绩效目标", "goals", required: true),
             Column("衔接资金（万元）", "linkage", aliases: ["衔接资金", "财政衔接资金（万元）"]), Column("统筹整合资金（万元）", "integrated", aliases: ["整合资金（万元）", "整合资金"]),
             Column("其他资金（万元）", "other", aliases: ["其他资金", "自筹资金（万元）"]), Column("联农带农方式", "ways"),
             Column("带动户数", "households", aliases: ["带动农户数"]), Column("其中脱贫户", "alleviated", aliases: ["带动脱贫户数"]),
             Column("其中监测户", "monitored", aliases: ["带动监测户数"]), Column("实施单位", "implementer", required: true),
             Column("项目负责人", "responsible", required: true), Column("计划开工日期", "start", aliases: ["计划开工"]),
             Column("计划完工日期", "end", aliases: ["计划完工"]), Column("项目环节", "stage", aliases: ["项目状态"])]
        case .batches:
            [Column("资金年度", "year", required: true, aliases: ["年度"]), Column("资金级别", "level", required: true, aliases: ["级次"]),
             Column("资金性质", "kind", aliases: ["资金类型"]), Column("文号", "document", required: true, aliases: ["资金文号", "下达文号"]),
             Column("下达日期", "issuedOn", required: true), Column("下达金额（万元）", "amount", required: true, aliases: ["金额（万元）", "下达金额"]),
             Column("资金用途", "purpose")]
        case .allocations:
            [Column("资金年度", "year", required: true, aliases: ["年度"]), Column("资金级别", "level", required: true, aliases: ["级次"]),
             Column("文号", "document", required: true, aliases: ["资金文号"]), Column("项目编号", "project", required: true),
             Column("对接金额（万元）", "amount", required: true, aliases: ["金额（万元）"])]
        case .payments:
            [Column("资金年度", "year", required: true, aliases: ["年度"]), Column("资金级别", "level", required: true, aliases: ["级次"]),
             Column("文号", "document", required: true, aliases: ["资金文号"]), Column("项目编号", "project", required: true),
             Column("支付日期", "paidOn", required: true), Column("支付金额（万元）", "amount", required: true, aliases: ["金额（万元）"]),
             Column("收款方类型", "payee", required: true), Column("收款方名称", "payeeName", required: true, aliases: ["收款单位"]),
             Column("质保金（万元）", "retention", aliases: ["预留质保金（万元）"]), Column("备注", "note")]
        case .assets:
            [Column("资产编号", "number", required: true), Column("资产名称", "name", required: true), Column("资产类别", "class", required: true),
             Column("资产类型", "kind"), Column("所在地区划代码", "place", required: true, aliases: ["区划代码"]),
             Column("资产原值（万元）", "value", required: true, aliases: ["原值（万元）"]), Column("所有权人", "owner", required: true),
             Column("确权日期", "confirmedOn"), Column("经营主体", "operator"), Column("经营方式", "way", required: true), Column("约定收益", "agreedReturn"),
             Column("管护责任人", "caretaker", required: true), Column("四个一批", "fourBatch", aliases: ["四个一批分类"]),
             Column("装机容量（千瓦）", "capacityKW"), Column("吸纳就业人数", "jobs"), Column("其中脱贫人口", "jobsAlleviated"),
             Column("其中监测对象", "jobsMonitored"), Column("项目编号", "project")]
        case .loanBalances:
            [Column("贷款银行", "bank", required: true, aliases: ["银行", "经办银行"]), Column("合同编号", "contract", required: true, aliases: ["借款合同编号", "合同号"]),
             Column("借款人身份证号", "idNumber", required: true, aliases: ["身份证号", "证件号码"]), Column("余额日期", "balanceOn", required: true, aliases: ["截至日期", "数据日期"]),
             Column("贷款余额（元）", "balance", required: true, aliases: ["余额（元）", "贷款余额"]), Column("本期还款（元）", "repaid", aliases: ["还款金额（元）", "本期还款"]),
             Column("逾期天数", "overdue")]
        case .workSpells:
            [Column("身份证号", "idNumber", required: true, aliases: ["证件号码", "务工人员身份证号"]), Column("务工地区划代码", "place", required: true, aliases: ["务工所在地代码", "务工地代码"]),
             Column("开始月份", "start", required: true, aliases: ["务工开始时间", "开始时间"]), Column("结束月份", "end", aliases: ["务工结束时间", "结束时间"]),
             Column("务工单位", "employer", aliases: ["就业单位"]), Column("就业渠道", "channel", required: true), Column("月收入（元）", "monthlyIncome", aliases: ["月均收入（元）", "月收入"])]
        case .publicPosts:
            [Column("身份证号", "idNumber", required: true, aliases: ["证件号码"]), Column("岗位类型", "type", required: true, aliases: ["公益性岗位类型"]),
             Column("用工单位", "employer", required: true, aliases: ["设岗单位"]), Column("上岗日期", "start", required: true), Column("离岗日期", "end"),
             Column("月补贴（元）", "monthlyPay", required: true, aliases: ["岗位补贴（元/月）", "月补贴"])]
        case .yulu:
            [Column("学生身份证号", "idNumber", required: true, aliases: ["身份证号"]), Column("学校", "school", required: true, aliases: ["就读学校"]),
             Column("院校类型", "schoolType", required: true, aliases: ["学校类型"]), Column("开学日期", "termStart", required: true, aliases: ["学期开始日期"]),
             Column("补助金额（元）", "amount", required: true, aliases: ["金额（元）", "补助金额"]), Column("发放日期", "paidOn", required: true)]
        }
    }

    /// The column a form field came from, for a problem's message.
    public func columnName(forKey key: String) -> String {
        if self == .projects, key == "way" || key.hasPrefix("way_") { return "联农带农方式" }
        return columns.first { $0.key == key }?.name ?? (key == "_" ? "" : key)
    }
}

/// A ledger file refused whole: every problem found, nothing written.
public struct LedgerImportRefused: Error, Sendable {
    public let problems: [ImportProblem]
    public init(_ problems: [ImportProblem]) { self.problems = problems }
}

public enum LedgerImport {
    /// The largest file a ledger import takes: a province's project library is a few thousand rows.
    public static let maximumRows = 20_000

    /// Each row of `table` as form values (codes translated from labels), with its spreadsheet row number; or every
    /// problem of the header (a required column missing, a column twice) and of size.
    public static func rows(_ table: Table, kind: LedgerImportKind) -> Result<[(row: Int, values: FormValues)], LedgerImportRefused> {
        var index: [String: Int] = [:]
        var problems: [ImportProblem] = []
        for (i, raw) in table.header.enumerated() {
            let name = raw.trimmingASCIISpaces().replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
            guard let column = kind.columns.first(where: { $0.name == name || $0.aliases.contains(name) }) else { continue }
            if index[column.key] != nil { problems.append(ImportProblem(row: 1, column: column.name, value: raw, reason: "列重复")) }
            index[column.key] = i
        }
        for column in kind.columns where column.required && index[column.key] == nil {
            problems.append(ImportProblem(row: 1, column: column.name, value: "", reason: "缺少必填列“\(column.name)”"))
        }
        if table.rows.isEmpty { problems.append(ImportProblem(row: 0, column: "", value: "", reason: "文件中没有数据行")) }
        if table.rows.count > maximumRows {
            problems.append(ImportProblem(row: 0, column: "", value: "", reason: "文件有\(table.rows.count)行，超过一次导入的上限\(maximumRows)行，请分批导入"))
        }
        guard problems.isEmpty else { return .failure(LedgerImportRefused(problems)) }
        let categories = CodeLookup<ProjectCategory>(), ways = CodeLookup<FarmerLinkWay>(), stages = CodeLookup<ProjectStage>()
        let levels = CodeLookup<FundLevel>(), kinds = CodeLookup<FundKind>(), payees = CodeLookup<PayeeKind>()
        let classes = CodeLookup<AssetClass>(), assetKinds = CodeLookup<AssetKind>(), owners = CodeLookup<AssetOwner>()
        let operationWays = CodeLookup<OperationWay>(), fourBatches = CodeLookup<FourBatchClass>()
        var out: [(Int, FormValues)] = []
        out.reserveCapacity(table.rows.count)
        for (n, cells) in table.rows.enumerated() {
            var values = FormValues()
            for (key, i) in index where i < cells.count { values[key] = String(cells[i].prefix(5000)).trimmingASCIISpaces() }
            // Labels to the codes the forms take; an unknown label stays as typed and the form's rule names it.
            func translate<L: CodeList>(_ key: String, _ lookup: CodeLookup<L>) {
                if let raw = values[key], !raw.isEmpty, let code = lookup(raw) { values[key] = code.rawValue }
            }
            translate("category", categories)
            translate("stage", stages)
            translate("level", levels)
            translate("payee", payees)
            if kind == .assets {
                translate("class", classes)
                translate("kind", assetKinds)
                translate("owner", owners)
                translate("way", operationWays)
                translate("fourBatch", fourBatches)
            } else {
                translate("kind", kinds)
            }
            if kind == .batches, (values["kind"] ?? "").isEmpty { values["kind"] = FundKind.linkage.rawValue }
            if kind == .projects, let raw = values["ways"], !raw.isEmpty {
                for part in raw.split(whereSeparator: { "、,，;；/ ".contains($0) }) {
                    if let way = ways(String(part)) { values["way_" + way.rawValue] = "on" } else { values["way"] = String(part) }
                }
            }
            if let place = values["place"] { values["place"] = RegionCode(place).map(\.digits) ?? place }
            out.append((table.rowNumbers[n], values))
        }
        return .success(out)
    }

    /// A form's problems as the file's: row, column, the value in the file, and the reason.
    public static func problems(_ errors: FieldErrors, row: Int, values: FormValues, kind: LedgerImportKind) -> [ImportProblem] {
        errors.sorted { $0.key < $1.key }.map { key, reason in
            let column = kind.columnName(forKey: key)
            let value = kind == .projects && key.hasPrefix("way") ? (values["ways"] ?? "") : (values[key] ?? "")
            return ImportProblem(row: row, column: column, value: String(value.prefix(60)), reason: reason)
        }
    }
}

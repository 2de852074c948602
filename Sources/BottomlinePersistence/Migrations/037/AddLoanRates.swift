import BottomlineDomain
import Fluent

/// A 小额信贷 loan's rate and 贴息 (issue 16 §1, ledgers-rules.md §L4): the contract's yearly rate, the LPR it follows
/// and that LPR's value on the issue date, and the 贴息比例 — each in hundredths of a percent, empty on loans recorded
/// before. With them, the published LPR since 2020-04-20 as effective-dated policy (the 1-year and 5-year-and-over
/// rates as 全国银行间同业拆借中心 publishes them on the 20th; a later publication is entered on the policy page).
struct AddLoanRates: AsyncMigration {
    static let lpr: [(PolicyParameter, String, String, String)] = {
        let source = "中国人民银行授权全国银行间同业拆借中心公布的贷款市场报价利率"
        let oneYear: [(String, String)] = [("2020-04-20", "3.85"), ("2021-12-20", "3.8"), ("2022-01-20", "3.7"), ("2022-08-22", "3.65"),
                                           ("2023-06-20", "3.55"), ("2023-08-21", "3.45"), ("2024-07-22", "3.35"), ("2024-10-21", "3.1"),
                                           ("2025-05-20", "3")]
        let fiveYear: [(String, String)] = [("2020-04-20", "4.65"), ("2022-01-20", "4.6"), ("2022-05-20", "4.45"), ("2022-08-22", "4.3"),
                                            ("2023-06-20", "4.2"), ("2024-02-20", "3.95"), ("2024-07-22", "3.85"), ("2024-10-21", "3.6"),
                                            ("2025-05-20", "3.5")]
        return oneYear.map { (.lprOneYear, $0.0, $0.1, source) } + fiveYear.map { (.lprFiveYear, $0.0, $0.1, source) }
    }()

    static let columns: [(String, DatabaseSchema.DataType)] = [("rate", .int64), ("lpr_term", .string), ("lpr", .int64), ("subsidy_ratio", .int64)]

    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        for (name, type) in Self.columns { try await db.schema("loans").field(FieldKey(stringLiteral: name), type).update() }
        try await SeedPolicyDefaults.insert(Self.lpr, on: db)
    }

    func revert(on db: any Database) async throws {
        try await PolicySettingRecord.query(on: db).filter(\.$parameter ~~ [PolicyParameter.lprOneYear.rawValue, PolicyParameter.lprFiveYear.rawValue])
            .filter(\.$regionCode == "41").delete()
        for (name, _) in Self.columns.reversed() { try await db.schema("loans").deleteField(FieldKey(stringLiteral: name)).update() }
    }
}

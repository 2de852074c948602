import BottomlineDomain

/// 衔接资金: a year's batches of the user's county (or counties), the progress figures offices report, and one batch's
/// 项目对接 and payments.
enum FundsPage {
    struct BatchRow: Sendable {
        var id: String
        var document: String
        var level: FundLevel
        var kind: FundKind
        var issuedOn: String
        var amount: Money
        var allocated: Money
        var paid: Money
        var county: String
    }

    struct Model: Sendable {
        var context: PageContext
        var year: Int
        var years: [Int]
        var progress: FundProgress
        var rule: (minimum: Int64, base: IndustryShareBase)?
        var byLevel: [(String, FundProgress)]
        var batches: [BatchRow]
        var mayWrite: Bool
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }

    struct ProjectLine: Sendable {
        var id: String
        var number: String
        var name: String
        var stage: ProjectStage
        var allocated: Money
        var paid: Money
    }

    struct PaymentLine: Sendable {
        var id: String
        var projectID: String
        var project: String
        var paidOn: String
        var amount: Money
        var payee: String
        var retention: Money
        var note: String
        var reversed: Bool
    }

    struct BatchModel: Sendable {
        var context: PageContext
        var row: BatchRow
        var purpose: String
        var lines: [ProjectLine]
        var payments: [PaymentLine]
        /// Approved projects of the county not yet settled: those 项目对接 may choose.
        var candidates: [(value: String, label: String)]
        var mayWrite: Bool
        var today: CivilDate
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
        var form: String = ""
    }
}

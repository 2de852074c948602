import BottomlineDomain

/// 帮扶项目资产: the ledger of the user's region with its figures, one asset with its income and distribution, and the
/// county's registration form.
enum AssetsPage {
    struct Row: Sendable {
        var id: String
        var number: String
        var name: String
        var place: String
        var assetClass: AssetClass
        var kind: AssetKind
        var value: Money
        var income: Money
        var fourBatch: FourBatchClass?
        var confirmed: Bool
        var disposed: Bool
    }

    struct Waiting: Sendable {
        var id: String
        var number: String
        var name: String
        var stage: ProjectStage
    }

    struct Model: Sendable {
        var context: PageContext
        var year: Int
        var figures: AssetFigures
        var rows: [Row]
        var waiting: [Waiting]
        var mayRegister: Bool
    }

    struct Income: Sendable {
        var period: String
        var amount: Money
        var kwh: Int64?
        var note: String
    }

    struct Distribution: Sendable {
        var year: Int
        var use: String
        var amount: Money
        var decided: String
        var note: String
        var payouts: [(household: String, id: String, amount: Money)]
    }

    struct DetailModel: Sendable {
        var context: PageContext
        var id: String
        var name: String
        var facts: [(String, String)]
        var kind: AssetKind
        var project: (id: String, label: String)?
        var incomes: [Income]
        var distributions: [Distribution]
        var mayRecord: Bool
        var mayDispose: Bool
        var disposed: String?
        var today: CivilDate
        var form: String = ""
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }

    struct FormModel: Sendable {
        var context: PageContext
        var values: FormValues
        var errors: FieldErrors
        var project: (id: String, label: String)?
        var places: [(value: String, label: String)]
    }
}

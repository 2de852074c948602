/// An asset as the county registers it after 验收 (ledgers-rules.md §L3 "Fields a ledger keeps").
public struct AssetDraft: Hashable, Sendable {
    public var number: String
    public var name: String
    public var assetClass: AssetClass
    public var kind: AssetKind
    public var place: String
    public var value: Money
    public var owner: AssetOwner
    public var confirmedOn: CivilDate?
    public var operatorName: String
    public var way: OperationWay
    public var agreedReturn: String
    public var caretaker: String
    public var fourBatch: FourBatchClass?
    public var capacityKW: Int?
    public var jobs: Int?
    public var jobsAlleviated: Int?
    public var jobsMonitored: Int?

    public init(number: String, name: String, assetClass: AssetClass, kind: AssetKind, place: String, value: Money, owner: AssetOwner,
                confirmedOn: CivilDate?, operatorName: String, way: OperationWay, agreedReturn: String, caretaker: String,
                fourBatch: FourBatchClass?, capacityKW: Int?, jobs: Int?, jobsAlleviated: Int?, jobsMonitored: Int?) {
        self.number = number
        self.name = name
        self.assetClass = assetClass
        self.kind = kind
        self.place = place
        self.value = value
        self.owner = owner
        self.confirmedOn = confirmedOn
        self.operatorName = operatorName
        self.way = way
        self.agreedReturn = agreedReturn
        self.caretaker = caretaker
        self.fourBatch = fourBatch
        self.capacityKW = capacityKW
        self.jobs = jobs
        self.jobsAlleviated = jobsAlleviated
        self.jobsMonitored = jobsMonitored
    }

    /// Fields `number`, `name`, `class`, `kind`, `place`, `value` (万元), `owner`, `confirmedOn`, `operator`, `way`,
    /// `agreedReturn`, `caretaker`, `fourBatch`, and for a 光伏 station `capacityKW`, for a 帮扶车间 `jobs`,
    /// `jobsAlleviated`, `jobsMonitored`.
    public static func validate(_ values: FormValues, today: CivilDate) -> Result<AssetDraft, FieldProblems> {
        var errors = FieldErrors()
        let number = errors.take("number", ProjectRules.shortText(values.text("number", limit: 200), label: "资产编号", max: 40, required: true))
        let name = errors.take("name", ProjectRules.shortText(values.text("name", limit: 400), label: "资产名称", max: 100, required: true))
        let assetClass = errors.take("class", FieldRules.choice(values.text("class", limit: 40), AssetClass.self))
        let kind = errors.take("kind", FieldRules.choice(values.text("kind", limit: 40).isEmpty ? AssetKind.general.rawValue : values.text("kind", limit: 40), AssetKind.self))
        let place = values.text("place", limit: 20)
        if RegionCode(place) == nil { errors["place"] = "请选择资产所在地" }
        let value = errors.take("value", FundForms.amountField(values.text("value", limit: 40), label: "资产原值"))
        let owner = errors.take("owner", FieldRules.choice(values.text("owner", limit: 40), AssetOwner.self))
        var confirmed: CivilDate?
        if !values.text("confirmedOn", limit: 20).isEmpty {
            confirmed = errors.take("confirmedOn", FieldRules.pastDate(values.text("confirmedOn", limit: 20), label: "确权日期", today: today,
                                                                       earliest: CivilDate(year: 2012, month: 1, day: 1)))
        }
        let op = errors.take("operator", ProjectRules.shortText(values.text("operator", limit: 400), label: "经营主体", max: 100, required: false))
        let way = errors.take("way", FieldRules.choice(values.text("way", limit: 40), OperationWay.self))
        let agreed = errors.take("agreedReturn", ProjectRules.shortText(values.text("agreedReturn", limit: 400), label: "约定收益", max: 100, required: false))
        let caretaker = errors.take("caretaker", ProjectRules.shortText(values.text("caretaker", limit: 200), label: "管护责任人", max: 40, required: true))
        var fourBatch: FourBatchClass?
        if !values.text("fourBatch", limit: 40).isEmpty { fourBatch = errors.take("fourBatch", FieldRules.choice(values.text("fourBatch", limit: 40), FourBatchClass.self)) }
        func count(_ key: String, _ label: String, required: Bool) -> Int? {
            let raw = values.text(key, limit: 20)
            if raw.isEmpty { if required { errors[key] = "请填写\(label)" }; return nil }
            guard let n = Int(raw), (0...10_000_000).contains(n) else { errors[key] = "\(label)应为0至10000000的整数"; return nil }
            return n
        }
        let capacity = count("capacityKW", "装机容量（千瓦）", required: kind == .photovoltaic)
        let jobs = count("jobs", "吸纳就业人数", required: kind == .workshop)
        let alleviated = count("jobsAlleviated", "其中脱贫人口", required: false), monitored = count("jobsMonitored", "其中监测对象", required: false)
        if let jobs, (alleviated ?? 0) + (monitored ?? 0) > jobs { errors["jobsAlleviated"] = "脱贫人口与监测对象之和超过吸纳就业人数" }
        if kind == .photovoltaic, capacity == 0 { errors["capacityKW"] = "光伏电站装机容量应大于0" }
        if let assetClass, let way, assetClass == .operating, way == .none { errors["way"] = "经营性资产应填写经营方式" }
        guard errors.isEmpty, let number, let name, let assetClass, let kind, let value, let owner, let op, let way, let agreed, let caretaker else {
            return .failure(FieldProblems(errors))
        }
        return .success(AssetDraft(number: number, name: name, assetClass: assetClass, kind: kind, place: RegionCode(place)!.digits, value: value,
                                   owner: owner, confirmedOn: confirmed, operatorName: op, way: way, agreedReturn: agreed, caretaker: caretaker,
                                   fourBatch: fourBatch, capacityKW: kind == .photovoltaic ? capacity : nil, jobs: kind == .workshop ? jobs : nil,
                                   jobsAlleviated: kind == .workshop ? alleviated : nil, jobsMonitored: kind == .workshop ? monitored : nil))
    }
}

import BottomlineDomain
import Fluent
import Foundation

extension ScopedRegistry {
    /// Assets placed inside the actor's region, as projects are.
    public func assets() -> QueryBuilder<AssetRecord> {
        let range = actor.region.codeRange
        return AssetRecord.query(on: db).filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper)
    }

    public func asset(_ id: UUID) async throws -> AssetRecord? {
        try await assets().filter(\.$id == id).first()
    }
}

/// The 帮扶项目资产 ledger (issue 15 §3): the county registers an accepted project's assets; the village, township or
/// county of an asset's place records its income and the year's distribution (payouts to households of the registry
/// in the user's own region); disposal only with the approvals recorded. Each write and its audit row in one
/// transaction.
public struct AssetStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    public var mayRegister: Bool { actor.role == .county && actor.region.level == .county }

    /// Whether the actor records income and distributions of `asset`: a village, township or county user of its place.
    public func mayRecordIncome(_ asset: AssetRecord) -> Bool {
        [.village, .township, .county].contains(actor.role) && actor.role.stepLevel == actor.region.level && actor.region.contains(asset.place)
    }

    /// 登记资产: from an accepted (验收) or settled project of the county, or on its own (an asset built before the
    /// system) when `project` is nil.
    public func register(_ draft: AssetDraft, project: ProjectRecord?) async throws -> AssetRecord {
        guard mayRegister else { throw FieldProblems(["_": "资产由县级管理员登记"]) }
        guard let place = RegionCode(draft.place), actor.region.contains(place), place.level >= .county,
              try await RegionRecord.find(place.digits, on: db) != nil else {
            throw FieldProblems(["place": "资产所在地不在本县"])
        }
        if let project {
            guard project.countyCode == actor.region.digits else { throw FieldProblems(["project": "只能登记本县项目的资产"]) }
            guard [.accepted, .settled].contains(project.stageValue) else {
                throw FieldProblems(["project": "项目\(project.stageValue.label)，验收后才能登记资产"])
            }
        }
        let actor = self.actor
        return try await db.writeTransaction { tx in
            if try await AssetRecord.query(on: tx).filter(\.$countyCode == actor.region.digits).filter(\.$number == draft.number).first() != nil {
                throw FieldProblems(["number": "资产编号\(draft.number)已登记"])
            }
            let a = try await Self.insert(draft, project: project?.id, county: actor.region.digits, actor: actor, on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "asset", entityID: a.id!.uuidString, region: a.regionCode,
                                      summary: "登记资产\(draft.number) \(draft.name)（\(draft.assetClass.label)，原值\(draft.value.wanText)万元）")
            return a
        }
    }

    static func insert(_ draft: AssetDraft, project: UUID?, county: String, actor: Actor, on db: any Database) async throws -> AssetRecord {
        let a = AssetRecord()
        a.id = UUID()
        a.countyCode = county
        a.regionCode = draft.place
        a.projectID = project
        a.number = draft.number
        a.name = draft.name
        a.assetClass = draft.assetClass.rawValue
        a.kind = draft.kind.rawValue
        a.valueFen = draft.value.fen
        a.owner = draft.owner.rawValue
        a.confirmedOn = draft.confirmedOn.map { "\($0)" }
        a.operatorName = draft.operatorName
        a.way = draft.way.rawValue
        a.agreedReturn = draft.agreedReturn
        a.caretaker = draft.caretaker
        a.fourBatch = draft.fourBatch?.rawValue
        a.capacityKW = draft.capacityKW
        a.jobs = draft.jobs
        a.jobsAlleviated = draft.jobsAlleviated
        a.jobsMonitored = draft.jobsMonitored
        a.createdBy = actor.userID
        try await a.create(on: db)
        return a
    }

    /// 收益: a year's income (month 0) or, for a 光伏 station, a month's with its kWh. Once per asset and period.
    public func recordIncome(_ asset: AssetRecord, year: Int, month: Int, amount: Money, kwh: Int64?, note: String, today: CivilDate) async throws {
        guard mayRecordIncome(asset) else { throw FieldProblems(["_": "资产收益由资产所在村、乡镇或县级登记"]) }
        guard asset.disposedOn == nil else { throw FieldProblems(["_": "资产已处置"]) }
        guard (2012...today.year).contains(year) else { throw FieldProblems(["year": "收益年度应为2012至\(today.year)年"]) }
        guard (0...12).contains(month), year < today.year || month <= today.month else { throw FieldProblems(["month": "月份应为1至12（全年填0），且不晚于本月"]) }
        guard amount >= .zero, amount <= Money.largestFund else { throw FieldProblems(["amount": "收益金额应为不小于0的万元金额"]) }
        if asset.kindValue == .photovoltaic { guard let kwh, kwh >= 0 else { throw FieldProblems(["kwh": "请填写发电量（千瓦时）"]) } }
        let actor = self.actor
        try await db.writeTransaction { tx in
            if try await AssetIncomeRecord.query(on: tx).filter(\.$assetID == asset.id!).filter(\.$year == year).filter(\.$month == month).first() != nil {
                throw FieldProblems(["month": "\(year)年\(month == 0 ? "全年" : "\(month)月")的收益已登记"])
            }
            let r = AssetIncomeRecord()
            r.id = UUID()
            r.assetID = asset.id!
            r.year = year
            r.month = month
            r.amountFen = amount.fen
            r.kwh = asset.kindValue == .photovoltaic ? kwh : nil
            r.note = String(note.prefix(500))
            r.userID = actor.userID
            try await r.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "asset_income", entityID: r.id!.uuidString, region: asset.regionCode,
                                      summary: "登记资产\(asset.number)\(year)年\(month == 0 ? "" : "\(month)月")收益\(amount.wanText)万元")
        }
    }

    /// A line of the year's distribution plan, decided by `decidedBy` (村民代表大会, 四议两公开 …) on `decidedOn`; payouts
    /// to households by number, each a household of the actor's region.
    public func distribute(_ asset: AssetRecord, year: Int, use: IncomeUse, amount: Money, decidedOn: CivilDate, decidedBy: String, note: String,
                           payouts: [(number: String, amount: Money)], today: CivilDate) async throws {
        guard mayRecordIncome(asset) else { throw FieldProblems(["_": "收益分配由资产所在村、乡镇或县级登记"]) }
        guard decidedOn <= today else { throw FieldProblems(["decidedOn": "决定日期不能晚于今天"]) }
        let decidedBy = decidedBy.trimmingASCIISpaces()
        guard !decidedBy.isEmpty, decidedBy.count <= 100 else { throw FieldProblems(["decidedBy": "请填写分配方案的决定程序（如“四议两公开，村民代表大会”）"]) }
        var found: [(HouseholdRecord, Money)] = []
        var missing: [String] = []
        for p in payouts {
            if let h = try await registry.household(number: p.number), h.villageCode.hasPrefix(asset.countyCode) { found.append((h, p.amount)) } else { missing.append(p.number) }
        }
        guard missing.isEmpty else { throw FieldProblems(["payouts": "在您的辖区内没有找到这些户编号：\(missing.prefix(10).joined(separator: "、"))"]) }
        guard Set(found.map { $0.0.id! }).count == found.count else { throw FieldProblems(["payouts": "同一户列了两次"]) }
        let actor = self.actor, households = found
        try await db.writeTransaction { tx in
            try await WriteTransaction.lockRow(tx, table: AssetRecord.schema, id: asset.id!)
            let income = try await AssetIncomeRecord.query(on: tx).filter(\.$assetID == asset.id!).filter(\.$year == year).all()
                .reduce(Money.zero) { $0 + Money(fen: $1.amountFen) }
            let given = try await AssetDistributionRecord.query(on: tx).filter(\.$assetID == asset.id!).filter(\.$year == year).all()
                .reduce(Money.zero) { $0 + Money(fen: $1.amountFen) }
            if let p = AssetRules.checkDistribution(use: use, amount: amount, payouts: households.map(\.1), kind: asset.kindValue,
                                                    income: income, distributed: given) {
                throw FieldProblems([p.message.contains("户") ? "payouts" : "amount": p.message])
            }
            let d = AssetDistributionRecord()
            d.id = UUID()
            d.assetID = asset.id!
            d.year = year
            d.use = use.rawValue
            d.amountFen = amount.fen
            d.decidedOn = "\(decidedOn)"
            d.decidedBy = decidedBy
            d.note = String(note.prefix(500))
            d.userID = actor.userID
            try await d.create(on: tx)
            for (h, money) in households {
                let p = AssetPayoutRecord()
                p.id = UUID()
                p.distributionID = d.id!
                p.householdID = h.id!
                p.villageCode = h.villageCode
                p.amountFen = money.fen
                try await p.create(on: tx)
            }
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "asset_distribution", entityID: d.id!.uuidString, region: asset.regionCode,
                                      summary: "资产\(asset.number)\(year)年收益分配：\(use.label)\(amount.wanText)万元\(households.isEmpty ? "" : "，\(households.count)户")")
        }
    }

    /// 处置: only with the approvals of the village assembly, the township and the county recorded.
    public func dispose(_ asset: AssetRecord, on date: CivilDate, approvals: String, today: CivilDate) async throws {
        guard mayRegister else { throw FieldProblems(["_": "资产处置由县级审批后登记"]) }
        guard asset.disposedOn == nil else { throw FieldProblems(["_": "资产已处置"]) }
        guard date <= today else { throw FieldProblems(["on": "处置日期不能晚于今天"]) }
        let approvals = approvals.trimmingASCIISpaces()
        guard approvals.count >= 4, approvals.count <= 500 else {
            throw FieldProblems(["approvals": "请写明村民代表大会决议、乡镇和县级审批的文号或日期"])
        }
        let actor = self.actor
        try await db.writeTransaction { tx in
            guard let fresh = try await AssetRecord.find(asset.id, on: tx), fresh.disposedOn == nil else { throw FieldProblems(["_": "资产已处置"]) }
            fresh.disposedOn = "\(date)"
            fresh.disposalNote = approvals
            try await fresh.update(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .funds, entity: "asset", entityID: asset.id!.uuidString, region: asset.regionCode,
                                      summary: "处置资产\(asset.number)：\(approvals)")
        }
        asset.disposedOn = "\(date)"
        asset.disposalNote = approvals
    }

    /// Figures of the assets the actor sees, with `year`'s income.
    public func figures(year: Int) async throws -> AssetFigures {
        let assets = try await registry.assets().filter(\.$disposedOn == nil).all()
        var f = AssetFigures()
        f.count = assets.count
        f.value = assets.reduce(.zero) { $0 + Money(fen: $1.valueFen) }
        f.confirmed = assets.filter { $0.confirmedOn != nil }.count
        for a in assets {
            if let b = a.fourBatch.flatMap(FourBatchClass.init(rawValue:)) { f.byFourBatch[b, default: 0] += 1 }
            switch a.kindValue {
            case .photovoltaic:
                f.stations += 1
                f.capacityKW += a.capacityKW ?? 0
            case .workshop:
                f.workshops += 1
                f.jobs += a.jobs ?? 0
                f.jobsAlleviated += a.jobsAlleviated ?? 0
                f.jobsMonitored += a.jobsMonitored ?? 0
            case .general: break
            }
        }
        let stationIDs = Set(assets.filter { $0.kindValue == .photovoltaic }.compactMap(\.id))
        for chunk in assets.compactMap(\.id).chunked() {
            for r in try await AssetIncomeRecord.query(on: db).filter(\.$assetID ~~ chunk).filter(\.$year == year).all() {
                f.income = f.income + Money(fen: r.amountFen)
                if stationIDs.contains(r.assetID) {
                    f.stationIncome = f.stationIncome + Money(fen: r.amountFen)
                    f.kwh += r.kwh ?? 0
                }
            }
        }
        return f
    }
}

import BottomlineDomain
import BottomlinePersistence
import Fluent
import Foundation

extension AssetsPage.Model {
    static func query(_ registry: ScopedRegistry, year: Int, context: PageContext) async throws -> Self {
        let store = AssetStore(registry)
        let assets = try await registry.assets().sort(\.$number).limit(20_000).all()
        var income: [UUID: Money] = [:]
        for chunk in assets.compactMap(\.id).chunked() {
            for r in try await AssetIncomeRecord.query(on: registry.db).filter(\.$assetID ~~ chunk).filter(\.$year == year).all() {
                income[r.assetID, default: .zero] = income[r.assetID, default: .zero] + Money(fen: r.amountFen)
            }
        }
        let names = try await RegionStore.names(for: Set(assets.flatMap { [$0.regionCode, String($0.regionCode.prefix(9))] }), on: registry.db)
        var waiting: [AssetsPage.Waiting] = []
        if store.mayRegister {
            let registered = Set(assets.compactMap(\.projectID))
            waiting = try await registry.projects().filter(\.$stage ~~ [ProjectStage.accepted.rawValue, ProjectStage.settled.rawValue]).sort(\.$number).all()
                .filter { !registered.contains($0.id!) }
                .map { .init(id: $0.id!.uuidString, number: $0.number, name: $0.name, stage: $0.stageValue) }
        }
        return .init(context: context, year: year, figures: try await store.figures(year: year), rows: assets.map { a in
            .init(id: a.id!.uuidString, number: a.number, name: a.name, place: ProjectList.Model.placeName(a.place, names), assetClass: a.classValue,
                  kind: a.kindValue, value: Money(fen: a.valueFen), income: income[a.id!] ?? .zero, fourBatch: a.fourBatch.flatMap(FourBatchClass.init(rawValue:)),
                  confirmed: a.confirmedOn != nil, disposed: a.disposedOn != nil)
        }, waiting: waiting, mayRegister: store.mayRegister)
    }
}

extension AssetsPage.DetailModel {
    static func query(_ registry: ScopedRegistry, asset a: AssetRecord, context: PageContext, today: CivilDate) async throws -> Self {
        let db = registry.db
        let store = AssetStore(registry)
        let names = try await RegionStore.names(for: Set(a.place.lineage.map(\.digits)), on: db)
        let place = a.place.lineage.filter { $0.level >= .county }.map { names[$0.digits] ?? $0.digits }.joined(separator: " ")
        var facts: [(String, String)] = [
            ("资产编号", a.number), ("资产类别", a.classValue.label), ("资产类型", a.kindValue.label), ("所在地", place),
            ("资产原值", "\(Money(fen: a.valueFen).wanText)万元"), ("所有权人", AssetOwner(rawValue: a.owner)?.label ?? a.owner),
            ("确权日期", a.confirmedOn ?? "未确权"), ("经营主体", a.operatorName.isEmpty ? "—" : a.operatorName),
            ("经营方式", OperationWay(rawValue: a.way)?.label ?? a.way), ("约定收益", a.agreedReturn.isEmpty ? "—" : a.agreedReturn),
            ("管护责任人", a.caretaker), ("四个一批", a.fourBatch.flatMap(FourBatchClass.init(rawValue:))?.label ?? "未分类"),
        ]
        if let kw = a.capacityKW { facts.append(("装机容量", "\(kw)千瓦")) }
        if let jobs = a.jobs { facts.append(("吸纳就业", "\(jobs)人（脱贫人口\(a.jobsAlleviated ?? 0)人，监测对象\(a.jobsMonitored ?? 0)人）")) }
        var project: (String, String)?
        if let pid = a.projectID, let p = try await ProjectRecord.find(pid, on: db) { project = (pid.uuidString, "\(p.number) \(p.name)") }
        let incomes = try await AssetIncomeRecord.query(on: db).filter(\.$assetID == a.id!).sort(\.$year, .descending).sort(\.$month, .descending).all()
        let distributions = try await AssetDistributionRecord.query(on: db).filter(\.$assetID == a.id!).sort(\.$year, .descending).sort(\.$decidedOn).all()
        let payouts = try await AssetPayoutRecord.query(on: db).filter(\.$distributionID ~~ distributions.compactMap(\.id)).all()
        // Payouts name the households the viewer may see, by number with a link; others only as outside the region.
        let households = try await registry.households(Set(payouts.map(\.householdID)))
        return .init(
            context: context, id: a.id!.uuidString, name: a.name, facts: facts, kind: a.kindValue, project: project,
            incomes: incomes.map { .init(period: $0.month == 0 ? "\($0.year)年全年" : "\($0.year)年\($0.month)月", amount: Money(fen: $0.amountFen), kwh: $0.kwh, note: $0.note) },
            distributions: distributions.map { d in
                .init(year: d.year, use: d.useValue?.label ?? d.use, amount: Money(fen: d.amountFen), decided: "\(d.decidedOn) \(d.decidedBy)", note: d.note,
                      payouts: payouts.filter { $0.distributionID == d.id }.map { p in
                          (households[p.householdID].map { "\($0.number) \($0.householderName)" } ?? "（辖区外农户）",
                           households[p.householdID] == nil ? "" : p.householdID.uuidString, Money(fen: p.amountFen))
                      })
            },
            mayRecord: store.mayRecordIncome(a) && a.disposedOn == nil, mayDispose: store.mayRegister && a.disposedOn == nil,
            disposed: a.disposedOn.map { "\($0)：\(a.disposalNote ?? "")" }, today: today)
    }
}

import BottomlineDomain
import Fluent
import Foundation

/// A city's statistics units (示范区) over its townships (issue 16 §1): the city's own staff define a unit and its
/// townships from a day, and end a township's membership; the city's bulletins rank the units beside the counties.
public struct StatisticsUnitStore: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }
    var db: any Database { registry.db }
    var actor: Actor { registry.actor }

    /// The statistics units of `city` with every township they held, ever.
    public func units(of city: RegionCode) async throws -> [StatisticsUnit] {
        guard city.level == .city else { return [] }
        let units = try await StatisticsUnitRecord.query(on: db).filter(\.$regionCode == city.digits).sort(\.$name).all()
        guard !units.isEmpty else { return [] }
        let members = Dictionary(grouping: try await StatisticsUnitMemberRecord.query(on: db).filter(\.$unitID ~~ units.compactMap(\.id)).sort(\.$townshipCode).all(),
                                 by: \.unitID)
        return units.map { u in
            StatisticsUnit(name: u.name, city: city, members: (members[u.id!] ?? []).compactMap { m in
                guard let t = RegionCode(m.townshipCode), let from = CivilDate(parsing: m.fromOn) else { return nil }
                return StatisticsUnit.Member(township: t, from: from, to: m.toOn.flatMap(CivilDate.init(parsing:)))
            })
        }
    }

    /// The units `region`'s bulletin on `day` ranks: its child units, and in a city its statistics units.
    public func bulletinUnits(of region: RegionCode, on day: CivilDate) async throws -> BulletinUnits {
        let children = try await registry.children(of: region).map { (code: $0.id!, name: $0.name) }
        return BulletinUnits(children: children, childDigits: region.level.child?.significantDigits ?? 12,
                             statisticsUnits: try await units(of: region), on: day)
    }

    private func requireCity() throws {
        guard actor.role == .county || actor.role == .admin, actor.region.level == .city else {
            throw FieldProblems(["_": "统计单元由市级管理员设置"])
        }
    }

    /// Puts `townships` (codes, one each) into the unit `name` of the actor's city from `from`, creating the unit if
    /// new. A township must be one of the city's, and not in any unit on or after `from`.
    public func add(_ name: String, townships: [String], from: CivilDate, today: CivilDate) async throws {
        try requireCity()
        let city = actor.region
        var errors = FieldErrors()
        let name = name.trimmingASCIISpaces()
        if name.isEmpty || name.count > 30 { errors["name"] = "请填写统计单元名称（不超过30字）" } else if name.hasControlCharacter() { errors["name"] = "名称含有控制字符" }
        if from > today.adding(days: 366) { errors["from"] = "起始日期不能晚于明年今日" }
        let codes = townships.map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }
        if codes.isEmpty || codes.count > 200 { errors["townships"] = "请填写1至200个乡镇（街道）代码" }
        else if codes.contains(where: { $0.hasControlCharacter() || $0.count != 9 || !$0.allSatisfy(\.isASCIIDigit) }) {
            errors["townships"] = "乡镇（街道）代码应为9位数字"
        } else if Set(codes).count != codes.count { errors["townships"] = "乡镇（街道）代码有重复" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let known = Dictionary(uniqueKeysWithValues: try await RegionRecord.query(on: db).filter(\.$id ~~ codes)
            .filter(\.$level == RegionCode.Level.township.rawValue).all().map { ($0.id!, $0.name) })
        let strangers = codes.filter { known[$0] == nil || !city.contains(RegionCode($0)!) }
        if !strangers.isEmpty { throw FieldProblems(["townships": "不是本市的乡镇（街道）：\(strangers.prefix(10).joined(separator: "、"))"]) }
        let units = try await units(of: city)
        for u in units {
            for m in u.members where codes.contains(m.township.digits) && (m.to.map { $0 > from } ?? true) {
                throw FieldProblems(["townships": "\(known[m.township.digits] ?? m.township.digits)自\(m.from)起已属“\(u.name)”"])
            }
        }
        let actor = self.actor
        try await db.writeTransaction { tx in
            let unit = try await StatisticsUnitRecord.query(on: tx).filter(\.$regionCode == city.digits).filter(\.$name == name).first() ?? {
                let u = StatisticsUnitRecord()
                (u.id, u.regionCode, u.name, u.createdBy) = (UUID(), city.digits, name, actor.username)
                return u
            }()
            if try await StatisticsUnitRecord.find(unit.id, on: tx) == nil { try await unit.create(on: tx) }
            for code in codes {
                let m = StatisticsUnitMemberRecord()
                (m.id, m.unitID, m.townshipCode, m.fromOn) = (UUID(), unit.id!, code, from.description)
                try await m.create(on: tx)
            }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "statistics_unit", entityID: unit.id!.uuidString, region: city.digits,
                                      summary: "统计单元“\(name)”自\(from)起含：\(codes.map { known[$0] ?? $0 }.joined(separator: "、"))")
        }
    }

    /// A township leaves its unit on `day` (the first day it counts in its county again).
    public func end(_ name: String, township: String, on day: CivilDate) async throws {
        try requireCity()
        guard let unit = try await StatisticsUnitRecord.query(on: db).filter(\.$regionCode == actor.region.digits).filter(\.$name == name).first(),
              let member = try await StatisticsUnitMemberRecord.query(on: db).filter(\.$unitID == unit.id!).filter(\.$townshipCode == township)
                .filter(\.$toOn == nil).first() else {
            throw FieldProblems(["_": "没有找到该统计单元中的这个乡镇（街道）"])
        }
        guard let from = CivilDate(parsing: member.fromOn), day > from else { throw FieldProblems(["to": "退出日期应晚于加入日期\(member.fromOn)"]) }
        member.toOn = day.description
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await member.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "statistics_unit", entityID: unit.id!.uuidString, region: actor.region.digits,
                                      summary: "统计单元“\(name)”：\(township)自\(day)起退出")
        }
    }
}

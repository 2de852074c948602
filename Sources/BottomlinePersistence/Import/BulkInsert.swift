import BottomlineDomain
import Fluent
import Foundation
import SQLKit

/// Multi-row INSERTs: one statement per few hundred rows instead of one per row, inside the caller's transaction.
/// Rows are lists of SQL expressions: values are bound, and a missing value is a literal NULL rather than an
/// encoded optional, which keeps the driver on its fast path.
enum BulkInsert {
    typealias Row = [any SQLExpression]

    static func bind<T: Encodable & Sendable>(_ value: T) -> any SQLExpression { SQLBind(value) }
    static func bind<T: Encodable & Sendable>(_ value: T?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }

    static func rows(_ table: String, columns: [String], values: [Row], on sql: any SQLDatabase) async throws {
        guard !values.isEmpty else { return }
        let perStatement = max(1, 8000 / columns.count)
        var start = 0
        while start < values.count {
            let end = min(start + perStatement, values.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in values[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
    }

    static let householdColumns = ["id", "number", "village_code", "address", "phone", "category", "relocated", "householder_id",
                                   "householder_name", "member_count", "housing_grade", "water_secure", "monitoring_category",
                                   "monitoring_since", "has_labour", "gap_housing", "gap_education", "gap_medical", "gap_water",
                                   "status", "created_at", "updated_at"]
    static let personColumns = ["id", "household_id", "id_number", "name", "sex", "birth_date", "relation", "labour", "health",
                                "disability", "education", "medical_insured", "employment", "work_place", "status", "created_at",
                                "updated_at"]
    static let incomeColumns = ["id", "household_id", "year", "wages", "business", "property", "transfers", "business_costs",
                                "compliant_self_paid", "member_count", "updated_at"]

    static func households(_ rows: [Row], on sql: any SQLDatabase) async throws {
        try await self.rows("households", columns: householdColumns, values: rows, on: sql)
    }

    static func persons(_ rows: [Row], on sql: any SQLDatabase) async throws {
        try await self.rows("persons", columns: personColumns, values: rows, on: sql)
    }

    static func incomes(_ rows: [Row], on sql: any SQLDatabase) async throws {
        try await self.rows("household_incomes", columns: incomeColumns, values: rows, on: sql)
    }

    static func row(person p: PersonRecord, at now: Date) -> Row {
        [bind(p.id!), bind(p.householdID), bind(p.idNumber), bind(p.name), bind(p.sex), bind(p.birthDate), bind(p.relation),
         bind(p.labour), bind(p.health), bind(p.disability), bind(p.education), bind(p.medicalInsured), bind(p.employment),
         bind(p.workPlace), bind(p.status), bind(now), bind(now)]
    }

    static func row(income i: IncomeRecord, at now: Date) -> Row {
        [bind(i.id ?? UUID()), bind(i.householdID), bind(i.year), bind(i.wages), bind(i.business), bind(i.property), bind(i.transfers),
         bind(i.businessCosts), bind(i.compliantSelfPaid), bind(i.memberCount), bind(now)]
    }

    static func audit(_ records: [AuditRecord], on sql: any SQLDatabase) async throws {
        try await rows("audit_log", columns: ["id", "at", "user_id", "username", "action", "entity", "entity_id", "household_id",
                                              "region_code", "summary", "before", "after"],
                       values: records.map { a in
                           [bind(a.id!), bind(a.at), bind(a.userID), bind(a.username), bind(a.action), bind(a.entity), bind(a.entityID),
                            bind(a.householdID), bind(a.regionCode), bind(a.summary), bind(a.before), bind(a.after)]
                       }, on: sql)
    }
}

/// The rows a new household writes, built from its draft.
struct NewHouseholdRows {
    var household: BulkInsert.Row
    var persons: [BulkInsert.Row]
    var income: BulkInsert.Row?

    init(draft: HouseholdDraft, id: UUID, at now: Date, ids: inout OrderedUUIDGenerator) {
        typealias B = BulkInsert
        let memberIDs = draft.members.map { _ in ids.next() }
        let derived = DerivedFields(housingGrade: draft.housingGrade?.rawValue, waterSecure: draft.waterSecure,
                                    members: zip(draft.members, memberIDs).map { p, memberID in
                                        DerivedFields.Member(id: memberID, name: p.name, relation: p.relation.rawValue, birthDate: p.birthDate,
                                                             labour: p.labour?.rawValue, education: p.education?.rawValue,
                                                             insured: p.medicalInsured, present: true)
                                    })
        household = [B.bind(id), B.bind(draft.number), B.bind(draft.villageCode.digits), B.bind(draft.address), B.bind(draft.phone),
                     B.bind(draft.category.rawValue), B.bind(draft.relocated), B.bind(derived.householderID), B.bind(derived.householderName),
                     B.bind(derived.memberCount), B.bind(draft.housingGrade?.rawValue), B.bind(draft.waterSecure), SQLLiteral.null,
                     SQLLiteral.null, B.bind(derived.hasLabour), B.bind(derived.needs.has(.housing)), B.bind(derived.needs.has(.education)),
                     B.bind(derived.needs.has(.medical)), B.bind(derived.needs.has(.water)), B.bind(HouseholdStatus.active.rawValue),
                     B.bind(now), B.bind(now)]
        persons = zip(draft.members, memberIDs).map { p, memberID in
            [B.bind(memberID), B.bind(id), B.bind(p.id.value), B.bind(p.name), B.bind(p.sex.rawValue), B.bind(p.birthDate.description),
             B.bind(p.relation.rawValue), B.bind(p.labour?.rawValue), B.bind(p.health?.rawValue), B.bind(p.disability?.rawValue),
             B.bind(p.education?.rawValue), B.bind(p.medicalInsured), B.bind(p.employment?.rawValue), B.bind(p.workPlace),
             B.bind(MemberStatus.present.rawValue), B.bind(now), B.bind(now)]
        }
        income = draft.income.map { i in
            [B.bind(ids.next()), B.bind(id), B.bind(i.year), B.bind(i.wages.fen), B.bind(i.business.fen), B.bind(i.property.fen),
             B.bind(i.transfers.fen), B.bind(i.businessCosts.fen), B.bind(i.compliantSelfPaid.fen), B.bind(derived.memberCount), B.bind(now)]
        }
    }
}

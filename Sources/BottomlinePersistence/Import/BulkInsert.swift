import Fluent
import Foundation
import SQLKit

/// Multi-row INSERTs: one statement per few hundred rows instead of one per row, inside the caller's transaction.
enum BulkInsert {
    static func rows(_ table: String, columns: [String], values: [[any Encodable & Sendable]], on sql: any SQLDatabase) async throws {
        guard !values.isEmpty else { return }
        let perStatement = max(1, 8000 / columns.count)
        var start = 0
        while start < values.count {
            let end = min(start + perStatement, values.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in values[start..<end] { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
            start = end
        }
    }

    static func households(_ records: [HouseholdRecord], on sql: any SQLDatabase, at now: Date) async throws {
        try await rows("households", columns: ["id", "number", "village_code", "address", "phone", "category", "relocated",
                                               "householder_id", "householder_name", "member_count", "housing_grade",
                                               "water_secure", "monitoring_category", "monitoring_since", "has_labour",
                                               "gap_housing", "gap_education", "gap_medical", "gap_water", "status", "created_at", "updated_at"],
                       values: records.map { h in
                           [h.id!, h.number, h.villageCode, h.address, h.phone, h.category, h.relocated, h.householderID,
                            h.householderName, h.memberCount, h.housingGrade, h.waterSecure, h.$monitoringCategory.value ?? nil,
                            h.$monitoringSince.value ?? nil, h.hasLabour, h.gapHousing, h.gapEducation, h.gapMedical,
                            h.gapWater, h.status, now, now]
                       }, on: sql)
    }

    static func persons(_ records: [PersonRecord], on sql: any SQLDatabase, at now: Date) async throws {
        try await rows("persons", columns: ["id", "household_id", "id_number", "name", "sex", "birth_date", "relation", "labour",
                                            "health", "disability", "education", "medical_insured", "employment", "work_place",
                                            "status", "created_at", "updated_at"],
                       values: records.map { p in
                           [p.id!, p.householdID, p.idNumber, p.name, p.sex, p.birthDate, p.relation, p.labour, p.health,
                            p.disability, p.education, p.medicalInsured, p.employment, p.workPlace, p.status, now, now]
                       }, on: sql)
    }

    static func incomes(_ records: [IncomeRecord], on sql: any SQLDatabase, at now: Date) async throws {
        try await rows("household_incomes", columns: ["id", "household_id", "year", "wages", "business", "property", "transfers",
                                                      "business_costs", "compliant_self_paid", "member_count", "updated_at"],
                       values: records.map { i in
                           [i.id!, i.householdID, i.year, i.wages, i.business, i.property, i.transfers, i.businessCosts,
                            i.compliantSelfPaid, i.memberCount, now]
                       }, on: sql)
    }

    static func audit(_ records: [AuditRecord], on sql: any SQLDatabase) async throws {
        try await rows("audit_log", columns: ["id", "at", "user_id", "username", "action", "entity", "entity_id", "household_id",
                                              "region_code", "summary", "before", "after"],
                       values: records.map { a in
                           [a.id!, a.at, a.userID, a.username, a.action, a.entity, a.entityID, a.householdID, a.regionCode,
                            a.summary, a.before, a.after]
                       }, on: sql)
    }
}

import BottomlineDomain
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Multi-row INSERTs: one statement per few hundred rows instead of one per row, inside the caller's transaction.
/// Rows are lists of `BulkValue`s: values are bound, and a missing value is a literal NULL rather than an encoded
/// optional, which keeps the driver on its fast path.
enum BulkInsert {
    typealias Row = [BulkValue]

    static func bind<T: Encodable & Sendable>(_ value: T) -> BulkValue { .other(SQLBind(value)) }
    static func bind<T: Encodable & Sendable>(_ value: T?) -> BulkValue { value.map { .other(SQLBind($0)) } ?? .null }
    // The registry's own types: the fast paths read them without asking what an `Encodable` is.
    static func bind(_ value: String) -> BulkValue { .text(value) }
    static func bind(_ value: String?) -> BulkValue { value.map(BulkValue.text) ?? .null }
    static func bind(_ value: Int) -> BulkValue { .integer(value) }
    static func bind(_ value: Int?) -> BulkValue { value.map(BulkValue.integer) ?? .null }
    static func bind(_ value: Int64) -> BulkValue { .integer(Int(value)) }
    static func bind(_ value: Int64?) -> BulkValue { value.map { .integer(Int($0)) } ?? .null }
    static func bind(_ value: Bool) -> BulkValue { .flag(value) }
    static func bind(_ value: Bool?) -> BulkValue { value.map(BulkValue.flag) ?? .null }
    static func bind(_ value: UUID) -> BulkValue { .uuid(value) }
    static func bind(_ value: UUID?) -> BulkValue { value.map(BulkValue.uuid) ?? .null }
    static func bind(_ value: Date) -> BulkValue { .date(value) }
    static func bind(_ value: Date?) -> BulkValue { value.map(BulkValue.date) ?? .null }

    static func rows(_ table: String, columns: [String], values: [Row], on sql: any SQLDatabase) async throws {
        guard !values.isEmpty else { return }
        // PostgreSQL: COPY … FROM STDIN, the database's own bulk path, when every value has a text form.
        if sql.dialect.name == "postgresql", let postgres = sql as? any PostgresDatabase, let text = CopyText.rows(values) {
            try await copy(text, into: table, columns: columns, on: postgres, logger: sql.logger)
            return
        }
        let perStatement = max(1, 8000 / columns.count)
        if sql.dialect.name == "sqlite", let sqlite = sql as? any SQLiteDatabase {
            // A prepared statement stepped a row at a time on the transaction's own connection, when it can be reached.
            if try await SQLiteDirectInsert.insert(values, into: table, columns: columns, on: sqlite) { return }
            // Else the values go to the connection as they are, in statements of the same shape, without SQLKit
            // serializing each row and encoding each value through `Encodable` (two thirds of the write's time).
            if let binds = SQLiteValues.rows(values) {
                try await SQLiteValues.insert(binds, into: table, columns: columns, perStatement: perStatement, on: sqlite)
                return
            }
        }
        var start = 0
        while start < values.count {
            let end = min(start + perStatement, values.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in values[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
    }

    /// For a transaction that writes a large file on SQLite, run before it starts (`writeTransaction(registry:)` does):
    /// a larger page cache (256 MB, allocated only as used) keeps most index inserts in memory, the rest come from the
    /// system's file cache (at 1 GB the cache alone took an import past its memory bound); and the statement journal,
    /// which each multi-row INSERT keeps in case it must be undone alone, stays in memory rather than in a temporary
    /// file. SQLite reads `temp_store` for that journal when the transaction takes its write lock: set later, inside
    /// the transaction, it had no effect and the journal went to a file, written and rewritten (11 % of a
    /// million-person import's time).
    static func prepareLargeWrite(on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA cache_size = -262144").run()
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
    }

    /// Gives the connection back its usual settings before it returns to the pool: otherwise every connection that
    /// once ran an import would keep a 256 MB cache. `temp_store` cannot change while a temporary table is open in
    /// the transaction; then the connection keeps it, which costs nothing but memory for a sort.
    static func endLargeWrite(on sql: any SQLDatabase) async {
        guard sql.dialect.name == "sqlite" else { return }
        try? await sql.raw("PRAGMA cache_size = -2000").run()
        try? await sql.raw("PRAGMA temp_store = DEFAULT").run()
    }

    static func copy(_ text: ByteBuffer, into table: String, columns: [String], on postgres: any PostgresDatabase,
                     logger: Logger) async throws {
        try await postgres.withConnection { connection in
            let promise = connection.eventLoop.makePromise(of: Void.self)
            promise.completeWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(text)
                }
            }
            return promise.futureResult
        }.get()
    }

    static let householdColumns = ["id", "number", "village_code", "address", "phone", "category", "relocated", "householder_id",
                                   "householder_name", "member_count", "housing_grade", "water_secure", "monitoring_category",
                                   "monitoring_since", "has_labour", "gap_housing", "gap_education", "gap_medical", "gap_water",
                                   "status", "created_at", "updated_at", "risk_types", "risk_eliminated_on", "elimination_method",
                                   "last_visit_on", "bank_account"]
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

    /// Registered rows changed in place, each `Row` of `columns`' values with the key (`id`) first; the other columns
    /// keep what they hold. Rows go one statement each: on SQLite one prepared UPDATE stepped for all of them on the
    /// transaction's connection, elsewhere through SQLKit. For a re-import's changed households and persons, which a
    /// model's `save` each sent through Fluent (finding the model's fields by reflection) and SQLiteNIO (preparing the
    /// statement again): 8 of the 27 s a month's million-person file took on SQLite, against 0.9 s for the same
    /// UPDATEs in `sqlite3`.
    ///
    /// Answers whether the rows went by SQLite's prepared statement (`RegistryUpdateTests` asks).
    @discardableResult
    static func update(_ table: String, columns: [String], values: [Row], on sql: any SQLDatabase) async throws -> Bool {
        guard !values.isEmpty else { return false }
        if sql.dialect.name == "sqlite", let sqlite = sql as? any SQLiteDatabase,
           try await SQLiteDirectInsert.run(values, statement: SQLiteDirectInsert.updateText(table, columns: columns),
                                            values: columns.count, on: sqlite) {
            return true
        }
        for row in values {
            var update = sql.update(table)
            for (column, value) in zip(columns, row).dropFirst() { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where(SQLIdentifier(columns[0]), .equal, row[0]).run()
        }
        return false
    }

    /// What an import may change of a registered household: the file's fields and those derived from its members.
    static let householdUpdateColumns = ["id", "number", "village_code", "address", "phone", "bank_account", "category", "relocated",
                                         "housing_grade", "water_secure", "member_count", "householder_id", "householder_name",
                                         "has_labour", "gap_housing", "gap_education", "gap_medical", "gap_water", "updated_at"]
    /// What an import may change of a registered person: the file's fields (their household and status are their own).
    static let personUpdateColumns = ["id", "id_number", "name", "sex", "birth_date", "relation", "labour", "health", "disability",
                                      "education", "medical_insured", "employment", "work_place", "updated_at"]

    static func updateRow(household h: HouseholdRecord, at now: Date) -> Row {
        [bind(h.id!), bind(h.number), bind(h.villageCode), bind(h.address), bind(h.phone), bind(h.bankAccount), bind(h.category),
         bind(h.relocated), bind(h.housingGrade), bind(h.waterSecure), bind(h.memberCount), bind(h.householderID),
         bind(h.householderName), bind(h.hasLabour), bind(h.gapHousing), bind(h.gapEducation), bind(h.gapMedical),
         bind(h.gapWater), bind(now)]
    }

    static func updateRow(person p: PersonRecord, at now: Date) -> Row {
        [bind(p.id!), bind(p.idNumber), bind(p.name), bind(p.sex), bind(p.birthDate), bind(p.relation), bind(p.labour),
         bind(p.health), bind(p.disability), bind(p.education), bind(p.medicalInsured), bind(p.employment), bind(p.workPlace),
         bind(now)]
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

    static let measureColumns = ["id", "household_id", "village_code", "category", "name", "department", "amount_fen", "start_on",
                                 "end_on", "status", "created_by", "created_at", "updated_at"]
    static let visitColumns = ["id", "household_id", "village_code", "visited_on", "user_id", "username", "findings", "income_trend",
                               "changes", "created_at"]
    static let helperColumns = ["id", "household_id", "user_id", "start_date", "end_date", "assigned_by", "created_at"]

    static func row(measure m: MeasureRecord, at now: Date) -> Row {
        [bind(m.id ?? UUID()), bind(m.householdID), bind(m.villageCode), bind(m.category), bind(m.name), bind(m.department),
         bind(m.amountFen), bind(m.startOn), bind(m.endOn), bind(m.status), bind(m.createdBy), bind(now), bind(now)]
    }

    static func row(visit v: VisitRecord, at now: Date) -> Row {
        [bind(v.id ?? UUID()), bind(v.householdID), bind(v.villageCode), bind(v.visitedOn), bind(v.userID), bind(v.username),
         bind(v.findings), bind(v.incomeTrend), bind(v.changes), bind(now)]
    }

    static func row(helper h: HelperAssignmentRecord, at now: Date) -> Row {
        [bind(h.id ?? UUID()), bind(h.householdID), bind(h.userID), bind(h.startDate), bind(h.endDate), bind(h.assignedBy), bind(now)]
    }

    static let auditColumns = ["id", "at", "user_id", "username", "action", "entity", "entity_id", "household_id", "region_code",
                               "summary", "before", "after"]

    static func audit(_ records: [AuditRecord], on sql: any SQLDatabase) async throws {
        try await rows("audit_log", columns: auditColumns, values: auditRows(records), on: sql)
    }

    /// The row `AuditLog.entry` with the same arguments gives `auditRows`, made without a model object (and without
    /// the random UUID an entry is made with): a first import logs each household it adds, and making and freeing
    /// the entries was a tenth of its writer's work.
    static func auditRow(id: UUID, actor: Actor, action: AuditLog.Action, entity: String, entityID: String? = nil,
                         householdID: UUID? = nil, region: String? = nil, summary: String,
                         before: (any Encodable)? = nil, after: (any Encodable)? = nil, at: Date) -> Row {
        [bind(id), bind(at), bind(actor.userID), bind(actor.username), bind(action.rawValue), bind(entity), bind(entityID),
         bind(householdID), bind(region), bind(summary), bind(before.flatMap(AuditLog.json)), bind(after.flatMap(AuditLog.json))]
    }

    static func auditRows(_ records: [AuditRecord]) -> [Row] {
        records.map { a in
            [bind(a.id!), bind(a.at), bind(a.userID), bind(a.username), bind(a.action), bind(a.entity), bind(a.entityID),
             bind(a.householdID), bind(a.regionCode), bind(a.summary), bind(a.before), bind(a.after)]
        }
    }
}

/// The rows a new household writes, built from its draft.
struct NewHouseholdRows {
    let id: UUID
    let draft: HouseholdDraft
    let derived: DerivedFields
    let now: Date
    var persons: [BulkInsert.Row]
    var income: BulkInsert.Row?
    /// A household written as already monitored (the demo county); an import writes none.
    var monitoring: Monitoring?

    struct Monitoring {
        var category: String
        var since: String
        var riskTypes: String?
        var riskEliminatedOn: String?
        var eliminationMethod: String?
        var lastVisitOn: String?
    }

    init(draft: HouseholdDraft, id: UUID, at now: Date, ids: inout OrderedUUIDGenerator) {
        typealias B = BulkInsert
        self.id = id
        self.draft = draft
        self.now = now
        let memberIDs = draft.members.map { _ in ids.next() }
        let derived = DerivedFields(housingGrade: draft.housingGrade?.rawValue, waterSecure: draft.waterSecure,
                                    members: zip(draft.members, memberIDs).map { p, memberID in
                                        DerivedFields.Member(id: memberID, name: p.name, relation: p.relation.rawValue, birthDate: p.birthDate,
                                                             labour: p.labour?.rawValue, education: p.education?.rawValue,
                                                             insured: p.medicalInsured, present: true)
                                    })
        self.derived = derived
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

    /// The household's row, in the order of `BulkInsert.householdColumns`.
    var household: BulkInsert.Row {
        typealias B = BulkInsert
        return [B.bind(id), B.bind(draft.number), B.bind(draft.villageCode.digits), B.bind(draft.address), B.bind(draft.phone),
                B.bind(draft.category.rawValue), B.bind(draft.relocated), B.bind(derived.householderID), B.bind(derived.householderName),
                B.bind(derived.memberCount), B.bind(draft.housingGrade?.rawValue), B.bind(draft.waterSecure), B.bind(monitoring?.category),
                B.bind(monitoring?.since), B.bind(derived.hasLabour), B.bind(derived.needs.has(.housing)), B.bind(derived.needs.has(.education)),
                B.bind(derived.needs.has(.medical)), B.bind(derived.needs.has(.water)), B.bind(HouseholdStatus.active.rawValue),
                B.bind(now), B.bind(now), B.bind(monitoring?.riskTypes), B.bind(monitoring?.riskEliminatedOn),
                B.bind(monitoring?.eliminationMethod), B.bind(monitoring?.lastVisitOn), B.bind(draft.bankAccount)]
    }
}

/// A value of a bulk row: one of the few types the registry's rows hold, or (`other`) any other bound expression.
/// Through SQLKit it is bound exactly as `SQLBind` binds the same value (or is NULL); the SQLite and COPY paths read
/// it without casting an `Encodable` (a tenth of a million-person import went to those casts). Rows are arrays of
/// this enum rather than of `any SQLExpression`, so the direct INSERT reads each value with a switch: checking and
/// copying a hundred million existentials (a million-household demo's rows) was a tenth of its households stage.
enum BulkValue: SQLExpression {
    case text(String), integer(Int), flag(Bool), uuid(UUID), date(Date), null
    case other(any SQLExpression)

    func serialize(to serializer: inout SQLSerializer) {
        switch self {
        case .text(let value): SQLBind(value).serialize(to: &serializer)
        case .integer(let value): SQLBind(value).serialize(to: &serializer)
        case .flag(let value): SQLBind(value).serialize(to: &serializer)
        case .uuid(let value): SQLBind(value).serialize(to: &serializer)
        case .date(let value): SQLBind(value).serialize(to: &serializer)
        case .null: SQLLiteral.null.serialize(to: &serializer)
        case .other(let expression): expression.serialize(to: &serializer)
        }
    }
}

/// Rows as SQLite's own values, as SQLiteKit would encode them (text for a UUID, seconds since 1970 for a date,
/// 1 and 0 for a flag), so what the fast path writes reads back through Fluent unchanged. Nil when a value is of
/// another type (the caller then goes through SQLKit).
enum SQLiteValues {
    static func rows(_ rows: [BulkInsert.Row]) -> [SQLiteData]? {
        var values: [SQLiteData] = []
        values.reserveCapacity(rows.count * (rows.first?.count ?? 0))
        for row in rows {
            for bulk in row {
                guard let value = value(bulk) else { return nil }
                values.append(value)
            }
        }
        return values
    }

    static func value(_ value: BulkValue) -> SQLiteData? {
        switch value {
        case .text(let text): .text(text)
        case .integer(let number): .integer(number)
        case .flag(let flag): .integer(flag ? 1 : 0)
        case .uuid(let id): .text(id.uuidString)
        case .date(let date): .float(date.timeIntervalSince1970)
        case .null: .null
        case .other(let expression): Self.value(expression)
        }
    }

    static func value(_ expression: any SQLExpression) -> SQLiteData? {
        if let value = expression as? BulkValue { return Self.value(value) }
        if let literal = expression as? SQLLiteral {
            guard case .null = literal else { return nil }
            return .null
        }
        guard let bind = expression as? SQLBind else { return nil }
        switch bind.encodable {
        case let text as String: return .text(text)
        case let number as Int: return .integer(number)
        case let number as Int64: return .integer(Int(number))
        case let number as Int32: return .integer(Int(number))
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let id as UUID: return .text(id.uuidString)
        case let date as Date: return .float(date.timeIntervalSince1970)
        case let number as Double: return .float(number)
        default: return nil
        }
    }

    static func insert(_ values: [SQLiteData], into table: String, columns: [String], perStatement: Int,
                       on sqlite: any SQLiteDatabase) async throws {
        let width = columns.count
        let rowCount = values.count / width
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var statements: [Int: String] = [:]
        var start = 0
        while start < rowCount {
            let count = min(perStatement, rowCount - start)
            let statement = statements[count] ?? {
                let text = head + Array(repeating: tuple, count: count).joined(separator: ", ")
                statements[count] = text
                return text
            }()
            try await sqlite.query(statement, Array(values[(start * width)..<((start + count) * width)])) { _ in }
            start += count
        }
    }
}

/// Rows in the text format of PostgreSQL's COPY: tab between columns, a line per row, `\N` for NULL, backslash,
/// tab and line breaks escaped. Nil when a value is of a type without a known text form (the caller then INSERTs).
enum CopyText {
    static func rows(_ rows: [BulkInsert.Row]) -> ByteBuffer? {
        var buffer = ByteBufferAllocator().buffer(capacity: rows.count * 256)
        // A batch's rows share one time, and formatting it was a seventh of the import's own work.
        var lastDate: (Date, String)?
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                if case .other(let expression) = value {
                    if let bind = expression as? SQLBind, let date = bind.encodable as? Date {
                        if lastDate?.0 != date { lastDate = (date, timestamp(date)) }
                        buffer.writeString(lastDate!.1)
                        continue
                    }
                    guard append(expression, to: &buffer) else { return nil }
                } else {
                    switch value {
                    case .date(let date):
                        if lastDate?.0 != date { lastDate = (date, timestamp(date)) }
                        buffer.writeString(lastDate!.1)
                    case .text(let text): appendEscaped(text, to: &buffer)
                    case .integer(let number): buffer.writeString(String(number))
                    case .flag(let flag): buffer.writeStaticString(flag ? "t" : "f")
                    case .uuid(let id): buffer.writeString(id.uuidString)
                    case .null: buffer.writeStaticString("\\N")
                    case .other: break
                    }
                }
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    static func append(_ expression: any SQLExpression, to buffer: inout ByteBuffer) -> Bool {
        if expression is SQLLiteral {
            guard case .null = expression as! SQLLiteral else { return false }
            buffer.writeStaticString("\\N")
            return true
        }
        guard let bind = expression as? SQLBind else { return false }
        switch bind.encodable {
        case let text as String: appendEscaped(text, to: &buffer)
        case let number as Int: buffer.writeString(String(number))
        case let number as Int64: buffer.writeString(String(number))
        case let number as Int32: buffer.writeString(String(number))
        case let flag as Bool: buffer.writeStaticString(flag ? "t" : "f")
        case let id as UUID: buffer.writeString(id.uuidString)
        case let date as Date: buffer.writeString(timestamp(date))
        case let number as Double where number.isFinite: buffer.writeString("\(number)")
        default: return false
        }
        return true
    }

    /// Text with backslash, tab and line breaks escaped, as COPY's text format reads it.
    static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        var start = text.utf8.startIndex
        let utf8 = text.utf8
        var i = start
        while i < utf8.endIndex {
            let byte = utf8[i]
            let escaped: StaticString? = switch byte {
            case 0x5C: "\\\\"
            case 0x09: "\\t"
            case 0x0A: "\\n"
            case 0x0D: "\\r"
            default: nil
            }
            if let escaped {
                buffer.writeBytes(utf8[start..<i])
                buffer.writeStaticString(escaped)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        buffer.writeBytes(utf8[start..<utf8.endIndex])
    }

    /// UTC with microseconds, as PostgreSQL stores a timestamp (the driver binds a Date at the same precision).
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let day = CivilDate(dayNumber: Int(days))
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", day.year, day.month, day.day,
                      Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60), Int(fraction))
    }
}

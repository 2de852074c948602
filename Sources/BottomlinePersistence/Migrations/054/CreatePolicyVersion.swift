import Fluent
import Foundation
import SQLKit

/// A number that changes whenever the policy book's tables are written — the settings, the code lists' wordings and
/// the years' 节假日安排 — by triggers whatever wrote them, and a token drawn once per database, so `PolicyStore` can
/// keep a book it read and hand it out again until one of them changes (`PolicyStore.book`). The token tells two
/// databases apart in one process (the tests open hundreds), which the number alone would not.
struct CreatePolicyVersion: AsyncMigration {
    /// Every table `PolicyStore.book` reads; a table added to the book is added here, or its writes go unseen.
    static let tables = [PolicySettingRecord.schema, CodeLabelRecord.schema, WorkCalendarDayRecord.schema]

    func prepare(on db: any Database) async throws {
        try await db.schema("policy_version")
            .field("id", .int, .identifier(auto: false))
            .field("token", .string, .required)
            .field("version", .int64, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO policy_version (id, token, version) VALUES (1, \(bind: UUID().uuidString), 0)").run()
        let bump = "UPDATE policy_version SET version = version + 1 WHERE id = 1;"
        if sql.dialect.name != "sqlite" {
            try await sql.raw("CREATE FUNCTION policy_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(unsafeRaw: bump) RETURN NULL; END $$").run()
        }
        for table in Self.tables {
            if sql.dialect.name == "sqlite" {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_policy_\(unsafeRaw: op.lowercased()) AFTER \(unsafeRaw: op) ON \(unsafeRaw: table) BEGIN \(unsafeRaw: bump) END").run()
                }
            } else {
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_policy AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(unsafeRaw: table) FOR EACH STATEMENT EXECUTE FUNCTION policy_version_bump()").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            for table in Self.tables {
                if sql.dialect.name == "sqlite" {
                    for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_policy_\(unsafeRaw: op)").run() }
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_policy ON \(unsafeRaw: table)").run()
                }
            }
            if sql.dialect.name != "sqlite" { try await sql.raw("DROP FUNCTION IF EXISTS policy_version_bump()").run() }
        }
        try await db.schema("policy_version").delete()
    }
}

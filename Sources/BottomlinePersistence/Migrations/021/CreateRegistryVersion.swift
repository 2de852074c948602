import Fluent
import Foundation
import SQLKit

/// A number that changes whenever a person or a household is written, by triggers whatever wrote it, so the screening's
/// registry index is kept between uploads and rebuilt only after the registry changed (issue 13 §9). On PostgreSQL the
/// triggers fire once per statement; SQLite has row triggers only.
struct CreateRegistryVersion: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("registry_version")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .field("token", .string, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        // The token names this database among others one process may open (each test has its own).
        try await sql.raw("INSERT INTO registry_version (id, version, token) VALUES (1, 0, \(bind: UUID().uuidString))").run()
        let bump = "UPDATE registry_version SET version = version + 1 WHERE id = 1;"
        for table in ["persons", "households"] {
            if sql.dialect.name == "sqlite" {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_version_\(unsafeRaw: op.lowercased()) AFTER \(unsafeRaw: op) ON \(unsafeRaw: table) BEGIN \(unsafeRaw: bump) END").run()
                }
            } else {
                if table == "persons" {
                    try await sql.raw("CREATE FUNCTION registry_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(unsafeRaw: bump) RETURN NULL; END $$").run()
                }
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_version AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump()").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            for table in ["persons", "households"] {
                if sql.dialect.name == "sqlite" {
                    for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_version_\(unsafeRaw: op)").run() }
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_version ON \(unsafeRaw: table)").run()
                }
            }
            if sql.dialect.name != "sqlite" { try await sql.raw("DROP FUNCTION IF EXISTS registry_version_bump()").run() }
        }
        try await db.schema("registry_version").delete()
    }
}

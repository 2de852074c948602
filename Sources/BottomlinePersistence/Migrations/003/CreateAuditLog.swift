import Fluent
import SQLKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_log")
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("username", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string)
            .field("household_id", .uuid)
            .field("region_code", .string)
            .field("summary", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .create()
        try await createIndex(db, "audit_household", on: "audit_log", ["household_id", "at"])
        try await createIndex(db, "audit_user", on: "audit_log", ["user_id", "at"])
        // Append-only: the database itself refuses to change or remove an audit row.
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
        } else {
            try await sql.raw("CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }
    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE").run()
        }
        try await db.schema("audit_log").delete()
    }
}

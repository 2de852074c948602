import Fluent
import SQLKit

/// 疑点数据核查 (issue 18 §1): the findings kept across runs (moving with their household), the runs, and a county's
/// settings of the shipped checks (on or off, the tuned number), each from a date. Findings are indicators (ZL01, ZL02),
/// so their table joins those whose writes change the ledger version the kept counts are checked against.
struct CreateDataChecks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DataFindingRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("subject", .string, .required)
            .field("values_text", .string, .required)
            .field("state", .string, .required)
            .field("found_on", .string, .required)
            .field("last_found_on", .string, .required)
            .field("closed_on", .string)
            .field("explanation", .string)
            .field("explained_values", .string)
            .field("explained_by", .string)
            .field("explained_on", .string)
            .unique(on: "code", "household_id", "subject")
            .create()
        try await createIndex(db, "data_findings_place", on: DataFindingRecord.schema, ["village_code", "state"])
        try await createIndex(db, "data_findings_household", on: DataFindingRecord.schema, ["household_id"])
        try await db.schema(DataCheckRunRecord.schema)
            .id()
            .field("region_code", .string, .required)
            .field("run_at", .datetime, .required)
            .field("seconds", .double, .required)
            .field("households", .int, .required)
            .field("found", .int, .required)
            .field("new_found", .int, .required)
            .field("closed", .int, .required)
            .field("run_by", .string, .required)
            .create()
        try await createIndex(db, "data_check_runs_region", on: DataCheckRunRecord.schema, ["region_code", "run_at"])
        try await db.schema(DataCheckSettingRecord.schema)
            .id()
            .field("region_code", .string, .required)
            .field("code", .string, .required)
            .field("enabled", .bool, .required)
            .field("value", .int)
            .field("effective_from", .string, .required)
            .field("set_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "data_check_settings_region", on: DataCheckSettingRecord.schema, ["region_code", "code", "effective_from"])
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for op in ["INSERT", "UPDATE", "DELETE"] {
                try await sql.raw("CREATE TRIGGER data_findings_ledger_\(unsafeRaw: op.lowercased()) AFTER \(unsafeRaw: op) ON data_findings BEGIN UPDATE ledger_version SET version = version + 1 WHERE id = 1; END").run()
            }
        } else {
            try await sql.raw("CREATE TRIGGER data_findings_ledger AFTER INSERT OR UPDATE OR DELETE ON data_findings FOR EACH STATEMENT EXECUTE FUNCTION ledger_version_bump()").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            if sql.dialect.name == "sqlite" {
                for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS data_findings_ledger_\(unsafeRaw: op)").run() }
            } else {
                try await sql.raw("DROP TRIGGER IF EXISTS data_findings_ledger ON data_findings").run()
            }
        }
        for schema in [DataCheckSettingRecord.schema, DataCheckRunRecord.schema, DataFindingRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}

import Fluent
import SQLKit

/// What the registry said on any past day (issue 13 §4): for every table the indicators count, a `<table>_history`
/// copy of the counted columns with the moment each version was recorded (`valid_from`) and replaced or deleted
/// (`valid_to`), written by triggers whichever code path or import wrote the row. Moments are UTC text
/// ("2026-12-03 01:02:03.456"), the same on SQLite and PostgreSQL, so they compare as text. A month frozen after later
/// changes reads the versions in force at the month's last moment (`IndicatorStore.countsAsOf`).
///
/// Rows already present when this migration runs are copied with an empty `valid_from`: recorded before the history
/// was kept, so they count on every past day. Updates that touch none of the counted columns write no version.
struct CreateRecordedHistory: AsyncMigration {
    /// The counted columns of each table, as they are now; this list belongs to this migration and never changes with
    /// the models (a later migration adds columns the counts come to need).
    static let tables: [(table: String, columns: [String])] = [
        ("households", ["village_code", "status", "category", "member_count", "has_labour", "monitoring_category", "monitoring_since",
                        "risk_eliminated_on", "gap_housing", "gap_education", "gap_medical", "gap_water", "last_visit_on", "risk_types"]),
        ("measures", ["household_id", "village_code", "status"]),
        ("helper_assignments", ["household_id", "end_date"]),
        ("cases", ["village_code", "kind", "stage", "completed_on", "deadline_on"]),
        ("clues", ["village_code", "status", "due_on"]),
        ("warnings", ["village_code", "status", "due_on"]),
        ("household_incomes", ["household_id", "year", "wages", "business", "property", "transfers", "business_costs", "member_count"]),
    ]

    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let sqlite = sql.dialect.name == "sqlite"
        let now = sqlite ? "strftime('%Y-%m-%d %H:%M:%f', 'now')" : "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"
        for (table, columns) in Self.tables {
            let history = table + "_history"
            let list = (["id"] + columns).joined(separator: ", ")
            // The copy takes each column's type from the table itself, on either database.
            try await sql.raw("""
                CREATE TABLE \(unsafeRaw: history) AS SELECT \(unsafeRaw: list), CAST('' AS TEXT) AS valid_from, CAST(NULL AS TEXT) AS valid_to FROM \(unsafeRaw: table)
                """).run()
            try await createIndex(db, "\(history)_id", on: history, ["id", "valid_to"])
            if columns.contains("village_code") {
                try await createIndex(db, "\(history)_village", on: history, ["village_code", "valid_from"])
            } else {
                try await createIndex(db, "\(history)_household", on: history, ["household_id", "valid_from"])
            }
            let insert = { (row: String) in
                "INSERT INTO \(history) (\(list), valid_from) VALUES (\((["id"] + columns).map { "\(row).\($0)" }.joined(separator: ", ")), \(now));"
            }
            let close = "UPDATE \(history) SET valid_to = \(now) WHERE id = OLD.id AND valid_to IS NULL;"
            let differs = columns.map { sqlite ? "OLD.\($0) IS NOT NEW.\($0)" : "OLD.\($0) IS DISTINCT FROM NEW.\($0)" }.joined(separator: " OR ")
            if sqlite {
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_insert AFTER INSERT ON \(unsafeRaw: table) BEGIN \(unsafeRaw: insert("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_update AFTER UPDATE ON \(unsafeRaw: table) WHEN \(unsafeRaw: differs) BEGIN \(unsafeRaw: close) \(unsafeRaw: insert("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_delete AFTER DELETE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: close) END").run()
            } else {
                try await sql.raw("""
                    CREATE FUNCTION \(unsafeRaw: history)_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                      IF TG_OP <> 'INSERT' THEN \(unsafeRaw: close) END IF;
                      IF TG_OP <> 'DELETE' THEN \(unsafeRaw: insert("NEW")) END IF;
                      RETURN NULL; END $$
                    """).run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_insert AFTER INSERT OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: history)_write()").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_update AFTER UPDATE ON \(unsafeRaw: table) FOR EACH ROW WHEN (\(unsafeRaw: differs)) EXECUTE FUNCTION \(unsafeRaw: history)_write()").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for (table, _) in Self.tables {
            let history = table + "_history"
            if sql.dialect.name == "sqlite" {
                for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: history)_\(unsafeRaw: op)").run() }
            } else {
                for op in ["insert", "update"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: history)_\(unsafeRaw: op) ON \(unsafeRaw: table)").run() }
                try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: history)_write()").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: history)").run()
        }
    }
}

import Fluent
import SQLKit

/// On PostgreSQL, what happens when rows are inserted into the tables the indicators count — a history version per
/// row (migration 020) and the rows' villages queued for recounting (015, 056) — is done once per statement, for all
/// its rows at once (`REFERENCING NEW TABLE`), instead of by a PL/pgSQL function called for every row. Updates and
/// deletes keep their row triggers: they are few, and each closes one version. SQLite has row triggers only; its large
/// loads do the same once per load (`SQLiteBulkLoad`).
///
/// Why (issue 14): a million-person import on PostgreSQL sends each batch as one `COPY` per table, and the server
/// called two trigger functions for each of 300,000 households and 300,000 incomes — its batches took 35 s where
/// SQLite's took 12 s. The versions and the queue written are the same: `RecordedHistoryTests` and the tally tests run
/// on both databases.
struct StatementInsertTriggers: AsyncMigration {
    /// The moment a version is recorded, as migration 020 writes it.
    static let now = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"

    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for (table, columns) in CreateRecordedHistory.tables {
            let history = table + "_history"
            let list = (["id"] + columns).joined(separator: ", ")
            try await oncePerInsert(on: sql, table: table, trigger: "\(history)_insert",
                                    body: "INSERT INTO \(history) (\(list), valid_from) SELECT \(list), \(Self.now) FROM new_rows;",
                                    replacing: "\(history)_insert", keptFor: ("\(history)_delete", "DELETE", "\(history)_write"))
        }
        for table in CreateIndicatorTallies.villageTables + CreateIndicatorTallies.householdTables {
            let ownVillage = CreateIndicatorTallies.villageTables.contains(table)
            let villages = ownVillage
                ? "SELECT DISTINCT village_code FROM new_rows"
                // Each row's household by its key, not a join: the planner knows nothing of a transition table's
                // size and hashed the whole households table for every batch an import wrote.
                : "SELECT v FROM (SELECT DISTINCT (SELECT h.village_code FROM households h WHERE h.id = n.household_id) AS v FROM new_rows n) t WHERE v IS NOT NULL"
            try await oncePerInsert(on: sql, table: table, trigger: "\(table)_tally_insert",
                                    body: "INSERT INTO indicator_changes (village_code) \(villages) ON CONFLICT (village_code) DO NOTHING;",
                                    replacing: "\(table)_tally",
                                    keptFor: ("\(table)_tally", "UPDATE OR DELETE", ownVillage ? "indicator_note_village" : "indicator_note_household"))
        }
    }

    /// Replaces the row trigger `replacing` of `table`: `trigger` runs `body` once per INSERT statement, over its rows
    /// (`new_rows`), in a function of the same name with `_rows` added; `keptFor` is a row trigger of the same function
    /// as before for the other events.
    private func oncePerInsert(on sql: any SQLDatabase, table: String, trigger: String, body: String, replacing: String,
                               keptFor row: (name: String, events: String, function: String)) async throws {
        try await sql.raw("""
            CREATE FUNCTION \(unsafeRaw: trigger)_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              \(unsafeRaw: body)
              RETURN NULL; END $$
            """).run()
        try await sql.raw("DROP TRIGGER \(unsafeRaw: replacing) ON \(unsafeRaw: table)").run()
        try await sql.raw("CREATE TRIGGER \(unsafeRaw: row.name) AFTER \(unsafeRaw: row.events) ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: row.function)()").run()
        try await sql.raw("""
            CREATE TRIGGER \(unsafeRaw: trigger) AFTER INSERT ON \(unsafeRaw: table) REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION \(unsafeRaw: trigger)_rows()
            """).run()
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for (table, _) in CreateRecordedHistory.tables {
            let history = table + "_history"
            try await sql.raw("DROP TRIGGER \(unsafeRaw: history)_insert ON \(unsafeRaw: table)").run()
            try await sql.raw("DROP TRIGGER \(unsafeRaw: history)_delete ON \(unsafeRaw: table)").run()
            try await sql.raw("DROP FUNCTION \(unsafeRaw: history)_insert_rows()").run()
            try await sql.raw("CREATE TRIGGER \(unsafeRaw: history)_insert AFTER INSERT OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: history)_write()").run()
        }
        for table in CreateIndicatorTallies.villageTables + CreateIndicatorTallies.householdTables {
            let function = CreateIndicatorTallies.villageTables.contains(table) ? "indicator_note_village" : "indicator_note_household"
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_tally_insert ON \(unsafeRaw: table)").run()
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_tally ON \(unsafeRaw: table)").run()
            try await sql.raw("DROP FUNCTION \(unsafeRaw: table)_tally_insert_rows()").run()
            try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: function)()").run()
        }
    }
}

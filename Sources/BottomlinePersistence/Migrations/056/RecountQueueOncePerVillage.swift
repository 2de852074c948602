import Fluent
import SQLKit

/// On PostgreSQL, the queue of villages to recount (`indicator_changes`, migration 015) holds a village at most once by
/// a unique index, and the triggers that note a village insert `ON CONFLICT DO NOTHING` instead of asking first
/// whether it is there (`NOT EXISTS`).
///
/// Why (issue 14, a million-person import on PostgreSQL): PL/pgSQL keeps a trigger's query plan for the session. The
/// plan was made while the queue was empty — as it is whenever statistics are taken — so it read the whole queue on
/// every row a trigger wrote: 29,852 scans reading 5.6 million queue rows for 29,850 households at 100,000 persons,
/// and at a million persons (a queue of about 10,000 villages inside the import's transaction) a thousand times as
/// many. SQLite's planner uses the index without statistics, and `DatabaseSetup.analyze` keeps it without them;
/// PostgreSQL has no such switch, but an `ON CONFLICT` insert always goes through its unique index. It also keeps two
/// transactions that note the same village at once from queueing it twice.
struct RecountQueueOncePerVillage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DELETE FROM indicator_changes a USING indicator_changes b WHERE a.village_code = b.village_code AND a.id > b.id").run()
        try await sql.raw("CREATE UNIQUE INDEX indicator_changes_village_once ON indicator_changes (village_code)").run()
        try await sql.raw("DROP INDEX indicator_changes_village").run()
        try await define(on: sql, note: { "INSERT INTO indicator_changes (village_code) VALUES (\($0)) ON CONFLICT (village_code) DO NOTHING;" },
                         viaHousehold: { "INSERT INTO indicator_changes (village_code) SELECT h.village_code FROM households h WHERE h.id = \($0).household_id ON CONFLICT (village_code) DO NOTHING;" })
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await define(on: sql, note: { "INSERT INTO indicator_changes (village_code) SELECT \($0) WHERE NOT EXISTS (SELECT 1 FROM indicator_changes WHERE village_code = \($0));" },
                         viaHousehold: { "INSERT INTO indicator_changes (village_code) SELECT h.village_code FROM households h WHERE h.id = \($0).household_id AND NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = h.village_code);" })
        try await sql.raw("CREATE INDEX indicator_changes_village ON indicator_changes (village_code)").run()
        try await sql.raw("DROP INDEX indicator_changes_village_once").run()
    }

    /// The two trigger functions of migration 015, with `note` (a village code's expression) and `viaHousehold` (a
    /// row with a household id) as the statement that queues the village.
    private func define(on sql: any SQLDatabase, note: (String) -> String, viaHousehold: (String) -> String) async throws {
        try await sql.raw("""
            CREATE OR REPLACE FUNCTION indicator_note_village() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN \(unsafeRaw: note("OLD.village_code")) END IF;
              IF TG_OP <> 'DELETE' THEN \(unsafeRaw: note("NEW.village_code")) END IF;
              RETURN NULL; END $$
            """).run()
        try await sql.raw("""
            CREATE OR REPLACE FUNCTION indicator_note_household() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              IF TG_OP <> 'INSERT' THEN \(unsafeRaw: viaHousehold("OLD")) END IF;
              IF TG_OP <> 'DELETE' THEN \(unsafeRaw: viaHousehold("NEW")) END IF;
              RETURN NULL; END $$
            """).run()
    }
}

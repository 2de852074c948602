import Fluent
import SQLKit

/// Kept indicator tallies and the notes that make them stale (see `IndicatorStore.tallies`). The triggers note the
/// village of every row inserted, updated or deleted in the tables the indicators count, once per village until a
/// reader takes the note; existing data is noted when the migration runs, so the first reader counts everything.
struct CreateIndicatorTallies: AsyncMigration {
    /// Tables with their own village code, and tables that name a household.
    static let villageTables = ["households", "measures", "cases", "clues", "warnings"]
    static let householdTables = ["household_incomes", "helper_assignments"]

    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_tallies")
            .field("region_code", .string, .identifier(auto: false))
            .field("policy", .string, .required)
            .field("tally", .data, .required)
            .field("computed_on", .string, .required)
            .create()
        try await db.schema("indicator_changes")
            .field("id", .int, .identifier(auto: true))
            .field("village_code", .string, .required)
            .create()
        try await createIndex(db, "indicator_changes_village", on: "indicator_changes", ["village_code"])
        guard let sql = db as? any SQLDatabase else { return }
        let note = { (code: String) in
            "INSERT INTO indicator_changes (village_code) SELECT \(code) WHERE NOT EXISTS (SELECT 1 FROM indicator_changes WHERE village_code = \(code));"
        }
        let viaHousehold = { (row: String) in
            "INSERT INTO indicator_changes (village_code) SELECT h.village_code FROM households h WHERE h.id = \(row).household_id AND NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = h.village_code);"
        }
        if sql.dialect.name == "sqlite" {
            for table in Self.villageTables + Self.householdTables {
                let body = { (row: String) in Self.villageTables.contains(table) ? note("\(row).village_code") : viaHousehold(row) }
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_insert AFTER INSERT ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_update AFTER UPDATE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("OLD")) \(unsafeRaw: body("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_delete AFTER DELETE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("OLD")) END").run()
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION indicator_note_village() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN \(unsafeRaw: note("OLD.village_code")) END IF;
                  IF TG_OP <> 'DELETE' THEN \(unsafeRaw: note("NEW.village_code")) END IF;
                  RETURN NULL; END $$
                """).run()
            try await sql.raw("""
                CREATE FUNCTION indicator_note_household() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN \(unsafeRaw: viaHousehold("OLD")) END IF;
                  IF TG_OP <> 'DELETE' THEN \(unsafeRaw: viaHousehold("NEW")) END IF;
                  RETURN NULL; END $$
                """).run()
            for table in Self.villageTables + Self.householdTables {
                let function = Self.villageTables.contains(table) ? "indicator_note_village" : "indicator_note_household"
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: function)()").run()
            }
        }
        for table in Self.villageTables {
            try await sql.raw("INSERT INTO indicator_changes (village_code) SELECT DISTINCT village_code FROM \(unsafeRaw: table) t WHERE NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = t.village_code)").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            for table in Self.villageTables + Self.householdTables {
                if sql.dialect.name == "sqlite" {
                    for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_tally_\(unsafeRaw: op)").run() }
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_tally ON \(unsafeRaw: table)").run()
                }
            }
            if sql.dialect.name != "sqlite" {
                try await sql.raw("DROP FUNCTION IF EXISTS indicator_note_village()").run()
                try await sql.raw("DROP FUNCTION IF EXISTS indicator_note_household()").run()
            }
        }
        try await db.schema("indicator_changes").delete()
        try await db.schema("indicator_tallies").delete()
    }
}

import Foundation
import SQLKit

/// A load that at least doubles the registry on SQLite (a county's first import, the demo county): inside the load's
/// one transaction, the per-row INSERT triggers of the registry's three big tables and the indexes no statement of the
/// load reads are set aside, the rows go in, and at the end one statement per trigger does for all the new rows what
/// the trigger does for one, and the indexes are built again from the sorted table. The schema the transaction
/// commits is the one it found, text for text (`sqlite_master`), and nothing outside the transaction ever sees it
/// otherwise: SQLite's schema changes are part of the transaction, and a load that fails rolls them back with its rows.
///
/// Why (issue 14, a million-household county): `UPDATE registry_version` once per person row cost 11 s of 15 s writing
/// 3.3 million persons; the history and tally triggers and the name and list indexes, filled row by row in random
/// key order, cost as much again. Built afterwards, an index is one sort.
///
/// Only triggers this type knows are set aside. If the tables carry an INSERT trigger it does not know (a later
/// migration's), `begin` declines and the load takes the ordinary path, so a new trigger is never skipped silently.
/// `SQLiteBulkLoadTests` loads one file both ways and finds the same history, the same villages queued for
/// recounting and the same schema.
struct SQLiteBulkLoad: Sendable {
    /// The tables loaded in bulk.
    static let tables = ["households", "persons", "household_incomes"]

    /// The INSERT triggers `finish` replaces, and what each does once per row: a history version (migration 020), the
    /// village queued for recounting (015), the registry version changed (021).
    static let replacedTriggers: Set<String> = [
        "households_history_insert", "households_tally_insert", "households_version_insert",
        "persons_version_insert",
        "household_incomes_history_insert", "household_incomes_tally_insert",
    ]

    /// Indexes no statement of a load reads: the lists' and names' indexes, and the history tables' by village or
    /// household. Kept: unique indexes (they enforce what the file was checked for), `persons_household` (the members
    /// of a household the file updates) and the history tables' by id (an updated household closes its version).
    static let deferredIndexes: Set<String> = [
        "households_village", "households_householder_name", "households_active_village", "households_monitoring",
        "households_gap", "persons_name", "households_history_village", "household_incomes_history_household",
    ]

    /// A load of fewer rows than this is written the ordinary way: building an index again costs a sort of the table.
    static let minimumRows = 20_000

    /// The largest rowid of each loaded table when the load began: the rows after it are the load's.
    let firstRowids: [String: Int64]
    /// `CREATE INDEX` and `CREATE TRIGGER` statements set aside, as `sqlite_master` held them.
    let setAside: [(name: String, type: String, sql: String)]

    /// Whether a load of `rows` persons into the registry should go in bulk: at least `minimumRows`, and at least
    /// twice the persons already registered (SQLite only).
    static func worthIt(rows: Int, minimum: Int = minimumRows, on sql: any SQLDatabase) async throws -> Bool {
        guard sql.dialect.name == "sqlite", rows >= minimum else { return false }
        let existing = try await sql.raw("SELECT COUNT(*) AS n FROM persons").first()?.decode(column: "n", as: Int.self) ?? 0
        return rows >= 2 * existing
    }

    /// Sets the triggers and indexes aside inside the caller's transaction, or answers nil (nothing changed) when the
    /// database is not SQLite or the tables carry an INSERT trigger this type does not replace.
    static func begin(on sql: any SQLDatabase) async throws -> SQLiteBulkLoad? {
        guard sql.dialect.name == "sqlite" else { return nil }
        let loaded = tables + tables.map { $0 + "_history" }
        let list = loaded.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT type, name, tbl_name, sql FROM sqlite_master
            WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (\(unsafeRaw: list)) ORDER BY type, name
            """).all()
        var setAside: [(name: String, type: String, sql: String)] = []
        for row in rows {
            let type = try row.decode(column: "type", as: String.self)
            let name = try row.decode(column: "name", as: String.self)
            let text = try row.decode(column: "sql", as: String.self)
            if type == "trigger" {
                guard tables.contains(try row.decode(column: "tbl_name", as: String.self)) else { continue }
                let fires = text.range(of: "AFTER INSERT ON", options: .caseInsensitive) != nil
                    || text.range(of: "BEFORE INSERT ON", options: .caseInsensitive) != nil
                if !fires { continue }
                guard replacedTriggers.contains(name) else { return nil }
                setAside.append((name, type, text))
            } else if deferredIndexes.contains(name) {
                setAside.append((name, type, text))
            }
        }
        var firstRowids: [String: Int64] = [:]
        for table in tables {
            firstRowids[table] = try await sql.raw("SELECT COALESCE(MAX(rowid), 0) AS n FROM \(ident: table)").first()?
                .decode(column: "n", as: Int64.self) ?? 0
        }
        for item in setAside {
            try await sql.raw("DROP \(unsafeRaw: item.type.uppercased()) \(ident: item.name)").run()
        }
        return SQLiteBulkLoad(firstRowids: firstRowids, setAside: setAside)
    }

    /// What the set-aside triggers would have written for the load's rows, then the indexes and triggers as they were.
    /// `longRecorded`: the rows' history versions are dated before the history began, as
    /// `RecordedHistory.treatAsLongRecorded` would date them afterwards (the demo county, which stands for a registry
    /// kept before this system: rewriting three million versions after the load was 10–15 s of a million-household
    /// build). An import's versions are valid from now.
    func finish(on sql: any SQLDatabase, longRecorded: Bool = false) async throws {
        let after = { (table: String) in "rowid > \(firstRowids[table] ?? 0)" }
        let now = longRecorded ? "''" : "strftime('%Y-%m-%d %H:%M:%f', 'now')"
        // History (CreateRecordedHistory: a version per new row, valid from now).
        for (table, columns) in CreateRecordedHistory.tables where Self.tables.contains(table) {
            let list = (["id"] + columns).joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: table)_history (\(unsafeRaw: list), valid_from)
                SELECT \(unsafeRaw: list), \(unsafeRaw: now) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: after(table)) ORDER BY rowid
                """).run()
        }
        // Villages to recount (CreateIndicatorTallies): a new household's, and a new income's household's.
        try await sql.raw("""
            INSERT INTO indicator_changes (village_code)
            SELECT village_code FROM (
                SELECT village_code FROM households WHERE \(unsafeRaw: after("households"))
                UNION
                SELECT h.village_code FROM household_incomes i JOIN households h ON h.id = i.household_id
                WHERE i.\(unsafeRaw: after("household_incomes"))
            ) t WHERE NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = t.village_code)
            """).run()
        // The registry version (CreateRegistryVersion): it changes when a person or household was written. Readers
        // outside the transaction see the load as one change however many rows it wrote.
        try await sql.raw("""
            UPDATE registry_version SET version = version + 1
            WHERE id = 1 AND (EXISTS (SELECT 1 FROM households WHERE \(unsafeRaw: after("households")))
                              OR EXISTS (SELECT 1 FROM persons WHERE \(unsafeRaw: after("persons"))))
            """).run()
        // Indexes first (each one sort of its table), then the triggers, each as it was. The sort spills to a
        // temporary file past the page cache's size, as SQLite's sorts do: with temporary files in memory (the
        // large write's setting), building the indexes of a million-household county took the process to 3.5 GB.
        // And a sort keeps as much in memory as the page cache may hold: with the large write's 256 MB, building
        // the indexes of 5,000,000 persons took the import from 650 MB to 1.39 GB (issue 14 bounds it at 1 GB).
        try? await sql.raw("PRAGMA temp_store = DEFAULT").run()
        try await sql.raw("PRAGMA cache_size = -65536").run()
        for item in setAside where item.type == "index" { try await sql.raw("\(unsafeRaw: item.sql)").run() }
        for item in setAside where item.type == "trigger" { try await sql.raw("\(unsafeRaw: item.sql)").run() }
    }
}
